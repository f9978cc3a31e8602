// The user's files in the Origin Private File System (`user-files/` at its root). Each file has a
// directory `<key>/` (key: a hash of its name, which may hold "/"), so an operation on one file
// never lists the others (listing a large OPFS directory costs ~0.2 ms per entry). Inside it, each
// version is a generation directory `<gen>.<rand>/` with `content`, `meta.json` and, last, an
// empty `.committed` marker: a crash or a full disk mid-write leaves no half file behind, and the
// previous version (if any) stays live. The kind in force is
// the detected one unless an empty `.override` file says "the other one": creating or removing
// one file is atomic, so a kind change never needs a rewrite. Written with a sync access handle in
// dedicated workers, else a writable stream. No DOM use.
import { sha256HexFallback } from '../../src/core/checkpoint/sha256';
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

const CONTENT = 'content';
const META = 'meta.json';
const MARKER = '.committed';
const OVERRIDE = '.override';
const KEY = /^[0-9a-f]{32}$/;
const GENERATION = /^(\d+)\.([0-9a-z]+)$/;
const WHERE = 'browser storage (OPFS)';

const other = (kind: UserFileKind): UserFileKind => (kind === 'text' ? 'code' : 'text');
const keyOf = (name: string): string => sha256HexFallback(new TextEncoder().encode(name)).slice(0, 32);

interface Generation {
  dir: string;
  gen: number;
  committed: boolean;
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

async function readBytes(dir: FileSystemDirectoryHandle, name: string): Promise<Uint8Array> {
  const file = await (await dir.getFileHandle(name)).getFile();
  return new Uint8Array(await file.arrayBuffer());
}

export class OpfsUserFileStore implements UserFileStore {
  readonly kind = 'opfs' as const;

  constructor(
    private readonly root: FileSystemDirectoryHandle,
    private readonly writer: 'auto' | 'stream' = 'auto',
  ) {}

  /** A file's directory, or undefined when it has none. */
  private async fileDir(key: string, create = false): Promise<FileSystemDirectoryHandle | undefined> {
    return this.root.getDirectoryHandle(key, { create }).catch((e: DOMException) => {
      if (e?.name === 'NotFoundError' || e?.name === 'TypeMismatchError') return undefined;
      throw e;
    });
  }

  /** A file directory's generations, newest first. */
  private async generations(dir: FileSystemDirectoryHandle): Promise<Generation[]> {
    const out: Generation[] = [];
    for await (const [name, h] of dir.entries()) {
      const m = GENERATION.exec(name);
      if (h.kind === 'directory' && m)
        out.push({ dir: name, gen: Number(m[1]), committed: await exists(h, MARKER) });
    }
    return out.sort((a, b) => b.gen - a.gen || (a.dir < b.dir ? 1 : -1));
  }

  /** The live (newest committed) generation of the file under `key`, if any. */
  private async liveIn(key: string): Promise<FileSystemDirectoryHandle | undefined> {
    const dir = await this.fileDir(key);
    const g = dir && (await this.generations(dir)).find((x) => x.committed);
    return g ? dir.getDirectoryHandle(g.dir) : undefined;
  }

  private async live(name: string): Promise<FileSystemDirectoryHandle> {
    const live = await this.liveIn(keyOf(name));
    if (!live) throw notFound(name, WHERE);
    return live;
  }

  private async describe(dir: FileSystemDirectoryHandle): Promise<UserFileInfo> {
    const meta = JSON.parse(new TextDecoder().decode(await readBytes(dir, META))) as UserFileMeta;
    const kind = (await exists(dir, OVERRIDE)) ? other(meta.detectedKind) : meta.detectedKind;
    return describeUserFile(meta, kind);
  }

