// Lab parameters ↔ GPT-2's `model.safetensors` tensors. The lab already names its parameters as
// GPT2Model does and stores linear weights in GPT-2's Conv1D layout [in, out] (y = x·W + b; c_attn's
// 3·n_embd outputs are q, k, v side by side), so the mapping is the `transformer.` prefix of
// GPT2LMHeadModel, with no transposes. The LM head is tied to wte, so `lm_head.weight` is not
// written (transformers re-ties it on load). Reading accepts files written by transformers too:
// names with or without the prefix, an `lm_head.weight` equal to wte, the causal-mask buffers
// (`attn.bias`, `attn.masked_bias`, ignored), and F16/BF16/F64 weights (widened/narrowed to F32).
import { parameterShapes, type ModelConfig } from '../config/model';
import type { TensorEntry } from '../checkpoint/safetensors';
import { assertGpt2Expressible } from './config';
import { HF_FILES, HfFormatError } from './errors';

/** A float32 tensor, row-major (the lab's parameter exchange format). */
export interface Float32Tensor {
  shape: number[];
  data: Float32Array;
}

export const GPT2_PREFIX = 'transformer.';
const FILE = HF_FILES.model;

/** The GPT2LMHeadModel name of a lab parameter (`h.0.attn.c_attn.weight` → `transformer.h.0.attn.c_attn.weight`). */
export function gpt2Name(labName: string): string {
  return GPT2_PREFIX + labName;
}

/** The lab parameter names and shapes a GPT-2 of this config has, keyed by GPT-2 name. */
export function gpt2Shapes(config: ModelConfig): Map<string, number[]> {
  assertGpt2Expressible(config);
  return new Map(parameterShapes(config).map(([name, shape]) => [gpt2Name(name), shape]));
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** The tensors of model.safetensors for a lab model (F32, GPT-2 names). Refuses the query layer. */
export function toGpt2Tensors(
  config: ModelConfig,
  params: Record<string, Float32Tensor>,
): Record<string, TensorEntry> {
  const out: Record<string, TensorEntry> = {};
  for (const [name, shape] of parameterShapes(config)) {
    if (!Object.prototype.hasOwnProperty.call(params, name))
      throw new HfFormatError(FILE, name, 'the checkpoint has no such parameter');
    const p = params[name];
    if (p.shape.join() !== shape.join())
      throw new HfFormatError(
        FILE,
        name,
        `the checkpoint's parameter has shape ${shapeText(p.shape)} but its config needs ${shapeText(shape)}`,
      );
    out[gpt2Name(name)] = { dtype: 'F32', shape: [...shape], data: p.data };
  }
  assertGpt2Expressible(config);
  return out;
}

/** IEEE half bits → float. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Any floating tensor as float32, or an error naming the tensor. */
function asFloat32(name: string, t: TensorEntry): Float32Array {
  switch (t.dtype) {
    case 'F32':
      return t.data;
    case 'F64':
      return Float32Array.from(t.data);
    case 'F16':
      return Float32Array.from(t.data, halfToFloat);
    case 'BF16': {
      const bits = new Uint32Array(t.data.length);
      for (let i = 0; i < bits.length; i++) bits[i] = t.data[i] << 16;
      return new Float32Array(bits.buffer);
    }
    default:
      throw new HfFormatError(FILE, name, `has dtype ${t.dtype}; weights must be F32, F16, BF16 or F64`);
  }
}

/** What determines each dimension, for messages that name config.json's fields. */
function configFieldsText(config: ModelConfig): string {
  return (
    `${HF_FILES.config} has vocab_size ${config.vocabSize}, n_positions ${config.blockSize}, ` +
    `n_embd ${config.nEmbd}, n_layer ${config.nLayer}`
  );
}

/**
 * model.safetensors' tensors → the lab's parameters for `config` (from config.json). Refuses a
 * missing, unknown or misshapen tensor, a non-float dtype, or an untied LM head, naming the tensor
 * and the config.json fields its shape comes from.
 */
export function fromGpt2Tensors(
  config: ModelConfig,
  tensors: Record<string, TensorEntry>,
): Record<string, Float32Tensor> {
  const want = new Map(parameterShapes(config));
  const byLabName = new Map<string, string>(); // lab name → the file's tensor name
  let lmHead: string | undefined;
  for (const name of Object.keys(tensors)) {
    if (name === 'lm_head.weight') {
      lmHead = name;
      continue;
    }
    const lab = name.startsWith(GPT2_PREFIX) ? name.slice(GPT2_PREFIX.length) : name;
    // The causal-mask buffers older transformers versions saved: not parameters.
    if (/^h\.\d+\.attn\.(bias|masked_bias)$/.test(lab) && tensors[name].shape.length !== 1) continue;
    if (!want.has(lab))
      throw new HfFormatError(
        FILE,
        name,
        `is not a parameter of a GPT-2 with this config (${configFieldsText(config)}, n_head ${config.nHead})`,
      );
    if (byLabName.has(lab)) throw new HfFormatError(FILE, name, `duplicates tensor "${byLabName.get(lab)}"`);
    byLabName.set(lab, name);
  }
  const out: Record<string, Float32Tensor> = {};
  for (const [lab, shape] of want) {
    const name = byLabName.get(lab);
    if (name === undefined)
      throw new HfFormatError(FILE, gpt2Name(lab), `is missing (${configFieldsText(config)})`);
    const t = tensors[name];
    if (t.shape.join() !== shape.join())
      throw new HfFormatError(
        FILE,
        name,
        `has shape ${shapeText(t.shape)} but ${configFieldsText(config)}, so it must be ${shapeText(shape)}`,
      );
    out[lab] = { shape: [...shape], data: asFloat32(name, t) };
  }
  if (lmHead !== undefined) {
    const head = tensors[lmHead];
    const wte = out['wte.weight'];
    const same =
      head.shape.join() === wte.shape.join() &&
      asFloat32(lmHead, head).every((x, i) => Object.is(x, wte.data[i]) || x === wte.data[i]);
    if (!same)
      throw new HfFormatError(
        FILE,
        lmHead,
        'differs from transformer.wte.weight: the lab ties its LM head to the token embedding, so an untied head cannot be imported',
      );
  }
  return out;
}
