// What an instruction-tuning stage draws its batches from (issue 11 items 6-7): one of the paper's
// two arms (src/core/data/instruct), encoded with the chat template and packed by the
// InstructBatcher, whose per-position weights are the response-only loss mask. Rows are code or
// text instructions in the share the stage's schedule gives (the code arm only).
//
// Sets: the text and the code arm are built from the same seed (so they differ only in the code
// replacements), and one held-out set is built from another seed in the code arm's composition,
// without any instruction either arm trains on. Both arms are therefore scored on the very same
// held-out examples: by kind (`instruct/text`, `instruct/code`) and by family (`instruct/logic`, …),
// next to the held-out LM loss of the pre-training corpora.
import { documentSegments, type Batch } from '../../src/core/data/batch';
import {
  FAMILIES,
  InstructBatcher,
  KINDS,
  buildInstructionSet,
  encodeInstructionSet,
  templateIds,
  type EncodedInstruction,
  type ExampleKind,
  type InstructBatcherState,
  type InstructCorpora,
  type InstructionExample,
} from '../../src/core/data/instruct';
import type { InstructStage } from '../../src/core/recipe/recipe';
import { utf8Length } from '../../src/core/tokenizer';
import type { CorpusProvider, ProgressEvent } from '../../src/contract/train';
import type { PreparedData } from './prepare';
import { lmEvalSets, type EvalSet, type StageData } from './stage-data';

/** The names instruction rows and losses are reported under. */
export const INSTRUCT_SOURCE: Record<ExampleKind, string> = { text: 'instruct/text', code: 'instruct/code' };
const familyKey = (family: string) => `instruct/${family}`;

/** Generated corpora the instruction sets mine, by their InstructCorpora field. */
const MINED: [keyof InstructCorpora, string][] = [
  ['wordnet', 'wordnet'],
  ['factbook', 'factbook'],
  ['thirtySeconds', '30-seconds-of-code'],
  ['locutus', 'locutus'],
];

export interface InstructDataOptions {
  stage: InstructStage;
  data: PreparedData;
  /** Where mined corpora are read (only those it lists are used). */
  corpora: CorpusProvider;
  /** Pre-training corpora whose held-out LM loss is tracked (they are in `data`). */
  heldoutSources: string[];
  T: number;
  seed: number;
  crossDocumentAttention: boolean;
  state?: unknown;
  onProgress?: (event: ProgressEvent) => void;
}

export interface InstructionSets {
  train: InstructionExample[];
  heldout: InstructionExample[];
}

/** The arm's training set and the shared held-out set (deterministic in stage and seed). */
export function instructionSets(
  stage: InstructStage,
  seed: number,
  corpora: InstructCorpora = {},
): InstructionSets {
  const options = {
    seed,
    count: stage.examples,
    codeShare: stage.codeShare,
    corpora,
    families: stage.families,
  };
  const text = buildInstructionSet('text', options);
  const code = buildInstructionSet('code', options);
  const seen = new Set([...text, ...code].map((ex) => ex.instruction));
  const heldout = buildInstructionSet('code', {
    ...options,
    seed: (seed ^ 0x5bd1e995) >>> 1,
    count: stage.heldoutExamples,
  }).filter((ex) => !seen.has(ex.instruction));
  return { train: stage.arm === 'code' ? code : text, heldout };
}

async function minedCorpora(corpora: CorpusProvider): Promise<InstructCorpora> {
  const available = new Set((await corpora.list()).map((c) => c.name));
  const out: InstructCorpora = {};
  for (const [field, name] of MINED) if (available.has(name)) out[field] = await corpora.read(name, 'train');
  return out;
}

/** UTF-8 bytes the loss tokens stand for (responses, + 1 per closing <|end|>) per loss token. */
function responseBytesPerToken(examples: InstructionExample[], encoded: EncodedInstruction[]): number {
  const bytes = examples.reduce((n, ex) => n + utf8Length(ex.response) + 1, 0);
  const tokens = encoded.reduce((n, ex) => n + ex.lossMask.reduce((a, b) => a + b, 0), 0);
  return tokens > 0 ? bytes / tokens : 1;
}

/**
 * Fixed evaluation batches over `examples`: each example packed once (in a seeded order), rows of a
 * kind in the pool's proportion, up to `maxBatches` batches.
 */
function packedBatches(
  examples: EncodedInstruction[],
  dims: { B: number; T: number; padId: number },
  maxBatches: number,
): Batch[] {
  if (examples.length === 0) return [];
  let batcher: InstructBatcher;
  try {
    batcher = new InstructBatcher(examples, { ...dims, seed: 1 });
  } catch {
    return []; // no example fits in a row
  }
  const total = batcher.sizes.text + batcher.sizes.code;
  const weights = { text: batcher.sizes.text / total, code: batcher.sizes.code / total };
  const out: Batch[] = [];
  const packed = () => KINDS.reduce((n, k) => n + batcher.getState().examples[k], 0);
  while (out.length < maxBatches && packed() < total) out.push(batcher.next(weights).batch);
  return out;
}

