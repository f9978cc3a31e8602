// A study export for a PyTorch cluster (issue 15 item 3): everything cli/torch/train.py needs to run
// a recipe the way the lab would, as files by relative path (the CLI writes them to a directory;
// the UI can zip them). The data comes from the lab's own preparation (workers/train/prepare.ts,
// stage-data.ts, instruct-data.ts), so the tokenizer, token streams, instruction pools and initial
// weights are the ones a lab run of this recipe and seed uses.
//
//   study.json                       recipe (schedules, stages), sources, stage data, replay index
//   tokenizer.json, tokenizer_config.json     Hugging Face byte-level BPE (src/core/hf)
//   init/config.json, init/generation_config.json, init/model.safetensors   initial GPT-2 weights
//   data/<source>/{train,heldout}.bin          token streams (shard layout: shard.ts)
//   instruct/stage<i>/<kind>.{ids,mask,lengths}.bin   an instruct stage's examples, fitted to T + 1
//   eval/stage<i>/<n>.<split>.{idx,targets,weights,segments}.bin   instruction evaluation batches
//   replay/stage<i>.{idx,targets,weights,segments}.bin  the lab's first batches (--replay-batches)
//   train.py, gpt.py, study_data.py, prepare.py, README.md   the PyTorch side (cli/torch/)
import { corpusNamesOf, heldoutSourcesOf, modelConfigOf, type Recipe } from '../../src/core/recipe/recipe';
import { codeShare, type MixSchedule } from '../../src/core/data/schedule';
import type { Batch } from '../../src/core/data/batch';
import {
  encodeInstructionSet,
  fitExample,
  templateIds,
  type EncodedInstruction,
  type InstructCorpora,
} from '../../src/core/data/instruct';
import { assertGpt2Expressible, exportGpt2 } from '../../src/core/hf';
import type { CorpusProvider, ProgressEvent } from '../../src/contract/train';
import { initialWeights } from '../model/gpt';
import { prepareData } from '../train/prepare';
import { pretrainData, type StageData } from '../train/stage-data';
import { instructData, instructionSets } from '../train/instruct-data';
import { stageSeed } from '../train/run';
import { encodeShard } from './shard';
import trainPy from '../../cli/torch/train.py?raw';
import gptPy from '../../cli/torch/gpt.py?raw';
import studyDataPy from '../../cli/torch/study_data.py?raw';
import preparePy from '../../cli/torch/prepare.py?raw';
import readme from '../../cli/torch/README.md?raw';

export const STUDY_FORMAT = 'codemix-torch-study';

export interface TorchStudyOptions {
  /** Also write the lab's first N optimiser steps' batches (across stages, in order) for train.py --replay. */
  replayBatches?: number;
  onProgress?: (event: ProgressEvent) => void;
}

/** A set of fixed batches as shards, and its entry in study.json. */
interface BatchesSpec {
  count: number;
  B: number;
  T: number;
  idx: string;
  targets: string;
  weights: string;
  segments: string | null;
}

type Files = Record<string, Uint8Array>;
const text = (s: string) => new TextEncoder().encode(s);
/** A file-name-safe form of a source name (`instruct/logic` → `instruct-logic`). */
const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '-');

/** The generated corpora the instruction sets mine (as workers/train/instruct-data.ts reads them). */
const MINED: [keyof InstructCorpora, string][] = [
  ['wordnet', 'wordnet'],
  ['factbook', 'factbook'],
  ['thirtySeconds', '30-seconds-of-code'],
  ['locutus', 'locutus'],
];

function writeBatches(files: Files, prefix: string, batches: Batch[], vocab: number): BatchesSpec {
  const { B, T } = batches[0];
  const cat = (f: (b: Batch) => ArrayLike<number>) => batches.flatMap((b) => Array.from(f(b)));
  for (const b of batches)
    if (b.weights.some((w) => w !== 0 && w !== 1))
      throw new Error(`${prefix}: loss weights must be 0 or 1 to export as uint8`);
  files[`${prefix}.idx.bin`] = encodeShard(
    cat((b) => b.idx),
    'uint16',
    vocab,
  );
  files[`${prefix}.targets.bin`] = encodeShard(
    cat((b) => b.targets),
    'uint16',
    vocab,
  );
  files[`${prefix}.weights.bin`] = encodeShard(
    cat((b) => b.weights),
    'uint8',
  );
  const withSegments = batches[0].segments !== undefined;
  if (batches.some((b) => (b.segments !== undefined) !== withSegments))
    throw new Error(`${prefix}: some batches have segment ids and some do not`);
  if (withSegments)
    files[`${prefix}.segments.bin`] = encodeShard(
      cat((b) => b.segments!),
      'uint16',
    );
  return {
    count: batches.length,
    B,
    T,
    idx: `${prefix}.idx.bin`,
    targets: `${prefix}.targets.bin`,
    weights: `${prefix}.weights.bin`,
    segments: withSegments ? `${prefix}.segments.bin` : null,
  };
}

