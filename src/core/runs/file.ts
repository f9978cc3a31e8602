// One run as one JSON file: the run record and its checkpoint files (base64), under a format name and
// version. Reading checks everything before anything is used and names each problem by its path in
// the file (e.g. `run.metrics.loss: x and y differ in length`), the recipe through the recipe schema.
import { z } from 'zod';
import { ALL_TASKS } from '../eval/types';
import { RecipeError, parseRecipe } from '../recipe/recipe';
import { base64ToBytes, bytesToBase64 } from './base64';
import type { RunRecord } from './types';

export const RUN_FILE_FORMAT = 'codemix-run';
export const RUN_FILE_VERSION = 1;
export const SUPPORTED_RUN_FILE_VERSIONS: readonly number[] = [1];

/** Checkpoint name → file name → bytes. */
export type CheckpointBundle = Record<string, Record<string, Uint8Array>>;

export interface RunFileContents {
  run: RunRecord;
  checkpoints: CheckpointBundle;
  exportedAt: string;
}

export class RunFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`Not a usable run file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RunFileError';
  }
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const series = z
  .object({ x: z.array(finite), y: z.array(finite), stride: z.number().int().min(1) })
  .refine((s) => s.x.length === s.y.length, 'x and y differ in length');
const evalReport = z.looseObject({
  suite: z.string(),
  protocol: z.string(),
  cot: z.boolean(),
  summary: z.array(
    z.looseObject({
      task: z.enum(ALL_TASKS),
      level: z.union([z.number(), z.literal('all')]),
      n: z.number().int().min(0),
      correct: z.number().int().min(0),
      aboveChance: z.boolean(),
      accuracy: z.number().min(0).max(1),
      chance: z.number().min(0).max(1),
      ci95: z.tuple([z.number(), z.number()]),
    }),
  ),
  items: z.array(z.looseObject({ id: z.string(), task: z.enum(ALL_TASKS), prompt: z.string() })),
  seconds: z.number(),
});
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date and time');
const runSchema = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().min(1).max(200),
    createdAt: isoTime,
    updatedAt: isoTime,
    status: z.enum(['running', 'done', 'stopped', 'failed']),
    recipe: z.unknown(),
    backend: z.enum(['webgpu', 'wasm', 'cpu']).nullable(),
    summary: z.looseObject({ name: z.string(), steps: z.number(), tokens: z.number() }).nullable(),
    error: z.string().optional(),
    origin: z.string().max(200).optional(),
    metrics: z.record(z.string(), series),
    evalReports: z.array(
      z.object({
        at: isoTime,
        checkpoint: z.string().nullable(),
        step: z.number().optional(),
        request: z.looseObject({}),
        report: evalReport,
      }),
    ),
    checkpoints: z.array(z.string().min(1)),
  })
  .strict();
const fileSchema = z
  .object({
    format: z.literal(RUN_FILE_FORMAT),
    version: z.number().int(),
    exportedAt: isoTime,
    run: runSchema,
    checkpoints: z.record(z.string().min(1), z.record(z.string().min(1), z.string())),
  })
  .strict();

/** The run file's text: the record and the checkpoint files it brings along. */
export function exportRunFile(run: RunRecord, checkpoints: CheckpointBundle = {}, now = new Date()): string {
  const encoded: Record<string, Record<string, string>> = {};
  for (const [name, files] of Object.entries(checkpoints))
    encoded[name] = Object.fromEntries(Object.entries(files).map(([f, b]) => [f, bytesToBase64(b)]));
  return JSON.stringify({
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    exportedAt: now.toISOString(),
    run,
    checkpoints: encoded,
  });
}

/** Reads a run file's text; throws RunFileError listing every problem with its path. */
export function parseRunFile(text: string): RunFileContents {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new RunFileError([`the file is not JSON (${(e as Error).message}): is it a codemix-lab run file?`]);
  }
  const head = value as { format?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || Array.isArray(head))
    throw new RunFileError(['the file holds no JSON object: is it a codemix-lab run file?']);
  if (head.format !== RUN_FILE_FORMAT)
    throw new RunFileError([
      `format: expected "${RUN_FILE_FORMAT}", found ${JSON.stringify(head.format) ?? 'nothing'} (not a run exported by codemix-lab)`,
    ]);
  if (typeof head.version !== 'number' || !SUPPORTED_RUN_FILE_VERSIONS.includes(head.version))
    throw new RunFileError([
      `version: ${JSON.stringify(head.version)} is not supported (this lab reads version ${SUPPORTED_RUN_FILE_VERSIONS.join(', ')})`,
    ]);
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success)
    throw new RunFileError(
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`),
    );
  const file = parsed.data;
  const problems: string[] = [];
  try {
    parseRecipe(file.run.recipe);
  } catch (e) {
    if (!(e instanceof RecipeError)) throw e;
    problems.push(
      ...e.problems.map((p) => (p.startsWith('(recipe)') ? `run.recipe${p.slice(8)}` : `run.recipe.${p}`)),
    );
  }
  const checkpoints: CheckpointBundle = {};
  for (const [name, files] of Object.entries(file.checkpoints)) {
    if (!file.run.checkpoints.includes(name))
      problems.push(
        `checkpoints.${name}: not one of the run's checkpoints (${file.run.checkpoints.join(', ')})`,
      );
    checkpoints[name] = {};
    for (const [f, b64] of Object.entries(files)) {
      try {
        checkpoints[name][f] = base64ToBytes(b64);
      } catch (e) {
        problems.push(`checkpoints.${name}.${f}: ${(e as Error).message}`);
      }
    }
  }
  if (problems.length) throw new RunFileError(problems);
  return { run: file.run as unknown as RunRecord, checkpoints, exportedAt: file.exportedAt };
}

/** A file name for a run's export: its name made safe, plus the date. */
export function runFileName(run: RunRecord): string {
  const safe = run.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  return `${safe}-${run.createdAt.slice(0, 10)}.codemix-run.json`;
}
