// GPT-2's reversible map between bytes and printable characters, which Hugging Face's ByteLevel
// pre-tokenizer and decoder use to write byte-level BPE tokens as JSON strings. Bytes that are
// already printable (`!`..`~`, `¡`..`¬`, `®`..`ÿ`) stand for themselves; the other 68 bytes (controls,
// space, DEL, NBSP, soft hyphen) take the code points 256, 257, … in byte order, so a space is `Ġ`
// (U+0120) and a newline `Ċ` (U+010A). Only the mapping lives here; the tokenizer itself works on bytes.

function isPrintableByte(b: number): boolean {
  return (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
}

/** BYTE_TO_CHAR[b] is the one-character string standing for byte b. */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const out: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) out.push(String.fromCharCode(isPrintableByte(b) ? b : next++));
  return out;
})();

const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** Bytes → their byte-level string (one character per byte). */
export function bytesToByteLevel(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += BYTE_TO_CHAR[bytes[i]];
  return s;
}

/** A byte-level string → its bytes; throws on a character outside the 256-character alphabet. */
export function byteLevelToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const b = CHAR_TO_BYTE.get(s[i]);
    if (b === undefined) {
      throw new Error(
        `byte-level string ${JSON.stringify(s)} has character U+${s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')} at ${i}, which stands for no byte`,
      );
    }
    out[i] = b;
  }
  return out;
}
