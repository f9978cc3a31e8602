// The paper's two instruction-tuning arms, built so that they differ only in code:
//
// 1. Slots. `count` slots are split over the families (FAMILY_WEIGHTS, largest remainder); the
//    reasoning families' slots cycle through levels 1-4. The TEXT arm fills every slot with a
//    natural-language example: a train-split item answered with its worded rationale, or a general
//    instruction (world facts and stories, WordNet, Factbook). No example anywhere contains an
//    evaluation-pool name or asks what a frozen evaluation item asks; the text arm has no code.
// 2. Replacement. The CODE arm is the text arm (same seed → the very same examples) with
//    round(codeShare·count) slots replaced, spread over the families in proportion (largest
//    remainder): a reasoning slot gets an item of its task and level answered with its code
//    rationale (first choice: the same item), a general slot a programming instruction (code QA,
//    code generation, 30-seconds-of-code, locutus; the source drawn by weight). So both arms have
//    the same number of examples per family, and the code arm replaces rather than adds.
// 3. Budget. Code answers are longer than worded ones, so the first choices make the code arm
//    bigger. Each family then draws a pool of alternatives per stratum (same task and level, or same
//    source; 4 per replaced slot + 4) and swaps replacements for alternatives (balance.ts) until its
//    size (`measure`, default UTF-8 bytes of instruction + response) is within max(64, 0.5%) of the
//    text arm's, or no swap helps. Strata fix the levels and the source mix; what moves is which
//    items of a stratum are used (smaller ones). Reasoning families aim at zero; `general` comes
//    last and aims at minus what they left over, so the totals meet (< 2% in the tests; analogy's
//    code answers are longer at every level, so that family stays 2-4% over). `onBalance` reports
//    per family how far the first choices were off and how many swaps it took.
import { Rng } from '../../rng';
import type { Level, TaskId } from '../../eval/types';
import { utf8Length } from '../../tokenizer/utf8';
import type { InstructCorpora } from './corpus-examples';
import { balanceStrata, type Stratum } from './balance';
import { GeneralSources } from './general-examples';
import { evalNameIn, looksLikeCode } from './hygiene';
import { codeExample, drawItem, textExample, type DrawnItem } from './task-examples';
import {
  FAMILIES,
  FAMILY_WEIGHTS,
  type Arm,
  type ExampleKind,
  type ExampleSource,
  type Family,
  type InstructionExample,
} from './types';

export interface InstructionSetOptions {
  seed: number;
  /** Examples in the set (the same in both arms). */
  count: number;
  /** Share of the code arm's slots replaced by code (default 0.3, the paper's ~30%). */
  codeShare?: number;
  /** Generated-corpus documents to mine (optional; without them only generators are used). */
  corpora?: InstructCorpora;
  /** Family weights (default FAMILY_WEIGHTS); missing families get 0. */
  families?: Partial<Record<Family, number>>;
  /** Size of an example for the budget (default: UTF-8 bytes of instruction + response). */
  measure?: (ex: InstructionExample) => number;
  /** Stem hashes (hygiene.ts stemHash) of items to keep out (default: the frozen TinyReason-6 set). */
  evalStems?: ReadonlySet<string>;
  /** Called once per family of the code arm with how its size was balanced (for logs and reports). */
  onBalance?: (report: BalanceReport) => void;
}

/** How one family of the code arm was balanced, in `measure` units (code arm − text arm). */
export interface BalanceReport {
  family: Family;
  /** Slots replaced by code. */
  replaced: number;
  /** Difference with the first choices (same items in code form; first draws). */
  natural: number;
  /** What the family aimed at: 0, or for `general` minus what the reasoning families left over. */
  target: number;
  /** Difference after balancing. */
  achieved: number;
  /** Replacements exchanged for a same-stratum alternative to get there. */
  swaps: number;
}

export const DEFAULT_CODE_SHARE = 0.3;
const BAND_FRACTION = 0.005;
const MIN_BAND = 64;
const POOL_FACTOR = 4;
const POOL_EXTRA = 4;
const MAX_TRIES = 64;

export const exampleBytes = (ex: InstructionExample): number =>
  utf8Length(ex.instruction) + utf8Length(ex.response);

