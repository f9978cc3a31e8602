// Test-only module worker for user-corpora.test.ts: runs one scenario of the user's files against a
// browser store in real Chromium (add with a rejected file, list, change a kind, reopen, a quota
// error in the middle of an upload, an interrupted write, delete) and posts back what it observed.
// Not part of the lab's bundle.
import { sha256HexFallback } from '../../src/core/checkpoint/sha256';
import type { UserFileResult } from '../../src/core/data/user-files/types';
import { openIndexedDbUserFileStore } from './user-files-indexeddb';
import { openOpfsUserFileStore } from './user-files-opfs';
import { openBrowserUserFileStore, UserFiles } from './user-corpora';
import type { UserFileStore } from './user-files-store';

export type StoreScenarioKind = 'opfs' | 'opfs-stream' | 'indexeddb';

const utf8 = (s: string) => new TextEncoder().encode(s);
const PNG = Uint8Array.of(
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  0,
  0,
  0,
  13,
  0x49,
  0x48,
  0x44,
  0x52,
);

const summary = (results: UserFileResult[]) =>
  results.map((r) =>
    r.status === 'accepted' ? [r.file.name, r.file.kind, r.replaced] : [r.name, r.code, r.reason],
  );

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { name?: string; code?: string; message?: string }) => ({
      name: e.name,
      code: e.code,
      message: e.message,
    }),
  );

const quota = () =>
  new DOMException('The operation failed because it would exceed the storage quota.', 'QuotaExceededError');

/** Makes the `nth` low-level write of the store throw a QuotaExceededError; returns the undo. */
function injectQuotaError(kind: StoreScenarioKind, nth: number): () => void {
  let calls = 0;
  const patch = <T extends object>(proto: T, key: keyof T) => {
    const original = proto[key] as (...a: unknown[]) => unknown;
    (proto as Record<keyof T, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
      if (++calls === nth) {
        if (kind === 'opfs-stream') return Promise.reject(quota());
        throw quota();
      }
      return original.apply(this, args);
    };
    return () => ((proto as Record<keyof T, unknown>)[key] = original);
  };
  if (kind === 'opfs') return patch(FileSystemSyncAccessHandle.prototype, 'write');
  if (kind === 'opfs-stream') return patch(FileSystemWritableFileStream.prototype, 'write');
  return patch(IDBObjectStore.prototype, 'put');
}

async function run(kind: StoreScenarioKind): Promise<Record<string, unknown>> {
  const obs: Record<string, unknown> = {};
  const tag = `test-user-files-${kind}-${Math.random().toString(36).slice(2)}`;
  const opfsRoot = kind === 'indexeddb' ? undefined : await navigator.storage.getDirectory();
  const dir = await opfsRoot?.getDirectoryHandle(tag, { create: true });
  const open = async (): Promise<UserFileStore> =>
    dir
      ? openOpfsUserFileStore({ root: dir, writer: kind === 'opfs' ? 'auto' : 'stream' })
      : openIndexedDbUserFileStore({ dbName: tag });
  const store = await open();
  const files = new UserFiles(store);
  const listed = async (f: UserFiles = files) => (await f.list()).map((x) => [x.name, x.kind, x.bytes]);
  const entries = async () => {
    let n = 0;
    if (dir) for await (const _ of dir.keys()) n++;
    return n;
  };

  obs.kind = store.kind;
  obs.empty = await files.list();
  obs.first = summary(
    await files.add([
      { name: 'a.txt', bytes: utf8('Some text A') },
      { name: 'src/b.py', bytes: utf8('def f():\n') },
      { name: 'c.png', bytes: PNG },
    ]),
  ).map((r) => r.slice(0, 3 - (r[1] === 'binary' ? 1 : 0)));
  obs.listed = await listed();
  const changed = await files.setKind('src/b.py', 'text');
  obs.kindChanged = [changed.name, changed.kind, changed.detectedKind];
  obs.reopened = await listed(new UserFiles(await open()));

  // Each file is two low-level writes (content, then its record): the 4th is b.py's record.
  const undo = injectQuotaError(kind, 4);
  obs.quota = summary(
    await files.add([
      { name: 'a.txt', bytes: utf8('Replaced A.') },
      { name: 'src/b.py', bytes: utf8('# replaced b.py\n') },
      { name: 'd.md', bytes: utf8('Hello D.\n\n') },
    ]),
  );
  undo();
  obs.afterQuota = { b: await files.readText('src/b.py'), a: await files.readText('a.txt') };
  obs.entriesAfterQuota = await entries();

  if (dir) {
    // An interrupted write of a.txt: a newer generation with content but no commit marker.
    const key = sha256HexFallback(utf8('a.txt')).slice(0, 32);
    const fileDir = await dir.getDirectoryHandle(key);
    const partial = await fileDir.getDirectoryHandle('999999999999.zz', { create: true });
    const w = await (await partial.getFileHandle('content', { create: true })).createWritable();
    await w.write(utf8('half'));
    await w.close();
    obs.interrupted = { names: (await files.list()).map((f) => f.name), a: await files.readText('a.txt') };
  }

  await files.remove('a.txt');
  await files.remove('src/b.py');
  obs.removed = await listed();
  obs.missing = await failure(files.readText('a.txt'));
  obs.entriesAtEnd = await entries();

  if (opfsRoot) await opfsRoot.removeEntry(tag, { recursive: true });
  else {
    (store as { close?: () => void }).close?.();
    indexedDB.deleteDatabase(tag);
  }
  obs.chosen = (await openBrowserUserFileStore()).reason;
  if (kind === 'indexeddb') {
    // A browser without OPFS falls back to IndexedDB.
    delete (StorageManager.prototype as Partial<StorageManager>).getDirectory;
    const fallback = await openBrowserUserFileStore();
    obs.fallback = [fallback.store.kind, fallback.reason];
  }
  return obs;
}

self.onmessage = async (e: MessageEvent<StoreScenarioKind>) => {
  try {
    self.postMessage({ ok: true, obs: await run(e.data) });
  } catch (err) {
    self.postMessage({ ok: false, error: String((err as Error)?.stack ?? err) });
  }
};
