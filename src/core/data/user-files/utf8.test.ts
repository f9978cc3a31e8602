// The located offset agrees with the platform's own UTF-8 decoder: over many random byte strings
// (biased towards lead and continuation bytes), the prefix before the offset is the longest prefix
// the fatal TextDecoder accepts, and every longer prefix is refused.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { decodeUtf8, firstInvalidUtf8 } from './utf8';

const fatal = new TextDecoder('utf-8', { fatal: true });
const accepts = (b: Uint8Array) => {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
};

const POOL = [0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];

describe('firstInvalidUtf8', () => {
  it('agrees with the fatal TextDecoder on random byte strings', () => {
    const rng = new Rng(5);
    let invalid = 0;
    for (let n = 0; n < 3000; n++) {
      const bytes = Uint8Array.from({ length: 1 + rng.int(12) }, () =>
        rng.next() < 0.5 ? POOL[rng.int(POOL.length)] : rng.int(256),
      );
      const k = firstInvalidUtf8(bytes);
      if (k < 0) {
        expect(accepts(bytes), bytes.join()).toBe(true);
        continue;
      }
      invalid++;
      expect(accepts(bytes.subarray(0, k)), `${bytes.join()} @${k}`).toBe(true);
      for (let j = k + 1; j <= bytes.length; j++)
        expect(accepts(bytes.subarray(0, j)), `${bytes.join()} ..${j}`).toBe(false);
      expect(decodeUtf8(bytes)).toMatchObject({ ok: false, offset: k });
    }
    expect(invalid).toBeGreaterThan(1000);
  });

  it('finds nothing wrong in well-formed text of every length class', () => {
    const text = 'a ä € 𝄞 '.repeat(100);
    const bytes = new TextEncoder().encode(text);
    expect(firstInvalidUtf8(bytes)).toBe(-1);
    expect(decodeUtf8(bytes)).toEqual({ ok: true, text });
  });
});
