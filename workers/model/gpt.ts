// A GPT-2-style decoder in tfjs, to be read in one sitting (ARCHITECTURE.md §1).
// Token + position embeddings → nLayer pre-LayerNorm blocks (causal self-attention with biases,
// then an MLP 4× wide with tanh-GELU) → final LayerNorm → LM head tied to the token embedding.
// Optionally PanGu-α's top query layer. Parameters carry GPT-2's names and Conv1D layouts
// ([in, out]), so a checkpoint maps one to one onto the standard GPT-2 format.
// Matches ../shared/bench/torch_gpt.py; checked against PyTorch fixtures in gpt.test.ts.
// Shapes: B batch, T time (≤ blockSize), C = nEmbd, H = nHead, V = vocabSize, N = B·T.
import * as tf from '@tensorflow/tfjs-core';
import { parameterShapes, type ModelConfig } from '../../src/core/config/model';
import { Rng } from '../../src/core/rng';
import {
  attention,
  causalMask,
  crossEntropy,
  dropout,
  embedding,
  geluTanh,
  layerNorm,
  linear,
  residual,
  segmentMask,
  tiedHead,
} from './layers';

/** Parameters as plain arrays (row-major), keyed by GPT-2 name: the engine's exchange format. */
export type NamedArrays = Record<string, { shape: number[]; data: Float32Array }>;

export interface ForwardOptions {
  training?: boolean;
  /**
   * Segment ids [B, T] (int32): a position attends only to earlier positions of its own segment,
   * e.g. its own document when documents are packed into one row. Absent: plain causal attention.
   */
  segments?: tf.Tensor2D;
  /** Seed for dropout in this step (only used when training with dropout > 0). */
  seed?: number;
}

export class GPT {
  readonly config: ModelConfig;
  /** Trainable variables by GPT-2 name, in creation order. */
  readonly params: Map<string, tf.Variable>;
  private readonly masks = new Map<number, tf.Tensor2D>();
  private readonly positionIds = new Map<string, tf.Tensor1D>();

