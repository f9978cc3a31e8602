// A minimal uncompressed tar (POSIX ustar) writer and reader, so the browser can download a
// Hugging Face directory as one file (`tar -xf model.tar` gives the folder) and import one back.
// Written deterministically: mode 0644, owner 0, mtime 0, so equal files give equal archives.
// Reads regular files only (directories and pax/GNU metadata entries are skipped); names keep
// their path inside the archive. Leaves out long names (over 100 bytes) and compression.

export class TarError extends Error {
  constructor(message: string) {
    super(`tar: ${message}`);
    this.name = 'TarError';
  }
}

const BLOCK = 512;
const encoder = new TextEncoder();

function putString(h: Uint8Array, offset: number, length: number, s: string): void {
  const b = encoder.encode(s);
  if (b.length > length) throw new TarError(`"${s}" is longer than ${length} bytes`);
  h.set(b, offset);
}

/** An octal field: digits, zero-padded, then a NUL. */
function putOctal(h: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new TarError(`${value} does not fit a ${length}-byte field`);
  putString(h, offset, length, digits.padStart(length - 1, '0'));
}

function header(name: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  if (name.length === 0 || encoder.encode(name).length > 100)
    throw new TarError(`file name "${name}" must be 1 to 100 bytes`);
  putString(h, 0, 100, name);
  putOctal(h, 100, 8, 0o644);
  putOctal(h, 108, 8, 0);
  putOctal(h, 116, 8, 0);
  putOctal(h, 124, 12, size);
  putOctal(h, 136, 12, 0);
  h.fill(0x20, 148, 156); // checksum counted as spaces
  h[156] = 0x30; // '0': regular file
  putString(h, 257, 6, 'ustar');
  putString(h, 263, 2, '00');
  const sum = h.reduce((a, b) => a + b, 0);
  putString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** An archive of `files` (name → bytes) in the given order. */
export function writeTar(files: Iterable<[string, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, bytes] of files) {
    parts.push(header(name, bytes.length), bytes);
    const pad = (BLOCK - (bytes.length % BLOCK)) % BLOCK;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function readString(h: Uint8Array, offset: number, length: number): string {
  const field = h.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}

function readOctal(h: Uint8Array, offset: number, length: number, what: string, at: number): number {
  const s = readString(h, offset, length).trim();
  if (!/^[0-7]*$/.test(s))
    throw new TarError(`entry at byte ${at}: ${what} ${JSON.stringify(s)} is not octal`);
  return s === '' ? 0 : parseInt(s, 8);
}

/** The regular files of an archive, by their path in it; refuses a damaged or truncated archive. */
export function readTar(bytes: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let at = 0;
  while (at + BLOCK <= bytes.length) {
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return files; // end of archive
    const stored = readOctal(h, 148, 8, 'checksum', at);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (sum !== stored)
      throw new TarError(`entry at byte ${at}: header checksum ${stored} ≠ computed ${sum}`);
    const prefix = readString(h, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + readString(h, 0, 100);
    const size = readOctal(h, 124, 12, 'size', at);
    const type = String.fromCharCode(h[156] || 0x30);
    const start = at + BLOCK;
    if (start + size > bytes.length)
      throw new TarError(
        `"${name}" needs ${size} bytes but the archive ends ${bytes.length - start} bytes later`,
      );
    if (type === '0' || type === '7') files.set(name, bytes.slice(start, start + size));
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (bytes.length === 0) throw new TarError('the archive is empty');
  if (at !== bytes.length) throw new TarError('the archive is truncated: it ends inside an entry');
  return files; // ends after its last file without the end marker, as some writers leave it
}
