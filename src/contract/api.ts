// The engine's contract: what the UI (through Comlink) and the CLI/tests (in-thread) may ask of it.
// Only plain data crosses this boundary; tensors stay inside the engine.
import type { BackendChoice, EngineInfo } from './backend';
import type { EngineEvent } from './events';
import type { CorpusInfo, MixChange, RunSummary, TrainEvent } from './train';
import type { EvalProgress, EvalReport, EvalRequest } from './eval';
import type { BenchRecord, BenchRequest } from './bench';
import type { StudyEvent, StudySnapshot } from './study';
import type { StudyPresetId } from '../core/study/types';
import type {
  CompareLossesRequest,
  LossComparison,
  NextTokensRequest,
  NextTokensResult,
  PlaygroundSample,
  TokenLossRequest,
  TokenLossResult,
} from './playground';
import type {
  UserFileInfo,
  UserFileKind,
  UserFileResult,
  UserFileUpload,
} from '../core/data/user-files/types';

export type { UserFileInfo, UserFileKind, UserFileResult, UserFileUpload };

export type GpuFaultKind = 'device-loss' | 'validation-error';

export interface InitOptions {
  backend?: BackendChoice;
}

export interface GenerateRequest {
  prompt: string;
  temperature?: number;
  topK?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
}

export interface ScoreRequest {
  context: string;
  continuation: string;
}

export interface ScoreResult {
  logprobSum: number;
  tokens: number;
  tokenLogprobs: number[];
}

export interface CheckpointInfo {
  name: string;
  bytes: number;
  step?: number;
  createdAt?: string;
  problem?: string;
}

/** The model the engine currently holds (after training or loading a checkpoint). */
export interface LoadedModel {
  checkpoint: string | null;
  params: number;
  vocabSize: number;
  blockSize: number;
  step: number;
}

export interface TrainOptions {
  /** Name of a saved checkpoint to continue from. */
  resumeFrom?: string;
  /** Name under which checkpoints of this run are saved (default: the recipe's name). */
  checkpointName?: string;
  /**
   * Name of another run's checkpoint at the end of one of its stages to start from, when that run's
   * recipe is a prefix of this one (a study's tuned arm continues its pre-training arm); refused,
   * naming every mismatch, otherwise. Ignored when `resumeFrom` is given.
   */
  initFrom?: string;
}

export interface EngineApi {
  /** Pick a backend, report the device and run the numerics self-test. Resolves when ready. */
  init(options: InitOptions, onEvent: (event: EngineEvent) => void): Promise<EngineInfo>;
  /** The info from the last successful init, or null before it. */
  info(): Promise<EngineInfo | null>;
  /**
   * Diagnostics: provoke a GPU fault so the device-lost and uncaptured-error paths can be shown
   * and tested end to end. Resolves false when the engine is not on WebGPU.
   */
  simulateGpuFault(kind: GpuFaultKind): Promise<boolean>;

  /** The corpora available for training (the built ones, then `user-text`/`user-code` if any). */
  listCorpora(): Promise<CorpusInfo[]>;
  /**
   * Check and keep the user's own files (browser storage only): one result per file, in order,
   * accepted (with its kind, figures, and whether it replaced a kept file of that name) or rejected
   * with the reason. A bad file never stops the others. Kept files train as `user-text`/`user-code`.
   */
  addUserFiles(files: UserFileUpload[]): Promise<UserFileResult[]>;
  /** The user's kept files, sorted by name. */
  listUserFiles(): Promise<UserFileInfo[]>;
  /** Train a kept file as text or as code (overrides the kind its extension suggested). */
  setUserFileKind(name: string, kind: UserFileKind): Promise<UserFileInfo>;
  deleteUserFile(name: string): Promise<void>;
  /** Train from a recipe (JSON object; validated, errors name the field). Events stream to onEvent. */
  train(recipe: unknown, onEvent: (event: TrainEvent) => void, options?: TrainOptions): Promise<RunSummary>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Change the code/text mix of the running stage from its next step on: a fixed code share
   * (null returns to the schedule) and/or another schedule. Recorded in the run's events and
   * checkpoints. Rejects an invalid change, or when nothing is training.
   */
  setMix(change: MixChange): Promise<void>;
  /**
   * Measure training speed on the active backend (tokens/s, ms/step, kernels/step, MFU, peak
   * memory): a fresh model of the preset on random tokens, leaving the loaded model alone.
   * Rejects while a run is training.
   */
  bench(request: BenchRequest): Promise<BenchRecord>;

