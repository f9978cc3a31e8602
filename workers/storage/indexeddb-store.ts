// Checkpoints in IndexedDB, for browsers without a usable OPFS. Two object stores: `refs` (the
// small CheckpointRef per checkpoint, so list() does not read weights) and `files` (one record per
// checkpoint holding all its files). A save puts both records in one readwrite transaction, so
// it replaces the previous checkpoint all at once or not at all (a quota error aborts it).
import type { CheckpointRef, CheckpointStore } from '../../src/core/checkpoint/store';
import {
  CheckpointStoreError,
  byName,
  checkFiles,
  checkName,
  describeCheckpoint,
  isQuotaError,
  notFound,
  storageFull,
  totalBytes,
} from '../../src/core/checkpoint/store-util';
import { MANIFEST_FILE } from '../../src/core/checkpoint/manifest';

const REFS = 'refs';
const FILES = 'files';

interface FilesRecord {
  name: string;
  files: [string, Uint8Array][];
}

export interface IndexedDbStoreOptions {
  /** Database name (default `codemix-lab-checkpoints`). */
  dbName?: string;
  /** The IndexedDB factory (default `globalThis.indexedDB`). */
  factory?: IDBFactory;
}

const request = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/** Resolves when `tx` commits; rejects with its error (or `fallback`) when it aborts. */
const settled = (tx: IDBTransaction, fallback?: () => unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? fallback?.() ?? new Error('transaction aborted'));
    tx.onerror = () => undefined; // the abort that follows carries the error
  });

function openDb(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = factory.open(name, 1);
    r.onupgradeneeded = () => {
      r.result.createObjectStore(REFS, { keyPath: 'name' });
      r.result.createObjectStore(FILES, { keyPath: 'name' });
    };
    r.onsuccess = () => {
      // Let a future version's upgrade (e.g. in another tab) proceed.
      r.result.onversionchange = () => r.result.close();
      resolve(r.result);
    };
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`IndexedDB "${name}" is blocked by another open tab`));
  });
}

export class IndexedDbCheckpointStore implements CheckpointStore {
  readonly kind = 'indexeddb' as const;

  constructor(private readonly db: IDBDatabase) {}

  async list(): Promise<CheckpointRef[]> {
    const tx = this.db.transaction(REFS, 'readonly');
    const refs = await request(tx.objectStore(REFS).getAll() as IDBRequest<CheckpointRef[]>);
    return refs.sort(byName);
  }

  async save(name: string, files: Map<string, Uint8Array>): Promise<void> {
    checkName(name);
    checkFiles(files);
    const bytes = totalBytes(files);
    const ref = await describeCheckpoint(name, files.get(MANIFEST_FILE), bytes);
    // Copy views that do not span their whole buffer: structured clone would store all of it.
    const record: FilesRecord = {
      name,
      files: [...files].map(([k, v]) => [k, v.byteLength === v.buffer.byteLength ? v : v.slice()]),
    };
    let thrown: unknown;
    try {
      const tx = this.db.transaction([REFS, FILES], 'readwrite', { durability: 'strict' });
      const done = settled(tx, () => thrown);
      try {
        tx.objectStore(FILES).put(record);
        tx.objectStore(REFS).put(ref);
      } catch (e) {
        thrown = e;
        tx.abort();
      }
      await done;
    } catch (e) {
      if (isQuotaError(e)) {
        const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
        throw storageFull(name, bytes, estimate, e);
      }
      throw new CheckpointStoreError(
        'io',
        `could not save checkpoint "${name}" in IndexedDB (${(e as Error)?.message ?? e}); the previous one is unchanged`,
        { cause: e },
      );
    }
  }

  async load(name: string): Promise<Map<string, Uint8Array>> {
    checkName(name);
    const tx = this.db.transaction(FILES, 'readonly');
    const record = await request(tx.objectStore(FILES).get(name) as IDBRequest<FilesRecord | undefined>);
    if (!record) throw notFound(name, 'browser storage (IndexedDB)');
    return new Map(record.files);
  }

  async remove(name: string): Promise<void> {
    checkName(name);
    const tx = this.db.transaction([REFS, FILES], 'readwrite');
    const done = settled(tx);
    const count = await request(tx.objectStore(REFS).count(name));
    if (count === 0) {
      tx.abort();
      await done.catch(() => undefined);
      throw notFound(name, 'browser storage (IndexedDB)');
    }
    tx.objectStore(REFS).delete(name);
    tx.objectStore(FILES).delete(name);
    await done;
  }

  close(): void {
    this.db.close();
  }
}

export async function openIndexedDbCheckpointStore(
  options: IndexedDbStoreOptions = {},
): Promise<IndexedDbCheckpointStore> {
  const factory = options.factory ?? globalThis.indexedDB;
  if (!factory) throw new CheckpointStoreError('io', 'IndexedDB is not available here');
  return new IndexedDbCheckpointStore(await openDb(factory, options.dbName ?? 'codemix-lab-checkpoints'));
}
