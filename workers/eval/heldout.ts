// Held-out language-model loss beside the reasoning scores (the paper's check that code data does not
// hurt plain language modelling): for every built corpus, a seeded sample of documents from its
// held-out split (each cut to a length cap at a word boundary) is scored as a whole continuation of
// the end-of-text token, through the same `score` the multiple-choice items use (sliding windows for
// long documents). Reported per corpus and pooled per kind (text, code) in nats per token and bits
// per byte, each with a 95% bootstrap interval over documents and the uniform-guess chance level.
import { bootstrapInterval, type MeanInterval } from '../../src/core/eval/stats';
import { hashString, shuffle } from '../../src/core/eval/util';
import { Rng } from '../../src/core/rng';
import { utf8Length } from '../../src/core/tokenizer';
import type { CorpusProvider } from '../../src/contract/train';
import {
  HELDOUT_DEFAULTS,
  type EvalProgress,
  type HeldoutReport,
  type HeldoutRow,
} from '../../src/contract/eval';
import { checkCancel, type CancelCheck, type EvalModel } from './runner';

/** Corpora the user uploaded are left out, so figures from different browsers compare. */
const USER_PROVIDED = 'user-provided';

interface DocScore {
  nll: number;
  tokens: number;
  bytes: number;
}

/** A document cut to at most `maxChars` characters, at the last whitespace before the cap. */
export function capDocument(doc: string, maxChars: number): string {
  if (doc.length <= maxChars) return doc;
  const cut = doc.slice(0, maxChars);
  const at = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('\n'));
  return at > maxChars / 2 ? cut.slice(0, at) : cut;
}

/** `n` documents of a held-out split, the same ones on every run (seeded by the corpus name). */
export function sampleDocuments(
  name: string,
  docs: readonly string[],
  n: number,
  maxChars: number,
): string[] {
  const order = shuffle(
    new Rng(hashString(`heldout/${name}`)),
    docs.map((_, i) => i),
  );
  return order
    .map((i) => capDocument(docs[i], maxChars))
    .filter((d) => d.trim().length > 0)
    .slice(0, n);
}

const ratio = (xs: readonly DocScore[], unit: (d: DocScore) => number) => {
  const den = xs.reduce((s, d) => s + unit(d), 0);
  return den > 0 ? xs.reduce((s, d) => s + d.nll, 0) / den : 0;
};

/** Pooled loss per token and bits per byte, with bootstrap intervals over the documents. */
export function heldoutRow(
  name: string,
  kind: 'text' | 'code',
  docs: DocScore[],
  vocabSize: number,
): HeldoutRow {
  const tokens = docs.reduce((s, d) => s + d.tokens, 0);
  const bytes = docs.reduce((s, d) => s + d.bytes, 0);
  const perToken = (xs: readonly DocScore[]) => ratio(xs, (d) => d.tokens);
  const perByte = (xs: readonly DocScore[]) => ratio(xs, (d) => d.bytes) / Math.LN2;
  const interval = (stat: (xs: readonly DocScore[]) => number): MeanInterval => ({
    mean: stat(docs),
    ci95: bootstrapInterval(docs, stat, 1000, hashString(name)),
  });
  const lnV = Math.log(vocabSize);
  return {
    name,
    kind,
    documents: docs.length,
    tokens,
    bytes,
    loss: interval(perToken),
    bitsPerByte: interval(perByte),
    chance: { loss: lnV, bitsPerByte: bytes > 0 ? (lnV * tokens) / bytes / Math.LN2 : 0 },
  };
}

export async function heldoutLoss(
  model: EvalModel,
  corpora: CorpusProvider,
  options: { documents?: number; maxChars?: number },
  onProgress: (p: EvalProgress) => void = () => {},
  cancelled: CancelCheck = () => false,
): Promise<HeldoutReport> {
  const documents = options.documents ?? HELDOUT_DEFAULTS.documents;
  const maxChars = options.maxChars ?? HELDOUT_DEFAULTS.maxChars;
  const listed = (await corpora.list()).filter((c) => c.licence !== USER_PROVIDED);
  const samples = [];
  for (const c of listed)
    samples.push({
      c,
      docs: sampleDocuments(c.name, await corpora.read(c.name, 'heldout'), documents, maxChars),
    });
  const total = samples.reduce((n, s) => n + s.docs.length, 0);
  let done = 0;
  const sources: HeldoutRow[] = [];
  const pooled: Record<'text' | 'code', DocScore[]> = { text: [], code: [] };
  for (const { c, docs } of samples) {
    const scores: DocScore[] = [];
    for (const doc of docs) {
      await checkCancel(cancelled, done, total, 'heldout');
      const [r] = await model.score([{ context: '', continuation: doc }]);
      scores.push({ nll: -r.logprobSum, tokens: r.tokens, bytes: utf8Length(doc) });
      onProgress({ phase: 'heldout', done: ++done, total, task: 'heldout', source: c.name });
    }
    if (scores.length === 0) continue;
    sources.push(heldoutRow(c.name, c.kind, scores, model.vocabSize));
    pooled[c.kind].push(...scores);
  }
  const byKind = (['text', 'code'] as const)
    .filter((k) => pooled[k].length > 0)
    .map((k) => heldoutRow(k, k, pooled[k], model.vocabSize));
  return { documents, maxChars, sources, byKind };
}
