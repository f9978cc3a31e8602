// The checks every uploaded file passes before the lab keeps it: a usable name, not empty, under
// the size caps, not binary (magic numbers, NUL bytes, control characters), valid UTF-8, and some
// text to train on; then its kind (text or code) and how many documents it gives. An upload of
// many files (a folder) is judged file by file: a bad file is rejected with its reason and never
// stops the good ones. Pure: bytes in, verdicts out.
import { controlShare, firstNul, looksUtf16, sniffMagic, tooManyControls } from './binary';
import { userDocuments } from './documents';
import { classifyKind } from './kinds';
import {
  MAX_CONTROL_SHARE,
  MAX_FILE_BYTES,
  MAX_NAME_CHARS,
  MAX_TOTAL_BYTES,
  MAX_UPLOAD_FILES,
  megabytes,
  sizeLabel,
} from './limits';
import type { AcceptedUserFile, RejectCode, RejectedUserFile, UserFileKind, UserFileUpload } from './types';
import { decodeUtf8, hexBytes } from './utf8';

export type CheckedFile = AcceptedUserFile | RejectedUserFile;

const reject = (name: string, bytes: number, code: RejectCode, reason: string): RejectedUserFile => ({
  status: 'rejected',
  name,
  bytes,
  code,
  reason,
});

/** "a\\b/./c" → "a/b/c": forward slashes, no leading "/" or "./", no empty segments. */
export function normaliseName(name: string): string {
  return name
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** Why a (normalised) name cannot be used, or null when it can. */
export function nameProblem(name: string): string | null {
  if (!name) return 'the file has no name';
  if (name.length > MAX_NAME_CHARS) return `its name is longer than ${MAX_NAME_CHARS} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'its name contains control characters';
  if (name.split('/').includes('..')) return 'its name contains a ".." segment';
  return null;
}

/** The rejection of a file over the per-file cap, or null: the UI asks this before reading a file. */
export function tooLarge(name: string, size: number): RejectedUserFile | null {
  if (size <= MAX_FILE_BYTES) return null;
  return reject(
    normaliseName(name) || name,
    size,
    'too-large',
    `Rejected: ${megabytes(size)} is over the ${megabytes(MAX_FILE_BYTES)} limit per file; split it into smaller files.`,
  );
}

/** Folders a folder upload passes over: tools' data, not anyone's writing. */
const SKIPPED_FOLDERS: Record<string, string> = {
  '.git': 'version-control data',
  '.hg': 'version-control data',
  '.svn': 'version-control data',
  node_modules: 'installed packages',
  __pycache__: 'compiled Python',
  __MACOSX: 'archive metadata',
};

/**
 * What can be said of a file of an upload before reading it (the UI asks, so it never reads a
 * file that would be turned away): inside a skipped folder, past the per-upload count, too large.
 */
export function beforeReading(rawName: string, size: number, index: number): RejectedUserFile | null {
  const name = normaliseName(rawName) || rawName;
  const folder = name
    .split('/')
    .slice(0, -1)
    .find((part) => Object.hasOwn(SKIPPED_FOLDERS, part));
  if (folder)
    return reject(name, size, 'skipped', `Skipped: inside ${folder}/ (${SKIPPED_FOLDERS[folder]}).`);
  if (index >= MAX_UPLOAD_FILES) {
    return reject(
      name,
      size,
      'too-many',
      `Rejected: an upload takes at most ${MAX_UPLOAD_FILES} files; add the rest in another upload.`,
    );
  }
  return tooLarge(name, size);
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** One file on its own: accepted with its kind and figures, or rejected with a reason. */
export function checkUserFile(rawName: string, bytes: Uint8Array, kind?: UserFileKind): CheckedFile {
  const name = normaliseName(rawName);
  const size = bytes.length;
  const badName = nameProblem(name);
  if (badName) return reject(name || rawName, size, 'bad-name', `Rejected: ${badName}.`);
  if (size === 0) return reject(name, size, 'empty', 'Rejected: the file is empty.');
  const large = tooLarge(name, size);
  if (large) return large;
  const magic = sniffMagic(bytes);
  if (magic) return reject(name, size, 'binary', `Rejected: this is ${magic}, not text or code.`);
  const nul = firstNul(bytes);
  if (nul >= 0) {
    const reason = looksUtf16(bytes)
      ? 'Rejected: this looks like UTF-16 text; save it as UTF-8 and upload it again.'
      : `Rejected: binary file (a NUL byte at byte ${nul}; text files have none).`;
    return reject(name, size, 'binary', reason);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return reject(
      name,
      size,
      'not-utf8',
      `Rejected: not valid UTF-8 — the bytes at offset ${decoded.offset} (${hexBytes(decoded.bytes)}) ` +
        `are not a UTF-8 character. Save the file as UTF-8 and upload it again.`,
    );
  }
  const text = decoded.text;
  const controls = controlShare(text);
  if (tooManyControls(controls)) {
    return reject(
      name,
      size,
      'binary',
      `Rejected: binary file (${controls.count} control characters, ${percent(controls.share)} of the text; ` +
        `text has at most ${percent(MAX_CONTROL_SHARE)}).`,
    );
  }
  const documents = userDocuments(text).length;
  if (documents === 0) return reject(name, size, 'empty', 'Rejected: the file holds only whitespace.');
  const detected = classifyKind(name, text);
  const chosen = kind ?? detected.kind;
  const kindNote =
    kind && kind !== detected.kind ? `set to ${kind} by you (detected as ${detected.kind})` : detected.note;
  return {
    status: 'accepted',
    name,
    kind: chosen,
    detectedKind: detected.kind,
    ...(kindNote ? { kindNote } : {}),
    bytes: size,
    chars: countCodePoints(text),
    documents,
    text,
  };
}

function countCodePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++; // a high surrogate is counted with its low one
  }
  return n;
}

/** A stored file, as far as the upload checks need to know it. */
export interface KeptFile {
  name: string;
  bytes: number;
}

/**
 * An upload (one file or a folder's files), each judged on its own, in order. A name that repeats
 * within the upload is rejected after its first use; a name already kept replaces that file (its
 * bytes no longer count). The total cap counts kept files plus the accepted files before this one.
 */
export function checkUserFiles(
  uploads: readonly UserFileUpload[],
  kept: readonly KeptFile[] = [],
): CheckedFile[] {
  const keptBytes = new Map(kept.map((f) => [f.name, f.bytes]));
  const seen = new Set<string>();
  let total = kept.reduce((n, f) => n + f.bytes, 0);
  return uploads.map((u, i) => {
    const checked = beforeReading(u.name, u.bytes.length, i) ?? checkUserFile(u.name, u.bytes, u.kind);
    if (checked.status === 'rejected') return checked;
    if (seen.has(checked.name))
      return reject(
        checked.name,
        checked.bytes,
        'duplicate',
        'Rejected: this name appears twice in the upload.',
      );
    seen.add(checked.name);
    const after = total - (keptBytes.get(checked.name) ?? 0) + checked.bytes;
    if (after > MAX_TOTAL_BYTES) {
      return reject(
        checked.name,
        checked.bytes,
        'total-too-large',
        `Rejected: it would bring your files to ${megabytes(after)}, over the ${megabytes(MAX_TOTAL_BYTES)} ` +
          `total; delete some files first (this one is ${sizeLabel(checked.bytes)}).`,
      );
    }
    total = after;
    keptBytes.set(checked.name, checked.bytes);
    return checked;
  });
}
