// The Data page's state: the corpora the engine can train on, the user's kept files, and the
// verdicts of the last upload. Files are read here (bytes only) and handed to the engine, which
// checks and keeps them; the UI thread never decodes, stores or trains on them.
import { transfer, type Remote } from 'comlink';
import type { EngineApi, UserFileInfo, UserFileKind, UserFileResult, UserFileUpload } from '../contract/api';
import type { CorpusInfo } from '../contract/train';
import { beforeReading } from '../core/data/user-files/check';

/** A file the user picked or dropped, with its path inside a dropped or picked folder. */
export interface PickedFile {
  name: string;
  file: Blob;
}

export class DataState {
  corpora = $state.raw<CorpusInfo[]>([]);
  files = $state.raw<UserFileInfo[]>([]);
  /** One per file of the last upload, in the order picked. */
  verdicts = $state.raw<UserFileResult[]>([]);
  /** What is being done now ("Checking 3 files…"), or null. */
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  loaded = $state(false);
  readonly #engineOf: () => Remote<EngineApi> | null;

  /** `engine` gives the engine's API (e.g. `() => lab.engine`), null before it starts. */
  constructor(engine: () => Remote<EngineApi> | null) {
    this.#engineOf = engine;
  }

  #engine(): Remote<EngineApi> {
    const engine = this.#engineOf();
    if (!engine) throw new Error('the engine is not started');
    return engine;
  }

  /** Runs `work`, showing `label` meanwhile and any failure in `error`. */
  async #doing<T>(label: string, work: () => Promise<T>): Promise<T | undefined> {
    this.busy = label;
    this.error = null;
    try {
      return await work();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return undefined;
    } finally {
      this.busy = null;
    }
  }

  /** Reloads the corpus list and the kept files (each on its own: one failing leaves the other). */
  async refresh(): Promise<void> {
    const engine = this.#engineOf();
    if (!engine) return;
    const [files, corpora] = await Promise.allSettled([engine.listUserFiles(), engine.listCorpora()]);
    if (files.status === 'fulfilled') this.files = files.value;
    if (corpora.status === 'fulfilled') this.corpora = corpora.value;
    const failed = [files, corpora].flatMap((r) =>
      r.status === 'rejected' ? [String(r.reason?.message ?? r.reason)] : [],
    );
    if (failed.length) this.error = failed.join('; ');
    this.loaded = true;
  }

  /** Reads the picked files and has the engine check and keep them; every file gets a verdict. */
  async upload(picked: PickedFile[]): Promise<void> {
    if (picked.length === 0) return;
    const label = `Checking ${picked.length} ${picked.length === 1 ? 'file' : 'files'}…`;
    await this.#doing(label, async () => {
      // Files that would be turned away whatever they hold are not even read.
      const early = picked.map((p, i) => beforeReading(p.name, p.file.size, i));
      const uploads: UserFileUpload[] = [];
      for (const [i, p] of picked.entries())
        if (!early[i]) uploads.push({ name: p.name, bytes: new Uint8Array(await p.file.arrayBuffer()) });
      const buffers = uploads.map((u) => u.bytes.buffer as ArrayBuffer);
      const checked = uploads.length ? await this.#engine().addUserFiles(transfer(uploads, buffers)) : [];
      let next = 0;
      this.verdicts = early.map((r) => r ?? checked[next++]);
    });
    await this.refresh();
  }

  async setKind(name: string, kind: UserFileKind): Promise<void> {
    const info = await this.#doing(`Switching ${name} to ${kind}…`, () =>
      this.#engine().setUserFileKind(name, kind),
    );
    if (info) {
      this.verdicts = this.verdicts.map((v) =>
        v.status === 'accepted' && v.file.name === name ? { ...v, file: info } : v,
      );
    }
    await this.refresh();
  }

  async remove(name: string): Promise<void> {
    await this.#doing(`Deleting ${name}…`, () => this.#engine().deleteUserFile(name));
    this.verdicts = this.verdicts.filter((v) => v.status !== 'accepted' || v.file.name !== name);
    await this.refresh();
  }
}
