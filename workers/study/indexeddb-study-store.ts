// The study's state in IndexedDB (database `codemix-lab-study`, one record under the key `current`),
// reachable from the engine worker and, for inspection, from the page of the same origin. Each save
// replaces the record in one transaction, so a reload finds either the old state or the new one.
import type { StudyState } from '../../src/contract/study';
import type { StudyStore } from './store';

export const STUDY_DB = 'codemix-lab-study';
export const STUDY_OBJECT_STORE = 'study';
export const STUDY_KEY = 'current';

function openDb(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = factory.open(STUDY_DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STUDY_OBJECT_STORE);
    r.onsuccess = () => {
      r.result.onversionchange = () => r.result.close();
      resolve(r.result);
    };
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`IndexedDB "${STUDY_DB}" is blocked by another open tab`));
  });
}

function run<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  act: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STUDY_OBJECT_STORE, mode);
    const request = act(tx.objectStore(STUDY_OBJECT_STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onabort = () => reject(tx.error ?? request.error ?? new Error('the study transaction was aborted'));
  });
}

export class IndexedDbStudyStore implements StudyStore {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory = globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= openDb(this.factory).catch((e: unknown) => {
      this.db = null;
      throw new Error(`cannot open the study's storage (IndexedDB): ${(e as Error)?.message ?? e}`);
    });
    return this.db;
  }

  async load(): Promise<unknown> {
    const found = await run(await this.open(), 'readonly', (s) => s.get(STUDY_KEY));
    return found ?? null;
  }

  async save(state: StudyState): Promise<void> {
    await run(await this.open(), 'readwrite', (s) => s.put(state, STUDY_KEY));
  }

  async clear(): Promise<void> {
    await run(await this.open(), 'readwrite', (s) => s.delete(STUDY_KEY));
  }
}

/** IndexedDB where there is one (browsers, workers), else null. */
export function defaultStudyStore(): StudyStore | null {
  return typeof globalThis.indexedDB === 'undefined' ? null : new IndexedDbStudyStore();
}
