// Where the study queue keeps its state between page loads: one record, the current study. In the
// browser IndexedDB (indexeddb-study-store.ts); in Node (CLI, tests) a memory store, which copies
// on the way in and out as IndexedDB's structured clone does, so both hand back plain data.
import type { StudyState } from '../../src/contract/study';

export interface StudyStore {
  /** The stored study as it was written (checked by parseStudyState), or null when there is none. */
  load(): Promise<unknown>;
  save(state: StudyState): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryStudyStore implements StudyStore {
  private record: StudyState | null = null;

  async load(): Promise<unknown> {
    return this.record === null ? null : structuredClone(this.record);
  }

  async save(state: StudyState): Promise<void> {
    this.record = structuredClone(state);
  }

  async clear(): Promise<void> {
    this.record = null;
  }
}
