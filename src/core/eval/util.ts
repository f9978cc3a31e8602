// Small helpers shared by the generators: a per-item seeded RNG, picking, shuffling options with the
// answer tracked, and a string hash. The RNG is derived from (task, level, split, seed), so the train
// and eval streams of a task never share items by accident.
import { Rng } from '../rng';
import type { EvalTaskId, Level, Split } from './types';

/** FNV-1a 32-bit hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function itemRng(task: EvalTaskId, level: Level, split: Split, seed: number): Rng {
  return new Rng(hashString(`${task}/${level}/${split}/${seed}`));
}

export function pick<T>(rng: Rng, xs: readonly T[]): T {
  if (xs.length === 0) throw new Error('pick: empty list');
  return xs[rng.int(xs.length)];
}

/** `k` distinct elements in random order. */
export function sample<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  if (k > xs.length) throw new Error(`sample: asked for ${k} of ${xs.length}`);
  return shuffle(rng, xs).slice(0, k);
}

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** An integer in [lo, hi]. */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** Shuffle `correct` in among `distractors`; returns the options and the index of the correct one. */
export function shuffleOptions(
  rng: Rng,
  correct: string,
  distractors: readonly string[],
): { options: string[]; answer: number } {
  const all = [correct, ...distractors];
  if (new Set(all).size !== all.length) throw new Error(`options are not distinct: ${JSON.stringify(all)}`);
  const order = shuffle(
    rng,
    all.map((_, i) => i),
  );
  return { options: order.map((i) => all[i]), answer: order.indexOf(0) };
}

/**
 * `k` distinct wrong options: first from `candidates` (plausible mistakes), then from `fallback`,
 * skipping anything equal to `correct`. Throws if there are not enough.
 */
export function pickDistractors(
  rng: Rng,
  correct: string,
  candidates: readonly string[],
  fallback: readonly string[],
  k: number,
): string[] {
  const out: string[] = [];
  for (const c of [...shuffle(rng, candidates), ...fallback]) {
    if (out.length === k) break;
    if (c !== correct && c.trim() !== '' && !out.includes(c)) out.push(c);
  }
  if (out.length < k) throw new Error(`only ${out.length} distractors for ${JSON.stringify(correct)}`);
  return out;
}

/** Numeric near misses of a printed integer ("6" → "7", "5", "8", "4", "12", ...). */
export function numericNeighbours(text: string): string[] {
  const v = Number(text);
  if (!Number.isFinite(v) || text.trim() === '') return [`${text}0`, `${text}1`, `-${text}`];
  return [v + 1, v - 1, v + 2, v - 2, v * 2, v + 10, -v].map(String);
}

export function itemId(task: EvalTaskId, level: Level, split: Split, seed: number): string {
  return `${task}-L${level}-${split}-${String(seed).padStart(4, '0')}`;
}
