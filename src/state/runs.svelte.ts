// The run history: every training run the lab starts is recorded (recipe, backend, downsampled
// metrics, summary, checkpoint names) and every evaluation is attached to its run. Records live in
// IndexedDB, so they survive a reload; a run can be renamed, deleted, exported as one file with its
// checkpoint files and imported elsewhere. Also reads a shared-recipe link from the page's URL.
import type { Remote } from 'comlink';
import type { EngineApi } from '../contract/api';
import type { BackendName } from '../contract/backend';
import type { EvalReport, EvalRequest } from '../contract/eval';
import type { TrainEvent } from '../contract/train';
import {
  applyTrainEvent,
  attachEval,
  createRunRecord,
  exportRunFile,
  failRun,
  newRunId,
  nowIso,
  parseRunFile,
  readRecipeLink,
  recipeLink,
  runFileName,
  runOfCheckpoint,
  type CheckpointBundle,
  type LinkRecipe,
  type RunRecord,
} from '../core/runs';
import type { Recipe } from '../core/recipe/recipe';

const DB_NAME = 'codemix-lab-runs';
const STORE = 'runs';
/** How often a running run's record is written to IndexedDB and shown (ms). */
const PERSIST_EVERY_MS = 2000;
const SHOW_EVERY_MS = 400;

