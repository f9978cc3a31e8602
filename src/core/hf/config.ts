// GPT-2's `config.json` and `generation_config.json` for a lab model, and the reverse: reading a
// GPT-2 config into the lab's ModelConfig, refusing (naming the field) anything the lab's model
// does not compute the same way. The lab's model is GPT-2 exactly (pre-LayerNorm blocks, eps 1e-5,
// tanh GELU = transformers' "gelu_new", 1/√head_dim attention scaling, MLP 4× wide, LM head tied
// to wte), except for PanGu-α's optional query layer, which GPT-2 cannot express.
import { validateModelConfig, type ModelConfig } from '../config/model';
import { HF_FILES, HfFormatError } from './errors';

/** The lab's LayerNorm epsilon (workers/model/layers.ts LAYER_NORM_EPS; GPT-2's default too). */
export const GPT2_LAYER_NORM_EPS = 1e-5;

/** transformers' names for the tanh approximation of GELU the lab uses. */
const TANH_GELUS = ['gelu_new', 'gelu_pytorch_tanh'];

/** config.json as exported (transformers' GPT2Config fields, keys sorted as transformers writes them). */
export interface Gpt2ConfigJson {
  activation_function: 'gelu_new';
  architectures: ['GPT2LMHeadModel'];
  attn_pdrop: number;
  bos_token_id: number | null;
  embd_pdrop: number;
  eos_token_id: number | null;
  initializer_range: number;
  layer_norm_epsilon: number;
  model_type: 'gpt2';
  n_ctx: number;
  n_embd: number;
  n_head: number;
  n_inner: null;
  n_layer: number;
  n_positions: number;
  reorder_and_upcast_attn: false;
  resid_pdrop: number;
  scale_attn_by_inverse_layer_idx: false;
  scale_attn_weights: true;
  summary_activation: null;
  summary_first_dropout: number;
  summary_proj_to_labels: true;
  summary_type: 'cls_index';
  summary_use_proj: true;
  tie_word_embeddings: true;
  torch_dtype: 'float32';
  use_cache: true;
  vocab_size: number;
}

export interface SpecialIds {
  /** `<|endoftext|>`'s id (bos and eos), or null when the tokenizer has none. */
  eos: number | null;
  /** `<|pad|>`'s id, or null. */
  pad: number | null;
}

/** Throws an HfFormatError naming the model config field GPT-2 cannot express. */
export function assertGpt2Expressible(config: ModelConfig): void {
  if (config.queryLayer)
    throw new HfFormatError(
      HF_FILES.config,
      'queryLayer',
      "the model uses PanGu-α's query layer (model.queryLayer: true), which GPT-2 cannot express; " +
        'only models without it export to the Hugging Face GPT-2 format',
    );
}

/**
 * config.json for a lab model. The lab has one dropout rate: it applies to the embeddings and the
 * residual branches (embd_pdrop, resid_pdrop); attention probabilities are never dropped (attn_pdrop 0).
 */
export function toGpt2Config(config: ModelConfig, ids: SpecialIds): Gpt2ConfigJson {
  assertGpt2Expressible(config);
  const errors = validateModelConfig(config);
  if (errors.length) throw new HfFormatError(HF_FILES.config, null, errors.join('; '));
  return {
    activation_function: 'gelu_new',
    architectures: ['GPT2LMHeadModel'],
    attn_pdrop: 0,
    bos_token_id: ids.eos,
    embd_pdrop: config.dropout,
    eos_token_id: ids.eos,
    initializer_range: 0.02,
    layer_norm_epsilon: GPT2_LAYER_NORM_EPS,
    model_type: 'gpt2',
    n_ctx: config.blockSize,
    n_embd: config.nEmbd,
    n_head: config.nHead,
    n_inner: null,
    n_layer: config.nLayer,
    n_positions: config.blockSize,
    reorder_and_upcast_attn: false,
    resid_pdrop: config.dropout,
    scale_attn_by_inverse_layer_idx: false,
    scale_attn_weights: true,
    summary_activation: null,
    summary_first_dropout: 0.1,
    summary_proj_to_labels: true,
    summary_type: 'cls_index',
    summary_use_proj: true,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
    use_cache: true,
    vocab_size: config.vocabSize,
  };
}

export interface GenerationConfigJson {
  bos_token_id: number | null;
  eos_token_id: number | null;
  pad_token_id?: number;
}

/** generation_config.json: which ids start and end a text (transformers' defaults do the rest). */
export function toGenerationConfig(ids: SpecialIds): GenerationConfigJson {
  return {
    bos_token_id: ids.eos,
    eos_token_id: ids.eos,
    ...(ids.pad !== null ? { pad_token_id: ids.pad } : {}),
  };
}

