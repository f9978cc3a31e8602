// Is a file binary? First by its magic number (so the message can say "a PNG image", not just
// "binary"), then by NUL bytes (text never has them; UTF-16 text does, and gets its own advice),
// and, after decoding, by the share of control characters. Pure byte inspection.
import { MAX_CONTROL_SHARE } from './limits';

interface Magic {
  what: string;
  /** Bytes to match at `at` (null matches any byte). */
  bytes: (number | null)[];
  at?: number;
  /** A further condition, for signatures short enough to begin some text. */
  also?: (bytes: Uint8Array) => boolean;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Signatures of common binary formats (file(1)'s magic numbers, the formats' specifications). */
const MAGIC: Magic[] = [
  { what: 'a PNG image', bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a] },
  { what: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { what: 'a GIF image', bytes: ascii('GIF87a') },
  { what: 'a GIF image', bytes: ascii('GIF89a') },
  { what: 'a WebP image', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')] },
  { what: 'a WAV audio file', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WAVE')] },
  { what: 'an AVI video', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('AVI ')] },
  { what: 'a TIFF image', bytes: [...ascii('II'), 0x2a, 0x00] },
  { what: 'a TIFF image', bytes: [...ascii('MM'), 0x00, 0x2a] },
  { what: 'a Photoshop image', bytes: [...ascii('8BPS'), 0x00] },
  { what: 'an MP4/QuickTime video', bytes: ascii('ftyp'), at: 4 },
  { what: 'an Ogg media file', bytes: [...ascii('OggS'), 0x00] },
  { what: 'an MP3 audio file', bytes: [...ascii('ID3'), null, 0x00] },
  { what: 'a FLAC audio file', bytes: ascii('fLaC') },
  { what: 'a PDF document', bytes: ascii('%PDF-') },
  { what: 'a ZIP archive (or a docx/xlsx/jar/epub, which are ZIPs)', bytes: [...ascii('PK'), 0x03, 0x04] },
  { what: 'an empty ZIP archive', bytes: [...ascii('PK'), 0x05, 0x06] },
  { what: 'a gzip-compressed file', bytes: [0x1f, 0x8b] },
  {
    what: 'a bzip2-compressed file',
    bytes: ascii('BZh'),
    also: (b) => b[3] >= 0x31 && b[3] <= 0x39 && b[4] === 0x31 && b[5] === 0x41,
  },
  { what: 'an xz-compressed file', bytes: [0xfd, ...ascii('7zXZ'), 0x00] },
  { what: 'a Zstandard-compressed file', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { what: 'a 7-Zip archive', bytes: [...ascii('7z'), 0xbc, 0xaf, 0x27, 0x1c] },
  { what: 'a RAR archive', bytes: [...ascii('Rar!'), 0x1a, 0x07] },
  { what: 'a tar archive', bytes: ascii('ustar'), at: 257 },
  { what: 'an ELF executable or library', bytes: [0x7f, ...ascii('ELF')] },
  { what: 'a WebAssembly module', bytes: [0x00, ...ascii('asm')] },
  { what: 'a Java class file (or a Mach-O universal binary)', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { what: 'a Mach-O executable', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { what: 'a Mach-O executable', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { what: 'a Windows executable', bytes: ascii('MZ'), also: (b) => b.subarray(0, 64).includes(0) },
  { what: 'a SQLite database', bytes: [...ascii('SQLite format 3'), 0x00] },
  { what: 'a WOFF font', bytes: ascii('wOFF') },
  { what: 'a WOFF2 font', bytes: ascii('wOF2') },
  { what: 'a TrueType font', bytes: [0x00, 0x01, 0x00, 0x00, 0x00] },
  { what: 'an OpenType font', bytes: [...ascii('OTTO'), 0x00] },
  { what: 'a compiled Python file', bytes: [null, null, 0x0d, 0x0a, 0x00, 0x00, 0x00, 0x00] },
];

/** What binary format the file starts with, if any of the known ones. */
export function sniffMagic(bytes: Uint8Array): string | null {
  for (const m of MAGIC) {
    const at = m.at ?? 0;
    if (bytes.length < at + m.bytes.length) continue;
    if (m.bytes.every((b, i) => b === null || bytes[at + i] === b) && (m.also?.(bytes) ?? true))
      return m.what;
  }
  return null;
}

/** Byte offset of the first NUL byte, or -1. */
export const firstNul = (bytes: Uint8Array): number => bytes.indexOf(0);

/** UTF-16 text starts with a byte-order mark, or has NULs at every other byte of ASCII text. */
export function looksUtf16(bytes: Uint8Array): boolean {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  )
    return true;
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  return (evenNul > 0.8 * half && oddNul < 0.1 * half) || (oddNul > 0.8 * half && evenNul < 0.1 * half);
}

/** Control characters other than tab, line feed, vertical tab, form feed and carriage return. */
const isStrayControl = (c: number): boolean =>
  (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) ||
  c === 0x7f ||
  (c >= 0x80 && c < 0xa0);

export interface ControlShare {
  count: number;
  share: number;
  /** Offset (in UTF-16 code units of the text) of the first one, or -1. */
  first: number;
}

/** How many of a text's characters are stray control characters. */
export function controlShare(text: string): ControlShare {
  let count = 0;
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    if (isStrayControl(text.charCodeAt(i))) {
      if (first < 0) first = i;
      count++;
    }
  }
  return { count, share: text.length ? count / text.length : 0, first };
}

export const tooManyControls = (c: ControlShare): boolean => c.share > MAX_CONTROL_SHARE;