/** Records one run's events; made by RunStore.begin when a training run starts. */
export interface RunRecorder {
  readonly id: string;
  event(event: TrainEvent): void;
  fail(message: string): void;
  /** Writes the final record (after the `done` event or a failure). */
  finish(): Promise<void>;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
  return request(open);
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const byNewest = (a: RunRecord, b: RunRecord) => b.createdAt.localeCompare(a.createdAt);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class RunStore {
  /** All runs, newest first. Reassigned (never mutated) when anything changes. */
  runs = $state.raw<RunRecord[]>([]);
  loaded = $state(false);
  /** A storage problem (e.g. IndexedDB unavailable in a private window). */
  error = $state<string | null>(null);
  /** What the page's URL held as a shared recipe (null: no link). Set by readLink(). */
  link = $state.raw<LinkRecipe>(null);
  /** The run whose model the engine holds (the last one trained, or whose checkpoint was loaded). */
  loadedRunId = $state<string | null>(null);
  /** The run the last evaluation was attached to (null: none, or the model was no recorded run's). */
  lastEvalRunId = $state<string | null>(null);
  readonly #engine: () => Remote<EngineApi> | null;
  #db: Promise<IDBDatabase> | null = null;
  #byId: Record<string, RunRecord> = Object.create(null) as Record<string, RunRecord>;

  constructor(engine: () => Remote<EngineApi> | null) {
    this.#engine = engine;
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= openDb();
    return this.#db;
  }

  async #put(run: RunRecord): Promise<void> {
    try {
      const db = await this.#open();
      await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(plain(run)));
    } catch (e) {
      this.error = `Could not save run "${run.name}": ${message(e)}`;
    }
  }

  #show(): void {
    this.runs = Object.values(this.#byId).sort(byNewest);
  }

  /** Reads the stored runs (once; later calls return the same). */
  async load(): Promise<void> {
    if (this.loaded) return;
    try {
      const db = await this.#open();
      const stored = await request(db.transaction(STORE).objectStore(STORE).getAll());
      for (const run of stored as RunRecord[]) this.#byId[run.id] ??= run;
      this.#show();
    } catch (e) {
      this.error = `Could not read the run history: ${message(e)}`;
    }
    this.loaded = true;
  }

  get(id: string): RunRecord | undefined {
    return this.#byId[id];
  }

  /**
   * Starts recording a run: call when the engine is asked to train `recipe`. `name`: the run's name
   * (the checkpoint name it saves under; default the recipe's name).
   */
  begin(recipe: unknown, backend: BackendName | null, name?: string): RunRecorder {
    const run = createRunRecord({ id: newRunId(), recipe: plain(recipe), backend });
    if (name) run.name = name;
    this.#byId[run.id] = run;
    this.#show();
    void this.#put(run);
    let lastPut = Date.now();
    let lastShow = 0;
    return {
      id: run.id,
      event: (event) => {
        applyTrainEvent(run, event);
        const now = Date.now();
        const final = event.type === 'done' || event.type === 'error' || event.type === 'checkpoint';
        if (final || now - lastShow > SHOW_EVERY_MS) {
          lastShow = now;
          this.#show();
        }
        if (final || now - lastPut > PERSIST_EVERY_MS) {
          lastPut = now;
          void this.#put(run);
        }
      },
      fail: (reason) => {
        failRun(run, reason);
      },
      finish: async () => {
        if (run.status === 'running') failRun(run, 'the run ended without reporting its end');
        this.loadedRunId = run.id;
        this.#show();
        await this.#put(run);
      },
    };
  }

  async rename(id: string, name: string): Promise<void> {
    const run = this.#byId[id];
    const trimmed = name.trim();
    if (!run) throw new Error(`no run with id ${id}`);
    if (!trimmed) throw new Error('a run needs a name');
    run.name = trimmed.slice(0, 200);
    run.updatedAt = nowIso();
    this.#show();
    await this.#put(run);
  }

  /** Deletes a run's record; with `checkpoints`, also the checkpoints no other run lists. */
  async remove(id: string, options: { checkpoints?: boolean } = {}): Promise<void> {
    const run = this.#byId[id];
    if (!run) return;
    delete this.#byId[id];
    if (this.loadedRunId === id) this.loadedRunId = null;
    this.#show();
    const db = await this.#open();
    await request(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(id));
    const engine = this.#engine();
    if (options.checkpoints && engine)
      for (const name of run.checkpoints)
        if (!runOfCheckpoint(Object.values(this.#byId), name))
          await engine.deleteCheckpoint(name).catch(() => {});
  }

  /** The run a checkpoint belongs to (the newest that saved it). */
  runOfCheckpoint(name: string): RunRecord | undefined {
    return runOfCheckpoint(this.runs, name);
  }

  /** Notes that the engine now holds the model of this checkpoint (after loadCheckpoint). */
  loadedCheckpoint(name: string): void {
    this.loadedRunId = this.runOfCheckpoint(name)?.id ?? null;
  }

  /**
   * Attaches an evaluation to its run: the run that saved `checkpoint`, else the run whose model is
   * loaded. Returns that run's id, or null when the model belongs to no recorded run.
   */
  async recordEval(
    checkpoint: string | null,
    step: number | undefined,
    req: EvalRequest,
    report: EvalReport,
  ): Promise<string | null> {
    const run =
      (checkpoint ? this.runOfCheckpoint(checkpoint) : undefined) ?? this.get(this.loadedRunId ?? '');
    this.lastEvalRunId = run?.id ?? null;
    if (!run) return null;
    attachEval(run, {
      at: nowIso(),
      checkpoint,
      step,
      request: plain(req),
      report: plain(report),
    });
    this.#show();
    await this.#put(run);
    return run.id;
  }

  /** The run as one file (its record and the checkpoint files that still exist). */
  async exportRun(id: string): Promise<{ fileName: string; text: string }> {
    const run = this.#byId[id];
    if (!run) throw new Error(`no run with id ${id}`);
    const engine = this.#engine();
    const bundle: CheckpointBundle = {};
    if (engine) {
      const stored = (await engine.listCheckpoints()).map((c) => c.name);
      for (const name of run.checkpoints)
        if (stored.includes(name) && this.runOfCheckpoint(name)?.id === id)
          bundle[name] = await engine.exportCheckpoint(name);
    }
    return { fileName: runFileName(run), text: exportRunFile(run, bundle) };
  }

  /**
   * Imports a run file: checks it, stores its checkpoints in the engine (renamed if the name is
   * taken), and adds the run (with a new id if this lab has one of the same id). Returns the run.
   */
  async importRun(text: string): Promise<RunRecord> {
    const { run, checkpoints } = parseRunFile(text);
    const engine = this.#engine();
    const names = Object.keys(checkpoints);
    if (names.length && !engine) throw new Error('the engine is not started: cannot store the checkpoints');
    const taken = engine && names.length ? (await engine.listCheckpoints()).map((c) => c.name) : [];
    const renamed: Record<string, string> = {};
    for (const name of names) {
      let target = name;
      for (let k = 2; taken.includes(target); k++) target = `${name}-imported${k === 2 ? '' : `-${k}`}`;
      try {
        await engine!.importCheckpoint(target, checkpoints[name]);
      } catch (e) {
        throw new Error(`checkpoint "${name}" in the file was refused: ${message(e)}`, { cause: e });
      }
      taken.push(target);
      renamed[name] = target;
    }
    const rename = (n: string) => renamed[n] ?? n;
    run.checkpoints = run.checkpoints.map(rename);
    for (const e of run.evalReports) if (e.checkpoint) e.checkpoint = rename(e.checkpoint);
    if (this.#byId[run.id]) run.id = newRunId();
    this.#byId[run.id] = run;
    this.#show();
    await this.#put(run);
    return run;
  }

  /** A link that carries the recipe (throws RecipeError if it is invalid). */
  shareLink(recipe: unknown, base = `${location.origin}${location.pathname}${location.search}`): string {
    return recipeLink(base, recipe);
  }

  /** Reads a shared recipe from a URL (the page's, by default) into `link`. */
  readLink(url: { hash: string; search: string } = location): LinkRecipe {
    this.link = readRecipeLink(url);
    return this.link;
  }

  /**
   * The checked recipe a share link brought, for the Train page to fill in (null: none or invalid;
   * the problems are in `link`). Consumes it, so a later visit does not refill the form.
   */
  loadRecipeFromLink(): Recipe | null {
    const link = this.link;
    if (!link?.ok) return null;
    this.link = null;
    return link.recipe;
  }

  dismissLink(): void {
    this.link = null;
  }
}
