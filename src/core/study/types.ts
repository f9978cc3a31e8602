// The study's vocabulary (issue 14): a preset describes the whole experiment (the paper's matrix,
// de-confounded, at one scale), and expands into an ordered list of arms — one training run (plus its
// evaluations) per cell of the design and seed. The browser queue and `cli reproduce` both run that
// list; aggregation (aggregate.ts) turns the arms' evaluation reports into the paper's tables.
// Plain data only: no engine, no DOM.
import type { BackendName } from '../../contract/backend';
import type { EvalTaskId, McProtocol } from '../eval';
import type { RecipeInput } from '../recipe/recipe';

export type StudyPresetId = 'smoke' | 'demo' | 'default' | 'full';

/**
 * The cells of the design (an arm before seeds). The paper's names where it has them:
 * - NL, CODE: pre-trained on text only / on text + code (Table 2);
 * - NN, NC, CN, CC: pre-training {N = text, C = text + code} then instruction tuning {N = text-only,
 *   C = with code} (Table 3; CN is new: the paper did not run it);
 * - NL-5x: a text-only model about 5× larger (the paper's NL 13B: "code beats size");
 * - NL-tok: text-only with as many training tokens as CODE (the reviewers' token-count confound);
 * - CC-inc, CC-dec: the paper's stepwise increase / decrease schedules at instruction tuning (CC itself
 *   uses the uniform schedule, so the three CC cells form Table 6);
 * - CODE-inc, CODE-dec: the same schedules at pre-training (CODE is uniform; the paper's future work).
 */
export const CELL_IDS = [
  'NL',
  'CODE',
  'NL-5x',
  'NL-tok',
  'CODE-inc',
  'CODE-dec',
  'NN',
  'NC',
  'CN',
  'CC',
  'CC-inc',
  'CC-dec',
] as const;
export type CellId = (typeof CELL_IDS)[number];

/** Which comparison a cell belongs to (the report's tables draw on these). */
export type ArmGroup =
  | 'pretrain' // NL, CODE
  | 'size' // NL-5x
  | 'token-matched' // NL-tok
  | 'schedule-pretrain' // CODE-inc, CODE-dec
  | 'instruct' // NN, NC, CN, CC
  | 'schedule-instruct'; // CC-inc, CC-dec

export interface StudyCell {
  id: CellId;
  /** Short label for tables, e.g. "CODE (text+code pre-training)". */
  label: string;
  group: ArmGroup;
  /** What the cell is and what it tests, in a sentence. */
  description: string;
  /** Set when the cell is not in the paper: what it adds. */
  addition?: string;
}

/** One evaluation of an arm's final checkpoint (the CLI's `eval` with these options). */
export interface ArmEval {
  /** 'main' → report.json; 'cot' (gold rationale in the input) → report-cot.json. */
  id: 'main' | 'cot';
  tasks: EvalTaskId[];
  /** At most this many items per task and level. */
  limit: number;
  /** Other limits for some tasks (e.g. fewer code-generation items, which decode up to 192 tokens each). */
  taskLimits?: Partial<Record<EvalTaskId, number>>;
  protocol: McProtocol;
  /** The paper's chain-of-thought condition: the gold rationale is placed in the input. */
  cot: boolean;
  /** Held-out LM-loss documents per corpus (0: skipped). */
  heldoutDocuments: number;
  /** A cap on tokens generated per item (EvalRequest.maxNewTokens); absent: each format's own. */
  maxNewTokens?: number;
}

export interface StudyArm {
  /** Unique in the study, usable as a directory and checkpoint name: `<cell>.s<seed>`, e.g. "CC.s2". */
  id: string;
  cell: CellId;
  label: string;
  group: ArmGroup;
  seed: number;
  /** The full recipe (parseRecipe accepts it); stages already run by `initFrom` are its prefix. */
  recipe: RecipeInput;
  /**
   * The arm whose final checkpoint this one starts from (it comes earlier in the list). That arm's
   * recipe is a prefix of this one's (same model, tokenizer, seed and stages), so starting from its
   * checkpoint gives exactly the run the full recipe would: the shared pre-training is run once.
   */
  initFrom?: string;
  /** Evaluations of the final checkpoint, 'main' first. */
  evals: ArmEval[];
  /** Training tokens this arm runs itself (stages inherited through initFrom excluded). */
  tokens: number;
  /** The model's parameter count (for the size comparison and time estimates). */
  params: number;
}

/** A measured training speed, stated in the preset with how it was measured. */
export interface Throughput {
  backend: BackendName;
  /** Where: e.g. "Node 20, 1 thread, 2-core VM" or "laptop GPU (estimate)". */
  machine: string;
  /** Training tokens per second of the base and of the ~5× larger model. */
  baseTokPerSec: number;
  largeTokPerSec: number;
  /** Seconds to evaluate one arm (all its evaluations), measured or estimated. */
  evalSecondsPerArm: number;
  /** Seconds per arm outside steps and evaluation (tokenizer, corpora, set-up). */
  overheadSecondsPerArm: number;
  /** How the figures were obtained (a command, or "estimate: …"). */
  source: string;
}

/** The model of a recipe (the recipe's `model` field). */
export type ModelInput = RecipeInput['model'];

export interface StudyPreset {
  id: StudyPresetId;
  label: string;
  /** What the preset is for and what it costs, in a sentence or two. */
  purpose: string;
  seeds: number[];
  /** The base model and the ~5× larger text-only model (NL-5x). */
  model: ModelInput;
  largeModel: ModelInput;
  /** One tokenizer for every arm: trained on `sources` (text and code) whatever the arm reads. */
  tokenizer: { vocabSize: number; sampleBytes: number };
  textSources: string[];
  codeSources: string[];
  /** Pre-training: `textSteps` for NL; CODE and the token-matched arms run textSteps × 8/5. */
  pretrain: {
    textSteps: number;
    batchSize: number;
    lr: number;
    warmupSteps: number;
    evalEvery: number;
    evalBatches: number;
    /** Save a checkpoint every this many steps (resume granularity); 0: at the stage end only. */
    checkpointEvery: number;
  };
  instruct: {
    steps: number;
    batchSize: number;
    lr: number;
    warmupSteps: number;
    examples: number;
    heldoutExamples: number;
    /** Share of code instructions in the code arm (0.375 = the paper's 5:3 uniform share). */
    codeShare: number;
    mineCorpora: boolean;
    evalEvery: number;
    evalBatches: number;
    checkpointEvery: number;
  };
  eval: {
    tasks: EvalTaskId[];
    limit: number;
    /** Other limits for some tasks (generation is far slower per item than ranking options). */
    taskLimits?: Partial<Record<EvalTaskId, number>>;
    protocol: McProtocol;
    heldoutDocuments: number;
    /** A cap on tokens generated per item (only the smoke preset sets one, to keep tests quick). */
    maxNewTokens?: number;
    /** Tasks of the chain-of-thought condition (the paper: ScienceQA and E-KAR) on the pre-trained cells. */
    cotTasks: EvalTaskId[];
    cotCells: CellId[];
  };
  /** Measured (or, for GPUs not available here, estimated) speeds the wall-time estimate uses. */
  throughput: Throughput[];
}

/** The expected cost of a preset on one backend (budget.ts). */
export interface StudyEstimate {
  backend: BackendName;
  machine: string;
  arms: number;
  trainTokens: number;
  trainSeconds: number;
  evalSeconds: number;
  overheadSeconds: number;
  totalSeconds: number;
  source: string;
}
