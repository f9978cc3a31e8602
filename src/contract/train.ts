// What a training run reports while it runs, and what it asks of its host. Plain data only.
import type { BackendName } from './backend';
import type { MixSchedule } from '../core/data/schedule';
import type { MemoryFigures } from './bench';

/** A corpus the engine can train on (a built-in source, or later the user's own files). */
export interface CorpusInfo {
  name: string;
  kind: 'text' | 'code';
  licence: string;
  bytes: number;
  documents: number;
}

/** Where the engine reads corpora: a directory in Node, fetched files or OPFS in the browser. */
export interface CorpusProvider {
  list(): Promise<CorpusInfo[]>;
  /** The documents of a source's split. */
  read(name: string, split: 'train' | 'heldout'): Promise<string[]>;
}

/** Pre-training on corpora, or instruction tuning on one of the two instruction arms. */
export type StageKind = 'pretrain' | 'instruct';

export interface MetricsEvent {
  type: 'metrics';
  stage: number;
  stageKind: StageKind;
  /** Optimiser steps completed in this stage. */
  step: number;
  /** The stage's length in steps. */
  stageSteps: number;
  /** Steps this event covers (since the previous metrics event of the stage): every step is in one. */
  windowSteps: number;
  /** Mean training loss (nats per token) over the steps since the last metrics event. */
  loss: number;
  /** The same in bits per byte of text (comparable across tokenizers). */
  bitsPerByte: number;
  gradNorm: number;
  lr: number;
  tokPerSec: number;
  /** The code share in force at this step (schedule or live override). */
  codeShare: number;
  /** Scheduled weights per source at this step (instruct: `instruct/text`, `instruct/code`). */
  mix: Record<string, number>;
  /** Share of rows each source actually got since the last metrics event. */
  realisedMix: Record<string, number>;
  /** Rows each source got over the window (what realisedMix is the share of). */
  rowsBySource: Record<string, number>;
  /** Mean over the window's steps of the share the weights gave code sources (0 if the stage has none). */
  scheduledCodeShare: number;
  /** Share of the window's rows drawn from code sources (instruct: code-instruction rows). */
  realisedCodeShare: number;
  /** Target tokens drawn per source so far in this stage (exact). */
  tokensBySource: Record<string, number>;
  numTensors: number;
  elapsedSec: number;
}

/** A live change to the mix: a fixed code share (null: back to the schedule) and/or a new schedule. */
export interface MixChange {
  codeShare?: number | null;
  schedule?: MixSchedule;
}

/** The mix in force: the stage's schedule, and a fixed code share that overrides it when set. */
export interface MixSetting {
  schedule: MixSchedule;
  codeShareOverride: number | null;
}

/** A mix change took effect at `step` (the first step drawn with the new mix). */
export interface MixChangeEvent {
  type: 'mix-change';
  stage: number;
  step: number;
  before: MixSetting;
  after: MixSetting;
}

export interface EvalEvent {
  type: 'eval';
  stage: number;
  stageKind?: StageKind;
  step: number;
  /**
   * Held-out loss per source (nats per token), and the same in bits per byte. An instruct stage
   * reports its pre-training sources (LM loss on held-out windows) and held-out instruction examples
   * (response tokens only) by kind, `instruct/text` and `instruct/code`, and by family, `instruct/logic`…
   */
  heldout: Record<string, { loss: number; bitsPerByte: number }>;
  /** Training-split loss per source on fixed windows (for train vs held-out curves). */
  train: Record<string, { loss: number; bitsPerByte: number }>;
}

export interface SampleEvent {
  type: 'sample';
  stage: number;
  step: number;
  prompt: string;
  text: string;
}

export interface CheckpointEvent {
  type: 'checkpoint';
  stage: number;
  step: number;
  name: string;
  bytes: number;
}

export interface ProgressEvent {
  type: 'progress';
  phase: 'corpora' | 'tokenizer' | 'tokenize' | 'instruct';
  done: number;
  total: number;
  message: string;
}

export interface RunSummary {
  name: string;
  backend: BackendName;
  steps: number;
  tokens: number;
  wallSeconds: number;
  params: number;
  vocabSize: number;
  /** Final losses per source (nats per token) on held-out and training windows. */
  final: EvalEvent['heldout'] extends infer H ? { heldout: H; train: H } : never;
  /** Per source: bytes per token of its held-out text, to turn losses into bits per byte. */
  bytesPerToken: Record<string, number>;
  stopped: boolean;
}

export interface DoneEvent {
  type: 'done';
  summary: RunSummary;
}

/**
 * Live speed figures of the running stage, at most about once a second (workers/train/perf-monitor.ts):
 * the same figures as a bench record, measured on the real training steps.
 */
export interface PerfEvent {
  type: 'perf';
  stage: number;
  step: number;
  /** Wall time per optimiser step since the last perf event (idle waits such as a pause excluded). */
  msPerStep: number;
  tokPerSec: number;
  /** Kernels one training step launches (tf.profile of the stage's first step). */
  kernelsPerStep: number;
  /** Model FLOPs utilisation against `peakGflops` (a measured 2-D matmul peak on this backend). */
  mfu: number;
  peakGflops: number;
  /** The largest memory figures so far in this stage. */
  peakMemory: MemoryFigures;
}

export interface ErrorEvent {
  type: 'error';
  message: string;
}

export type TrainEvent =
  | MetricsEvent
  | MixChangeEvent
  | EvalEvent
  | SampleEvent
  | CheckpointEvent
  | ProgressEvent
  | PerfEvent
  | DoneEvent
  | ErrorEvent;
