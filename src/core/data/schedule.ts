// Mixing schedules: pure functions from training progress to the share of code in the batch, and
// from that to weights over the stage's sources. The paper's three 4-phase strategies are exact
// (PAPER.md §2): text:code 5:3 ×4 (uniform), 7:3, 7:3, 6:4, 5:5 (stepwise increase), 5:5, 6:4,
// 7:3, 7:3 (stepwise decrease), in four equal phases.

export type SourceKind = 'text' | 'code';

export type MixSchedule =
  | { type: 'fixed'; code: number }
  | { type: 'paper'; strategy: PaperStrategy }
  | { type: 'linear' | 'cosine'; from: number; to: number }
  /** Piecewise-linear code share over progress: points [progress 0..1, code share 0..1], sorted. */
  | { type: 'piecewise'; points: [number, number][] };

export type PaperStrategy = 'uniform' | 'stepwise-increase' | 'stepwise-decrease';

/** The paper's phases as text:code ratios. */
export const PAPER_PHASES: Record<PaperStrategy, [number, number][]> = {
  uniform: [
    [5, 3],
    [5, 3],
    [5, 3],
    [5, 3],
  ],
  'stepwise-increase': [
    [7, 3],
    [7, 3],
    [6, 4],
    [5, 5],
  ],
  'stepwise-decrease': [
    [5, 5],
    [6, 4],
    [7, 3],
    [7, 3],
  ],
};

/** The phase (0..3) a step falls in, for `totalSteps` split into four equal phases. */
export function paperPhase(step: number, totalSteps: number): number {
  return Math.min(3, Math.floor((4 * step) / Math.max(1, totalSteps)));
}

/** Share of code (0..1) at 0-based `step` of a stage of `totalSteps` steps. */
export function codeShare(schedule: MixSchedule, step: number, totalSteps: number): number {
  const progress = totalSteps <= 1 ? 0 : Math.min(1, Math.max(0, step / (totalSteps - 1)));
  switch (schedule.type) {
    case 'fixed':
      return schedule.code;
    case 'paper': {
      const [text, code] = PAPER_PHASES[schedule.strategy][paperPhase(step, totalSteps)];
      return code / (text + code);
    }
    case 'linear':
      return schedule.from + (schedule.to - schedule.from) * progress;
    case 'cosine':
      return schedule.from + (schedule.to - schedule.from) * 0.5 * (1 - Math.cos(Math.PI * progress));
    case 'piecewise': {
      const pts = schedule.points;
      if (progress <= pts[0][0]) return pts[0][1];
      for (let i = 1; i < pts.length; i++) {
        const [x1, y1] = pts[i];
        const [x0, y0] = pts[i - 1];
        if (progress <= x1) return x1 === x0 ? y1 : y0 + ((y1 - y0) * (progress - x0)) / (x1 - x0);
      }
      return pts[pts.length - 1][1];
    }
  }
}

export interface MixSource {
  name: string;
  kind: SourceKind;
  /** Relative weight within its kind (e.g. its token count); shares of a kind are split by it. */
  size: number;
}

/**
 * Weights over sources (summing to 1) for a code share: text sources split 1 − share, code
 * sources split share, each in proportion to its size. With only one kind present, that kind
 * gets everything.
 */
export function sourceWeights(sources: MixSource[], share: number): Record<string, number> {
  const total = (kind: SourceKind) => sources.filter((s) => s.kind === kind).reduce((n, s) => n + s.size, 0);
  const textTotal = total('text');
  const codeTotal = total('code');
  const codePart = codeTotal === 0 ? 0 : textTotal === 0 ? 1 : share;
  const out: Record<string, number> = {};
  for (const s of sources) {
    const kindTotal = s.kind === 'code' ? codeTotal : textTotal;
    const kindPart = s.kind === 'code' ? codePart : 1 - codePart;
    out[s.name] = kindTotal > 0 ? (kindPart * s.size) / kindTotal : 0;
  }
  return out;
}

/** Problems with a schedule, as messages naming the field (empty when valid). */
export function validateSchedule(schedule: MixSchedule, field = 'mix'): string[] {
  const share = (v: unknown, name: string) =>
    typeof v === 'number' && v >= 0 && v <= 1
      ? []
      : [`${field}.${name} must be a share from 0 to 1 (got ${JSON.stringify(v)})`];
  switch (schedule.type) {
    case 'fixed':
      return share(schedule.code, 'code');
    case 'paper':
      return schedule.strategy in PAPER_PHASES
        ? []
        : [
            `${field}.strategy must be one of ${Object.keys(PAPER_PHASES).join(', ')} (got ${JSON.stringify(schedule.strategy)})`,
          ];
    case 'linear':
    case 'cosine':
      return [...share(schedule.from, 'from'), ...share(schedule.to, 'to')];
    case 'piecewise': {
      const pts = schedule.points;
      if (!Array.isArray(pts) || pts.length < 2)
        return [`${field}.points needs at least two [progress, share] points`];
      const errors: string[] = [];
      pts.forEach((p, i) => {
        if (!Array.isArray(p) || p.length !== 2)
          errors.push(`${field}.points[${i}] must be [progress, share]`);
        else {
          errors.push(
            ...share(p[0], `points[${i}][0] (progress)`),
            ...share(p[1], `points[${i}][1] (share)`),
          );
          if (i > 0 && Array.isArray(pts[i - 1]) && p[0] < pts[i - 1][0]) {
            errors.push(
              `${field}.points must be sorted by progress (points[${i}] comes before points[${i - 1}])`,
            );
          }
        }
      });
      return errors;
    }
    default:
      return [`${field}.type must be fixed, paper, linear, cosine or piecewise`];
  }
}
