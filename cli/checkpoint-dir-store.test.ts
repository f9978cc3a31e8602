// The Node directory store: save/load/list/remove, atomic replacement, and a previous checkpoint
// that survives a full disk mid-write, a failed swap, and a crash between the two renames.
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DirCheckpointStore,
  nodeDirIo,
  readCheckpointDir,
  writeCheckpointDir,
  type DirIo,
} from './checkpoint-dir-store';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointData } from '../src/core/checkpoint/format';
import { CheckpointStoreError } from '../src/core/checkpoint/store-util';

function checkpoint(step: number): CheckpointData {
  const p = (x: number) => ({ shape: [2, 2], data: new Float32Array([x, x + 1, x + 2, x + 3]) });
  return {
    step,
    createdAt: '2025-01-01T00:00:00.000Z',
    config: { nEmbd: 2 },
    tokenizer: null,
    recipe: { name: 'r' },
    dataCursor: { pos: step * 10 },
    rng: step,
    optimizer: { step, hyper: { lr: 0.001 }, m: { 'wte.weight': p(10) }, v: { 'wte.weight': p(20) } },
    params: { 'wte.weight': p(step) },
  };
}

async function failure(p: Promise<unknown>): Promise<CheckpointStoreError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointStoreError);
    return e as CheckpointStoreError;
  }
  throw new Error('expected a failure');
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ckpt-store-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('DirCheckpointStore', () => {
  it('saves, lists, loads and removes checkpoints', async () => {
    const store = new DirCheckpointStore(join(root, 'ckpts'));
    expect(await store.list()).toEqual([]);
    const a = await encodeCheckpoint(checkpoint(5));
    await store.save('run-b', await encodeCheckpoint(checkpoint(7)));
    await store.save('run-a', a);
    expect(await readdir(join(root, 'ckpts', 'run-a'))).toEqual(
      ['checkpoint.json', 'model.safetensors', 'optimizer.safetensors'].sort(),
    );
    const size = [...a.values()].reduce((s, b) => s + b.length, 0);
    expect(await store.list()).toEqual([
      { name: 'run-a', bytes: size, step: 5, createdAt: '2025-01-01T00:00:00.000Z' },
      { name: 'run-b', bytes: size, step: 7, createdAt: '2025-01-01T00:00:00.000Z' },
    ]);
    expect(await store.load('run-a')).toEqual(a);
    expect(await decodeCheckpoint(await store.load('run-b'))).toEqual(checkpoint(7));

    await store.remove('run-a');
    expect((await store.list()).map((r) => r.name)).toEqual(['run-b']);
    expect((await failure(store.load('run-a'))).code).toBe('not-found');
    expect((await failure(store.remove('run-a'))).message).toMatch(/no checkpoint named "run-a"/);
    expect(await readdir(join(root, 'ckpts'))).toEqual(['run-b']);
  });

  it('replaces a checkpoint atomically and leaves nothing behind', async () => {
    const store = new DirCheckpointStore(root);
    await store.save('a', await encodeCheckpoint(checkpoint(1)));
    await store.save('a', await encodeCheckpoint(checkpoint(2)));
    expect((await decodeCheckpoint(await store.load('a'))).step).toBe(2);
    expect(await readdir(root)).toEqual(['a']);
  });

  it('keeps the previous checkpoint when the disk fills up mid-save', async () => {
    let written = 0;
    const fullDisk: DirIo = {
      ...nodeDirIo,
      async writeFile(path, data) {
        if (++written === 2) {
          await writeFile(path, data.subarray(0, 10)); // a partial file, as a real ENOSPC leaves
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        return nodeDirIo.writeFile(path, data);
      },
    };
    await new DirCheckpointStore(root).save('a', await encodeCheckpoint(checkpoint(1)));
    const store = new DirCheckpointStore(root, fullDisk);
    const err = await failure(store.save('a', await encodeCheckpoint(checkpoint(2))));
    expect(err.code).toBe('storage-full');
    expect(err.message).toMatch(
      /^disk is full while writing optimizer.safetensors into .*\/a \(the checkpoint needs 0.0 MB\); nothing was saved and the previous checkpoint is unchanged$/,
    );
    expect(await readdir(root)).toEqual(['a']);
    expect(await decodeCheckpoint(await store.load('a'))).toEqual(checkpoint(1));
  });

  it('keeps the previous checkpoint when moving the new one into place fails', async () => {
    const badSwap: DirIo = {
      ...nodeDirIo,
      async rename(from, to) {
        if (from.includes('.tmp-')) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
        return rename(from, to);
      },
    };
    await new DirCheckpointStore(root).save('a', await encodeCheckpoint(checkpoint(1)));
    const err = await failure(
      new DirCheckpointStore(root, badSwap).save('a', await encodeCheckpoint(checkpoint(2))),
    );
    expect(err.code).toBe('io');
    expect(err.message).toMatch(
      /could not move the new checkpoint into .*\/a \(EIO: i\/o error, rename\); the previous/,
    );
    expect(await readdir(root)).toEqual(['a']);
    expect((await decodeCheckpoint(await new DirCheckpointStore(root).load('a'))).step).toBe(1);
  });

  it('recovers from a crash between the two renames', async () => {
    const store = new DirCheckpointStore(root);
    await store.save('a', await encodeCheckpoint(checkpoint(1)));
    // The state a crash leaves: old checkpoint moved to its backup, new one still in its temp dir.
    await rename(join(root, 'a'), join(root, '.a.old-0123456789ab'));
    await mkdir(join(root, '.a.tmp-ba9876543210'));
    await writeFile(join(root, '.a.tmp-ba9876543210', 'model.safetensors'), 'partial');
    expect((await store.list()).map((r) => [r.name, r.step])).toEqual([['a', 1]]);
    expect((await decodeCheckpoint(await store.load('a'))).step).toBe(1);
    await store.save('a', await encodeCheckpoint(checkpoint(3)));
    expect((await decodeCheckpoint(await store.load('a'))).step).toBe(3);
    expect(await readdir(root)).toEqual(['a']);
  });

  it('lists a damaged checkpoint with its problem, so it can be removed', async () => {
    const store = new DirCheckpointStore(root);
    await store.save('a', await encodeCheckpoint(checkpoint(1)));
    await writeFile(join(root, 'a', 'checkpoint.json'), '{"format": "codemix-checkpoint", "version": 9}');
    const [ref] = await store.list();
    expect(ref.name).toBe('a');
    expect(ref.step).toBeUndefined();
    expect(ref.problem).toMatch(/version 9 is not supported/);
    await store.remove('a');
    expect(await store.list()).toEqual([]);
  });

  it('refuses names that could escape the root or hide', async () => {
    const store = new DirCheckpointStore(root);
    const files = await encodeCheckpoint(checkpoint(1));
    for (const name of ['', '.hidden', '..', '../x', 'a/b', 'a\\b', 'x'.repeat(101)]) {
      const err = await failure(store.save(name, files));
      expect(err.code, name).toBe('bad-name');
      expect(err.message).toMatch(/^checkpoint name .* is not allowed/);
    }
    const bad = new Map([['../evil.json', new Uint8Array(1)]]);
    expect((await failure(store.save('ok', bad))).message).toMatch(
      /^file name "..\/evil.json" is not allowed/,
    );
    expect(await readdir(root)).toEqual([]);
  });
});

describe('checkpoint directories at an explicit path', () => {
  it('writes <out>/checkpoint, replaces it, and reads it back', async () => {
    const dir = join(root, 'out', 'checkpoint');
    await writeCheckpointDir(dir, await encodeCheckpoint(checkpoint(4)));
    expect((await decodeCheckpoint(await readCheckpointDir(dir))).step).toBe(4);
    await writeCheckpointDir(dir, await encodeCheckpoint(checkpoint(6)));
    expect(await decodeCheckpoint(await readCheckpointDir(dir))).toEqual(checkpoint(6));
    expect(await readdir(join(root, 'out'))).toEqual(['checkpoint']);
    expect((await failure(readCheckpointDir(join(root, 'nope')))).message).toMatch(
      /^no checkpoint directory at /,
    );
  });
});
