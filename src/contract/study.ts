// The study queue's contract (issue 14): the state the engine keeps (and persists) for a study that
// runs a preset's arms one after another, and the events it streams while it runs. Plain data only:
// the arms themselves (recipes, evaluations) are not stored, they are expanded again from the preset
// (src/core/study), so a state holds only what happened to each arm.
import type { BackendName } from './backend';
import type { EvalReport } from './eval';
import type { RunSummary, StageKind } from './train';
import type { StudyPresetId } from '../core/study/types';

export type StudyArmStatus = 'pending' | 'running' | 'done' | 'failed';

/** running: the queue works through the arms; paused: by request; finished: nothing left it can run. */
export type StudyStatus = 'running' | 'paused' | 'finished';

/** Where an arm is within its own work (kept in memory; persisted with the arm at checkpoints). */
export interface StudyArmProgress {
  phase: 'prepare' | 'train' | 'evaluate';
  /** Training: the stage, its kind, steps done in it and its length. */
  stage?: number;
  stageKind?: StageKind;
  step?: number;
  stageSteps?: number;
  /** Evaluation: which one, and how far: evalDone of evalTotal engine requests (fractional within one). */
  evalId?: 'main' | 'cot';
  evalDone?: number;
  evalTotal?: number;
}

/** One continuation of an interrupted arm from its own checkpoint. */
export interface StudyArmResume {
  at: string;
  /** The checkpoint it continued from: stage (when known) and step within that stage. */
  stage: number | null;
  step: number;
  /** The first step the continued run reported (greater than `step` when it did not start over). */
  firstStep: number | null;
}

export interface StudyArmState {
  id: string;
  status: StudyArmStatus;
  /** The checkpoint this arm's training saves to (and its tuned arms start from). */
  checkpoint: string;
  /** The last checkpoint the arm's training reported: stage and step within it. */
  lastCheckpoint: { stage: number; step: number } | null;
  /** Training runs started for this arm (1 when it was never interrupted). */
  trainAttempts: number;
  resumes: StudyArmResume[];
  progress: StudyArmProgress | null;
  /** The training run's summary once training has finished (then only evaluations remain). */
  summary: RunSummary | null;
  /** The evaluation reports by evaluation id ('main', and 'cot' where the preset asks). */
  reports: Partial<Record<'main' | 'cot', EvalReport>>;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface StudyState {
  format: 'codemix-study-state';
  version: 1;
  /** Unique per study: checkpoint names start with it, so a new study never resumes an old one's. */
  id: string;
  presetId: StudyPresetId;
  /** The backend the study started on (a resume may run on another: recorded per run summary). */
  backend: BackendName;
  createdAt: string;
  updatedAt: string;
  status: StudyStatus;
  /** Arm ids in the order they run (pending arms can be reordered; an arm never before its initFrom). */
  order: string[];
  arms: Record<string, StudyArmState>;
}

/** A state as the engine reports it: `live` says whether the queue is running in this engine now. */
export interface StudySnapshot extends StudyState {
  live: boolean;
}

export type StudyEvent =
  /** The whole state, after every status change, checkpoint, report and reorder. */
  | { type: 'state'; state: StudySnapshot }
  /** An arm's progress moved (training step or evaluation item); cheap, not persisted each time. */
  | { type: 'progress'; armId: string; progress: StudyArmProgress }
  /** An arm failed (the queue goes on with the arms that do not depend on it). */
  | { type: 'error'; armId: string | null; message: string };
