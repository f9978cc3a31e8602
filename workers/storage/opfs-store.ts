// Checkpoints in the Origin Private File System (dedicated worker). Each save writes a new
// generation directory `<name>@<gen>.<rand>/` and, last, an empty `.committed` marker; the live
// checkpoint is the newest committed generation, and older ones are deleted after the commit. So a
// crash or a full disk mid-save leaves the previous checkpoint live and intact, in every browser:
// this needs neither `FileSystemHandle.move()` (missing or partial in several browsers) nor a
// rewritable index file (a sync-access-handle rewrite is not atomic). Files are written with a
// sync access handle where available (dedicated workers), else a writable stream. No DOM use.
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

const MARKER = '.committed';
const GENERATION = /^([A-Za-z0-9][A-Za-z0-9._-]*)@(\d+)\.([0-9a-z]+)$/;

interface Generation {
  dir: string;
  gen: number;
  committed: boolean;
}

export interface OpfsStoreOptions {
  /** The directory to keep checkpoints in (default: `checkpoints/` at the OPFS root). */
  root?: FileSystemDirectoryHandle;
  /** Force the writable-stream path even where sync access handles exist (for tests). */
  writer?: 'auto' | 'stream';
}

async function exists(dir: FileSystemDirectoryHandle, name: string): Promise<boolean> {
  try {
    await dir.getFileHandle(name);
    return true;
  } catch {
    return false;
  }
}

async function writeFile(
  dir: FileSystemDirectoryHandle,
  name: string,
  bytes: Uint8Array,
  writer: 'auto' | 'stream',
): Promise<void> {
  const fh = await dir.getFileHandle(name, { create: true });
  if (writer === 'auto' && typeof fh.createSyncAccessHandle === 'function') {
    const h = await fh.createSyncAccessHandle();
    try {
      h.truncate(0);
      for (let at = 0; at < bytes.length;) {
        const n = h.write(bytes.subarray(at), { at });
        if (n <= 0) throw new Error(`writing ${name} stalled at byte ${at}`);
        at += n;
      }
      h.flush();
    } finally {
      h.close();
    }
    return;
  }
  const w = await fh.createWritable();
  try {
    await w.write(bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice());
    await w.close();
  } catch (e) {
    await w.abort().catch(() => undefined);
    throw e;
  }
}

async function readFiles(dir: FileSystemDirectoryHandle): Promise<Map<string, Uint8Array>> {
  const names: string[] = [];
  for await (const [name, h] of dir.entries())
    if (h.kind === 'file' && !name.startsWith('.')) names.push(name);
  const files = new Map<string, Uint8Array>();
  for (const name of names.sort()) {
    const file = await (await dir.getFileHandle(name)).getFile();
    files.set(name, new Uint8Array(await file.arrayBuffer()));
  }
  return files;
}

export class OpfsCheckpointStore implements CheckpointStore {
  readonly kind = 'opfs' as const;

  constructor(
    private readonly root: FileSystemDirectoryHandle,
    private readonly writer: 'auto' | 'stream' = 'auto',
  ) {}

  /** Every generation directory, by checkpoint name, newest first. */
  private async scan(): Promise<Map<string, Generation[]>> {
    const found = new Map<string, Generation[]>();
    for await (const [dir, h] of this.root.entries()) {
      const m = GENERATION.exec(dir);
      if (h.kind !== 'directory' || !m) continue;
      const committed = await exists(h, MARKER);
      const list = found.get(m[1]) ?? [];
      list.push({ dir, gen: Number(m[2]), committed });
      found.set(m[1], list);
    }
    for (const list of found.values()) list.sort((a, b) => b.gen - a.gen || (a.dir < b.dir ? 1 : -1));
    return found;
  }

  private async live(name: string): Promise<FileSystemDirectoryHandle | undefined> {
    const g = ((await this.scan()).get(name) ?? []).find((x) => x.committed);
    return g ? this.root.getDirectoryHandle(g.dir) : undefined;
  }

  /** Best-effort delete, retried: Chromium releases an aborted writable stream's lock a moment later. */
  private async drop(dir: string): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        await this.root.removeEntry(dir, { recursive: true });
        return;
      } catch (e) {
        if ((e as DOMException)?.name === 'NotFoundError') return;
        await new Promise((r) => setTimeout(r, 25 * attempt));
      }
    }
  }

  async list(): Promise<CheckpointRef[]> {
    const refs: CheckpointRef[] = [];
    for (const [name, gens] of await this.scan()) {
      const g = gens.find((x) => x.committed);
      if (!g) continue;
      // Sizes from file metadata; only checkpoint.json is read. A generation deleted or replaced
      // since the scan (a delete, or a save dropping its older generations) is skipped.
      let bytes = 0;
      let manifest: Uint8Array | undefined;
      try {
        const dir = await this.root.getDirectoryHandle(g.dir);
        for await (const [file, h] of dir.entries()) {
          if (h.kind !== 'file' || file.startsWith('.')) continue;
          const f = await h.getFile();
          bytes += f.size;
          if (file === MANIFEST_FILE) manifest = new Uint8Array(await f.arrayBuffer());
        }
      } catch (e) {
        if ((e as DOMException)?.name === 'NotFoundError') continue;
        throw e;
      }
      refs.push(await describeCheckpoint(name, manifest, bytes));
    }
    return refs.sort(byName);
  }

  async save(name: string, files: Map<string, Uint8Array>): Promise<void> {
    checkName(name);
    checkFiles(files);
    const gens = (await this.scan()).get(name) ?? [];
    const gen = (gens[0]?.gen ?? 0) + 1;
    const dir = `${name}@${String(gen).padStart(12, '0')}.${Math.random().toString(36).slice(2, 10)}`;
    try {
      const handle = await this.root.getDirectoryHandle(dir, { create: true });
      for (const [file, bytes] of files) await writeFile(handle, file, bytes, this.writer);
      await handle.getFileHandle(MARKER, { create: true }); // the commit point
    } catch (e) {
      await this.drop(dir);
      if (isQuotaError(e)) {
        const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
        throw storageFull(name, totalBytes(files), estimate, e);
      }
      throw new CheckpointStoreError(
        'io',
        `could not save checkpoint "${name}" in browser storage (${(e as Error).message}); the previous one is unchanged`,
        { cause: e },
      );
    }
    // Older generations (and leftovers of interrupted saves) are no longer needed.
    for (const g of gens) await this.drop(g.dir);
  }

  async load(name: string): Promise<Map<string, Uint8Array>> {
    checkName(name);
    const dir = await this.live(name);
    if (!dir) throw notFound(name, 'browser storage (OPFS)');
    return readFiles(dir);
  }

  async remove(name: string): Promise<void> {
    checkName(name);
    const gens = (await this.scan()).get(name) ?? [];
    if (!gens.some((g) => g.committed)) throw notFound(name, 'browser storage (OPFS)');
    // Un-commit oldest first, so a crash part-way never brings an older generation back to life.
    for (const g of [...gens].reverse())
      if (g.committed) await (await this.root.getDirectoryHandle(g.dir)).removeEntry(MARKER);
    for (const g of gens) await this.drop(g.dir);
  }
}

/** The OPFS store, in `checkpoints/` under the origin's private root unless `root` is given. */
export async function openOpfsCheckpointStore(options: OpfsStoreOptions = {}): Promise<OpfsCheckpointStore> {
  const root =
    options.root ??
    (await (await navigator.storage.getDirectory()).getDirectoryHandle('checkpoints', { create: true }));
  return new OpfsCheckpointStore(root, options.writer ?? 'auto');
}