export async function instructData(o: InstructDataOptions): Promise<StageData> {
  const { stage, data, T } = o;
  const tokenizer = data.tokenizer;
  let padId: number;
  try {
    padId = templateIds(tokenizer).pad;
  } catch (e) {
    throw new Error(
      `an instruct stage needs the chat special tokens <|user|>, <|assistant|>, <|end|>, <|endoftext|> and <|pad|> in the tokenizer: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const sets = instructionSets(stage, o.seed, stage.mineCorpora ? await minedCorpora(o.corpora) : {});
  const encode = (xs: InstructionExample[]) => encodeInstructionSet(tokenizer, xs);
  const train = encode(sets.train);
  const heldout = encode(sets.heldout);
  const B = stage.batchSize;
  const batcher = new InstructBatcher(
    train,
    { B, T, seed: o.seed, padId },
    o.state as InstructBatcherState | undefined,
  );
  const codeItems = sets.train.filter((ex) => ex.kind === 'code').length;
  o.onProgress?.({
    type: 'progress',
    phase: 'instruct',
    done: 1,
    total: 1,
    message:
      `${stage.arm} arm: ${sets.train.length} examples (${codeItems} code), ${sets.heldout.length} held out; ` +
      `${batcher.truncated} shortened and ${batcher.dropped} left out to fit ${T + 1} tokens`,
  });
  const withSegments = (b: Batch): Batch => (o.crossDocumentAttention ? { ...b, segments: undefined } : b);
  const dims = { B, T, padId };

  // Evaluation: per kind and per family, held-out examples and (same count) training examples.
  const evalSets: EvalSet[] = [];
  const bytesPerToken: Record<string, number> = {};
  const groups: [string, (ex: InstructionExample) => boolean][] = [
    ...KINDS.map((k): [string, (ex: InstructionExample) => boolean] => [
      INSTRUCT_SOURCE[k],
      (ex) => ex.kind === k,
    ]),
    ...FAMILIES.map((f): [string, (ex: InstructionExample) => boolean] => [
      familyKey(f),
      (ex) => ex.task === f,
    ]),
  ];
  for (const [key, keep] of groups) {
    const pick = (xs: InstructionExample[], enc: EncodedInstruction[]) => {
      const at = xs.flatMap((ex, i) => (keep(ex) ? [i] : []));
      return { examples: at.map((i) => xs[i]), encoded: at.map((i) => enc[i]) };
    };
    const h = pick(sets.heldout, heldout);
    const t = pick(sets.train, train);
    const heldoutBatches = packedBatches(h.encoded, dims, stage.evalBatches);
    if (heldoutBatches.length === 0) continue;
    evalSets.push({
      source: key,
      heldout: heldoutBatches.map(withSegments),
      train: packedBatches(t.encoded, dims, stage.evalBatches).map(withSegments),
    });
    bytesPerToken[key] = responseBytesPerToken(h.examples, h.encoded);
  }
  for (const k of KINDS) {
    const t = train.flatMap((ex, i) => (ex.kind === k ? [i] : []));
    if (t.length > 0)
      bytesPerToken[INSTRUCT_SOURCE[k]] = responseBytesPerToken(
        t.map((i) => sets.train[i]),
        t.map((i) => train[i]),
      );
  }
  const lm = data.sources.filter((s) => o.heldoutSources.includes(s.name));
  const eot = tokenizer.eotId;
  const lmSegments = (b: Batch): Batch =>
    o.crossDocumentAttention ? b : { ...b, segments: documentSegments(b, eot) };
  for (const s of lm) bytesPerToken[s.name] = data.bytesPerToken[s.name];

  const kinds: ExampleKind[] = stage.arm === 'code' ? ['text', 'code'] : ['text'];
  const byName = (weights: Record<ExampleKind, number>) =>
    Object.fromEntries(kinds.map((k) => [INSTRUCT_SOURCE[k], weights[k]]));
  return {
    sources: kinds.map((k) => INSTRUCT_SOURCE[k]),
    kinds: Object.fromEntries(kinds.map((k) => [INSTRUCT_SOURCE[k], k])),
    naturalCodeShare: stage.arm === 'code' ? batcher.naturalCodeShare : 0,
    weightsFor: (share) =>
      byName(stage.arm === 'code' ? { text: 1 - share, code: share } : { text: 1, code: 0 }),
    next: (weights) => {
      const { batch, rowSources } = batcher.next({
        text: weights[INSTRUCT_SOURCE.text] ?? 0,
        code: weights[INSTRUCT_SOURCE.code] ?? 0,
      });
      return { batch: withSegments(batch), rowSources: rowSources.map((k) => INSTRUCT_SOURCE[k]) };
    },
    tokensBySource: () => byName(batcher.getState().tokens),
    state: () => batcher.getState(),
    evalSets: [...lmEvalSets(lm, B, T, stage.evalBatches, lmSegments), ...evalSets],
    bytesPerToken,
  };
}
