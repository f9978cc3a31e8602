// SHA-256: WebCrypto and the pure-TypeScript fallback both agree with Node's own crypto module
// across the padding boundaries (55/56/63/64 bytes) and on a larger buffer.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexFallback } from './sha256';
import { Rng } from '../rng';

const reference = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('sha256', () => {
  it('matches the FIPS 180-4 example for "abc"', () => {
    expect(sha256HexFallback(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('agrees with node:crypto for many lengths, both implementations', async () => {
    const rng = new Rng(3);
    const lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 65_535, 65_536, 70_001, 200_003];
    for (const n of lengths) {
      const b = Uint8Array.from({ length: n }, () => rng.int(256));
      expect(sha256HexFallback(b), `fallback, ${n} bytes`).toBe(reference(b));
      expect(await sha256Hex(b), `webcrypto, ${n} bytes`).toBe(reference(b));
    }
  });

  it('hashes only the view, not the whole underlying buffer', async () => {
    const whole = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 255);
    const view = whole.subarray(17, 99_000);
    expect(sha256HexFallback(view)).toBe(reference(view));
    expect(await sha256Hex(view)).toBe(reference(view));
  });
});
