// What a custom gradient keeps for the backward pass. tfjs's `save` clones each tensor (an Identity
// kernel call per tensor, on every backend) so that it outlives the forward pass's tidy. A
// variable needs no clone: tidy never disposes it and nothing assigns it between a forward pass
// and its backward pass (the optimizer runs after both). So variables are used as they are and
// only the other tensors are saved.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Saves the non-variable `tensors` with `save`; the returned function maps the backward pass's
 * `saved` list back to all of `tensors`, in order.
 */
export function saveForGrad(
  save: tf.GradSaveFunc,
  tensors: tf.Tensor[],
): (saved: tf.Tensor[]) => tf.Tensor[] {
  const isVar = tensors.map((t) => t instanceof tf.Variable);
  save(tensors.filter((_, i) => !isVar[i]));
  return (saved) => {
    let next = 0;
    return tensors.map((t, i) => (isVar[i] ? t : saved[next++]));
  };
}
