// Test-only module worker for browser-stores.test.ts: runs one scenario against a browser store
// in real Chromium (save, list, load, replace, remove, a quota error mid-save, leftovers of an
// interrupted save) and posts back what it observed. Not part of the lab's bundle.
import { decodeCheckpoint, encodeCheckpoint, type CheckpointData } from '../../src/core/checkpoint/format';
import type { CheckpointStore } from '../../src/core/checkpoint/store';
import { openIndexedDbCheckpointStore } from './indexeddb-store';
import { openOpfsCheckpointStore } from './opfs-store';
import { openBrowserCheckpointStore } from './index';

export type ScenarioKind = 'opfs' | 'opfs-stream' | 'indexeddb';

function checkpoint(step: number, size = 4): CheckpointData {
  const p = (x: number) => ({
    shape: [size],
    data: Float32Array.from({ length: size }, (_, i) => x + i / size),
  });
  return {
    step,
    createdAt: '2025-01-01T00:00:00.000Z',
    config: { nEmbd: size },
    tokenizer: null,
    recipe: null,
    dataCursor: step,
    rng: step,
    optimizer: { step, hyper: {}, m: { w: p(10) }, v: { w: p(20) } },
    params: { w: p(step) },
  };
}

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

/** Makes the second low-level write of the store throw a QuotaExceededError; returns the undo. */
function injectQuotaError(kind: ScenarioKind): () => void {
  let calls = 0;
  const patch = <T extends object>(proto: T, key: keyof T) => {
    const original = proto[key] as (...a: unknown[]) => unknown;
    (proto as Record<keyof T, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
      if (++calls === 2) {
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

async function run(kind: ScenarioKind): Promise<Record<string, unknown>> {
  const obs: Record<string, unknown> = {};
  const tag = `test-${kind}-${Math.random().toString(36).slice(2)}`;
  const opfsRoot = kind === 'indexeddb' ? undefined : await navigator.storage.getDirectory();
  const dir = await opfsRoot?.getDirectoryHandle(tag, { create: true });
  const store: CheckpointStore = dir
    ? await openOpfsCheckpointStore({ root: dir, writer: kind === 'opfs' ? 'auto' : 'stream' })
    : await openIndexedDbCheckpointStore({ dbName: tag });
  const entries = async () => {
    const names: string[] = [];
    if (dir) for await (const name of dir.keys()) names.push(name.replace(/\.[0-9a-z]+$/, '.R'));
    return names.sort();
  };
  const steps = async () => (await store.list()).map((r) => [r.name, r.step ?? r.problem]);

  obs.kind = store.kind;
  obs.empty = await store.list();
  const b = await encodeCheckpoint(checkpoint(7));
  await store.save('a', await encodeCheckpoint(checkpoint(1)));
  await store.save('b', b);
  obs.listed = (await store.list()).map((r) => [r.name, r.step, r.bytes]);
  obs.bBytes = [...b.values()].reduce((s, x) => s + x.length, 0);
  const loadedB = await store.load('b');
  obs.sameBytes = [...b].every(([k, v]) => loadedB.get(k)?.join() === v.join()) && loadedB.size === b.size;
  await store.save('a', await encodeCheckpoint(checkpoint(2)));
  obs.replaced = (await decodeCheckpoint(await store.load('a'))).step;
  obs.entriesAfterReplace = await entries();

  const undo = injectQuotaError(kind);
  obs.quotaError = await failure(store.save('a', await encodeCheckpoint(checkpoint(3))));
  undo();
  obs.afterQuota = (await decodeCheckpoint(await store.load('a'))).step;
  obs.entriesAfterQuota = await entries();

  if (dir) {
    // An interrupted save: a newer generation with a partial file and no commit marker.
    const partial = await dir.getDirectoryHandle('a@999999999999.zz', { create: true });
    const w = await (await partial.getFileHandle('model.safetensors', { create: true })).createWritable();
    await w.write(new Uint8Array([1, 2, 3]));
    await w.close();
    obs.interruptedLoad = (await decodeCheckpoint(await store.load('a'))).step;
    obs.interruptedList = await steps();
  }
  await store.save('a', await encodeCheckpoint(checkpoint(4)));
  obs.afterResave = (await decodeCheckpoint(await store.load('a'))).step;
  obs.entriesAfterResave = await entries();

  const big = await encodeCheckpoint(checkpoint(5, 1 << 18)); // 1 MB per tensor
  await store.save('big', big);
  const bigBack = await decodeCheckpoint(await store.load('big'));
  obs.big = [bigBack.params.w.data.length, bigBack.params.w.data[12345]];

  await store.remove('b');
  await store.remove('big');
  obs.afterRemove = await steps();
  obs.loadMissing = await failure(store.load('b'));
  obs.removeMissing = await failure(store.remove('b'));
  obs.badName = await failure(store.save('../x', b));
  obs.entriesAtEnd = await entries();

  if (opfsRoot) await opfsRoot.removeEntry(tag, { recursive: true });
  else {
    (store as { close?: () => void }).close?.();
    indexedDB.deleteDatabase(tag);
  }
  obs.chosen = (await openBrowserCheckpointStore()).reason;
  if (kind === 'indexeddb') {
    // A browser without OPFS falls back to IndexedDB.
    delete (StorageManager.prototype as Partial<StorageManager>).getDirectory;
    const fallback = await openBrowserCheckpointStore();
    obs.fallback = [fallback.store.kind, fallback.reason];
  }
  return obs;
}

self.onmessage = async (e: MessageEvent<ScenarioKind>) => {
  try {
    self.postMessage({ ok: true, obs: await run(e.data) });
  } catch (err) {
    self.postMessage({ ok: false, error: String((err as Error)?.stack ?? err) });
  }
};
