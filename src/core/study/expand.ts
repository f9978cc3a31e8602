// A preset → the ordered list of arms the queue and `cli reproduce` run: for each seed, every cell of
// the design, each arm after the arm it starts from. Recipes are built here, so the cells differ only
// where the design says they do (sources, steps, schedule, model size, instruction arm); every arm
// trains the same tokenizer (same corpora, vocabulary and sample), and tuning arms continue their
// pre-training arm's final checkpoint instead of pre-training again.
import { countParameters, PRESETS } from '../config/model';
import type { RecipeInput } from '../recipe/recipe';
import { CELLS } from './cells';
import type { ArmEval, CellId, ModelInput, StudyArm, StudyPreset } from './types';

type Schedule = 'uniform' | 'stepwise-increase' | 'stepwise-decrease';

/** CODE and the arms matched to it run this many times NL's pre-training steps (text 5 : code 3). */
export const CODE_STEPS_RATIO = 8 / 5;

/** The order arms run in, per seed: every arm after the one it starts from. */
export const RUN_ORDER: readonly CellId[] = [
  'NL',
  'NN',
  'NC',
  'CODE',
  'CN',
  'CC',
  'CC-inc',
  'CC-dec',
  'NL-tok',
  'CODE-inc',
  'CODE-dec',
  'NL-5x',
];

/** A pre-trained cell: its corpora, length relative to NL, schedule and model size. */
interface PretrainPlan {
  sources: 'text' | 'text+code';
  stepsRatio: number;
  schedule?: Schedule;
  large?: boolean;
}

/** A tuned cell: the pre-trained cell it continues, the instruction arm and its schedule. */
interface TunePlan {
  parent: CellId;
  arm: 'text' | 'code';
  schedule?: Schedule;
}

const PRETRAIN: Partial<Record<CellId, PretrainPlan>> = {
  NL: { sources: 'text', stepsRatio: 1 },
  CODE: { sources: 'text+code', stepsRatio: CODE_STEPS_RATIO, schedule: 'uniform' },
  'NL-5x': { sources: 'text', stepsRatio: CODE_STEPS_RATIO, large: true },
  'NL-tok': { sources: 'text', stepsRatio: CODE_STEPS_RATIO },
  'CODE-inc': { sources: 'text+code', stepsRatio: CODE_STEPS_RATIO, schedule: 'stepwise-increase' },
  'CODE-dec': { sources: 'text+code', stepsRatio: CODE_STEPS_RATIO, schedule: 'stepwise-decrease' },
};

const TUNE: Partial<Record<CellId, TunePlan>> = {
  NN: { parent: 'NL', arm: 'text' },
  NC: { parent: 'NL', arm: 'code', schedule: 'uniform' },
  CN: { parent: 'CODE', arm: 'text' },
  CC: { parent: 'CODE', arm: 'code', schedule: 'uniform' },
  'CC-inc': { parent: 'CODE', arm: 'code', schedule: 'stepwise-increase' },
  'CC-dec': { parent: 'CODE', arm: 'code', schedule: 'stepwise-decrease' },
};

/** The pre-trained cell an arm of `cell` starts from, if it is a tuned cell. */
export function parentCell(cell: CellId): CellId | undefined {
  return TUNE[cell]?.parent;
}

/** The arm id of a cell and seed: `<cell>.s<seed>` (a valid directory and checkpoint name). */
export function armId(cell: CellId, seed: number): string {
  return `${cell}.s${seed}`;
}

/** NL's pre-training steps × ratio; other ratios round to a multiple of 4 (the schedules' four equal phases). */
export function pretrainSteps(preset: StudyPreset, ratio: number): number {
  if (ratio === 1) return preset.pretrain.textSteps;
  return Math.max(4, Math.round((preset.pretrain.textSteps * ratio) / 4) * 4);
}

function blockSizeOf(model: ModelInput): number {
  return model.blockSize ?? PRESETS[model.preset].blockSize;
}

function paramsOf(model: ModelInput, vocabSize: number): number {
  const { preset, ...overrides } = model;
  return countParameters({ ...PRESETS[preset], ...overrides, vocabSize });
}

