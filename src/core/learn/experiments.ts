// The Learn page's experiments, kept as data beside the content (src/content/learn/experiments.json):
// a pair of pre-training runs that differ only in their data (text only vs code + text), and the
// scoring of that pair on a few suite items. Each arm's recipe is checked with the lab's own recipe
// parser, so a content file can never ask the engine for something it would refuse. Also the pure
// helpers the page needs: unique checkpoint names, loss curves from run events, and a task-by-task
// table of two evaluation reports against chance.
import { z } from 'zod';
import { parseRecipe, RecipeError, type Recipe } from '../recipe/recipe';
import { ALL_TASKS, MC_PROTOCOLS, wilson, type EvalTaskId, type McProtocol, type SummaryRow } from '../eval';
import type { TrainEvent } from '../../contract/train';

export interface ArmSpec {
  id: string;
  label: string;
  /** Checkpoints are saved as `<prefix>-<time>`, never over the user's own runs. */
  checkpointPrefix: string;
  recipe: Recipe;
}

export interface PairSpec {
  kind: 'pretrain-pair';
  title: string;
  arms: ArmSpec[];
}

export interface ScoreSpec {
  kind: 'score-pair';
  title: string;
  /** The pair whose models are scored. */
  of: string;
  tasks: EvalTaskId[];
  /** Items per task and level. */
  limit: number;
  protocol: McProtocol;
}

export type ExperimentSpec = PairSpec | ScoreSpec;

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');
const armSchema = z
  .object({
    id,
    label: z.string().min(1).max(40),
    checkpointPrefix: z.string().regex(/^learn-[a-z0-9-]+$/, 'must start with "learn-" (lower case, dashes)'),
    recipe: z.unknown(),
  })
  .strict();
const experimentSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('pretrain-pair'),
      title: z.string().min(1),
      arms: z.array(armSchema).length(2),
    })
    .strict(),
  z
    .object({
      kind: z.literal('score-pair'),
      title: z.string().min(1),
      of: id,
      tasks: z.array(z.enum(ALL_TASKS)).min(1),
      limit: z.number().int().min(1).max(10),
      protocol: z.enum(MC_PROTOCOLS as [McProtocol, ...McProtocol[]]),
    })
    .strict(),
]);