/** The fitted example pool of each kind, as InstructBatcher builds it (same order, same cuts). */
function pools(encoded: EncodedInstruction[], T: number): Record<'text' | 'code', EncodedInstruction[]> {
  const out: Record<'text' | 'code', EncodedInstruction[]> = { text: [], code: [] };
  for (const ex of encoded) {
    const fit = fitExample(ex, T + 1);
    if (fit) out[ex.kind].push(fit);
  }
  return out;
}

/**
 * The files of a PyTorch study for `recipe`, by relative path. Reads the recipe's corpora (and, for
 * instruct stages, the corpora they mine) from `corpora`, trains the tokenizer as a lab run would,
 * and refuses a model GPT-2 cannot express (the query layer). Deterministic in recipe and corpora.
 */
export async function exportTorchStudy(
  recipe: Recipe,
  corpora: CorpusProvider,
  options: TorchStudyOptions = {},
): Promise<Files> {
  const onProgress = options.onProgress ?? (() => {});
  // Refuse what GPT-2 cannot express before any corpus is read (the vocabulary does not matter here).
  assertGpt2Expressible(modelConfigOf(recipe, recipe.tokenizer.vocabSize));
  const data = await prepareData(corpora, {
    sourceNames: corpusNamesOf(recipe),
    vocabSize: recipe.tokenizer.vocabSize,
    sampleBytes: recipe.tokenizer.sampleBytes,
    tokenizerSources: recipe.tokenizer.sources, // as workers/train/run.ts prepares a run
    onProgress,
  });
  const tok = data.tokenizer;
  const config = modelConfigOf(recipe, tok.vocabSize);
  const V = tok.vocabSize;
  const files: Files = {};
  const hf = exportGpt2({ config, tokenizer: tok.toJSON(), params: initialWeights(config, recipe.seed) });
  for (const [name, bytes] of hf) files[name.startsWith('tokenizer') ? name : `init/${name}`] = bytes;

  const sources: Record<string, unknown> = {};
  for (const s of data.sources) {
    const dir = `data/${safe(s.name)}`;
    files[`${dir}/train.bin`] = encodeShard(s.train, 'uint16', V);
    files[`${dir}/heldout.bin`] = encodeShard(s.heldout, 'uint16', V);
    sources[s.name] = {
      kind: s.kind,
      train: `${dir}/train.bin`,
      heldout: `${dir}/heldout.bin`,
      tokens: { train: s.train.length, heldout: s.heldout.length },
      bytesPerToken: data.bytesPerToken[s.name],
    };
  }

  const stageDataOf = async (i: number): Promise<StageData> => {
    const stage = recipe.stages[i];
    const common = {
      data,
      T: config.blockSize,
      seed: stageSeed(recipe, i),
      crossDocumentAttention: recipe.crossDocumentAttention,
    };
    if (stage.kind === 'pretrain') return pretrainData({ ...common, stage });
    return instructData({ ...common, stage, corpora, heldoutSources: heldoutSourcesOf(recipe, i) });
  };

  const stages: unknown[] = [];
  for (const [i, stage] of recipe.stages.entries()) {
    const common = { index: i, kind: stage.kind, seed: stageSeed(recipe, i), T: config.blockSize };
    if (stage.kind === 'pretrain') {
      stages.push({ ...common, sources: stage.sources });
      continue;
    }
    onProgress({
      type: 'progress',
      phase: 'instruct',
      done: 0,
      total: 1,
      message: `stage ${i}: instructions`,
    });
    const sd = await stageDataOf(i);
    const mined = stage.mineCorpora ? await minedCorpora(corpora) : {};
    const sets = instructionSets(stage, common.seed, mined);
    const pool = pools(encodeInstructionSet(tok, sets.train), config.blockSize);
    const poolSpec: Record<string, unknown> = {};
    for (const kind of ['text', 'code'] as const) {
      const examples = pool[kind];
      if (examples.length === 0) {
        poolSpec[kind] = null;
        continue;
      }
      const prefix = `instruct/stage${i}/${kind}`;
      files[`${prefix}.ids.bin`] = encodeShard(
        examples.flatMap((e) => e.ids),
        'uint16',
        V,
      );
      files[`${prefix}.mask.bin`] = encodeShard(
        examples.flatMap((e) => e.lossMask),
        'uint8',
      );
      files[`${prefix}.lengths.bin`] = encodeShard(
        examples.map((e) => e.ids.length),
        'uint32',
      );
      poolSpec[kind] = {
        ids: `${prefix}.ids.bin`,
        mask: `${prefix}.mask.bin`,
        lengths: `${prefix}.lengths.bin`,
        examples: examples.length,
      };
    }
    const lm = new Set(heldoutSourcesOf(recipe, i));
    const evalSets = sd.evalSets
      .filter((e) => !lm.has(e.source))
      .map((e, n) => ({
        source: e.source,
        heldout: writeBatches(files, `eval/stage${i}/${n}-${safe(e.source)}.heldout`, e.heldout, V),
        train: e.train.length
          ? writeBatches(files, `eval/stage${i}/${n}-${safe(e.source)}.train`, e.train, V)
          : null,
      }));
    stages.push({
      ...common,
      padId: templateIds(tok).pad,
      pools: poolSpec,
      naturalCodeShare: sd.naturalCodeShare,
      heldoutSources: [...lm],
      evalSets,
      bytesPerToken: sd.bytesPerToken,
    });
  }

  const replay = options.replayBatches
    ? await replayBatches(recipe, stageDataOf, options.replayBatches)
    : null;
  const replaySpec = replay && {
    steps: options.replayBatches,
    stages: replay.map((r) => ({
      stage: r.stage,
      steps: r.steps,
      accumSteps: r.accumSteps,
      rowSources: r.rowSources,
      tokensBySource: r.tokensBySource,
      batches: writeBatches(files, `replay/stage${r.stage}`, r.batches, V),
    })),
  };

  const study = {
    format: STUDY_FORMAT,
    version: 1,
    recipe,
    model: config,
    tokenizer: {
      vocabSize: V,
      eotId: tok.eotId,
      padId: tok.specialTokens.includes('<|pad|>') ? tok.specialId('<|pad|>') : null,
    },
    sources,
    stages,
    replay: replaySpec,
  };
  files['study.json'] = text(`${JSON.stringify(study, null, 2)}\n`);
  files['train.py'] = text(trainPy);
  files['gpt.py'] = text(gptPy);
  files['study_data.py'] = text(studyDataPy);
  files['prepare.py'] = text(preparePy);
  files['README.md'] = text(readme);
  return files;
}