  /** Best-effort delete, retried: Chromium releases an aborted writable stream's lock a moment later. */
  private async drop(parent: FileSystemDirectoryHandle, name: string): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        await parent.removeEntry(name, { recursive: true });
        return;
      } catch (e) {
        if ((e as DOMException)?.name === 'NotFoundError') return;
        await new Promise((r) => setTimeout(r, 25 * attempt));
      }
    }
  }

  async list(): Promise<UserFileInfo[]> {
    const keys: string[] = [];
    for await (const [key, h] of this.root.entries())
      if (h.kind === 'directory' && KEY.test(key)) keys.push(key);
    const out: UserFileInfo[] = [];
    for (const key of keys) {
      const live = await this.liveIn(key);
      if (live) out.push(await this.describe(live));
    }
    return out.sort(byName);
  }

  async put(meta: UserFileMeta, kind: UserFileKind, bytes: Uint8Array): Promise<void> {
    const key = keyOf(meta.name);
    let fileDir: FileSystemDirectoryHandle | undefined;
    let gens: Generation[] = [];
    const gen = async () => {
      fileDir = await this.fileDir(key, true);
      gens = await this.generations(fileDir!);
      return `${String((gens[0]?.gen ?? 0) + 1).padStart(12, '0')}.${Math.random().toString(36).slice(2, 10)}`;
    };
    let dir = '';
    try {
      dir = await gen();
      const handle = await fileDir!.getDirectoryHandle(dir, { create: true });
      await writeFile(handle, CONTENT, bytes, this.writer);
      await writeFile(handle, META, new TextEncoder().encode(JSON.stringify(meta)), this.writer);
      if (kind !== meta.detectedKind) await handle.getFileHandle(OVERRIDE, { create: true });
      await handle.getFileHandle(MARKER, { create: true }); // the commit point
    } catch (e) {
      if (fileDir && dir) await this.drop(fileDir, dir);
      // A new file's directory goes too (a replaced file's still holds the previous version).
      if (fileDir && !gens.some((g) => g.committed)) await this.drop(this.root, key);
      if (isQuotaError(e)) throw await storageFull(meta.name, bytes.length, e);
      throw new UserFileStoreError(
        'io',
        `could not save "${meta.name}" in browser storage (${(e as Error).message}); nothing was changed`,
        { cause: e },
      );
    }
    for (const g of gens) await this.drop(fileDir!, g.dir); // the replaced version, leftovers of failed writes
  }

  async read(name: string): Promise<Uint8Array> {
    return readBytes(await this.live(name), CONTENT);
  }

  async setKind(name: string, kind: UserFileKind): Promise<UserFileInfo> {
    const dir = await this.live(name);
    const meta = JSON.parse(new TextDecoder().decode(await readBytes(dir, META))) as UserFileMeta;
    if (kind === meta.detectedKind) await dir.removeEntry(OVERRIDE).catch(() => undefined);
    else await dir.getFileHandle(OVERRIDE, { create: true });
    return this.describe(dir);
  }

  async remove(name: string): Promise<void> {
    const key = keyOf(name);
    const dir = await this.fileDir(key);
    const gens = dir ? await this.generations(dir) : [];
    if (!dir || !gens.some((g) => g.committed)) throw notFound(name, WHERE);
    // Un-commit oldest first, so a crash part-way never brings an older version back to life.
    for (const g of [...gens].reverse())
      if (g.committed) await (await dir.getDirectoryHandle(g.dir)).removeEntry(MARKER);
    await this.drop(this.root, key);
  }
}

export interface OpfsUserFileStoreOptions {
  /** The directory to keep files in (default: `user-files/` at the OPFS root). */
  root?: FileSystemDirectoryHandle;
  /** Force the writable-stream path even where sync access handles exist (for tests). */
  writer?: 'auto' | 'stream';
}

export async function openOpfsUserFileStore(
  options: OpfsUserFileStoreOptions = {},
): Promise<OpfsUserFileStore> {
  const root =
    options.root ??
    (await (await navigator.storage.getDirectory()).getDirectoryHandle('user-files', { create: true }));
  return new OpfsUserFileStore(root, options.writer ?? 'auto');
}
