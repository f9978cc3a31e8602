// What every store of the user's files implements (OPFS: user-files-opfs.ts, IndexedDB:
// user-files-indexeddb.ts, memory: below, for the Node engine and tests), with the helpers they
// share: the store error, the "storage is full" message, and the file info from stored facts.
import { megabytes, sizeLabel } from '../../src/core/data/user-files/limits';
import type { UserFileInfo, UserFileKind } from '../../src/core/data/user-files/types';

/** What a store keeps about a file besides its bytes (the kind in force is derived from it). */
export interface UserFileMeta {
  name: string;
  detectedKind: UserFileKind;
  detectedNote?: string;
  bytes: number;
  chars: number;
  documents: number;
}

export interface UserFileStore {
  /** Where the files live, for messages and the UI. */
  readonly kind: 'opfs' | 'indexeddb' | 'memory';
  /** Kept files, sorted by name. */
  list(): Promise<UserFileInfo[]>;
  /** Keeps (or replaces) a file, all at once or not at all; throws UserFileStoreError. */
  put(meta: UserFileMeta, kind: UserFileKind, bytes: Uint8Array): Promise<void>;
  /** The bytes of a kept file; throws (code 'not-found') if absent. */
  read(name: string): Promise<Uint8Array>;
  /** Changes the kind a file trains as; throws (code 'not-found') if absent. */
  setKind(name: string, kind: UserFileKind): Promise<UserFileInfo>;
  /** Deletes a file; throws (code 'not-found') if absent. */
  remove(name: string): Promise<void>;
}

export type UserFileStoreErrorCode = 'not-found' | 'storage-full' | 'io';

export class UserFileStoreError extends Error {
  readonly code: UserFileStoreErrorCode;
  constructor(code: UserFileStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserFileStoreError';
    this.code = code;
  }
}

/** The file info a store reports: the kind in force and a note on how it was decided. */
export function describeUserFile(meta: UserFileMeta, kind: UserFileKind): UserFileInfo {
  const note =
    kind !== meta.detectedKind
      ? `set to ${kind} by you (detected as ${meta.detectedKind})`
      : meta.detectedNote;
  return {
    name: meta.name,
    kind,
    detectedKind: meta.detectedKind,
    ...(note ? { kindNote: note } : {}),
    bytes: meta.bytes,
    chars: meta.chars,
    documents: meta.documents,
  };
}

export const notFound = (name: string, where: string): UserFileStoreError =>
  new UserFileStoreError('not-found', `no file named "${name}" in ${where}`);

export const isQuotaError = (e: unknown): boolean =>
  (e as { name?: string } | null)?.name === 'QuotaExceededError';

/** The error for a file that did not fit; `estimate` is navigator.storage.estimate()'s answer. */
export async function storageFull(name: string, bytes: number, cause: unknown): Promise<UserFileStoreError> {
  const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
  const free =
    estimate?.quota !== undefined
      ? `${megabytes(Math.max(0, estimate.quota - (estimate.usage ?? 0)))} free`
      : 'free space unknown';
  return new UserFileStoreError(
    'storage-full',
    `Not kept: the browser's storage is full (${sizeLabel(bytes)} needed, ${free}); "${name}" was not saved ` +
      `and your other files are unchanged. Delete some files or checkpoints to make room.`,
    { cause },
  );
}

export const byName = (a: { name: string }, b: { name: string }): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Files held in memory: the Node engine's store (nothing persists) and tests'. */
export class MemoryUserFileStore implements UserFileStore {
  readonly kind = 'memory' as const;
  private readonly files = new Map<string, { meta: UserFileMeta; kind: UserFileKind; bytes: Uint8Array }>();

  async list(): Promise<UserFileInfo[]> {
    return [...this.files.values()].map((f) => describeUserFile(f.meta, f.kind)).sort(byName);
  }

  async put(meta: UserFileMeta, kind: UserFileKind, bytes: Uint8Array): Promise<void> {
    this.files.set(meta.name, { meta: { ...meta }, kind, bytes: bytes.slice() });
  }

  async read(name: string): Promise<Uint8Array> {
    const f = this.files.get(name);
    if (!f) throw notFound(name, 'memory');
    return f.bytes;
  }

  async setKind(name: string, kind: UserFileKind): Promise<UserFileInfo> {
    const f = this.files.get(name);
    if (!f) throw notFound(name, 'memory');
    f.kind = kind;
    return describeUserFile(f.meta, kind);
  }

  async remove(name: string): Promise<void> {
    if (!this.files.delete(name)) throw notFound(name, 'memory');
  }
}
