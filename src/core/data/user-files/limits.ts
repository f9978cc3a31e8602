// The caps on the user's own files, in one place so the checks and their messages agree. A tiny
// model trained for minutes in a browser sees a few million tokens: more than this would mostly
// fill the disk, and every file is kept in the browser's storage.

/** Largest single file accepted (bytes). */
export const MAX_FILE_BYTES = 5_000_000;
/** Largest total of all kept files (bytes). */
export const MAX_TOTAL_BYTES = 50_000_000;
/** Most files taken from one upload (a folder); the rest are turned away unread. */
export const MAX_UPLOAD_FILES = 1000;
/** Longest accepted name (a folder path), in characters. */
export const MAX_NAME_CHARS = 300;
/** Above this share of control characters (other than tab, newlines, form feed) a file is binary. */
export const MAX_CONTROL_SHARE = 0.05;
/** Longest training document cut from a file (characters); see documents.ts. */
export const MAX_DOCUMENT_CHARS = 4000;

/** Bytes as megabytes with one decimal, as every message states sizes. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A byte count for messages: exact below 1 kB, else in kB or MB. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return megabytes(bytes);
}
