// Text from a model: sampling with temperature, top-k and top-p (temperature 0 is greedy), and
// the log-likelihood of a continuation given a context (what the evaluation suite ranks options
// by). Every forward pass uses the same [rows, blockSize] shape — tokens left-aligned, the rest
// padding that causal attention never sees — so GPU buffers are reused instead of piling up
// (TECH.md §1.3.4). Sampling happens in JS on one row of logits read back asynchronously.
import * as tf from '@tensorflow/tfjs-core';
import { nextTask } from '../next-task';
import { Rng } from '../../src/core/rng';
import type { BpeTokenizer } from '../../src/core/tokenizer';
import type { GPT } from './gpt';

export interface SamplingOptions {
  temperature: number;
  topK: number;
  topP: number;
  maxTokens: number;
  seed: number;
}

export const DEFAULT_SAMPLING: SamplingOptions = {
  temperature: 0.8,
  topK: 40,
  topP: 0.95,
  maxTokens: 200,
  seed: 1,
};

/** Logits [V] that follow the last of `tokens` (only the last blockSize tokens are seen). */
async function nextLogits(model: GPT, tokens: number[]): Promise<Float32Array> {
  const T = model.config.blockSize;
  const window = tokens.slice(-T);
  const row = new Int32Array(T);
  row.set(window);
  const logits = tf.tidy(() => {
    const all = model.forward(tf.tensor2d(row, [1, T], 'int32')); // [T, V]
    return tf.slice(all, [window.length - 1, 0], [1, model.config.vocabSize]);
  });
  const values = (await logits.data()) as Float32Array;
  logits.dispose();
  return values;
}

/** Pick a token id from logits under the sampling options. */
export function sampleToken(
  logits: Float32Array,
  options: Pick<SamplingOptions, 'temperature' | 'topK' | 'topP'>,
  rng: Rng,
): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  if (options.temperature <= 0) return best;
  const order = Array.from(logits.keys()).sort((a, b) => logits[b] - logits[a]);
  const k = options.topK > 0 ? Math.min(options.topK, order.length) : order.length;
  const kept = order.slice(0, k);
  const weights = kept.map((i) => Math.exp((logits[i] - logits[best]) / options.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  // Nucleus: the smallest prefix whose probability reaches topP.
  let cut = kept.length;
  if (options.topP > 0 && options.topP < 1) {
    let mass = 0;
    for (let i = 0; i < kept.length; i++) {
      mass += weights[i] / total;
      if (mass >= options.topP) {
        cut = i + 1;
        break;
      }
    }
  }
  const nucleus = weights.slice(0, cut);
  let r = rng.next() * nucleus.reduce((a, b) => a + b, 0);
  for (let i = 0; i < cut; i++) {
    r -= nucleus[i];
    if (r <= 0) return kept[i];
  }
  return kept[cut - 1];
}

/**
 * Continue `prompt`; `onText` receives each new piece of text as soon as it decodes to whole
 * characters. Stops at maxTokens, at an end-of-text token, or when `shouldStop()` says so.
 */
export async function generate(
  model: GPT,
  tokenizer: BpeTokenizer,
  prompt: string,
  options: SamplingOptions,
  onText: (piece: string) => void = () => {},
  shouldStop: () => boolean = () => false,
): Promise<string> {
  const rng = new Rng(options.seed);
  const tokens = tokenizer.encode(prompt);
  if (tokens.length === 0) tokens.push(tokenizer.eotId);
  const generated: number[] = [];
  let emitted = '';
  for (let i = 0; i < options.maxTokens && !shouldStop(); i++) {
    // On cpu and wasm, data() resolves as a microtask: without a real task between tokens, a
    // stopGenerating() message would wait until the whole generation had finished.
    await nextTask();
    if (shouldStop()) break;
    const id = sampleToken(await nextLogits(model, tokens), options, rng);
    if (id === tokenizer.eotId) break;
    tokens.push(id);
    generated.push(id);
    const text = tokenizer.decode(generated);
    const complete = text.endsWith('\uFFFD') ? text.slice(0, -1) : text; // hold back a split character
    if (complete.length > emitted.length) {
      onText(complete.slice(emitted.length));
      emitted = complete;
    }
  }
  const text = tokenizer.decode(generated);
  if (text.length > emitted.length) onText(text.slice(emitted.length));
  return text;
}

/**
 * Greedy continuation of `prompt` that stops as soon as the text contains one of `stop` and is cut
 * there (the evaluation suite's short answers and code completions).
 */
export async function completeGreedy(
  model: GPT,
  tokenizer: BpeTokenizer,
  prompt: string,
  stop: string[],
  maxTokens: number,
): Promise<string> {
  let text = '';
  const cut = () => {
    const at = stop.map((s) => text.indexOf(s)).filter((i) => i >= 0);
    return at.length ? Math.min(...at) : -1;
  };
  const sampling = { ...DEFAULT_SAMPLING, temperature: 0, maxTokens, seed: 1 };
  await generate(
    model,
    tokenizer,
    prompt,
    sampling,
    (piece) => (text += piece),
    () => cut() >= 0,
  );
  const at = cut();
  return at >= 0 ? text.slice(0, at) : text;
}

export interface ContinuationScore {
  /** Σ log p(continuation tokens | context), natural log. */
  logprobSum: number;
  tokens: number;
  /** Log-probability of each continuation token. */
  tokenLogprobs: number[];
}

/**
 * Log-likelihood of `continuation` after `context` (each tokenized on its own and joined). Each
 * continuation token is predicted from up to blockSize preceding tokens: a long continuation is
 * scored in overlapping windows that slide over it (the context is cut from the left as needed).
 */
export async function scoreContinuation(
  model: GPT,
  tokenizer: BpeTokenizer,
  context: string,
  continuation: string,
): Promise<ContinuationScore> {
  const T = model.config.blockSize;
  const V = model.config.vocabSize;
  const ctx = context.length > 0 ? tokenizer.encode(context) : [tokenizer.eotId];
  const cont = tokenizer.encode(continuation);
  const all = [...ctx, ...cont];
  const tokenLogprobs: number[] = [];
  // Targets ctx.length … all.length−1 in chunks of T/2; each chunk's window of T inputs ends just
  // before its last target, so every target sees at least T/2 tokens of history where they exist.
  const stride = Math.max(1, Math.floor(T / 2));
  for (let first = ctx.length; first < all.length; first += stride) {
    const last = Math.min(first + stride, all.length); // targets [first, last)
    const start = Math.max(0, last - 1 - T); // inputs [start, last−1) predict targets up to last−1
    const inputs = all.slice(start, last - 1);
    const row = new Int32Array(T);
    row.set(inputs);
    const from = first - 1 - start; // input position predicting target `first`
    const logp = tf.tidy(() => {
      const logits = model.forward(tf.tensor2d(row, [1, T], 'int32')); // [T, V]
      return tf.logSoftmax(tf.slice(logits, [from, 0], [last - first, V])); // [n, V]
    });
    const values = (await logp.data()) as Float32Array;
    logp.dispose();
    for (let k = 0; k < last - first; k++) tokenLogprobs.push(values[k * V + all[first + k]]);
  }
  return { logprobSum: tokenLogprobs.reduce((a, b) => a + b, 0), tokens: cont.length, tokenLogprobs };
}
