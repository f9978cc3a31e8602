// Supervised fine-tuning batches of a fixed shape [B, T] from encoded instruction examples.
//
// Packing: each row holds as many WHOLE examples as fit in T + 1 tokens (inputs are the first T,
// targets the last T), then <|pad|> (weight 0). Instructions are short next to a useful T (tens to a
// few hundred tokens against 256-1024), so one example per row would spend most of every step on
// padding; whole examples (never split across rows) keep each response with its prompt. Each
// example gets its own segment id (`segments`), so an engine that honours segments keeps attention
// inside an example; pads get a segment of their own. An example longer than T + 1 tokens loses
// instruction tokens from the left of its prompt (after <|user|>), keeping the whole response; if
// even one instruction token cannot stay, it is dropped. Both are counted.
//
// Mixing: a row holds examples of one kind (text or code). Rows are allotted to kinds by
// accumulated credit, as in batcher.ts (each step a kind earns weight·B row-credits, each row spends
// one), so the realised share of rows follows the schedule to within a row. Within a kind, examples
// are taken in a seeded permutation, a new one each epoch; the state is (epoch, position) per kind
// plus the credits and counters, plain data, so a resumed run draws exactly the same batches.
import { Rng } from '../../rng';
import type { Batch } from '../batch';
import { codeShare, type MixSchedule } from '../schedule';
import { encodeExample, type ChatTokenizer, type EncodedExample } from './chat-template';
import type { ExampleKind, InstructionExample } from './types';

export const KINDS: readonly ExampleKind[] = ['text', 'code'];

export interface EncodedInstruction extends EncodedExample {
  kind: ExampleKind;
}

/** A batch whose `segments` always says which example (within its row) each position belongs to. */
export interface InstructBatch extends Batch {
  segments: Int32Array; // [B·T]
}

export interface InstructBatcherState {
  cursor: Record<ExampleKind, { epoch: number; pos: number }>;
  credit: Record<ExampleKind, number>;
  rows: Record<ExampleKind, number>;
  /** Examples packed so far. */
  examples: Record<ExampleKind, number>;
  /** Target tokens with weight 1 so far: the exact number of loss tokens per kind. */
  tokens: Record<ExampleKind, number>;
}

/** Encodes a set with the chat template. */
export function encodeInstructionSet(
  tokenizer: ChatTokenizer,
  examples: readonly InstructionExample[],
): EncodedInstruction[] {
  return examples.map((ex) => ({ ...encodeExample(tokenizer, ex), kind: ex.kind }));
}

/**
 * The example cut to at most `capacity` tokens by removing instruction tokens right after
 * <|user|>, or undefined when not even one instruction token could stay.
 */
export function fitExample(ex: EncodedInstruction, capacity: number): EncodedInstruction | undefined {
  const cut = ex.ids.length - capacity;
  if (cut <= 0) return ex;
  const responseStart = ex.lossMask.indexOf(1);
  const instructionTokens = responseStart - 3; // <|user|> … <|end|> <|assistant|>
  if (responseStart < 0 || cut > instructionTokens - 1) return undefined;
  const keep = (xs: number[]) => [xs[0], ...xs.slice(1 + cut)];
  return { kind: ex.kind, ids: keep(ex.ids), lossMask: keep(ex.lossMask) };
}

