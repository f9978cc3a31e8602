// Getting a run's data ready: read its corpora, train (or reuse) the byte-level BPE tokenizer on
// a sample of them, and turn each source's documents into one token stream with an end-of-text
// token after every document (the packing the paper uses).
import { BpeTokenizer, trainBpe, utf8Length, type TokenizerJson } from '../../src/core/tokenizer';
import type { TokenSource } from '../../src/core/data/batcher';
import type { CorpusInfo, CorpusProvider, ProgressEvent } from '../../src/contract/train';

export interface PreparedData {
  tokenizer: BpeTokenizer;
  sources: TokenSource[];
  /** UTF-8 bytes per token of each source's held-out text (for bits per byte). */
  bytesPerToken: Record<string, number>;
  info: CorpusInfo[];
}

export interface PrepareOptions {
  sourceNames: string[];
  vocabSize: number;
  sampleBytes: number;
  /** The corpora the tokenizer trains on (default: sourceNames); read for the sample only if not trained on. */
  tokenizerSources?: string[];
  /** A tokenizer to reuse (resumed runs, fine-tuning) instead of training one. */
  tokenizer?: TokenizerJson;
  onProgress?: (event: ProgressEvent) => void;
}

export async function prepareData(corpora: CorpusProvider, options: PrepareOptions): Promise<PreparedData> {
  const progress = options.onProgress ?? (() => {});
  const available = await corpora.list();
  const info = options.sourceNames.map((name) => {
    const found = available.find((c) => c.name === name);
    if (!found) {
      throw new Error(
        `unknown corpus "${name}": available are ${available.map((c) => c.name).join(', ') || 'none'}`,
      );
    }
    return found;
  });
  const docs = new Map<string, { train: string[]; heldout: string[] }>();
  for (const [i, c] of info.entries()) {
    progress({
      type: 'progress',
      phase: 'corpora',
      done: i,
      total: info.length,
      message: `reading ${c.name}`,
    });
    const train = await corpora.read(c.name, 'train');
    const heldout = await corpora.read(c.name, 'heldout');
    if (train.length === 0) throw new Error(`corpus "${c.name}" has no training documents`);
    docs.set(c.name, { train, heldout });
  }
  const tokenizer = options.tokenizer
    ? BpeTokenizer.fromJSON(options.tokenizer)
    : trainBpe(sampleDocuments(await tokenizerDocs(corpora, docs, options), options.sampleBytes), {
        vocabSize: options.vocabSize,
        onProgress: (done, total) =>
          progress({
            type: 'progress',
            phase: 'tokenizer',
            done,
            total,
            message: `learning merges ${done}/${total}`,
          }),
      });
  const sources: TokenSource[] = [];
  const bytesPerToken: Record<string, number> = {};
  for (const [i, c] of info.entries()) {
    progress({
      type: 'progress',
      phase: 'tokenize',
      done: i,
      total: info.length,
      message: `tokenizing ${c.name}`,
    });
    const d = docs.get(c.name)!;
    const heldout = tokenizeDocuments(tokenizer, d.heldout);
    sources.push({ name: c.name, kind: c.kind, train: tokenizeDocuments(tokenizer, d.train), heldout });
    const bytes = d.heldout.reduce((n, doc) => n + utf8Length(doc), 0) + d.heldout.length; // + 1 per EOT
    bytesPerToken[c.name] = heldout.length > 0 ? bytes / heldout.length : 1;
  }
  return { tokenizer, sources, bytesPerToken, info };
}

/** The train splits the tokenizer samples, in the order of `tokenizerSources` (default: the run's sources). */
async function tokenizerDocs(
  corpora: CorpusProvider,
  docs: Map<string, { train: string[] }>,
  options: PrepareOptions,
): Promise<Map<string, { train: string[] }>> {
  if (!options.tokenizerSources) return docs;
  const available = new Set((await corpora.list()).map((c) => c.name));
  const out = new Map<string, { train: string[] }>();
  for (const name of options.tokenizerSources) {
    if (!available.has(name))
      throw new Error(
        `unknown corpus "${name}" in tokenizer.sources: available are ${[...available].join(', ')}`,
      );
    out.set(name, docs.get(name) ?? { train: await corpora.read(name, 'train') });
  }
  return out;
}

/** Up to `totalBytes` of text, an equal share from each source, taken from the front of its train split. */
export function sampleDocuments(docs: Map<string, { train: string[] }>, totalBytes: number): string[] {
  const perSource = Math.floor(totalBytes / Math.max(1, docs.size));
  const out: string[] = [];
  for (const { train } of docs.values()) {
    let bytes = 0;
    for (const doc of train) {
      if (bytes >= perSource) break;
      out.push(doc);
      bytes += doc.length;
    }
  }
  return out;
}

/** Documents → one stream: tokens of each document followed by the end-of-text token. */
export function tokenizeDocuments(tokenizer: BpeTokenizer, documents: string[]): Uint16Array {
  if (tokenizer.vocabSize > 65536) throw new Error('token streams are uint16: vocabularies up to 65,536');
  const parts: number[][] = [];
  let total = 0;
  for (const doc of documents) {
    const ids = tokenizer.encode(doc);
    parts.push(ids);
    total += ids.length + 1;
  }
  const out = new Uint16Array(total);
  let at = 0;
  for (const ids of parts) {
    out.set(ids, at);
    at += ids.length;
    out[at++] = tokenizer.eotId;
  }
  return out;
}