async function minedCorpora(corpora: CorpusProvider): Promise<InstructCorpora> {
  const available = new Set((await corpora.list()).map((c) => c.name));
  const out: InstructCorpora = {};
  for (const [field, name] of MINED) if (available.has(name)) out[field] = await corpora.read(name, 'train');
  return out;
}

interface ReplayStage {
  stage: number;
  steps: number;
  accumSteps: number;
  batches: Batch[];
  rowSources: string[][];
  tokensBySource: Record<string, number>[];
}

/** The first `count` optimiser steps' micro-batches, drawn exactly as the stage loop draws them. */
async function replayBatches(
  recipe: Recipe,
  stageDataOf: (i: number) => Promise<StageData>,
  count: number,
): Promise<ReplayStage[]> {
  const out: ReplayStage[] = [];
  let left = count;
  for (const [i, stage] of recipe.stages.entries()) {
    if (left <= 0) break;
    const sd = await stageDataOf(i);
    const schedule: MixSchedule = stage.mix ?? { type: 'fixed', code: sd.naturalCodeShare };
    const part: ReplayStage = {
      stage: i,
      steps: Math.min(left, stage.steps),
      accumSteps: stage.accumSteps,
      batches: [],
      rowSources: [],
      tokensBySource: [],
    };
    for (let step = 0; step < part.steps; step++) {
      const weights = sd.weightsFor(codeShare(schedule, step, stage.steps));
      const micro = Array.from({ length: stage.accumSteps }, () => sd.next(weights));
      part.batches.push(...micro.map((m) => m.batch));
      part.rowSources.push(micro.flatMap((m) => m.rowSources));
      part.tokensBySource.push(sd.tokensBySource());
    }
    left -= part.steps;
    out.push(part);
  }
  return out;
}
