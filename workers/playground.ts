// The Playground's engine side: the next token's distribution after a text, each token's loss
// under a model (long texts in sliding windows, the same windows as scoreContinuation), two
// checkpoints' losses on one text aligned character by character, and evaluation items as sample
// texts. Naming a checkpoint loads it into a small cache of its own (at most two models, the least
// recently used dropped first), so scoring never replaces the model the user generates with.
// Calls run one at a time, so a cached model is never disposed while another call is using it.
import * as tf from '@tensorflow/tfjs-core';
import type {
  CompareLossesRequest,
  LossComparison,
  LossSegment,
  NextTokensRequest,
  NextTokensResult,
  PlaygroundSample,
  TokenLoss,
  TokenLossRequest,
  TokenLossResult,
} from '../src/contract/playground';
import type { CheckpointStore } from '../src/core/checkpoint/store';
import { ALL_TASKS, itemsPath, parseItemsJsonl, type AnyItem } from '../src/core/eval';
import { BpeTokenizer } from '../src/core/tokenizer';
import { GPT } from './model/gpt';
import { decodeRunCheckpoint } from './train/run-checkpoint';

/** A model with what it reads and writes, and where it came from. */
export interface PlaygroundModel {
  model: GPT;
  tokenizer: BpeTokenizer;
  checkpoint: string | null;
  step: number;
}

export interface PlaygroundDeps {
  /** The model the engine holds (what generate() uses), or null. */
  held: () => PlaygroundModel | null;
  checkpoints: () => CheckpointStore;
  readDataset?: (path: string) => Promise<string>;
}

/** How many checkpoints the cache keeps loaded (besides the engine's own model). */
export const CACHED_MODELS = 2;

interface Cached {
  name: string;
  /** What the store says about the checkpoint: a checkpoint saved again under its name differs. */
  fingerprint: string;
  entry: PlaygroundModel;
}

export class Playground {
  private readonly deps: PlaygroundDeps;
  private cache: Cached[] = []; // most recently used last
  private queue: Promise<unknown> = Promise.resolve();
  private samplesCache: PlaygroundSample[] | null = null;

  constructor(deps: PlaygroundDeps) {
    this.deps = deps;
  }

  nextTokens(request: NextTokensRequest): Promise<NextTokensResult> {
    return this.serial(async () => {
      const m = await this.model(request.checkpoint);
      const { tokens, contextTokens } = await nextTokenDistribution(m, request.text, request.topN ?? 10);
      return { tokens, contextTokens, checkpoint: m.checkpoint, step: m.step };
    });
  }

  tokenLosses(request: TokenLossRequest): Promise<TokenLossResult> {
    return this.serial(async () => lossResult(await this.model(request.checkpoint), request.text));
  }

  compareLosses(request: CompareLossesRequest): Promise<LossComparison> {
    return this.serial(async () => {
      const resultA = await lossResult(await this.model(request.a), request.text);
      const resultB = await lossResult(await this.model(request.b), request.text);
      return compareResults(resultA, resultB);
    });
  }

  /** Two items per task (levels 1 and 3) of the frozen evaluation sets, written out as texts. */
  async samples(): Promise<PlaygroundSample[]> {
    if (this.samplesCache) return this.samplesCache;
    const read = this.deps.readDataset;
    if (!read) throw new Error('this engine was started without the evaluation sets');
    const out: PlaygroundSample[] = [];
    for (const task of ALL_TASKS) {
      const items = parseItemsJsonl(await read(itemsPath(task)), itemsPath(task));
      for (const level of [1, 3]) {
        const item = items.find((i) => i.level === level);
        if (item) out.push({ id: item.id, task, level, text: itemText(item) });
      }
    }
    this.samplesCache = out;
    return out;
  }

  /** The names of the checkpoints loaded in the cache, least recently used first. */
  cachedCheckpoints(): string[] {
    return this.cache.map((c) => c.name);
  }

