// The one interface every checkpoint store implements (a Node directory, OPFS, IndexedDB). A
// store keeps named sets of checkpoint files and never harms a saved checkpoint while saving
// another or replacing it; it does not interpret the files beyond reading checkpoint.json for
// list(). Types only: helpers shared by the stores are in store-util.ts.

export interface CheckpointRef {
  name: string;
  /** Total size of the checkpoint's files. */
  bytes: number;
  /** From checkpoint.json, when it reads cleanly. */
  step?: number;
  createdAt?: string;
  /** Why checkpoint.json could not be read (the checkpoint is still listed, so it can be removed). */
  problem?: string;
}

export interface CheckpointStore {
  /** Where the checkpoints live, for messages and the UI. */
  readonly kind: 'directory' | 'opfs' | 'indexeddb';
  /** Saved checkpoints, sorted by name. */
  list(): Promise<CheckpointRef[]>;
  /** Saves (or atomically replaces) checkpoint `name`; on failure the previous one is untouched. */
  save(name: string, files: Map<string, Uint8Array>): Promise<void>;
  /** The files of checkpoint `name`; throws a CheckpointStoreError (code 'not-found') if absent. */
  load(name: string): Promise<Map<string, Uint8Array>>;
  /** Deletes checkpoint `name`; throws (code 'not-found') if absent. */
  remove(name: string): Promise<void>;
}
