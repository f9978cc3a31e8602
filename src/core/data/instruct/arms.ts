// The paper's two instruction-tuning arms, built so that they differ only in code:
//
// 1. Slots. `count` slots are split over the families (FAMILY_WEIGHTS, largest remainder); the
//    reasoning families' slots cycle through levels 1-4. The TEXT arm fills every slot with a
//    natural-language example: a train-split item answered with its worded rationale, or a general
//    instruction (world facts and stories, WordNet, Factbook). No example anywhere contains an
//    evaluation-pool name or a frozen evaluation item; the text arm contains nothing code-like.
// 2. Replacement. The CODE arm is the text arm (same seed → the very same examples) with
//    round(codeShare·count) slots replaced, spread over the families in proportion (largest
//    remainder): a reasoning slot gets an item of the same task and level answered with its code
//    rationale (first candidate: the same item), a general slot gets a programming instruction
//    (code QA, code generation, 30-seconds-of-code, locutus). So both arms have the same number of
//    examples per family, and the code arm replaces rather than adds.
// 3. Budget. Replacement candidates are drawn one at a time and the first one that keeps the
//    family's running size difference (code arm − text arm, in `measure` units, default UTF-8
//    bytes of instruction + response) within a band of max(64, 0.5% of the family's text-arm
//    size) is taken; after 12 candidates the one closest to zero. Each family's sizes, and so the
//    totals, then differ by at most the band (< 2% guaranteed by the tests, well under 1% in practice).
import { Rng } from '../../rng';
import type { Level, TaskId } from '../../eval/types';
import { utf8Length } from '../../tokenizer/utf8';
import type { InstructCorpora } from './corpus-examples';
import { GeneralSources } from './general-examples';
import { evalNameIn, looksLikeCode } from './hygiene';
import { codeExample, drawItem, textExample, type DrawnItem } from './task-examples';
import {
  FAMILIES,
  FAMILY_WEIGHTS,
  type Arm,
  type ExampleKind,
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
  /** Hashes of items to keep out (default: the frozen TinyReason-6 set, excluded.ts). */
  evalHashes?: ReadonlySet<string>;
}

export const DEFAULT_CODE_SHARE = 0.3;
const BAND_FRACTION = 0.005;
const MIN_BAND = 64;
const REPAIR_ROUNDS = 8;
const MAX_TRIES = 64;

export const exampleBytes = (ex: InstructionExample): number =>
  utf8Length(ex.instruction) + utf8Length(ex.response);

/** Integer parts of `total` in proportion to `weights`, summing to `total` (largest remainder). */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!(sum > 0)) throw new Error('apportion: the weights must have a positive sum');
  const quotas = weights.map((w) => (w / sum) * total);
  const parts = quotas.map(Math.floor);
  const order = quotas.map((q, i) => [q - Math.floor(q), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
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
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new Error(`seed must be a non-negative integer, got ${o.seed}`);
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`count must be a positive integer, got ${o.count}`);
  const share = o.codeShare ?? DEFAULT_CODE_SHARE;
  if (!(share >= 0 && share <= 1)) throw new Error(`codeShare must be from 0 to 1, got ${share}`);
  return share;
}

/** The instruction set of one arm; deterministic in (arm, options). */
export function buildInstructionSet(arm: Arm, options: InstructionSetOptions): InstructionExample[] {
  const share = checkOptions(options);
  if (arm !== 'text' && arm !== 'code') throw new Error(`arm must be 'text' or 'code', got ${String(arm)}`);
  const measure = options.measure ?? exampleBytes;
  const rng = new Rng(options.seed);
  const used = new Set<string>(); // suite item hashes in the set
  const seen = new Set<string>(); // instruction + response of general examples
  const general = new GeneralSources(options.corpora ?? {}, rng.int(2 ** 31), used, options.evalHashes);
  let serial = 0;

  /** Draws from `make` until a candidate passes the filters (no eval names, no repeat, text stays text). */
  const fresh = (make: () => InstructionExample | undefined, kind: ExampleKind, what: string) => {
    for (let t = 0; t < MAX_TRIES; t++) {
      const ex = make();
      if (ex === undefined || evalNameIn(ex.instruction + '\n' + ex.response) !== undefined) continue;
      if (kind === 'text' && looksLikeCode(ex.instruction + '\n' + ex.response)) continue;
      const key = `${ex.instruction}\u0000${ex.response}`;
      if (seen.has(key) && t < MAX_TRIES - 1) continue;
      seen.add(key);
      return ex;
    }
    throw new Error(`could not draw a clean ${what} example in ${MAX_TRIES} tries`);
  };

  // 1. The text arm's slots.
  const weights = FAMILIES.map((f) => (options.families ? (options.families[f] ?? 0) : FAMILY_WEIGHTS[f]));
  const perFamily = apportion(weights, options.count);
  const slots: Slot[] = [];
  FAMILIES.forEach((family, fi) => {
    for (let i = 0; i < perFamily[fi]; i++) {
      if (family === 'general') {
        slots.push({ family, example: fresh(() => general.text(rng, serial++), 'text', 'general text') });
      } else {
        const level = (1 + (i % 4)) as Level;
        const drawn = drawItem(family as TaskId, level, rng, used, options.evalHashes);
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
    // A replacement's stratum: the slot's task and level, or (general) a code source drawn by weight.
    const strata = chosen.map(() => (family === 'general' ? general.codeSource(codeRng) : undefined));
    const draw = (k: number, first: boolean): InstructionExample => {
      const slot = chosen[k][0];
      if (family === 'general') {
        const source = strata[k] as NonNullable<(typeof strata)[number]>;
        return fresh(() => general.code(codeRng, serial++, source), 'code', `general ${source}`);
      }
      const item =
        first && slot.drawn
          ? slot.drawn
          : drawItem(family as TaskId, slot.level ?? 1, codeRng, used, options.evalHashes);
      return codeExample(item, family);
    };
    const current = chosen.map((_, k) => draw(k, true));
    let diff = current.reduce((d, ex, k) => d + measure(ex) - measure(chosen[k][0].example), 0);
    const familySize = mine.reduce((n, [s]) => n + measure(s.example), 0);
    const band = Math.max(MIN_BAND, BAND_FRACTION * familySize);
    const target = family === 'general' ? -carry : 0;
    // Repair: redraw one replacement at a time (same stratum), keeping a redraw only when it
    // brings the family's difference closer to its target.
    // Stops within the band, after REPAIR_ROUNDS rounds, or after a whole round without progress.
    let lastGain = 0;
    for (let a = 0; Math.abs(diff - target) > band && a < REPAIR_ROUNDS * chosen.length; a++) {
      if (a - lastGain >= chosen.length) break;
      const k = a % chosen.length;
      const cand = draw(k, false);
      const next = diff - measure(current[k]) + measure(cand);
      if (Math.abs(next - target) < Math.abs(diff - target)) [current[k], diff, lastGain] = [cand, next, a];
    }
    carry += diff;
    chosen.forEach(([, index], k) => (out[index] = current[k]));
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
