// UTF-8 helpers for the tokenizer: shared encoder/decoder instances, the length of the well-formed
// sequence at a position (Unicode Table 3-7), and the UTF-8 length of a string without encoding it.

export const utf8Encoder = new TextEncoder();
/** Lenient (invalid bytes become U+FFFD) and BOM-preserving, so a leading U+FEFF round-trips. */
export const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
/** Strict: throws on ill-formed input; used only on runs already checked to be well formed. */
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeWellFormed(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

const inRange = (x: number | undefined, lo: number, hi: number): boolean =>
  x !== undefined && x >= lo && x <= hi;

/** Length (1-4) of the well-formed UTF-8 sequence starting at bytes[i], or 0 if there is none. */
export function wellFormedLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  const b1 = bytes[i + 1];
  if (b0 >= 0xc2 && b0 <= 0xdf) return inRange(b1, 0x80, 0xbf) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf; // ED A0..BF would encode a surrogate
    return inRange(b1, lo, hi) && inRange(bytes[i + 2], 0x80, 0xbf) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf; // F4 90.. would be above U+10FFFF
    return inRange(b1, lo, hi) && inRange(bytes[i + 2], 0x80, 0xbf) && inRange(bytes[i + 3], 0x80, 0xbf)
      ? 4
      : 0;
  }
  return 0;
}

/** Number of UTF-8 bytes TextEncoder produces for `text` (a lone surrogate counts as U+FFFD: 3). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
