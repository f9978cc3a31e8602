// The schedule designer's model, as pure functions: the strategies a person picks from, the form's
// values (kept per strategy, so switching back and forth loses nothing), the schedule they make,
// the code-share curve over a stage's steps for the chart, and edits of piecewise points that keep
// them sorted and inside the chart.
import {
  codeShare,
  PAPER_PHASES,
  validateSchedule,
  type MixSchedule,
  type PaperStrategy,
} from '../../core/data/schedule';
import type { XY } from '../charts/chart-data';

export type Strategy =
  'fixed' | 'uniform' | 'stepwise-increase' | 'stepwise-decrease' | 'linear' | 'cosine' | 'piecewise';

export interface StrategyInfo {
  id: Strategy;
  label: string;
  hint: string;
}

const ratios = (s: PaperStrategy) => PAPER_PHASES[s].map(([t, c]) => `${t}:${c}`).join(', ');

export const STRATEGIES: readonly StrategyInfo[] = [
  { id: 'fixed', label: 'Fixed share', hint: 'The same code share at every step.' },
  {
    id: 'uniform',
    label: 'Paper: uniform',
    hint: `Four equal phases, text:code ${ratios('uniform')} (Ma et al. 2024).`,
  },
  {
    id: 'stepwise-increase',
    label: 'Paper: stepwise increase',
    hint: `Four equal phases, text:code ${ratios('stepwise-increase')}: more code later.`,
  },
  {
    id: 'stepwise-decrease',
    label: 'Paper: stepwise decrease',
    hint: `Four equal phases, text:code ${ratios('stepwise-decrease')}: more code early.`,
  },
  { id: 'linear', label: 'Linear ramp', hint: 'From one share to another in a straight line.' },
  { id: 'cosine', label: 'Cosine ramp', hint: 'From one share to another along half a cosine.' },
  {
    id: 'piecewise',
    label: 'Custom points',
    hint: 'Straight lines between points (progress, share): drag them on the chart or type them.',
  },
];

/** The form's values: every strategy's parameters, so switching strategy keeps the others. */
export interface MixDesign {
  strategy: Strategy;
  /** Code share of the fixed strategy (0..1). */
  code: number;
  /** Ramp ends (0..1). */
  from: number;
  to: number;
  /** Piecewise points [progress 0..1, code share 0..1], sorted by progress. */
  points: [number, number][];
}

export function defaultDesign(strategy: Strategy = 'stepwise-increase'): MixDesign {
  return {
    strategy,
    code: 0.3,
    from: 0.2,
    to: 0.5,
    points: [
      [0, 0.2],
      [0.5, 0.3],
      [1, 0.5],
    ],
  };
}

const PAPER = new Set<Strategy>(['uniform', 'stepwise-increase', 'stepwise-decrease']);

/** The schedule a design describes. */
export function designToSchedule(d: MixDesign): MixSchedule {
  switch (d.strategy) {
    case 'fixed':
      return { type: 'fixed', code: d.code };
    case 'linear':
    case 'cosine':
      return { type: d.strategy, from: d.from, to: d.to };
    case 'piecewise':
      return { type: 'piecewise', points: d.points.map(([x, y]) => [x, y]) };
    default:
      return { type: 'paper', strategy: d.strategy };
  }
}

/** A design showing `schedule` (the other strategies keep their defaults). */
export function designFromSchedule(schedule: MixSchedule): MixDesign {
  const d = defaultDesign();
  switch (schedule.type) {
    case 'fixed':
      return { ...d, strategy: 'fixed', code: schedule.code };
    case 'paper':
      return { ...d, strategy: schedule.strategy };
    case 'linear':
    case 'cosine':
      return { ...d, strategy: schedule.type, from: schedule.from, to: schedule.to };
    case 'piecewise':
      return { ...d, strategy: 'piecewise', points: schedule.points.map(([x, y]) => [x, y]) };
  }
}

