// The deterministic train/held-out split: a document goes to held-out when the FNV-1a 32-bit hash
// of its UTF-8 bytes, mod 100, is below 5. Depends on the text only, so identical documents
// always land on the same side and the rule can be recomputed anywhere (no node: imports).

export const HELDOUT_PERCENT = 5;
export const SPLIT_RULE = `fnv1a32(utf8(doc)) mod 100 < ${HELDOUT_PERCENT} → held-out`;

export type Split = 'train' | 'heldout';

/** FNV-1a, 32-bit, over the UTF-8 encoding of `s` (encoded inline; lone surrogates as U+FFFD). */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) byte(c);
    else if (c < 0x800) {
      byte(0xc0 | (c >> 6));
      byte(0x80 | (c & 63));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 63));
      byte(0x80 | ((c >> 6) & 63));
      byte(0x80 | (c & 63));
    }
  }
  return h >>> 0;
}

export function splitOf(doc: string): Split {
  return fnv1a32(doc) % 100 < HELDOUT_PERCENT ? 'heldout' : 'train';
}

/** Splits documents, keeping their order within each side. */
export function splitDocs(docs: readonly string[]): Record<Split, string[]> {
  const out: Record<Split, string[]> = { train: [], heldout: [] };
  for (const d of docs) out[splitOf(d)].push(d);
  return out;
}