const FILE = HF_FILES.config;

function positiveInt(c: Record<string, unknown>, key: string): number {
  const v = c[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    throw new HfFormatError(FILE, key, `must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

/** `c[key]` must be absent or one of `allowed`, else the model computes something the lab does not. */
function onlyIf(c: Record<string, unknown>, key: string, allowed: unknown[], why: string): void {
  if (!(key in c)) return;
  if (!allowed.some((a) => a === c[key]))
    throw new HfFormatError(FILE, key, `is ${JSON.stringify(c[key])}, but ${why}`);
}

function rate(c: Record<string, unknown>, key: string): number | undefined {
  if (!(key in c)) return undefined;
  const v = c[key];
  if (typeof v !== 'number' || !(v >= 0 && v < 1))
    throw new HfFormatError(FILE, key, `must be a number in [0, 1), got ${JSON.stringify(v)}`);
  return v;
}

/**
 * A parsed config.json → the lab's ModelConfig, or an HfFormatError naming the field that is
 * unsupported or wrong. Dropout is resid_pdrop (transformers' default 0.1 when absent).
 */
export function fromGpt2Config(json: unknown): ModelConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new HfFormatError(FILE, null, 'must be a JSON object');
  const c = json as Record<string, unknown>;
  if (c.model_type !== 'gpt2')
    throw new HfFormatError(
      FILE,
      'model_type',
      `is ${JSON.stringify(c.model_type)}; only "gpt2" models can be imported`,
    );
  if ('architectures' in c && c.architectures !== null) {
    const a = c.architectures;
    if (!Array.isArray(a) || a.length === 0 || !a.every((x) => x === 'GPT2LMHeadModel' || x === 'GPT2Model'))
      throw new HfFormatError(
        FILE,
        'architectures',
        `is ${JSON.stringify(a)}; only GPT2LMHeadModel (or GPT2Model) can be imported`,
      );
  }
  const vocabSize = positiveInt(c, 'vocab_size');
  const nEmbd = positiveInt(c, 'n_embd');
  const nLayer = positiveInt(c, 'n_layer');
  const nHead = positiveInt(c, 'n_head');
  const blockSize = positiveInt(c, 'n_positions');
  if ('n_ctx' in c && c.n_ctx !== blockSize)
    throw new HfFormatError(FILE, 'n_ctx', `is ${JSON.stringify(c.n_ctx)} but n_positions is ${blockSize}`);
  if ('activation_function' in c && !TANH_GELUS.includes(c.activation_function as string))
    throw new HfFormatError(
      FILE,
      'activation_function',
      `is ${JSON.stringify(c.activation_function)}; the lab computes tanh GELU (${TANH_GELUS.join(' or ')})`,
    );
  onlyIf(c, 'layer_norm_epsilon', [GPT2_LAYER_NORM_EPS], `the lab's LayerNorm uses ${GPT2_LAYER_NORM_EPS}`);
  onlyIf(c, 'n_inner', [null, 4 * nEmbd], `the lab's MLP is 4 × n_embd = ${4 * nEmbd} wide`);
  onlyIf(c, 'scale_attn_weights', [true], 'the lab always scales attention by 1/√head_dim');
  onlyIf(c, 'scale_attn_by_inverse_layer_idx', [false], 'the lab does not scale attention by layer');
  onlyIf(c, 'add_cross_attention', [false], 'the lab has no cross-attention');
  onlyIf(c, 'tie_word_embeddings', [true], "the lab's LM head is always tied to transformer.wte");
  const dropout = rate(c, 'resid_pdrop') ?? 0.1;
  rate(c, 'embd_pdrop');
  rate(c, 'attn_pdrop');
  const config: ModelConfig = { vocabSize, blockSize, nLayer, nHead, nEmbd, dropout, queryLayer: false };
  const errors = validateModelConfig(config);
  if (errors.length)
    throw new HfFormatError(
      FILE,
      null,
      `the lab cannot hold this model: ${errors.map((e) => e.replace(/model\.(\w+)/g, (_, k: string) => HF_KEY[k] ?? k)).join('; ')}`,
    );
  return config;
}

/** The config.json key behind each ModelConfig field (for messages). */
const HF_KEY: Record<string, string> = {
  vocabSize: 'vocab_size',
  blockSize: 'n_positions',
  nLayer: 'n_layer',
  nHead: 'n_head',
  nEmbd: 'n_embd',
  dropout: 'resid_pdrop',
};