  private constructor(config: ModelConfig, weights: NamedArrays) {
    this.config = config;
    this.params = new Map();
    for (const [name, shape] of parameterShapes(config)) {
      const w = weights[name];
      if (!w) throw new Error(`weights are missing parameter "${name}"`);
      if (w.shape.join() !== shape.join()) {
        throw new Error(`parameter "${name}" has shape [${w.shape}] but the config needs [${shape}]`);
      }
      // tf.variable shares its initial tensor's data: tidy drops that tensor, so dispose() frees it all.
      const id = `${name}#${uniqueId++}`;
      this.params.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(w.data, shape), true, id)),
      );
    }
  }

  /** A freshly initialised model: N(0, 0.02), residual projections N(0, 0.02/√(2·nLayer)), seeded. */
  static create(config: ModelConfig, seed: number): GPT {
    return new GPT(config, initialWeights(config, seed));
  }

  static fromWeights(config: ModelConfig, weights: NamedArrays): GPT {
    return new GPT(config, weights);
  }

  private p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`no parameter "${name}"`);
    return v;
  }

  /** Logits [B·T, V] for token ids idx [B, T] (int32). */
  forward(idx: tf.Tensor2D, options: ForwardOptions = {}): tf.Tensor2D {
    const { nHead: H, dropout: rate } = this.config;
    const [B, T] = idx.shape;
    const training = options.training ?? false;
    const seed = options.seed ?? 0;
    const segments = tf.reshape(options.segments ?? tf.zeros([B, T], 'int32'), [B * T]) as tf.Tensor1D; // [N]
    let segMask: tf.Tensor | null = null; // built on first use, shared by the layers
    const mask = () =>
      options.segments ? (segMask ??= segmentMask(options.segments, this.causal(T))) : this.causal(T);
    const dims = { B, T, H };
    const tok = embedding(this.p('wte.weight') as tf.Tensor2D, tf.reshape(idx, [B * T]) as tf.Tensor1D); // [N, C]
    const pos = this.positions(this.p('wpe.weight'), B, T); //                [N, C]
    let x = dropout(residual(tok, pos), rate, training, seed) as tf.Tensor2D;
    for (let i = 0; i < this.config.nLayer; i++) {
      x = this.block(`h.${i}`, x, segments, dims, mask, training, seed + 101 * (i + 1));
    }
    x = layerNorm(x, this.p('ln_f.weight') as tf.Tensor1D, this.p('ln_f.bias') as tf.Tensor1D);
    if (this.config.queryLayer) x = this.queryLayer(x, segments, dims, mask, training, seed + 7919);
    return tiedHead(x, this.p('wte.weight') as tf.Tensor2D); // [N, V]
  }

  /** Mean cross-entropy of next-token predictions; `weights` [B, T] selects which positions count. */
  loss(
    idx: tf.Tensor2D,
    targets: tf.Tensor2D,
    weights?: tf.Tensor2D,
    options: ForwardOptions = {},
  ): tf.Scalar {
    const [B, T] = idx.shape;
    const logits = this.forward(idx, options);
    const w = weights ? tf.reshape(weights, [B * T]) : tf.ones([B * T]);
    return crossEntropy(logits, tf.reshape(targets, [B * T]) as tf.Tensor1D, w as tf.Tensor1D);
  }

  /** One pre-LayerNorm transformer block: x + attn(ln_1(x)), then + mlp(ln_2(x)). */
  private block(
    prefix: string,
    x: tf.Tensor2D,
    segments: tf.Tensor1D,
    dims: { B: number; T: number; H: number },
    mask: () => tf.Tensor,
    training: boolean,
    seed: number,
  ): tf.Tensor2D {
    const a = this.ln(`${prefix}.ln_1`, x);
    const qkv = linear(a, this.w(`${prefix}.attn.c_attn`), this.b(`${prefix}.attn.c_attn`)); // [N, 3C]
    const att = attention(qkv, segments, dims, mask); // [N, C]
    const y = linear(att, this.w(`${prefix}.attn.c_proj`), this.b(`${prefix}.attn.c_proj`));
    return this.residualMlp(
      prefix,
      residual(x, dropout(y, this.config.dropout, training, seed) as tf.Tensor2D),
      training,
      seed + 1,
    );
  }

  /**
   * PanGu-α's query layer: like a block, but the queries are the next positions' learned query
   * embeddings (wqe) rather than the hidden states, which supply the keys and values.
   */
  private queryLayer(
    x: tf.Tensor2D,
    segments: tf.Tensor1D,
    dims: { B: number; T: number; H: number },
    mask: () => tf.Tensor,
    training: boolean,
    seed: number,
  ): tf.Tensor2D {
    const C = this.config.nEmbd;
    const w = this.w('query_layer.attn.c_attn');
    const b = this.b('query_layer.attn.c_attn');
    const [, k, v] = tf.split(linear(this.ln('query_layer.ln_1', x), w, b), [C, C, C], 1) as tf.Tensor2D[];
    const queries = this.positions(this.p('wqe.weight'), dims.B, dims.T); // [N, C]
    const [q] = tf.split(linear(queries, w, b), [C, 2 * C], 1) as tf.Tensor2D[];
    const att = attention(tf.concat([q, k, v], 1) as tf.Tensor2D, segments, dims, mask); // [N, C]
    const y = linear(att, this.w('query_layer.attn.c_proj'), this.b('query_layer.attn.c_proj'));
    return this.residualMlp(
      'query_layer',
      residual(x, dropout(y, this.config.dropout, training, seed) as tf.Tensor2D),
      training,
      seed + 1,
    );
  }

  /** x + mlp(ln_2(x)), the second half of a block. */
  private residualMlp(prefix: string, x: tf.Tensor2D, training: boolean, seed: number): tf.Tensor2D {
    const h = this.mlp(prefix, this.ln(`${prefix}.ln_2`, x));
    return residual(x, dropout(h, this.config.dropout, training, seed) as tf.Tensor2D);
  }

  private mlp(prefix: string, x: tf.Tensor2D): tf.Tensor2D {
    const hidden = geluTanh(
      linear(x, this.w(`${prefix}.mlp.c_fc`), this.b(`${prefix}.mlp.c_fc`)),
    ) as tf.Tensor2D; // [N, 4C]
    return linear(hidden, this.w(`${prefix}.mlp.c_proj`), this.b(`${prefix}.mlp.c_proj`)); // [N, C]
  }

  private ln(prefix: string, x: tf.Tensor2D): tf.Tensor2D {
    return layerNorm(x, this.p(`${prefix}.weight`) as tf.Tensor1D, this.p(`${prefix}.bias`) as tf.Tensor1D);
  }

  private w(prefix: string): tf.Tensor2D {
    return this.p(`${prefix}.weight`) as tf.Tensor2D;
  }

  private b(prefix: string): tf.Tensor1D {
    return this.p(`${prefix}.bias`) as tf.Tensor1D;
  }

  /** Rows 0..T of a position table [blockSize, C], repeated for each sequence: [N, C]. */
  private positions(table: tf.Variable, B: number, T: number): tf.Tensor2D {
    const key = `${B}x${T}`;
    let ids = this.positionIds.get(key);
    if (!ids) {
      ids = tf.keep(
        tf.tensor1d(
          Int32Array.from({ length: B * T }, (_, i) => i % T),
          'int32',
        ),
      );
      this.positionIds.set(key, ids);
    }
    return embedding(table as tf.Tensor2D, ids); // [N, C]: row i is position i mod T
  }

  /** The causal mask for length T, made once and kept. */
  private causal(T: number): tf.Tensor2D {
    let mask = this.masks.get(T);
    if (!mask) {
      mask = tf.keep(causalMask(T));
      this.masks.set(T, mask);
    }
    return mask;
  }

  /** Current weights as plain arrays (async readback; never a sync read). */
  async exportWeights(): Promise<NamedArrays> {
    const out: NamedArrays = {};
    for (const [name, v] of this.params)
      out[name] = { shape: [...v.shape], data: (await v.data()) as Float32Array };
    return out;
  }

  /** Overwrite every parameter with new values (assign keeps variable identity, so optimizers stay valid). */
  loadWeights(weights: NamedArrays): void {
    for (const [name, v] of this.params) {
      const w = weights[name];
      if (!w) throw new Error(`weights are missing parameter "${name}"`);
      tf.tidy(() => v.assign(tf.tensor(w.data, v.shape)));
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    for (const m of this.masks.values()) m.dispose();
    for (const p of this.positionIds.values()) p.dispose();
    this.params.clear();
    this.masks.clear();
    this.positionIds.clear();
  }
}

let uniqueId = 0;

/** Deterministic initial weights for a config and seed, identical on every backend. */
export function initialWeights(config: ModelConfig, seed: number): NamedArrays {
  const rng = new Rng(seed);
  const residualStd = 0.02 / Math.sqrt(2 * config.nLayer);
  const out: NamedArrays = {};
  for (const [name, shape] of parameterShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (name.endsWith('.bias')) data = new Float32Array(n);
    else if (/ln_\d\.weight$|ln_f\.weight$/.test(name)) data = new Float32Array(n).fill(1);
    else if (/c_proj\.weight$/.test(name)) data = rng.normals(n, residualStd);
    else data = rng.normals(n, 0.02);
    out[name] = { shape, data };
  }
  return out;
}
