// `auto` on a software WebGPU adapter: SwiftShader and friends run WebGPU on the CPU, often slower
// than WASM. Time one small training step on each and keep the faster, saying why. On a hardware
// adapter WebGPU is kept without timing.
import * as tf from '@tensorflow/tfjs-core';
import { PRESETS } from '../src/core/config/model';
import { Rng } from '../src/core/rng';
import { GPT } from './model/gpt';
import { AdamW } from './train/optim';
import { trainStep } from './train/step';

/** Milliseconds of one nano-preset training step (after one warm-up step) on the active backend. */
export async function timeTrainingStep(): Promise<number> {
  const cfg = { ...PRESETS.nano, nLayer: 1, blockSize: 32 };
  const B = 4;
  const rng = new Rng(5);
  const ids = () => Int32Array.from({ length: B * cfg.blockSize }, () => rng.int(cfg.vocabSize));
  const batch = {
    B,
    T: cfg.blockSize,
    idx: ids(),
    targets: ids(),
    weights: new Float32Array(B * cfg.blockSize).fill(1),
  };
  const model = GPT.create(cfg, 1);
  const opt = new AdamW(model.params);
  let ms = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const { loss, gradNorm } = trainStep(model, opt, [batch], 1e-3, i);
    await loss.data();
    ms = performance.now() - t0;
    tf.dispose([loss, gradNorm]);
  }
  opt.dispose();
  model.dispose();
  return ms;
}
