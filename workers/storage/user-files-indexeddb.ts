// The user's files in IndexedDB, for browsers without a usable OPFS. Two object stores: `meta`
// (the small record per file, with the kind in force, so list() reads no contents) and `content`
// (its bytes). A put writes both in one readwrite transaction: the file is kept whole or not at
// all, and a quota error aborts it with the previous version intact.
import type { UserFileInfo, UserFileKind } from '../../src/core/data/user-files/types';
import {
  UserFileStoreError,
  byName,
  describeUserFile,
  isQuotaError,
  notFound,
  storageFull,
  type UserFileMeta,
  type UserFileStore,
} from './user-files-store';

const META = 'meta';
const CONTENT = 'content';
const WHERE = 'browser storage (IndexedDB)';

interface MetaRecord {
  name: string;
  meta: UserFileMeta;
  kind: UserFileKind;
}

interface ContentRecord {
  name: string;
  bytes: Uint8Array;
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
      r.result.createObjectStore(META, { keyPath: 'name' });
      r.result.createObjectStore(CONTENT, { keyPath: 'name' });
    };
    r.onsuccess = () => {
      r.result.onversionchange = () => r.result.close();
      resolve(r.result);
    };
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`IndexedDB "${name}" is blocked by another open tab`));
  });
}

export class IndexedDbUserFileStore implements UserFileStore {
  readonly kind = 'indexeddb' as const;

  constructor(private readonly db: IDBDatabase) {}

  private async record(name: string): Promise<MetaRecord> {
    const tx = this.db.transaction(META, 'readonly');
    const r = await request(tx.objectStore(META).get(name) as IDBRequest<MetaRecord | undefined>);
    if (!r) throw notFound(name, WHERE);
    return r;
  }

  async list(): Promise<UserFileInfo[]> {
    const tx = this.db.transaction(META, 'readonly');
    const records = await request(tx.objectStore(META).getAll() as IDBRequest<MetaRecord[]>);
    return records.map((r) => describeUserFile(r.meta, r.kind)).sort(byName);
  }

  async put(meta: UserFileMeta, kind: UserFileKind, bytes: Uint8Array): Promise<void> {
    // A view that does not span its whole buffer would be stored with all of it: copy it.
    const content: ContentRecord = {
      name: meta.name,
      bytes: bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice(),
    };
    let thrown: unknown;
    try {
      const tx = this.db.transaction([META, CONTENT], 'readwrite', { durability: 'strict' });
      const done = settled(tx, () => thrown);
      try {
        tx.objectStore(CONTENT).put(content);
        tx.objectStore(META).put({ name: meta.name, meta, kind } satisfies MetaRecord);
      } catch (e) {
        thrown = e;
        tx.abort();
      }
      await done;
    } catch (e) {
      if (isQuotaError(e)) throw await storageFull(meta.name, bytes.length, e);
      throw new UserFileStoreError(
        'io',
        `could not save "${meta.name}" in IndexedDB (${(e as Error)?.message ?? e}); nothing was changed`,
        { cause: e },
      );
    }
  }

  async read(name: string): Promise<Uint8Array> {
    const tx = this.db.transaction(CONTENT, 'readonly');
    const r = await request(tx.objectStore(CONTENT).get(name) as IDBRequest<ContentRecord | undefined>);
    if (!r) throw notFound(name, WHERE);
    return r.bytes;
  }

  async setKind(name: string, kind: UserFileKind): Promise<UserFileInfo> {
    const r = await this.record(name);
    const tx = this.db.transaction(META, 'readwrite');
    const done = settled(tx);
    tx.objectStore(META).put({ ...r, kind });
    await done;
    return describeUserFile(r.meta, kind);
  }

  async remove(name: string): Promise<void> {
    await this.record(name);
    const tx = this.db.transaction([META, CONTENT], 'readwrite');
    const done = settled(tx);
    tx.objectStore(META).delete(name);
    tx.objectStore(CONTENT).delete(name);
    await done;
  }

  close(): void {
    this.db.close();
  }
}

export interface IndexedDbUserFileStoreOptions {
  /** Database name (default `codemix-lab-user-files`). */
  dbName?: string;
  /** The IndexedDB factory (default `globalThis.indexedDB`). */
  factory?: IDBFactory;
}

export async function openIndexedDbUserFileStore(
  options: IndexedDbUserFileStoreOptions = {},
): Promise<IndexedDbUserFileStore> {
  const factory = options.factory ?? globalThis.indexedDB;
  if (!factory) throw new UserFileStoreError('io', 'IndexedDB is not available here');
  return new IndexedDbUserFileStore(await openDb(factory, options.dbName ?? 'codemix-lab-user-files'));
}