/** Integer parts of `total` in proportion to `weights`, summing to `total` (largest remainder). */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!(sum > 0)) throw new Error('apportion: the weights must have a positive sum');
  const quotas = weights.map((w) => (w / sum) * total);
  const parts = quotas.map(Math.floor);
  const order = quotas
    .map((q, i) => [q - Math.floor(q), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const left = total - parts.reduce((s, p) => s + p, 0);
  for (let k = 0; k < left; k++) parts[order[k % order.length][1]] += 1;
  return parts;
}

interface Slot {
  family: Family;
  example: InstructionExample;
  /** The suite item behind a reasoning slot (its code form is the first replacement candidate). */
  drawn?: DrawnItem;
  level?: Level;
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

function checkOptions(o: InstructionSetOptions): number {
  if (!Number.isInteger(o.seed) || o.seed < 0)
    throw new Error(`seed must be a non-negative integer, got ${o.seed}`);
  if (!Number.isInteger(o.count) || o.count < 1)
    throw new Error(`count must be a positive integer, got ${o.count}`);
  const share = o.codeShare ?? DEFAULT_CODE_SHARE;
  if (!(share >= 0 && share <= 1)) throw new Error(`codeShare must be from 0 to 1, got ${share}`);
  return share;
}

/** The instruction set of one arm; deterministic in (arm, options). */
export function buildInstructionSet(arm: Arm, options: InstructionSetOptions): InstructionExample[] {
  const share = checkOptions(options);
  if (arm !== 'text' && arm !== 'code') throw new Error(`arm must be 'text' or 'code', got ${String(arm)}`);
  const sizes = new WeakMap<InstructionExample, number>();
  const measure = (ex: InstructionExample): number => {
    let n = sizes.get(ex);
    if (n === undefined) sizes.set(ex, (n = (options.measure ?? exampleBytes)(ex)));
    return n;
  };
  const rng = new Rng(options.seed);
  const used = new Set<string>(); // stems of the suite items in the set
  const seen = new Set<string>(); // instruction + response of the general examples in the set
  const general = new GeneralSources(options.corpora ?? {}, rng.int(2 ** 31), options.evalStems);
  let serial = 0;
  const keyOf = (ex: InstructionExample) => `${ex.instruction}\u0000${ex.response}`;

  /**
   * Draws from `make` until a candidate passes the filters: no evaluation-pool name, nothing
   * code-like in a text example, not already in the set (after MAX_TRIES tries a repeat is taken).
   * The caller adds what it keeps to `seen`.
   */
  const fresh = (make: () => InstructionExample | undefined, kind: ExampleKind, what: string) => {
    let repeat: InstructionExample | undefined;
    for (let t = 0; t < MAX_TRIES; t++) {
      const ex = make();
      if (ex === undefined || evalNameIn(ex.instruction + '\n' + ex.response) !== undefined) continue;
      if (kind === 'text' && looksLikeCode(ex.instruction + '\n' + ex.response)) continue;
      if (!seen.has(keyOf(ex))) return ex;
      repeat ??= ex;
    }
    if (repeat) return repeat;
    throw new Error(`could not draw a clean ${what} example in ${MAX_TRIES} tries`);
  };

  // 1. The text arm's slots.
  const weights = FAMILIES.map((f) => (options.families ? (options.families[f] ?? 0) : FAMILY_WEIGHTS[f]));
  const perFamily = apportion(weights, options.count);
  const slots: Slot[] = [];
  FAMILIES.forEach((family, fi) => {
    for (let i = 0; i < perFamily[fi]; i++) {
      if (family === 'general') {
        const example = fresh(() => general.text(rng, serial++), 'text', 'general text');
        seen.add(keyOf(example));
        slots.push({ family, example });
      } else {
        const level = (1 + (i % 4)) as Level;
        const drawn = drawItem(family as TaskId, level, rng, used, options.evalStems);
        used.add(drawn.hash);
        slots.push({ family, level, drawn, example: textExample(drawn, family) });
      }
    }
  });
  shuffle(slots, rng);
  if (arm === 'text' || share === 0) return slots.map((s) => s.example);

  // 2. The code arm: replace a share of each family's slots (reasoning families first, so the
  // general family can absorb what they could not balance).
  const codeRng = new Rng((options.seed ^ 0x9e3779b9) >>> 0);
  const replaced = apportion(
    perFamily.map((n) => n * share),
    Math.round(share * options.count),
  );
  const out = slots.map((s) => s.example);
  let carry = 0;
  FAMILIES.forEach((family, fi) => {
    const mine = slots.map((s, i) => [s, i] as const).filter(([s]) => s.family === family);
    const chosen = shuffle([...mine], codeRng).slice(0, replaced[fi]);
    chosen.sort((a, b) => a[1] - b[1]);
    if (chosen.length === 0) return;
    // Strata: a reasoning slot's level, or (general) a code source drawn by weight per slot.
    const keys = chosen.map(([slot]) =>
      family === 'general' ? general.codeSource(codeRng) : String(slot.level),
    );
    const drawFresh = (key: string): InstructionExample => {
      if (family === 'general') {
        const source = key as ExampleSource;
        const ex = fresh(() => general.code(codeRng, serial++, source), 'code', `general ${source}`);
        seen.add(keyOf(ex));
        return ex;
      }
      const drawn = drawItem(family as TaskId, Number(key) as Level, codeRng, used, options.evalStems);
      used.add(drawn.hash);
      return codeExample(drawn, family);
    };
    // The first choice: the same item in code form (reasoning), a fresh draw (general).
    const strata = new Map<string, Stratum<InstructionExample> & { slots: number[] }>();
    chosen.forEach(([slot, index], k) => {
      const stratum = strata.get(keys[k]) ?? { chosen: [], pool: [], slots: [] };
      strata.set(keys[k], stratum);
      stratum.chosen.push(slot.drawn ? codeExample(slot.drawn, family) : drawFresh(keys[k]));
      stratum.slots.push(index);
    });
    for (const [key, stratum] of strata) {
      const n = POOL_FACTOR * stratum.chosen.length + POOL_EXTRA;
      for (let j = 0; j < n; j++) stratum.pool.push(drawFresh(key));
    }
    const sizeOf = (xs: readonly InstructionExample[]) => xs.reduce((n, ex) => n + measure(ex), 0);
    const diff =
      sizeOf([...strata.values()].flatMap((s) => s.chosen)) - sizeOf(chosen.map(([slot]) => slot.example));
    const band = Math.max(MIN_BAND, BAND_FRACTION * sizeOf(mine.map(([s]) => s.example)));
    const target = family === 'general' ? -carry : 0;
    const { gap, swaps } = balanceStrata([...strata.values()], measure, target - diff, band);
    options.onBalance?.({
      family,
      replaced: chosen.length,
      natural: diff,
      target,
      achieved: target - gap,
      swaps,
    });
    carry += target - gap;
    for (const stratum of strata.values())
      stratum.slots.forEach((index, k) => (out[index] = stratum.chosen[k]));
  });
  return out;
}

export interface SizeCount {
  items: number;
  /** UTF-8 bytes of instruction + response. */
  bytes: number;
  /** UTF-8 bytes of responses only (what the loss is computed on). */
  responseBytes: number;
}

export interface ArmSummary extends SizeCount {
  byKind: Record<ExampleKind, SizeCount>;
  byTask: Record<Family, SizeCount & { text: SizeCount; code: SizeCount }>;
  bySource: Record<string, SizeCount>;
}

const zero = (): SizeCount => ({ items: 0, bytes: 0, responseBytes: 0 });

/** Counts and bytes of a set, per kind, per family (and kind within it), and per source. */
export function summariseArm(examples: readonly InstructionExample[]): ArmSummary {
  const total = zero();
  const byKind: Record<ExampleKind, SizeCount> = { text: zero(), code: zero() };
  const byTask = Object.fromEntries(
    FAMILIES.map((f) => [f, { ...zero(), text: zero(), code: zero() }]),
  ) as ArmSummary['byTask'];
  const bySource: Record<string, SizeCount> = {};
  for (const ex of examples) {
    const bytes = exampleBytes(ex);
    const responseBytes = utf8Length(ex.response);
    const family = byTask[ex.task];
    for (const c of [total, byKind[ex.kind], family, family[ex.kind], (bySource[ex.source] ??= zero())]) {
      c.items += 1;
      c.bytes += bytes;
      c.responseBytes += responseBytes;
    }
  }
  return { ...total, byKind, byTask, bySource };
}