  /** Generate from the loaded model, streaming text pieces. */
  generate(request: GenerateRequest, onText: (piece: string) => void): Promise<string>;
  stopGenerating(): Promise<void>;
  /** Log-likelihood of each continuation given its context, under the loaded model. */
  score(requests: ScoreRequest[]): Promise<ScoreResult[]>;
  loadedModel(): Promise<LoadedModel | null>;

  /**
   * Playground (src/contract/playground.ts). A request that names a checkpoint is answered by a
   * cache of up to two checkpoints loaded beside the engine's model, which stays as it was.
   */
  /** The topN most likely next tokens after a text, with their probabilities. */
  nextTokens(request: NextTokensRequest): Promise<NextTokensResult>;
  /** Each token's loss (−ln p, nats) under a model; the text is read as a document start. */
  tokenLosses(request: TokenLossRequest): Promise<TokenLossResult>;
  /** Two checkpoints' token losses on one text, aligned, with their difference (b − a). */
  compareLosses(request: CompareLossesRequest): Promise<LossComparison>;
  /** A few evaluation items written out as texts, to colour by loss. */
  playgroundSamples(): Promise<PlaygroundSample[]>;

  /** Run the reasoning suite on the loaded model, with progress. */
  evaluate(request: EvalRequest, onProgress: (p: EvalProgress) => void): Promise<EvalReport>;
  /**
   * Stop the running evaluation before its next item or held-out document: evaluate() then rejects
   * with "evaluation cancelled after N of M items". Does nothing when none is running.
   */
  cancelEvaluation(): Promise<void>;

  listCheckpoints(): Promise<CheckpointInfo[]>;
  /** Load a saved checkpoint as the current model. */
  loadCheckpoint(name: string): Promise<LoadedModel>;
  /** The files of a saved checkpoint (for download or export). */
  exportCheckpoint(name: string): Promise<Record<string, Uint8Array>>;
  /** Store checkpoint files (an upload); they are validated before anything is written. */
  importCheckpoint(name: string, files: Record<string, Uint8Array>): Promise<CheckpointInfo>;
  /**
   * A saved checkpoint as the files of a Hugging Face GPT-2 directory (config.json,
   * generation_config.json, model.safetensors, tokenizer.json, tokenizer_config.json) that
   * transformers loads as GPT2LMHeadModel. Rejects, naming the part, a model GPT-2 cannot express
   * (PanGu-α's query layer).
   */
  exportHf(name: string): Promise<Record<string, Uint8Array>>;
  /**
   * Store a Hugging Face GPT-2 directory's files as checkpoint `name` (step 0, fresh optimizer state):
   * it then loads, evaluates, generates and fine-tunes (train with resumeFrom) like any other.
   * Rejects, naming the file and field, an unsupported architecture, a missing file or shapes that
   * disagree with config.json; nothing is stored then.
   */
  importHf(name: string, files: Record<string, Uint8Array>): Promise<CheckpointInfo>;
  /**
   * A recipe as a study for a PyTorch cluster (what `cli export-torch` writes, by relative path:
   * study.json, tokenizer.json, init/model.safetensors, data shards, train.py, gpt.py, study_data.py,
   * prepare.py, README.md), from the engine's corpora. Rejects an invalid recipe (naming the fields)
   * and a model GPT-2 cannot express (naming the part).
   */
  exportTorchStudy(recipe: unknown): Promise<Record<string, Uint8Array>>;
  deleteCheckpoint(name: string): Promise<void>;

  /**
   * The study queue (src/contract/study.ts): a preset's arms run one after another in the engine, its
   * state kept in storage (IndexedDB in the browser) so that a reloaded page finds it and resumes it.
   * startStudy resolves once the queue has started (refused while another study is unfinished).
   */
  startStudy(presetId: StudyPresetId, onEvent: (event: StudyEvent) => void): Promise<StudySnapshot>;
  /** The current study (running, paused or finished), or null. */
  studyState(): Promise<StudySnapshot | null>;
  /** Stop the arm in training at its next step (it continues from its last checkpoint); resolves when idle. */
  pauseStudy(): Promise<StudySnapshot>;
  /** Continue a paused or interrupted study (failed arms are tried again); re-attaches onEvent if running. */
  resumeStudy(onEvent: (event: StudyEvent) => void): Promise<StudySnapshot>;
  /** A new arm order: only pending arms move, never before the arm they start from. */
  reorderStudy(armIds: string[]): Promise<StudySnapshot>;
  /** Resolves when the queue stops running (finished or paused), with the state then. */
  waitForStudy(): Promise<StudySnapshot | null>;
  /** Stop and forget the study; its arms' checkpoints are deleted when asked. */
  discardStudy(deleteCheckpoints: boolean): Promise<void>;
}
