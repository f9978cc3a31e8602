// Helpers shared by the checkpoint stores (store.ts): name checks, the store error type, the
// "storage is full" message, and a CheckpointRef built from checkpoint.json. Platform-neutral.
import { MANIFEST_FILE, readManifest } from './manifest';
import type { CheckpointRef } from './store';

export type StoreErrorCode = 'bad-name' | 'not-found' | 'storage-full' | 'io';

export class CheckpointStoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckpointStoreError';
    this.code = code;
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export const isValidName = (name: string): boolean => NAME.test(name);

/** Checkpoint and file names: letters, digits, `.`, `_`, `-`, not starting with `.` (max 100). */
export function checkName(name: string, what = 'checkpoint name'): void {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new CheckpointStoreError(
      'bad-name',
      `${what} ${JSON.stringify(name)} is not allowed: use 1-100 letters, digits, ".", "_" or "-", not starting with "."`,
    );
}

export function checkFiles(files: Map<string, Uint8Array>): void {
  if (files.size === 0) throw new CheckpointStoreError('bad-name', 'a checkpoint needs at least one file');
  for (const [name, bytes] of files) {
    checkName(name, 'file name');
    if (!(bytes instanceof Uint8Array))
      throw new CheckpointStoreError('bad-name', `file ${name}: contents must be a Uint8Array`);
  }
}

export function totalBytes(files: Map<string, Uint8Array>): number {
  let n = 0;
  for (const b of files.values()) n += b.length;
  return n;
}

export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export function notFound(name: string, where: string): CheckpointStoreError {
  return new CheckpointStoreError('not-found', `no checkpoint named "${name}" in ${where}`);
}

/** The error for a save that ran out of space; `estimate` is navigator.storage.estimate()'s answer. */
export function storageFull(
  name: string,
  needed: number,
  estimate: { usage?: number; quota?: number } | undefined,
  cause: unknown,
): CheckpointStoreError {
  const free =
    estimate?.quota !== undefined
      ? `${megabytes(Math.max(0, estimate.quota - (estimate.usage ?? 0)))} free`
      : 'free space unknown';
  return new CheckpointStoreError(
    'storage-full',
    `storage is full: ${megabytes(needed)} needed, ${free}; checkpoint "${name}" was not saved ` +
      `and the previously saved one is unchanged. Remove old checkpoints to make room.`,
    { cause },
  );
}

export const isQuotaError = (e: unknown): boolean =>
  (e as { name?: string } | null)?.name === 'QuotaExceededError';

/** A CheckpointRef from a checkpoint's checkpoint.json (if any) and its total size. */
export async function describeCheckpoint(
  name: string,
  manifest: Uint8Array | undefined,
  bytes: number,
): Promise<CheckpointRef> {
  if (!manifest) return { name, bytes, problem: `${MANIFEST_FILE} is missing` };
  try {
    const m = await readManifest(manifest);
    return { name, bytes, step: m.step, createdAt: m.createdAt };
  } catch (e) {
    return { name, bytes, problem: (e as Error).message };
  }
}

export function byName(a: CheckpointRef, b: CheckpointRef): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
