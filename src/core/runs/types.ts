// The run history's record of one training run: what was asked (recipe), where it ran, what it
// reported (downsampled metric series, the summary, evaluation reports) and the checkpoints it left.
// Plain JSON data only, so a record can sit in IndexedDB and travel in an exported run file.
import type { BackendName } from '../../contract/backend';
import type { EvalReport, EvalRequest } from '../../contract/eval';
import type { RunSummary } from '../../contract/train';

export type RunStatus = 'running' | 'done' | 'stopped' | 'failed';

/** One metric over training: x is the global optimiser step (stages laid end to end). */
export interface Series {
  x: number[];
  y: number[];
  /** Points merged into one (doubles whenever the series is halved to stay under its cap). */
  stride: number;
}

/** An evaluation of one of the run's checkpoints (or of the model it left loaded). */
export interface RunEvalEntry {
  at: string;
  checkpoint: string | null;
  /** The checkpoint's step when known. */
  step?: number;
  request: EvalRequest;
  report: EvalReport;
}

export interface RunRecord {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  status: RunStatus;
  /** The recipe as it was posted to the engine (the parsed form when it parsed). */
  recipe: unknown;
  backend: BackendName | null;
  summary: RunSummary | null;
  /** Why the run failed, when it did. */
  error?: string;
  /** Where a run trained outside this lab came from (e.g. `PyTorch cluster · cuda × 8`); absent for the lab's own. */
  origin?: string;
  /**
   * Series by key: `loss` (training, all sources), `lr`, `codeShare`, `realisedCodeShare`,
   * `tokPerSec`, `heldout/<source>` and `train/<source>` (nats per token from eval events).
   */
  metrics: Record<string, Series>;
  evalReports: RunEvalEntry[];
  /** Checkpoint names this run saved, in order of first save (a name saved again is listed once). */
  checkpoints: string[];
}

/** Most points a series keeps; older points are merged pairwise when it would exceed this. */
export const SERIES_CAP = 400;
