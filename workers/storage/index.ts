// The browser's checkpoint store, chosen once: OPFS where the worker can write files there,
// else IndexedDB (older Safari, Firefox private windows, insecure origins). Worker-safe (no DOM).
import type { CheckpointStore } from '../../src/core/checkpoint/store';
import { CheckpointStoreError } from '../../src/core/checkpoint/store-util';
import { openIndexedDbCheckpointStore } from './indexeddb-store';
import { openOpfsCheckpointStore } from './opfs-store';

export { OpfsCheckpointStore, openOpfsCheckpointStore } from './opfs-store';
export { IndexedDbCheckpointStore, openIndexedDbCheckpointStore } from './indexeddb-store';

export interface BrowserStoreChoice {
  store: CheckpointStore;
  /** Why this store was chosen, for the UI and logs. */
  reason: string;
}

/** Whether files in OPFS can be written from here (sync access handle or writable stream). */
function opfsWritable(): boolean {
  const proto = (globalThis as { FileSystemFileHandle?: { prototype: object } }).FileSystemFileHandle
    ?.prototype;
  return (
    typeof navigator !== 'undefined' &&
    typeof navigator.storage?.getDirectory === 'function' &&
    !!proto &&
    ('createSyncAccessHandle' in proto || 'createWritable' in proto)
  );
}

export async function openBrowserCheckpointStore(): Promise<BrowserStoreChoice> {
  let why = 'OPFS is not available here';
  if (opfsWritable()) {
    try {
      return { store: await openOpfsCheckpointStore(), reason: 'OPFS (origin private file system)' };
    } catch (e) {
      why = `OPFS failed to open (${(e as Error).message})`;
    }
  }
  try {
    return { store: await openIndexedDbCheckpointStore(), reason: `IndexedDB, because ${why}` };
  } catch (e) {
    throw new CheckpointStoreError(
      'io',
      `no persistent storage for checkpoints in this browser: ${why}, and IndexedDB failed (${(e as Error).message})`,
      { cause: e },
    );
  }
}
