// The engine's fused kernels: names and contracts. Each is registered per backend — cpu and wasm
// share JavaScript implementations (js-kernel.ts), webgpu has WGSL programs (webgpu/) — and the
// model calls a kernel only where the active backend has it, falling back to composite tfjs ops.
// Shapes: N rows, C channels, V vocabulary, B·T = N. Kernels have ONE output unless said otherwise
// (a multi-output kernel inside a per-input gradient closure loses its extra outputs to the
// surrounding tidy, TECH.md §1.7; a customGrad's gradFunc computes all gradients at once and keeps them).

/** inputs {qkv [N,3C] f32, segments [N] i32}, attrs {B,T,H} → y [N,C]. Causal within equal segments. */
export const ATTENTION = 'CodemixCausalAttention';
/** inputs {qkv [N,3C], segments [N], dy [N,C]}, attrs {B,T,H} → dqkv [N,3C] (recomputes probabilities). */
export const ATTENTION_GRAD = 'CodemixCausalAttentionGrad';

/** inputs {x} → tanh-GELU(x), any shape. */
export const GELU = 'CodemixGelu';
/** inputs {x, dy} → dy·GELU'(x). */
export const GELU_GRAD = 'CodemixGeluGrad';

/** inputs {x [N,C], gamma [C], beta [C]}, attrs {eps} → y [N,C]. */
export const LAYER_NORM = 'CodemixLayerNorm';
/** inputs {x [N,C], gamma [C], dy [N,C]}, attrs {eps} → dx [N,C]. */
export const LAYER_NORM_GRAD = 'CodemixLayerNormGrad';
/** inputs {x [N,C], dy [N,C]}, attrs {eps} → [2,C]: row 0 = dgamma = Σ dy·x̂, row 1 = dbeta = Σ dy. */
export const LAYER_NORM_PARAM_GRAD = 'CodemixLayerNormParamGrad';
/**
 * All of LayerNorm's gradients from one call (webgpu and cpu; a multi-output kernel, so called from a
 * customGrad's gradFunc, never from a per-input gradient closure): inputs {x [N,C], gamma [C],
 * dy [N,C]}, attrs {eps} → [dx [N,C], dgamma [C], dbeta [C]].
 */
export const LAYER_NORM_BACKWARD = 'CodemixLayerNormBackward';

/** inputs {logits [N,V], targets [N] i32} → per-row loss [N] = logsumexp(z) − z[target]. */
export const SOFTMAX_CE = 'CodemixSoftmaxCrossEntropy';
/** inputs {logits [N,V], targets [N] i32, scale [N]} → dlogits [N,V] = (softmax(z) − onehot)·scale. */
export const SOFTMAX_CE_GRAD = 'CodemixSoftmaxCrossEntropyGrad';

/** inputs {ids [N] i32, dy [N,C]}, attrs {numRows} → [numRows, C], rows summed in id order (deterministic). */
export const EMBEDDING_GRAD = 'CodemixEmbeddingGrad';

// Clipped AdamW (torch.optim.AdamW after clip_grad_norm_); webgpu has WGSL programs (webgpu/adamw.ts).
/** inputs {x0 … x(k−1)} (k ≥ 1, any shapes) → [1] = Σᵢ Σ xᵢ², summed in a fixed order (deterministic). */
export const SUM_SQUARES = 'CodemixSumSquares';
/**
 * inputs {g, mv [2, S] (row 0 = m, row 1 = v; S = size of g), sumSq [1]}, attrs {beta1, beta2, clip}
 * → mv' [2, S]: m' = β1·m + (1−β1)·ĝ, v' = β2·v + (1−β2)·ĝ², ĝ = g·min(clip/(√sumSq + 1e-6), 1)
 * (clip 0: ĝ = g).
 */
export const ADAMW_MOMENTS = 'CodemixAdamWMoments';
/**
 * All parameters' moments in one kernel: inputs {g0 … g(k−1), mv [2, P], sumSq [1]}, attrs as
 * ADAMW_MOMENTS → mv' [2, P], P = Σ size(gᵢ); gᵢ's moments sit at offset Σ_{j<i} size(gⱼ) of each row.
 */
export const ADAMW_MOMENTS_ALL = 'CodemixAdamWMomentsAll';
/**
 * inputs {p, mv' [2, P]}, attrs {lr, eps, weightDecay, bc1, bc2, offset? = 0} → p' = p·(1 − lr·weightDecay)
 * − (lr/bc1)·m/(√v/√bc2 + eps), m = mv'[0, offset + i], v = mv'[1, offset + i] (P = S, offset 0 for
 * per-parameter moments); bc1 = 1 − β1^t, bc2 = 1 − β2^t; weightDecay 0 for undecayed params.
 */
export const ADAMW_PARAM = 'CodemixAdamWParam';
/**
 * All parameters' updates in one call (webgpu and cpu; multi-output): inputs {p0 … p(k−1), mv' [2, P]},
 * attrs {lr, eps, bc1, bc2, weightDecays: number[k]} → [p0' … p(k−1)'], each as ADAMW_PARAM with
 * offset Σ_{j<i} size(pⱼ) and weightDecay weightDecays[i].
 */
export const ADAMW_PARAMS_ALL = 'CodemixAdamWParamsAll';
/**
 * The per-output form: inputs {p, g, m, v, coef [] or [1] (the clip factor)}, attrs {lr, beta1,
 * beta2, eps, weightDecay, bc1, bc2, which: 'p' | 'm' | 'v'} → the updated p, m or v (p's shape).
 */
export const ADAMW = 'CodemixAdamW';
