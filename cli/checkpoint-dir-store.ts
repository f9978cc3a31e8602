// Checkpoints as directories on disk (Node): `<root>/<name>/` holds the checkpoint's files. A save
// never harms what is saved: files go into `.<name>.tmp-<random>/` and are fsynced, then the old
// directory is renamed to `.<name>.old-<random>`, the new one renamed into place, and the backup
// deleted. A crash between the two renames leaves the backup, which load() reads and the next
// save() restores first. One writer per checkpoint at a time; no locking between processes.
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { MANIFEST_FILE } from '../src/core/checkpoint/manifest';
import type { CheckpointRef, CheckpointStore } from '../src/core/checkpoint/store';
import {
  CheckpointStoreError,
  byName,
  checkFiles,
  checkName,
  describeCheckpoint,
  isValidName,
  megabytes,
  notFound,
  totalBytes,
} from '../src/core/checkpoint/store-util';

/** The file operations a save uses; tests replace them to simulate a full disk or a crash. */
export interface DirIo {
  /** Creates `path` with `data` and fsyncs it. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export const nodeDirIo: DirIo = {
  async writeFile(path, data) {
    const fh = await open(path, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename,
};

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;
const suffix = (): string => randomBytes(6).toString('hex');

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (e) {
    if (code(e) === 'ENOENT') return false;
    throw e;
  }
}

/** fsync a directory so renames inside it are durable (not possible on every platform; best effort). */
async function syncDir(path: string): Promise<void> {
  try {
    const fh = await open(path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open directories for sync; the renames are still atomic.
  }
}

/** Backups `.<base>.old-*` of `dir` left by an interrupted save, newest first. */
async function backupsOf(dir: string): Promise<string[]> {
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.old-`;
  let names: string[];
  try {
    names = (await readdir(parent)).filter((n) => n.startsWith(prefix));
  } catch (e) {
    if (code(e) === 'ENOENT') return [];
    throw e;
  }
  const dated = await Promise.all(
    names.map(async (n) => ({ path: join(parent, n), t: (await stat(join(parent, n))).mtimeMs })),
  );
  return dated.sort((a, b) => b.t - a.t).map((d) => d.path);
}

/** The directory holding `dir`'s checkpoint: itself, or the backup of an interrupted save. */
async function liveDir(dir: string): Promise<string | undefined> {
  if (await isDir(dir)) return dir;
  return (await backupsOf(dir))[0];
}

/** Brings `dir` back to a clean state after an interrupted save: restores or drops backups, drops temps. */
async function recover(dir: string): Promise<void> {
  const backups = await backupsOf(dir);
  if (!(await isDir(dir)) && backups.length > 0) await rename(backups.shift() as string, dir);
  const prefix = `.${basename(dir)}.tmp-`;
  const temps = (await readdir(dirname(dir))).filter((n) => n.startsWith(prefix));
  for (const p of [...backups, ...temps.map((n) => join(dirname(dir), n))])
    await rm(p, { recursive: true, force: true });
}

/**
 * Writes `files` as the checkpoint directory `dir` (e.g. the CLI's `<out>/checkpoint`), atomically
 * replacing any checkpoint already there. On failure the temp directory is removed, the previous
 * checkpoint is left as it was, and a CheckpointStoreError says what went wrong.
 */
export async function writeCheckpointDir(
  dir: string,
  files: Map<string, Uint8Array>,
  io: DirIo = nodeDirIo,
): Promise<void> {
  checkFiles(files);
  const target = resolve(dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  await recover(target);
  const tmp = join(parent, `.${basename(target)}.tmp-${suffix()}`);
  let current = MANIFEST_FILE;
  try {
    await mkdir(tmp);
    for (const [name, bytes] of files) {
      current = name;
      await io.writeFile(join(tmp, name), bytes);
    }
    current = '';
    await syncDir(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    const what = current ? `writing ${current}` : 'syncing';
    if (code(e) === 'ENOSPC' || code(e) === 'EDQUOT')
      throw new CheckpointStoreError(
        'storage-full',
        `disk is full while ${what} into ${dir} (the checkpoint needs ${megabytes(totalBytes(files))}); ` +
          `nothing was saved and the previous checkpoint is unchanged`,
        { cause: e },
      );
    throw new CheckpointStoreError(
      'io',
      `could not save the checkpoint to ${dir} (${what}: ${(e as Error).message}); the previous checkpoint is unchanged`,
      { cause: e },
    );
  }

  const backup = (await isDir(target)) ? join(parent, `.${basename(target)}.old-${suffix()}`) : undefined;
  try {
    if (backup) await io.rename(target, backup);
    try {
      await io.rename(tmp, target);
    } catch (e) {
      if (backup) await io.rename(backup, target);
      throw e;
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw new CheckpointStoreError(
      'io',
      `could not move the new checkpoint into ${dir} (${(e as Error).message}); the previous checkpoint is unchanged`,
      { cause: e },
    );
  }
  await syncDir(parent);
  if (backup) await rm(backup, { recursive: true, force: true });
}

/** The files of the checkpoint directory `dir` (or of its backup after an interrupted save). */
export async function readCheckpointDir(dir: string): Promise<Map<string, Uint8Array>> {
  const live = await liveDir(resolve(dir));
  if (!live) throw new CheckpointStoreError('not-found', `no checkpoint directory at ${dir}`);
  const entries = await readdir(live, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const files = new Map<string, Uint8Array>();
  for (const n of names) {
    const b = await readFile(join(live, n));
    files.set(n, new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  }
  return files;
}

/** A store of named checkpoints under one root directory. */
export class DirCheckpointStore implements CheckpointStore {
  readonly kind = 'directory' as const;
  readonly root: string;

  constructor(
    root: string,
    private readonly io: DirIo = nodeDirIo,
  ) {
    this.root = resolve(root);
  }

  async list(): Promise<CheckpointRef[]> {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch (e) {
      if (code(e) === 'ENOENT') return [];
      throw e;
    }
    // Visible directories, plus checkpoints that only survive as the backup of an interrupted save.
    const names = new Set(entries.filter(isValidName));
    for (const n of entries) {
      const m = /^\.(.+)\.old-[0-9a-f]+$/.exec(n);
      if (m && isValidName(m[1])) names.add(m[1]);
      // Leftovers of a remove() interrupted mid-delete.
      if (/^\..+\.del-[0-9a-f]+$/.test(n)) await rm(join(this.root, n), { recursive: true, force: true });
    }
    const refs: CheckpointRef[] = [];
    for (const name of names) {
      const live = await liveDir(join(this.root, name));
      if (!live) continue;
      let bytes = 0;
      let manifest: Uint8Array | undefined;
      for (const f of await readdir(live, { withFileTypes: true })) {
        if (!f.isFile()) continue;
        bytes += (await stat(join(live, f.name))).size;
        if (f.name === MANIFEST_FILE) manifest = await readFile(join(live, f.name));
      }
      refs.push(await describeCheckpoint(name, manifest, bytes));
    }
    return refs.sort(byName);
  }

  async save(name: string, files: Map<string, Uint8Array>): Promise<void> {
    checkName(name);
    await mkdir(this.root, { recursive: true });
    await writeCheckpointDir(join(this.root, name), files, this.io);
  }

  async load(name: string): Promise<Map<string, Uint8Array>> {
    checkName(name);
    if (!(await liveDir(join(this.root, name)))) throw notFound(name, this.root);
    return readCheckpointDir(join(this.root, name));
  }

  async remove(name: string): Promise<void> {
    checkName(name);
    const dir = join(this.root, name);
    const backups = await backupsOf(dir);
    if (!(await isDir(dir)) && backups.length === 0) throw notFound(name, this.root);
    // Rename first, so a crash mid-delete never leaves a half-deleted checkpoint under its name.
    if (await isDir(dir)) {
      const doomed = join(this.root, `.${name}.del-${suffix()}`);
      await rename(dir, doomed);
      await rm(doomed, { recursive: true, force: true });
    }
    for (const b of backups) await rm(b, { recursive: true, force: true });
  }
}
