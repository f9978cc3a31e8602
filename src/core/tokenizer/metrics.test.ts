import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { BpeTokenizer } from './bpe';
import { bitsPerByte, bytesPerToken, tokenStats } from './metrics';
import { DEFAULT_PATTERN } from './pretokenize';
import { utf8Length } from './utf8';
import { renderToken, vocabDump } from './vocab-dump';

describe('bits per byte', () => {
  it('is 8 for a uniform guess over 256 bytes, and scales with the loss', () => {
    expect(bitsPerByte(1000 * Math.log(256), 1000)).toBeCloseTo(8, 12);
    // 500 tokens at mean loss 2.0 nats over 1500 bytes: 1000 nats = 1442.7 bits → 0.9618 bits/byte
    expect(bitsPerByte(500 * 2.0, 1500)).toBeCloseTo(1000 / Math.LN2 / 1500, 12);
    expect(bitsPerByte(0, 10)).toBe(0);
  });

  it('rejects impossible inputs', () => {
    expect(() => bitsPerByte(1, 0)).toThrow(/numBytes must be a finite number > 0, got 0/);
    expect(() => bitsPerByte(Number.NaN, 10)).toThrow(/totalNatsLoss/);
    expect(() => bytesPerToken(10, 0)).toThrow(/numTokens must be > 0/);
  });
});

describe('bytes per token', () => {
  it('counts UTF-8 bytes, not characters', () => {
    const bytesOnly = new BpeTokenizer({ merges: [], specialTokens: [], pattern: DEFAULT_PATTERN });
    expect(tokenStats(bytesOnly, ['héllo', '😀'])).toEqual({ bytes: 10, tokens: 10, bytesPerToken: 1 });
    const ab = new BpeTokenizer({ merges: [[97, 98]], specialTokens: [], pattern: DEFAULT_PATTERN });
    expect(tokenStats(ab, ['abab'])).toEqual({ bytes: 4, tokens: 2, bytesPerToken: 2 });
    expect(tokenStats(ab, [''])).toEqual({ bytes: 0, tokens: 0, bytesPerToken: 0 });
    expect(bytesPerToken(12, 4)).toBe(3);
  });

  it('utf8Length agrees with TextEncoder, lone surrogates included', () => {
    const rng = new Rng(3);
    const units = [0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfeff];
    for (let trial = 0; trial < 300; trial++) {
      let s = '';
      for (let n = rng.int(12); n > 0; n--) s += String.fromCharCode(units[rng.int(units.length)]);
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
});

describe('vocab dump', () => {
  it('shows bytes, merges and specials readably', () => {
    const t = new BpeTokenizer({
      merges: [
        [32, 116],
        [256, 104],
      ],
      specialTokens: ['<|endoftext|>'],
      pattern: DEFAULT_PATTERN,
    });
    const lines = vocabDump(t).trimEnd().split('\n');
    expect(lines).toHaveLength(256 + 2 + 1);
    expect(lines[10]).toBe('10 [\\u000a]');
    expect(lines[256]).toBe('256 [ ][t] -> [ t]');
    expect(lines[257]).toBe('257 [ t][h] -> [ th]');
    expect(lines[258]).toBe('258 [<|endoftext|>] (special)');
    expect(renderToken(Uint8Array.of(0xe4, 0xb8))).toBe('\uFFFD');
  });
});
