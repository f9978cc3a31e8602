import { describe, expect, it } from 'vitest';
import { statsOf } from './assemble';
import { parseJsonl, toJsonl } from './jsonl';
import {
  TOKEN_UNIT,
  countWords,
  manifestProblems,
  totalsOf,
  type Manifest,
  type SourceEntry,
} from './manifest';
import { SPLIT_RULE } from './split';

function entry(name: string, kind: 'text' | 'code', train: string[], heldout: string[]): SourceEntry {
  const t = statsOf(train);
  const h = statsOf(heldout);
  const file = { path: `${name}/x.jsonl`, bytes: 0, sha256: '' };
  return {
    name,
    kind,
    licence: 'MIT',
    attribution: 'x',
    origin: 'x',
    bytes: t.bytes + h.bytes,
    documents: t.docs + h.docs,
    tokens: { count: t.words + h.words, unit: TOKEN_UNIT },
    bpeTokens: null,
    split: { train: t, heldout: h, rule: SPLIT_RULE },
    files: { train: file, heldout: file, licence: null },
    extracted: t.docs + h.docs + 1,
    dedupe: { exact: 1, near: 0, ofOtherSource: 0, removedBytes: 3, evalOverlap: 0 },
    skipped: {},
    notes: [],
  };
}

function manifestOf(sources: SourceEntry[]): Manifest {
  return {
    format: 'codemix-corpora',
    buildVersion: 1,
    inputHash: 'x',
    documentFormat: 'x',
    splitRule: SPLIT_RULE,
    tokenUnit: TOKEN_UNIT,
    dedupe: { exact: 'x', near: 'x' },
    evalLeakCheck: { evalTexts: 0, ngram: 13, evalPoolWords: 0 },
    totals: totalsOf(sources),
    sources,
  };
}

describe('manifest', () => {
  it('counts whitespace-separated words and UTF-8 bytes', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  one two\tthree\nfour  ')).toBe(4);
    expect(statsOf(['héllo wörld', 'a'])).toEqual({ docs: 2, bytes: 14, words: 3 });
  });

  it('sums per source and per kind, and reports any sum that does not add up', () => {
    const m = manifestOf([
      entry('a', 'text', ['one two', 'three'], ['four']),
      entry('b', 'text', ['x'], []),
      entry('c', 'code', ['let x = 1;'], ['y()']),
    ]);
    expect(manifestProblems(m)).toEqual([]);
    expect(m.totals.text).toEqual({ bytes: 7 + 5 + 4 + 1, documents: 4, words: 5 });
    expect(m.totals.code).toEqual({ bytes: 10 + 3, documents: 2, words: 5 });
    const broken = structuredClone(m);
    broken.sources[0].bytes += 1;
    broken.totals.code.documents = 9;
    expect(manifestProblems(broken)).toEqual([
      'a: bytes ≠ train + held-out bytes',
      'totals.text.bytes ≠ sum over sources',
      'totals.code.documents ≠ sum over sources',
    ]);
  });
});

describe('JSONL documents', () => {
  it('round-trips documents with newlines, quotes, unicode and line separators', () => {
    const docs = ['line one\nline two', 'say "hi"\\', 'naïve 日本 😀', 'a\u2028b', ''];
    const text = toJsonl(docs);
    expect(text.split('\n')).toHaveLength(docs.length + 1);
    expect(parseJsonl(text)).toEqual(docs);
    expect(toJsonl([])).toBe('');
    expect(parseJsonl('')).toEqual([]);
  });

  it('rejects lines that are not JSON strings, naming the line', () => {
    expect(() => parseJsonl('"ok"\n{"a":1}\n', 'x/train')).toThrow(/x\/train: line 2 is not a JSON string/);
    expect(() => parseJsonl('"ok"\n\n"b"\n')).toThrow(/empty line 2/);
  });
});
