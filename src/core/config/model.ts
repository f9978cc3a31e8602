// Model configurations: the GPT-2-style architecture's hyper-parameters, the named presets the lab
// offers, and an exact parameter count (the UI shows it before anything is built).

export interface ModelConfig {
  vocabSize: number;
  /** Context length T: the longest sequence the model sees (and the size of `wpe`). */
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  dropout: number;
  /**
   * PanGu-α's top "query layer" (Zeng et al. 2021, the paper's model family): one more attention
   * block whose queries come from a learned position embedding of the next position instead of the
   * hidden state. Off by default; GPT-2's format cannot express it.
   */
  queryLayer: boolean;
}

export type PresetName = 'nano' | 'micro' | 'mini' | 'small';

/**
 * Presets, smallest first. The vocabulary size is the default tokenizer's; a run may train another
 * tokenizer, which changes the embedding's share of the count. Sizes follow the targets:
 * nano ≈ 0.1M, micro ≈ 1M, mini ≈ 5M, small ≈ 20M parameters.
 */
export const PRESETS: Record<PresetName, ModelConfig> = {
  // Trains in seconds even on SwiftShader: for tests and demos. Byte-level vocabulary.
  nano: { vocabSize: 256, blockSize: 64, nLayer: 2, nHead: 2, nEmbd: 64, dropout: 0, queryLayer: false },
  // The default teaching model; also the speed benchmark's model (TECH.md §1.7).
  micro: { vocabSize: 1024, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0, queryLayer: false },
  // For a laptop GPU: visibly better text in minutes.
  mini: { vocabSize: 2048, blockSize: 128, nLayer: 6, nHead: 8, nEmbd: 256, dropout: 0, queryLayer: false },
  // The largest the lab supports in a tab (weights + AdamW moments ≈ 240 MB).
  small: { vocabSize: 4096, blockSize: 256, nLayer: 10, nHead: 6, nEmbd: 384, dropout: 0, queryLayer: false },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Shapes of every parameter, by GPT-2 name, in the order the model creates them. */
export function parameterShapes(cfg: ModelConfig): [string, number[]][] {
  const { vocabSize: V, blockSize: T, nEmbd: C, nLayer: L } = cfg;
  const shapes: [string, number[]][] = [
    ['wte.weight', [V, C]],
    ['wpe.weight', [T, C]],
  ];
  const block = (prefix: string) => {
    shapes.push(
      [`${prefix}.ln_1.weight`, [C]],
      [`${prefix}.ln_1.bias`, [C]],
      [`${prefix}.attn.c_attn.weight`, [C, 3 * C]],
      [`${prefix}.attn.c_attn.bias`, [3 * C]],
      [`${prefix}.attn.c_proj.weight`, [C, C]],
      [`${prefix}.attn.c_proj.bias`, [C]],
      [`${prefix}.ln_2.weight`, [C]],
      [`${prefix}.ln_2.bias`, [C]],
      [`${prefix}.mlp.c_fc.weight`, [C, 4 * C]],
      [`${prefix}.mlp.c_fc.bias`, [4 * C]],
      [`${prefix}.mlp.c_proj.weight`, [4 * C, C]],
      [`${prefix}.mlp.c_proj.bias`, [C]],
    );
  };
  for (let i = 0; i < L; i++) block(`h.${i}`);
  shapes.push(['ln_f.weight', [C]], ['ln_f.bias', [C]]);
  if (cfg.queryLayer) {
    shapes.push(['wqe.weight', [T, C]]); // the query layer's own position embedding
    block('query_layer');
  }
  return shapes;
}

export function countParameters(cfg: ModelConfig): number {
  return parameterShapes(cfg).reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);
}

/** Training FLOPs per token: 6·(N_non-embedding + d·V) + 12·L·T·d (TECH.md §7.2; full T×T attention). */
export function trainingFlopsPerToken(cfg: ModelConfig): number {
  const { vocabSize: V, blockSize: T, nEmbd: C } = cfg;
  const layers = cfg.nLayer + (cfg.queryLayer ? 1 : 0);
  const nonEmbedding = countParameters(cfg) - V * C - T * C - (cfg.queryLayer ? T * C : 0);
  return 6 * (nonEmbedding + C * V) + 12 * layers * T * C;
}

/** Problems with a config, as readable messages (empty when valid). */
export function validateModelConfig(cfg: ModelConfig): string[] {
  const errors: string[] = [];
  const positiveInt = (name: keyof ModelConfig, max: number) => {
    const v = cfg[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
      errors.push(`model.${name} must be an integer from 1 to ${max} (got ${JSON.stringify(v)})`);
    }
  };
  positiveInt('vocabSize', 65536);
  positiveInt('blockSize', 4096);
  positiveInt('nLayer', 64);
  positiveInt('nHead', 64);
  positiveInt('nEmbd', 4096);
  if (errors.length === 0 && cfg.nEmbd % cfg.nHead !== 0) {
    errors.push(`model.nEmbd (${cfg.nEmbd}) must be divisible by model.nHead (${cfg.nHead})`);
  }
  if (typeof cfg.dropout !== 'number' || !(cfg.dropout >= 0 && cfg.dropout < 1)) {
    errors.push(`model.dropout must be in [0, 1) (got ${JSON.stringify(cfg.dropout)})`);
  }
  if (typeof cfg.queryLayer !== 'boolean') errors.push('model.queryLayer must be true or false');
  return errors;
}
