// Building a run's record from what the engine reports: the record starts when a run starts, takes
// each training event (metrics into downsampled series, checkpoints by name, the summary when done)
// and evaluation reports later. Functions update the record in place and return it.
import type { TrainEvent } from '../../contract/train';
import type { BackendName } from '../../contract/backend';
import { appendPoint, emptySeries } from './series';
import type { RunEvalEntry, RunRecord } from './types';

export interface NewRun {
  id: string;
  recipe: unknown;
  backend: BackendName | null;
  /** ISO time; default now. */
  createdAt?: string;
}

/** The name a recipe gives its run (its `name` field), or 'untitled run'. */
export function recipeName(recipe: unknown): string {
  const name = (recipe as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() ? name : 'untitled run';
}

export function createRunRecord(run: NewRun): RunRecord {
  const at = run.createdAt ?? new Date().toISOString();
  return {
    id: run.id,
    name: recipeName(run.recipe),
    createdAt: at,
    updatedAt: at,
    status: 'running',
    recipe: run.recipe,
    backend: run.backend,
    summary: null,
    metrics: {},
    evalReports: [],
    checkpoints: [],
  };
}

/** Steps before each stage (stages laid end to end), from the recipe's `stages[].steps`. */
export function stageOffsets(recipe: unknown): number[] {
  const stages = (recipe as { stages?: unknown } | null)?.stages;
  if (!Array.isArray(stages)) return [0];
  const offsets = [0];
  for (const s of stages) {
    const steps = (s as { steps?: unknown } | null)?.steps;
    offsets.push(offsets.at(-1)! + (typeof steps === 'number' && steps > 0 ? steps : 0));
  }
  return offsets;
}

function point(record: RunRecord, key: string, x: number, y: number): void {
  const s = (record.metrics[key] ??= emptySeries());
  appendPoint(s, x, y);
}

/** Folds one training event into the record (in place). Returns the record. */
export function applyTrainEvent(record: RunRecord, event: TrainEvent): RunRecord {
  const offsetOf = (stage: number) => stageOffsets(record.recipe)[stage] ?? 0;
  switch (event.type) {
    case 'metrics': {
      const x = offsetOf(event.stage) + event.step;
      point(record, 'loss', x, event.loss);
      point(record, 'lr', x, event.lr);
      point(record, 'codeShare', x, event.codeShare);
      point(record, 'realisedCodeShare', x, event.realisedCodeShare);
      point(record, 'tokPerSec', x, event.tokPerSec);
      break;
    }
    case 'eval': {
      const x = offsetOf(event.stage) + event.step;
      for (const [source, v] of Object.entries(event.heldout)) point(record, `heldout/${source}`, x, v.loss);
      for (const [source, v] of Object.entries(event.train)) point(record, `train/${source}`, x, v.loss);
      break;
    }
    case 'checkpoint':
      if (!record.checkpoints.includes(event.name)) record.checkpoints.push(event.name);
      break;
    case 'done':
      record.summary = event.summary;
      record.status = event.summary.stopped ? 'stopped' : 'done';
      break;
    case 'error':
      record.status = 'failed';
      record.error = event.message;
      break;
    default:
      return record;
  }
  record.updatedAt = new Date().toISOString();
  return record;
}

/** Marks a run that ended with an exception (its engine call rejected). */
export function failRun(record: RunRecord, message: string): RunRecord {
  record.status = 'failed';
  record.error ??= message;
  record.updatedAt = new Date().toISOString();
  return record;
}

export function attachEval(record: RunRecord, entry: RunEvalEntry): RunRecord {
  record.evalReports.push(entry);
  record.updatedAt = new Date().toISOString();
  return record;
}

/** The newest run (by creation time) that saved a checkpoint of this name, or undefined. */
export function runOfCheckpoint(runs: readonly RunRecord[], checkpoint: string): RunRecord | undefined {
  return [...runs]
    .filter((r) => r.checkpoints.includes(checkpoint))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** The current time as ISO text (one place, so the UI state needs no Date of its own). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** A fresh run id: time plus randomness, sortable by creation. */
export function newRunId(now = Date.now(), random: () => number = Math.random): string {
  const tail = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `run-${now.toString(36)}-${tail}`;
}
