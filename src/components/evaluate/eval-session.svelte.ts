// The Evaluate page's state: which model to score (a saved checkpoint, or the one the engine holds),
// the request (tasks, items per level, protocol, chain of thought, held-out loss), where the run is,
// and the report. Scoring happens in the engine worker through the lab; the report is also attached
// to its run in the history by the lab.
import { ALL_TASKS, type EvalTaskId, type McProtocol } from '../../core/eval';
import type { CheckpointInfo, LoadedModel } from '../../contract/api';
import type { EvalReport, EvalRequest } from '../../contract/eval';
import type { Lab } from '../../state/lab.svelte';

export interface EvalChoice {
  /** A checkpoint's name, or '' for the model the engine holds now. */
  checkpoint: string;
  tasks: EvalTaskId[];
  /** Items per task and level (0: all). */
  limit: number;
  protocol: McProtocol;
  cot: boolean;
  heldout: boolean;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

let kept: EvalSession | null = null;

export class EvalSession {
  /** The tab's one session: an evaluation (and its report) outlives a visit to another page. */
  static kept(lab: () => Lab): EvalSession {
    kept ??= new EvalSession(lab);
    return kept;
  }

  checkpoints = $state.raw<CheckpointInfo[]>([]);
  loaded = $state.raw<LoadedModel | null>(null);
  choice = $state<EvalChoice>({
    checkpoint: '',
    tasks: [...ALL_TASKS],
    limit: 2,
    protocol: 'paper',
    cot: false,
    heldout: true,
  });
  running = $state(false);
  /** 'loading' while a checkpoint is loaded, then 'scoring'. */
  step = $state<'loading' | 'scoring' | null>(null);
  report = $state.raw<EvalReport | null>(null);
  /** The run the report was attached to (null: the model belongs to no recorded run). */
  reportRunId = $state<string | null>(null);
  error = $state<string | null>(null);
  /** Cancel was asked for the running evaluation. */
  cancelling = $state(false);
  /** How far the last cancelled evaluation got (its engine message), or null. */
  cancelled = $state<string | null>(null);
  readonly #labOf: () => Lab;

  constructor(lab: () => Lab) {
    this.#labOf = lab;
  }

  get #lab(): Lab {
    return this.#labOf();
  }

  /** Refreshes the checkpoint list and the loaded model; picks a sensible default model. */
  async refresh(): Promise<void> {
    const engine = this.#lab.engine;
    if (!engine) return;
    try {
      const [list, loaded] = await Promise.all([engine.listCheckpoints(), engine.loadedModel()]);
      this.checkpoints = list.filter((c) => !c.problem);
      this.loaded = loaded;
      if (!loaded && !this.choice.checkpoint && this.checkpoints.length)
        this.choice.checkpoint = this.checkpoints[0].name;
    } catch (e) {
      this.error = message(e);
    }
  }

  get request(): EvalRequest {
    const c = this.choice;
    return {
      tasks: [...c.tasks],
      ...(c.limit > 0 ? { limit: c.limit } : {}),
      protocol: c.protocol,
      cot: c.cot,
      heldout: c.heldout ? { documents: 4, maxChars: 800 } : false,
    };
  }

  async run(): Promise<void> {
    if (this.running) return;
    const engine = this.#lab.engine;
    if (!engine) return;
    if (this.choice.tasks.length === 0) {
      this.error = 'Choose at least one task.';
      return;
    }
    this.error = null;
    this.cancelled = null;
    this.cancelling = false;
    this.running = true;
    try {
      const name = this.choice.checkpoint;
      if (name && this.loaded?.checkpoint !== name) {
        this.step = 'loading';
        this.loaded = await engine.loadCheckpoint(name);
        this.#lab.runs.loadedCheckpoint(name);
      }
      if (!this.loaded && !(this.loaded = await engine.loadedModel()))
        throw new Error('No model to evaluate: train one, or choose a saved checkpoint.');
      if (this.cancelling) throw new Error('evaluation cancelled before its first item');
      this.step = 'scoring';
      this.report = await this.#lab.evaluate(this.request);
      this.reportRunId = this.#lab.runs.lastEvalRunId;
    } catch (e) {
      if (this.cancelling && /cancelled/.test(message(e))) this.cancelled = message(e);
      else this.error = message(e);
    } finally {
      this.running = false;
      this.cancelling = false;
      this.step = null;
    }
  }

  /** Stops the running evaluation before its next item (the report so far is not kept). */
  async cancel(): Promise<void> {
    if (!this.running || this.cancelling) return;
    this.cancelling = true;
    await this.#lab.engine?.cancelEvaluation();
  }
}