/** The recipe of a cell at a seed: a tuned cell's is its parent's with the tuning stage added. */
export function cellRecipe(preset: StudyPreset, cell: CellId, seed: number): RecipeInput {
  const tune = TUNE[cell];
  if (tune) {
    const parent = cellRecipe(preset, tune.parent, seed);
    const it = preset.instruct;
    return {
      ...parent,
      name: recipeName(preset, cell, seed),
      stages: [
        ...parent.stages,
        {
          kind: 'instruct',
          arm: tune.arm,
          steps: it.steps,
          batchSize: it.batchSize,
          lr: it.lr,
          warmupSteps: it.warmupSteps,
          examples: it.examples,
          heldoutExamples: it.heldoutExamples,
          codeShare: it.codeShare,
          mineCorpora: it.mineCorpora,
          ...(tune.schedule ? { mix: { type: 'paper', strategy: tune.schedule } } : {}),
          logEvery: logEveryOf(it.evalEvery),
          evalEvery: it.evalEvery,
          evalBatches: it.evalBatches,
          checkpointEvery: it.checkpointEvery,
        },
      ],
    };
  }
  const plan = PRETRAIN[cell]!;
  const p = preset.pretrain;
  const sources =
    plan.sources === 'text' ? [...preset.textSources] : [...preset.textSources, ...preset.codeSources];
  return {
    name: recipeName(preset, cell, seed),
    seed,
    model: { ...(plan.large ? preset.largeModel : preset.model) },
    tokenizer: {
      vocabSize: preset.tokenizer.vocabSize,
      sampleBytes: preset.tokenizer.sampleBytes,
      sources: [...preset.textSources, ...preset.codeSources],
    },
    crossDocumentAttention: false,
    stages: [
      {
        kind: 'pretrain',
        steps: pretrainSteps(preset, plan.stepsRatio),
        batchSize: p.batchSize,
        lr: p.lr,
        warmupSteps: p.warmupSteps,
        sources,
        ...(plan.schedule ? { mix: { type: 'paper', strategy: plan.schedule } } : {}),
        logEvery: logEveryOf(p.evalEvery),
        evalEvery: p.evalEvery,
        evalBatches: p.evalBatches,
        checkpointEvery: p.checkpointEvery,
      },
    ],
  };
}

const recipeName = (preset: StudyPreset, cell: CellId, seed: number) => `study-${preset.id}-${cell}-s${seed}`;
const logEveryOf = (evalEvery: number) => Math.max(1, Math.min(50, Math.round(evalEvery / 4)));

/** The evaluations of a cell: the main one, and the chain-of-thought condition where the preset asks. */
export function cellEvals(preset: StudyPreset, cell: CellId): ArmEval[] {
  const e = preset.eval;
  const evals: ArmEval[] = [
    {
      id: 'main',
      tasks: [...e.tasks],
      limit: e.limit,
      ...(e.taskLimits ? { taskLimits: { ...e.taskLimits } } : {}),
      protocol: e.protocol,
      cot: false,
      heldoutDocuments: e.heldoutDocuments,
      ...(e.maxNewTokens ? { maxNewTokens: e.maxNewTokens } : {}),
    },
  ];
  if (e.cotCells.includes(cell) && e.cotTasks.length > 0)
    evals.push({
      id: 'cot',
      tasks: [...e.cotTasks],
      limit: e.limit,
      protocol: e.protocol,
      cot: true,
      heldoutDocuments: 0,
      ...(e.maxNewTokens ? { maxNewTokens: e.maxNewTokens } : {}),
    });
  return evals;
}

/** Training tokens of the stages an arm runs itself (from `fromStage` on). */
function ownTokens(recipe: RecipeInput, fromStage: number): number {
  const T = blockSizeOf(recipe.model);
  return recipe.stages
    .slice(fromStage)
    .reduce((n, s) => n + s.steps * (s.batchSize ?? 16) * (s.accumSteps ?? 1) * T, 0);
}

/** One arm of a cell at a seed. */
export function studyArm(preset: StudyPreset, cell: CellId, seed: number): StudyArm {
  const parent = TUNE[cell]?.parent;
  const recipe = cellRecipe(preset, cell, seed);
  const info = CELLS[cell];
  return {
    id: armId(cell, seed),
    cell,
    label: info.label,
    group: info.group,
    seed,
    recipe,
    ...(parent ? { initFrom: armId(parent, seed) } : {}),
    evals: cellEvals(preset, cell),
    tokens: ownTokens(recipe, parent ? 1 : 0),
    params: paramsOf(recipe.model, preset.tokenizer.vocabSize),
  };
}

/** Every arm of a preset in run order: seed by seed, each arm after the arm it starts from. */
export function expandStudy(preset: StudyPreset): StudyArm[] {
  return preset.seeds.flatMap((seed) => RUN_ORDER.map((cell) => studyArm(preset, cell, seed)));
}

/** Problems with an arm list: duplicate ids, or an arm before (or without) the arm it starts from. */
export function orderProblems(arms: readonly StudyArm[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const arm of arms) {
    if (seen.has(arm.id)) problems.push(`arm ${arm.id} appears twice`);
    if (arm.initFrom && !seen.has(arm.initFrom))
      problems.push(`arm ${arm.id} starts from ${arm.initFrom}, which does not run before it`);
    seen.add(arm.id);
  }
  return problems;
}
