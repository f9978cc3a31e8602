import { describe, expect, it } from 'vitest';
import { fnv1a32, splitDocs, splitOf } from './split';

/** Reference FNV-1a over Node's own UTF-8 encoding. */
function reference(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

describe('split rule', () => {
  it('hashes with FNV-1a 32 (published test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes, as Node encodes them', () => {
    for (const s of ['héllo', 'naïve café', '日本語', 'emoji 😀 ok', 'x\u2028y'])
      expect(fnv1a32(s)).toBe(reference(s));
  });

  it('sends hash mod 100 < 5 to held-out, about 5% of documents, deterministically', () => {
    const docs = Array.from({ length: 20_000 }, (_, i) => `document number ${i} with some text`);
    const held = docs.filter((d) => splitOf(d) === 'heldout');
    for (const d of held) expect(reference(d) % 100).toBeLessThan(5);
    for (const d of docs.slice(0, 500))
      if (splitOf(d) === 'train') expect(reference(d) % 100).toBeGreaterThanOrEqual(5);
    expect(held.length / docs.length).toBeGreaterThan(0.04);
    expect(held.length / docs.length).toBeLessThan(0.06);
  });

  it('partitions documents and keeps their order', () => {
    const docs = Array.from({ length: 400 }, (_, i) => `doc ${i}`);
    const { train, heldout } = splitDocs(docs);
    expect(train.length + heldout.length).toBe(docs.length);
    expect([...train, ...heldout].sort()).toEqual([...docs].sort());
    expect(train).toEqual(docs.filter((d) => splitOf(d) === 'train'));
  });
});
