// Strict UTF-8 decoding of an uploaded file: the WHATWG decoder in fatal mode decides, and when it
// refuses, the first ill-formed sequence is located (Unicode Table 3-7, the same rule) so the
// message can name its byte offset and bytes. A leading byte-order mark is dropped.
import { wellFormedLength } from '../../tokenizer/utf8';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export type Utf8Result = { ok: true; text: string } | { ok: false; offset: number; bytes: number[] };

/** Byte offset of the first ill-formed UTF-8 sequence, or -1 when the bytes are well formed. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const n = wellFormedLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    // The decoder and Table 3-7 agree; if they ever did not, blame the end of the file.
    const at = offset >= 0 ? offset : Math.max(0, bytes.length - 1);
    return { ok: false, offset: at, bytes: [...bytes.subarray(at, at + 4)] };
  }
}

/** Bytes as "0xC3 0x28". */
export const hexBytes = (bytes: readonly number[]): string =>
  bytes.map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
