// The user's own files, kept only in this browser: the choice of store (OPFS, else IndexedDB; the
// stores are in user-files-*.ts) and `UserFiles`, which the engine calls. Each upload is checked file by
// file (src/core/data/user-files) before anything is written; each file is written on its own, all
// at once or not at all, so a full disk rejects that file with a clear message and leaves every
// kept file as it was. Worker-safe (no DOM).
import { checkUserFiles } from '../../src/core/data/user-files/check';
import { classifyKind } from '../../src/core/data/user-files/kinds';
import type {
  UserFileInfo,
  UserFileKind,
  UserFileResult,
  UserFileUpload,
} from '../../src/core/data/user-files/types';
import { decodeUtf8 } from '../../src/core/data/user-files/utf8';
import { openIndexedDbUserFileStore } from './user-files-indexeddb';
import { openOpfsUserFileStore } from './user-files-opfs';
import {
  UserFileStoreError,
  byName,
  describeUserFile,
  type UserFileMeta,
  type UserFileStore,
} from './user-files-store';

export * from './user-files-store';

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

/** The browser's store for user files: OPFS where it can be written, else IndexedDB. */
export async function openBrowserUserFileStore(): Promise<{ store: UserFileStore; reason: string }> {
  let why = 'OPFS is not available here';
  if (opfsWritable()) {
    try {
      return { store: await openOpfsUserFileStore(), reason: 'OPFS (origin private file system)' };
    } catch (e) {
      why = `OPFS failed to open (${(e as Error).message})`;
    }
  }
  try {
    return { store: await openIndexedDbUserFileStore(), reason: `IndexedDB, because ${why}` };
  } catch (e) {
    throw new UserFileStoreError(
      'io',
      `no storage for your files in this browser: ${why}, and IndexedDB failed (${(e as Error).message})`,
      { cause: e },
    );
  }
}

/**
 * The engine's view of the user's files: checked uploads, the kept files' texts, kind changes and
 * deletion, one operation at a time (an upload of a folder is never interleaved with a delete).
 * The list of kept files is loaded once and then kept up to date by these operations (listing
 * OPFS costs milliseconds per file); another tab's engine changing them says so on a
 * BroadcastChannel, when given one, and the list is reloaded. `version` counts changes, so readers
 * can cache what they derived from the files.
 */
export class UserFiles {
  private queue: Promise<unknown> = Promise.resolve();
  private changes = 0;
  private cached: UserFileInfo[] | null = null;
  private readonly store: Promise<UserFileStore>;
  private readonly channel: BroadcastChannel | null;

  /** `channel`: a BroadcastChannel name shared by every engine of this origin (none: no other tabs). */
  constructor(store: UserFileStore | Promise<UserFileStore>, channel?: string) {
    this.store = Promise.resolve(store);
    this.store.catch(() => undefined); // reported by the first call that needs it
    this.channel = channel && typeof BroadcastChannel === 'function' ? new BroadcastChannel(channel) : null;
    if (this.channel) this.channel.onmessage = () => this.forget();
  }

  get version(): number {
    return this.changes;
  }

  /** Stops listening to other tabs. */
  close(): void {
    this.channel?.close();
  }

  private forget(): void {
    this.cached = null;
    this.changes++;
  }

  private changed(update: (list: UserFileInfo[]) => UserFileInfo[]): void {
    if (this.cached) this.cached = update(this.cached).sort(byName);
    this.changes++;
    this.channel?.postMessage('changed');
  }

  private serial<T>(work: (store: UserFileStore) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => work(await this.store));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async listed(store: UserFileStore): Promise<UserFileInfo[]> {
    return (this.cached ??= await store.list());
  }

  /** Checks each file and keeps the accepted ones; one result per upload, in order. */
  add(uploads: readonly UserFileUpload[]): Promise<UserFileResult[]> {
    return this.serial(async (store) => {
      const kept = await this.listed(store);
      const keptNames = new Set(kept.map((f) => f.name));
      const results: UserFileResult[] = [];
      for (const [i, checked] of checkUserFiles(uploads, kept).entries()) {
        if (checked.status === 'rejected') {
          results.push(checked);
          continue;
        }
        const { name, detectedKind, bytes, chars, documents, kind } = checked;
        const detectedNote = classifyKind(name, checked.text).note;
        const meta: UserFileMeta = {
          name,
          detectedKind,
          ...(detectedNote ? { detectedNote } : {}),
          bytes,
          chars,
          documents,
        };
        try {
          await store.put(meta, kind, uploads[i].bytes);
        } catch (e) {
          const full = e instanceof UserFileStoreError && e.code === 'storage-full';
          results.push({
            status: 'rejected',
            name,
            bytes,
            code: full ? 'storage-full' : 'storage-error',
            reason: full ? (e as Error).message : `Not kept: ${(e as Error).message}`,
          });
          continue;
        }
        const file = describeUserFile(meta, kind);
        this.changed((list) => [...list.filter((f) => f.name !== name), file]);
        results.push({ status: 'accepted', file, replaced: keptNames.has(name) });
        keptNames.add(name);
      }
      return results;
    });
  }

  /** The kept files, sorted by name. */
  list(): Promise<UserFileInfo[]> {
    return this.serial(async (store) => [...(await this.listed(store))]);
  }

  /** The text of a kept file (checked as UTF-8 when it was added). */
  readText(name: string): Promise<string> {
    return this.serial(async (store) => {
      const decoded = decodeUtf8(await store.read(name));
      if (!decoded.ok)
        throw new UserFileStoreError('io', `"${name}" is damaged in storage: delete and re-add it`);
      return decoded.text;
    });
  }

  setKind(name: string, kind: UserFileKind): Promise<UserFileInfo> {
    if (kind !== 'text' && kind !== 'code')
      return Promise.reject(new Error(`a file's kind is "text" or "code", not ${JSON.stringify(kind)}`));
    return this.serial(async (store) => {
      const info = await store.setKind(name, kind);
      this.changed((list) => list.map((f) => (f.name === name ? info : f)));
      return info;
    });
  }

  remove(name: string): Promise<void> {
    return this.serial(async (store) => {
      await store.remove(name);
      this.changed((list) => list.filter((f) => f.name !== name));
    });
  }
}