/** Validate the experiments file; throws one error listing every problem by its path. */
export function parseExperiments(input: unknown): Record<string, ExperimentSpec> {
  const problems: string[] = [];
  const out: Record<string, ExperimentSpec> = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new Error('experiments: expected an object of experiments by id');
  for (const [key, value] of Object.entries(input)) {
    if (!id.safeParse(key).success) problems.push(`${key}: an experiment id must be lower-case-with-dashes`);
    const parsed = experimentSchema.safeParse(value);
    // Recipes are checked even when other fields are wrong, so one run lists every problem.
    const rawArms = (value as { arms?: unknown }).arms;
    const recipes = (Array.isArray(rawArms) ? rawArms : []).map((arm: unknown, i) => {
      try {
        return parseRecipe((arm as { recipe?: unknown } | null)?.recipe);
      } catch (e) {
        const lines = e instanceof RecipeError ? e.problems : [e instanceof Error ? e.message : String(e)];
        for (const line of lines) problems.push(`${key}.arms.${i}.recipe: ${line}`);
        return null;
      }
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${[key, ...issue.path].join('.')}: ${issue.message}`);
      continue;
    }
    const spec = parsed.data;
    if (spec.kind === 'score-pair') {
      out[key] = { ...spec, tasks: [...spec.tasks] };
      continue;
    }
    const arms = spec.arms.flatMap((arm, i) => (recipes[i] ? [{ ...arm, recipe: recipes[i] }] : []));
    arms.forEach((arm, i) => {
      if (arm.recipe.stages.length !== 1 || arm.recipe.stages[0].kind !== 'pretrain')
        problems.push(`${key}.arms.${i}.recipe.stages: a pair arm is one 'pretrain' stage`);
    });
    if (arms.length === 2 && sharedSources({ kind: 'pretrain-pair', title: '', arms }).length === 0)
      problems.push(`${key}.arms: the arms share no source, so nothing can compare them on the same text`);
    if (new Set(spec.arms.map((a) => a.id)).size !== spec.arms.length)
      problems.push(`${key}.arms: the arms need different ids`);
    if (new Set(spec.arms.map((a) => a.checkpointPrefix)).size !== spec.arms.length)
      problems.push(`${key}.arms: the arms need different checkpoint prefixes`);
    out[key] = { kind: spec.kind, title: spec.title, arms };
  }
  for (const [key, spec] of Object.entries(out))
    if (spec.kind === 'score-pair' && out[spec.of]?.kind !== 'pretrain-pair')
      problems.push(`${key}.of: "${spec.of}" is not a pretrain-pair experiment in this file`);
  if (problems.length)
    throw new Error(`Invalid Learn experiments:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return out;
}

/** The pretrain sources every arm of a pair reads (the text both models can be compared on). */
export function sharedSources(pair: PairSpec): string[] {
  const sourcesOf = (arm: ArmSpec) =>
    arm.recipe.stages.flatMap((s) => (s.kind === 'pretrain' ? s.sources : []));
  const [first, ...rest] = pair.arms.map(sourcesOf);
  return (first ?? []).filter((s) => rest.every((other) => other.includes(s)));
}

/** `learn-text` at (epoch ms of) 2026-11-26T03:45:12.345Z → `learn-text-20261126-034512-345` (UTC, sortable). */
export function checkpointNameFor(prefix: string, atMs: number): string {
  const iso = new Date(atMs).toISOString(); // 2026-11-26T03:45:12.345Z
  return `${prefix}-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${iso.slice(20, 23)}`;
}

/** The training-loss curve of a run: [step, mean loss of the logged window] per metrics event. */
export function lossCurve(events: readonly TrainEvent[]): [number, number][] {
  return events.flatMap((e) => (e.type === 'metrics' ? [[e.step, e.loss] as [number, number]] : []));
}

/**
 * How far a curve fell: the mean of its first and last few points (noise-tolerant, since one
 * logged window is a couple of batches). Null while it has fewer than two points.
 */
export function lossDrop(
  curve: readonly (readonly [number, number])[],
  window = 3,
): {
  first: number;
  last: number;
} | null {
  if (curve.length < 2) return null;
  const k = Math.max(1, Math.min(window, Math.floor(curve.length / 2)));
  const mean = (pts: readonly (readonly [number, number])[]) =>
    pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  return { first: mean(curve.slice(0, k)), last: mean(curve.slice(-k)) };
}

export interface ScoreCell {
  n: number;
  correct: number;
  accuracy: number;
  ci95: [number, number];
}

export interface ScoreRow {
  /** A task, or 'all' for the items of every listed task pooled. */
  task: EvalTaskId | 'all';
  chance: number;
  /** One cell per report, in the reports' order (null: the report has no such task). */
  cells: (ScoreCell | null)[];
}

/** Per task (all levels), then pooled: each report's accuracy beside the task's chance level. */
export function scoreTable(
  tasks: readonly EvalTaskId[],
  reports: readonly (readonly SummaryRow[])[],
): ScoreRow[] {
  const rows: ScoreRow[] = tasks.map((task) => {
    const found = reports.map((summary) => summary.find((r) => r.task === task && r.level === 'all') ?? null);
    const chance = found.find((r) => r !== null)?.chance ?? 0;
    return {
      task,
      chance,
      cells: found.map((r) =>
        r ? { n: r.n, correct: r.correct, accuracy: r.accuracy, ci95: r.ci95 } : null,
      ),
    };
  });
  const pooled = reports.map((_, i) => {
    const cells = rows.map((r) => r.cells[i]).filter((c): c is ScoreCell => c !== null);
    const n = cells.reduce((s, c) => s + c.n, 0);
    const correct = cells.reduce((s, c) => s + c.correct, 0);
    return n === 0 ? null : { n, correct, accuracy: correct / n, ci95: wilson(correct, n) };
  });
  const weights = rows.map((r) => r.cells.find((c) => c !== null)?.n ?? 0);
  const total = weights.reduce((s, w) => s + w, 0);
  const chance = total === 0 ? 0 : rows.reduce((s, r, i) => s + r.chance * weights[i], 0) / total;
  return [...rows, { task: 'all', chance, cells: pooled }];
}