/** Problems with a design (validateSchedule's messages, naming `field`), empty when it is valid. */
export function designProblems(d: MixDesign, field = 'mix'): string[] {
  return validateSchedule(designToSchedule(d), field);
}

/** One line saying what a schedule does, e.g. "stepwise increase: text:code 7:3, 7:3, 6:4, 5:5". */
export function describeSchedule(s: MixSchedule): string {
  const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
  switch (s.type) {
    case 'fixed':
      return `fixed: ${pct(s.code)} code`;
    case 'paper':
      return `${s.strategy.replace('-', ' ')}: text:code ${ratios(s.strategy)}`;
    case 'linear':
    case 'cosine':
      return `${s.type} ramp: ${pct(s.from)} → ${pct(s.to)} code`;
    case 'piecewise':
      return `points: ${s.points.map(([x, y]) => `${pct(x)}→${pct(y)}`).join(', ')}`;
  }
}

/**
 * The code share (0..1) at the steps a chart should draw for a stage of `steps` steps: every step
 * when there are at most `maxPoints`, else an even sample plus both sides of every jump (paper
 * phases) and every piecewise point, so steps and corners are drawn exactly.
 */
export function scheduleCurve(schedule: MixSchedule, steps: number, maxPoints = 400): XY[] {
  const last = Math.max(0, Math.floor(steps) - 1);
  const xs = new Set<number>();
  if (last + 1 <= maxPoints) for (let s = 0; s <= last; s++) xs.add(s);
  else {
    for (let i = 0; i < maxPoints; i++) xs.add(Math.round((i * last) / (maxPoints - 1)));
    const corners: number[] =
      schedule.type === 'paper'
        ? [1, 2, 3].map((k) => Math.ceil((k * (last + 1)) / 4))
        : schedule.type === 'piecewise'
          ? schedule.points.map(([p]) => p * last)
          : [];
    for (const c of corners)
      for (const s of [Math.floor(c) - 1, Math.floor(c), Math.ceil(c)]) if (s >= 0 && s <= last) xs.add(s);
  }
  return [...xs].sort((a, b) => a - b).map((s) => [s, codeShare(schedule, s, last + 1)] as const);
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Move point `i` to (progress, share): share clamped to 0..1, progress to 0..1 and between its
 * neighbours (so the points stay sorted); the first and last points keep their progress, so a
 * drag never uncovers the start or end of the stage. (Typed values go in as they are, and
 * validation says what is wrong with them.)
 */
export function movePoint(
  points: readonly [number, number][],
  i: number,
  progress: number,
  share: number,
): [number, number][] {
  const out = points.map(([x, y]) => [x, y] as [number, number]);
  if (i < 0 || i >= out.length) return out;
  const lo = i === 0 ? 0 : out[i - 1][0];
  const hi = i === out.length - 1 ? 1 : out[i + 1][0];
  const x = i === 0 || i === out.length - 1 ? out[i][0] : clamp(progress, lo, hi);
  out[i] = [round3(x), round3(clamp(share, 0, 1))];
  return out;
}

/** Add a point in the middle of the widest gap, on the line between its neighbours. */
export function addPoint(points: readonly [number, number][]): [number, number][] {
  const out = points.map(([x, y]) => [x, y] as [number, number]);
  if (out.length < 2) return [...out, [1, out[0]?.[1] ?? 0.3]];
  let at = 1;
  for (let i = 2; i < out.length; i++) if (out[i][0] - out[i - 1][0] > out[at][0] - out[at - 1][0]) at = i;
  const [x0, y0] = out[at - 1];
  const [x1, y1] = out[at];
  out.splice(at, 0, [round3((x0 + x1) / 2), round3((y0 + y1) / 2)]);
  return out;
}

/** Remove point `i`, keeping at least two. */
export function removePoint(points: readonly [number, number][], i: number): [number, number][] {
  const out = points.map(([x, y]) => [x, y] as [number, number]);
  if (out.length > 2) out.splice(i, 1);
  return out;
}

export const isPaper = (s: Strategy): boolean => PAPER.has(s);