  dispose(): void {
    for (const c of this.cache) c.entry.model.dispose();
    this.cache = [];
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async model(checkpoint: string | undefined): Promise<PlaygroundModel> {
    if (checkpoint === undefined) {
      const held = this.deps.held();
      if (!held) throw new Error('no model is loaded: train one, load a checkpoint, or name a checkpoint');
      return held;
    }
    const store = this.deps.checkpoints();
    const ref = (await store.list()).find((c) => c.name === checkpoint);
    if (!ref) throw new Error(`no checkpoint named "${checkpoint}"`);
    const fingerprint = `${ref.bytes}|${ref.step}|${ref.createdAt}`;
    const at = this.cache.findIndex((c) => c.name === checkpoint);
    if (at >= 0) {
      const [hit] = this.cache.splice(at, 1);
      if (hit.fingerprint === fingerprint) {
        this.cache.push(hit);
        return hit.entry;
      }
      hit.entry.model.dispose(); // saved again since: load the new one
    }
    const c = await decodeRunCheckpoint(await store.load(checkpoint));
    const entry: PlaygroundModel = {
      model: GPT.fromWeights(c.config, c.params),
      tokenizer: BpeTokenizer.fromJSON(c.tokenizer),
      checkpoint,
      step: c.step,
    };
    this.cache.push({ name: checkpoint, fingerprint, entry });
    while (this.cache.length > CACHED_MODELS) this.cache.shift()!.entry.model.dispose();
    return entry;
  }
}

/** The text as the model reads it: an end-of-text token (a document start), then the text's tokens. */
function asDocument(m: PlaygroundModel, text: string): number[] {
  return [m.tokenizer.eotId, ...m.tokenizer.encode(text)];
}

/** Logits [n, V] for targets first … first+n−1 of `all`, each seeing up to blockSize tokens before it. */
async function targetLogits(model: GPT, all: number[], first: number, last: number): Promise<Float32Array> {
  const T = model.config.blockSize;
  const V = model.config.vocabSize;
  const start = Math.max(0, last - 1 - T); // inputs [start, last−1) predict targets up to last−1
  const row = new Int32Array(T); // left-aligned, the rest padding causal attention never sees
  row.set(all.slice(start, last - 1));
  const from = first - 1 - start; // input position that predicts target `first`
  const logits = tf.tidy(() => {
    const out = model.forward(tf.tensor2d(row, [1, T], 'int32')); // [T, V]
    return tf.slice(out, [from, 0], [last - first, V]); // [n, V]
  });
  const values = (await logits.data()) as Float32Array;
  logits.dispose();
  return values;
}

/** ln Σ exp(row) over row `r` of a [n, V] array, in float64. */
function logSumExp(values: Float32Array, r: number, V: number): number {
  let max = -Infinity;
  for (let j = 0; j < V; j++) max = Math.max(max, values[r * V + j]);
  let sum = 0;
  for (let j = 0; j < V; j++) sum += Math.exp(values[r * V + j] - max);
  return max + Math.log(sum);
}

/** The topN most likely tokens after `text` (read as a document start), with their probabilities. */
export async function nextTokenDistribution(
  m: PlaygroundModel,
  text: string,
  topN: number,
): Promise<{ tokens: NextTokensResult['tokens']; contextTokens: number }> {
  if (!Number.isInteger(topN) || topN < 1) throw new Error(`topN must be a whole number ≥ 1, got ${topN}`);
  const all = asDocument(m, text);
  const V = m.model.config.vocabSize;
  const logits = await targetLogits(m.model, [...all, 0], all.length, all.length + 1); // [1, V]
  const lse = logSumExp(logits, 0, V);
  const order = Array.from(logits.keys()).sort((x, y) => logits[y] - logits[x]);
  const tokens = order.slice(0, Math.min(topN, V)).map((id) => ({
    token: m.tokenizer.decode([id]),
    id,
    prob: Math.exp(logits[id] - lse),
  }));
  return { tokens, contextTokens: Math.min(all.length, m.model.config.blockSize) };
}

/**
 * −ln p of each token of `text` read as a document start. Targets go in chunks of blockSize/2;
 * each chunk's window of blockSize inputs ends just before its last target, so every token sees at
 * least blockSize/2 tokens of history where there are that many (the windows scoreContinuation uses).
 */
export async function tokenLossesOf(m: PlaygroundModel, text: string): Promise<TokenLoss[]> {
  const all = asDocument(m, text);
  const V = m.model.config.vocabSize;
  const stride = Math.max(1, Math.floor(m.model.config.blockSize / 2));
  const losses: number[] = [];
  for (let first = 1; first < all.length; first += stride) {
    const last = Math.min(first + stride, all.length);
    const logits = await targetLogits(m.model, all, first, last); // [last − first, V]
    for (let k = 0; k < last - first; k++)
      losses.push(logSumExp(logits, k, V) - logits[k * V + all[first + k]]);
  }
  // Piece texts: bytes decoded as a stream, so a character split across tokens lands on the last one.
  const decoder = new TextDecoder('utf-8');
  return all.slice(1).map((id, i) => ({
    text: decoder.decode(m.tokenizer.tokenBytes(id), { stream: i < all.length - 2 }),
    id,
    loss: losses[i],
  }));
}

async function lossResult(m: PlaygroundModel, text: string): Promise<TokenLossResult> {
  const pieces = await tokenLossesOf(m, text);
  const totalLoss = pieces.reduce((s, p) => s + p.loss, 0);
  return {
    pieces,
    meanLoss: pieces.length ? totalLoss / pieces.length : NaN,
    totalLoss,
    checkpoint: m.checkpoint,
    step: m.step,
  };
}

/** Character spans [start, end) of the pieces; a piece with no characters joins the next one. */
function spans(pieces: TokenLoss[]): { start: number; end: number; loss: number }[] {
  const out: { start: number; end: number; loss: number }[] = [];
  let at = 0;
  let carried = 0;
  for (const p of pieces) {
    if (p.text.length === 0) {
      carried += p.loss;
      continue;
    }
    out.push({ start: at, end: at + p.text.length, loss: p.loss + carried });
    at += p.text.length;
    carried = 0;
  }
  if (carried !== 0 && out.length) out[out.length - 1].loss += carried;
  return out;
}

/** Loss of `spans` falling on [start, end), a span's loss shared out in proportion to characters. */
function lossOn(list: ReturnType<typeof spans>, start: number, end: number): number {
  let loss = 0;
  for (const s of list) {
    const overlap = Math.min(end, s.end) - Math.max(start, s.start);
    if (overlap > 0) loss += (s.loss * overlap) / (s.end - s.start);
  }
  return loss;
}

/** Aligns two checkpoints' token losses on one text: segments on the union of their token boundaries. */
export function compareResults(a: TokenLossResult, b: TokenLossResult): LossComparison {
  const text = a.pieces.map((p) => p.text).join('');
  const textB = b.pieces.map((p) => p.text).join('');
  if (text !== textB) throw new Error('the two checkpoints decode the text differently: cannot align them');
  const spansA = spans(a.pieces);
  const spansB = spans(b.pieces);
  const cuts = [...new Set([0, ...spansA.map((s) => s.end), ...spansB.map((s) => s.end)])].sort(
    (x, y) => x - y,
  );
  const segments: LossSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const lossA = lossOn(spansA, start, end);
    const lossB = lossOn(spansB, start, end);
    segments.push({ text: text.slice(start, end), lossA, lossB, diff: lossB - lossA });
  }
  const sameTokens = a.pieces.length === b.pieces.length && a.pieces.every((p, i) => p.id === b.pieces[i].id);
  return {
    a,
    b,
    segments,
    diffPerChar: text.length ? (b.totalLoss - a.totalLoss) / text.length : NaN,
    sameTokens,
  };
}

/** An evaluation item as one text: its context, question and worked answer (or prompt and code). */
function itemText(item: AnyItem): string {
  if (item.format === 'codegen' && item.prompt && item.reference) return `${item.prompt}${item.reference}`;
  return [item.context, item.question, item.rationale_text].filter((s) => s.length > 0).join('\n');
}
