// The manifest of the generated corpora (datasets/generated/manifest.json): per source its
// licence, attribution, size in bytes and whitespace-separated words, document counts, the
// split, duplicate and filter counts; plus totals per kind. Sizes count the documents' UTF-8
// bytes (not the JSONL quoting); `files` gives the on-disk sizes and hashes. Pure (no node:).
import type { CorpusKind } from './sources/types';

/** Bump when the build's output changes for the same inputs. */
export const BUILD_VERSION = 2; // 2: reference BPE token counts per source
export const TOKEN_UNIT = 'whitespace-separated words';
export const DOCUMENT_FORMAT = 'JSONL: one JSON string (one document) per line, UTF-8, LF';

export interface SplitStats {
  docs: number;
  bytes: number;
  words: number;
}

export interface FileInfo {
  path: string;
  bytes: number;
  sha256: string;
}

export interface SourceEntry {
  name: string;
  kind: CorpusKind;
  licence: string;
  attribution: string;
  origin: string;
  bytes: number;
  documents: number;
  tokens: { count: number; unit: typeof TOKEN_UNIT };
  /** Real BPE token counts, filled in by the tokenizer's build step (null until then). */
  bpeTokens: { tokenizer: string; train: number; heldout: number } | null;
  split: { train: SplitStats; heldout: SplitStats; rule: string };
  files: { train: FileInfo; heldout: FileInfo; licence: FileInfo | null };
  /** Documents extracted before duplicate removal. */
  extracted: number;
  /** Documents removed: exact and near duplicates, and documents containing an evaluation item. */
  dedupe: { exact: number; near: number; ofOtherSource: number; removedBytes: number; evalOverlap: number };
  skipped: Record<string, number>;
  notes: string[];
}

export interface KindTotals {
  bytes: number;
  documents: number;
  words: number;
}

export interface Manifest {
  format: 'codemix-corpora';
  buildVersion: number;
  inputHash: string;
  documentFormat: string;
  splitRule: string;
  tokenUnit: string;
  dedupe: { exact: string; near: string };
  evalLeakCheck: { evalTexts: number; ngram: number; evalPoolWords: number };
  totals: Record<CorpusKind, KindTotals>;
  sources: SourceEntry[];
}

/** Whitespace-separated words of a document. */
export function countWords(doc: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < doc.length; i++) {
    const c = doc.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

export function totalsOf(sources: readonly SourceEntry[]): Record<CorpusKind, KindTotals> {
  const totals: Record<CorpusKind, KindTotals> = {
    text: { bytes: 0, documents: 0, words: 0 },
    code: { bytes: 0, documents: 0, words: 0 },
  };
  for (const s of sources) {
    totals[s.kind].bytes += s.bytes;
    totals[s.kind].documents += s.documents;
    totals[s.kind].words += s.tokens.count;
  }
  return totals;
}

/** Internal consistency of a manifest: every sum adds up. Returns the problems found. */
export function manifestProblems(m: Manifest): string[] {
  const problems: string[] = [];
  for (const s of m.sources) {
    const { train, heldout } = s.split;
    if (s.bytes !== train.bytes + heldout.bytes) problems.push(`${s.name}: bytes ≠ train + held-out bytes`);
    if (s.documents !== train.docs + heldout.docs)
      problems.push(`${s.name}: documents ≠ train + held-out docs`);
    if (s.tokens.count !== train.words + heldout.words)
      problems.push(`${s.name}: tokens ≠ train + held-out words`);
    if (s.extracted - s.dedupe.exact - s.dedupe.near - s.dedupe.evalOverlap !== s.documents) {
      problems.push(`${s.name}: extracted − removed documents ≠ documents`);
    }
  }
  const totals = totalsOf(m.sources);
  for (const kind of ['text', 'code'] as const) {
    for (const key of ['bytes', 'documents', 'words'] as const) {
      if (totals[kind][key] !== m.totals[kind][key])
        problems.push(`totals.${kind}.${key} ≠ sum over sources`);
    }
  }
  return problems;
}