/** A 32-bit seed from (seed, kind, epoch). */
function mixSeed(seed: number, kind: number, epoch: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [kind, epoch]) {
    h = Math.imul(h ^ v, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

const perKind = <T>(make: () => T): Record<ExampleKind, T> => ({ text: make(), code: make() });

export class InstructBatcher {
  readonly B: number;
  readonly T: number;
  /** Examples shortened from the left of the prompt / left out because they could not fit. */
  readonly truncated: number;
  readonly dropped: number;
  private readonly seed: number;
  private readonly padId: number;
  private readonly pools: Record<ExampleKind, EncodedInstruction[]>;
  private readonly perms: Record<ExampleKind, { epoch: number; order: Int32Array } | undefined>;
  private readonly state: InstructBatcherState;

  constructor(
    examples: readonly EncodedInstruction[],
    dims: { B: number; T: number; seed: number; padId: number },
    state?: InstructBatcherState,
  ) {
    if (!(Number.isInteger(dims.B) && dims.B > 0 && Number.isInteger(dims.T) && dims.T > 1))
      throw new Error(
        `InstructBatcher: B and T must be positive integers (T > 1), got B=${dims.B}, T=${dims.T}`,
      );
    this.B = dims.B;
    this.T = dims.T;
    this.seed = dims.seed >>> 0;
    this.padId = dims.padId;
    this.pools = perKind(() => []);
    let truncated = 0;
    let dropped = 0;
    for (const ex of examples) {
      if (ex.ids.length !== ex.lossMask.length)
        throw new Error(
          `InstructBatcher: an example has ${ex.ids.length} ids but ${ex.lossMask.length} mask values`,
        );
      const fit = fitExample(ex, this.T + 1);
      if (fit === undefined) dropped++;
      else {
        if (fit !== ex) truncated++;
        this.pools[ex.kind].push(fit);
      }
    }
    this.truncated = truncated;
    this.dropped = dropped;
    if (this.pools.text.length + this.pools.code.length === 0)
      throw new Error(`InstructBatcher: no example fits in T + 1 = ${this.T + 1} tokens`);
    this.perms = { text: undefined, code: undefined };
    this.state = state
      ? structuredClone(state)
      : {
          cursor: perKind(() => ({ epoch: 0, pos: 0 })),
          credit: perKind(() => 0),
          rows: perKind(() => 0),
          examples: perKind(() => 0),
          tokens: perKind(() => 0),
        };
  }

  /** How many examples of each kind can be drawn. */
  get sizes(): Record<ExampleKind, number> {
    return { text: this.pools.text.length, code: this.pools.code.length };
  }

  /** The code share of the set's tokens: the row share that uses both kinds at the same pace. */
  get naturalCodeShare(): number {
    const tokens = (k: ExampleKind) => this.pools[k].reduce((n, ex) => n + ex.ids.length, 0);
    const all = tokens('text') + tokens('code');
    return all === 0 ? 0 : tokens('code') / all;
  }

  /** The next batch with rows allotted by `weights` over kinds (summing to 1). */
  next(weights: Partial<Record<ExampleKind, number>>): { batch: InstructBatch; rowSources: ExampleKind[] } {
    const { B, T } = this;
    for (const k of KINDS) {
      if ((weights[k] ?? 0) > 0 && this.pools[k].length === 0)
        throw new Error(`InstructBatcher: weight ${weights[k]} for '${k}' examples, but the set has none`);
    }
    const batch: InstructBatch = {
      B,
      T,
      idx: new Int32Array(B * T),
      targets: new Int32Array(B * T),
      weights: new Float32Array(B * T),
      segments: new Int32Array(B * T),
    };
    const credit = this.state.credit;
    for (const k of KINDS) credit[k] += (weights[k] ?? 0) * B;
    const rowSources: ExampleKind[] = [];
    for (let row = 0; row < B; row++) {
      // The kind owed the most rows (ties: text first) among those that have examples.
      const open = KINDS.filter((k) => this.pools[k].length > 0);
      let kind: ExampleKind = open[0];
      for (const k of open) if (credit[k] > credit[kind] + 1e-12) kind = k;
      credit[kind] -= 1;
      this.fillRow(batch, row, kind);
      rowSources.push(kind);
    }
    return { batch, rowSources };
  }

  /** The next batch for a code share (0..1) of rows. */
  nextForShare(share: number): { batch: InstructBatch; rowSources: ExampleKind[] } {
    if (!(share >= 0 && share <= 1)) throw new Error(`code share must be from 0 to 1, got ${share}`);
    return this.next({ text: 1 - share, code: share });
  }

  /** The next batch at `step` of `totalSteps` of a mixing schedule (e.g. the paper's 4 phases). */
  nextScheduled(
    schedule: MixSchedule,
    step: number,
    totalSteps: number,
  ): { batch: InstructBatch; rowSources: ExampleKind[]; share: number } {
    const share = codeShare(schedule, step, totalSteps);
    return { ...this.nextForShare(share), share };
  }

  getState(): InstructBatcherState {
    return structuredClone(this.state);
  }

  private order(kind: ExampleKind, epoch: number): Int32Array {
    const cached = this.perms[kind];
    if (cached && cached.epoch === epoch) return cached.order;
    const n = this.pools[kind].length;
    const order = new Int32Array(n).map((_, i) => i);
    const rng = new Rng(mixSeed(this.seed, KINDS.indexOf(kind), epoch));
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    this.perms[kind] = { epoch, order };
    return order;
  }

  /** Packs whole examples of `kind` into row `row` (T + 1 tokens → T inputs and T targets). */
  private fillRow(batch: InstructBatch, row: number, kind: ExampleKind): void {
    const { T } = this;
    const pool = this.pools[kind];
    const cursor = this.state.cursor[kind];
    const ids: number[] = [];
    const mask: number[] = [];
    const seg: number[] = [];
    let segment = 0;
    for (;;) {
      const ex = pool[this.order(kind, cursor.epoch)[cursor.pos]];
      if (ids.length + ex.ids.length > T + 1) break;
      ids.push(...ex.ids);
      mask.push(...ex.lossMask);
      for (let i = 0; i < ex.ids.length; i++) seg.push(segment);
      segment++;
      this.state.examples[kind]++;
      if (++cursor.pos === pool.length) [cursor.epoch, cursor.pos] = [cursor.epoch + 1, 0];
    }
    while (ids.length < T + 1) {
      ids.push(this.padId);
      mask.push(0);
      seg.push(segment);
    }
    const base = row * T;
    let tokens = 0;
    for (let t = 0; t < T; t++) {
      batch.idx[base + t] = ids[t];
      batch.targets[base + t] = ids[t + 1];
      batch.weights[base + t] = mask[t + 1];
      batch.segments[base + t] = seg[t];
      tokens += mask[t + 1];
    }
    this.state.rows[kind]++;
    this.state.tokens[kind] += tokens;
  }
}
