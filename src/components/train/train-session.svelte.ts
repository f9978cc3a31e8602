// The Train page's state: the corpora to choose from, what to train (the stage plan, shared with
// the Data page's schedule designer, or the quick run's choices), where the run is (preparing,
// running, paused, done…), the live mix control, and the last bench record. Training goes through
// the lab (which collects the run's events); pause, resume, stop, setMix and bench go to the engine.
import type { PresetName } from '../../core/config/model';
import { parseRecipe, type Recipe } from '../../core/recipe/recipe';
import { trainPlan } from '../../state/train-plan.svelte';
import { checkPlan } from './plan-recipe';
import { planFromRecipe } from './plan-from-recipe';
import { uniqueRunName } from './run-name';
import type { BenchRecord } from '../../contract/bench';
import type { CorpusInfo, RunSummary } from '../../contract/train';
import type { Lab } from '../../state/lab.svelte';
import { defaultSources, quickRecipe, type QuickRunChoice } from './quick-run';

export type RunPhase = 'idle' | 'running' | 'paused' | 'stopping' | 'done' | 'stopped' | 'failed';

export type TrainMode = 'plan' | 'quick';

let kept: TrainSession | null = null;

export class TrainSession {
  /**
   * The tab's one session: the Train page is made afresh on every visit, but a run outlives it, so
   * leaving the page and coming back finds the run (its phase, name and controls) as it was.
   */
  static kept(lab: () => Lab): TrainSession {
    kept ??= new TrainSession(lab);
    return kept;
  }

  corpora = $state.raw<CorpusInfo[]>([]);
  mode = $state<TrainMode>('plan');
  readonly plan = trainPlan;
  /** The checked recipe of the run started last (stage lengths and schedules for the charts). */
  recipe = $state.raw<Recipe | null>(null);
  /** Problems of the last start attempt, by field path (the plan form shows them beside inputs). */
  problems = $state.raw<string[]>([]);
  mixError = $state<string | null>(null);
  mixBusy = $state(false);
  choice = $state<QuickRunChoice>({ preset: 'nano', steps: 200, batchSize: 8, sources: [] });
  phase = $state<RunPhase>('idle');
  /** The name of the run started last (its checkpoints are saved under it): recipe name + number. */
  runName = $state<string | null>(null);
  /** A shared recipe loaded into the plan from a link: its name and what the plan could not carry. */
  shared = $state.raw<{ name: string; notCarried: string[] } | null>(null);
  summary = $state.raw<RunSummary | null>(null);
  error = $state<string | null>(null);
  benchPreset = $state<PresetName>('micro');
  benchSteps = $state(10);
  benching = $state(false);
  benchRecord = $state.raw<BenchRecord | null>(null);
  benchError = $state<string | null>(null);
  readonly #labOf: () => Lab;

  /** `lab` gives the lab (e.g. `() => lab`): read when used, so the page's prop stays live. */
  constructor(lab: () => Lab) {
    this.#labOf = lab;
  }

  get #lab(): Lab {
    return this.#labOf();
  }

  get active(): boolean {
    return this.phase === 'running' || this.phase === 'paused' || this.phase === 'stopping';
  }

  /** Load the corpora list once the engine is up, and choose the default sources. */
  async loadCorpora(): Promise<void> {
    const engine = this.#lab.engine;
    if (!engine) return;
    try {
      this.corpora = await engine.listCorpora();
      if (this.choice.sources.length === 0) this.choice.sources = defaultSources(this.corpora);
      if (this.plan.form.pretrain.sources.length === 0)
        this.plan.form.pretrain.sources = defaultSources(this.corpora);
    } catch (e) {
      this.error = message(e);
    }
  }

  async start(): Promise<void> {
    if (this.active) return;
    this.error = null;
    this.summary = null;
    this.problems = [];
    this.mixError = null;
    let recipe: Recipe;
    try {
      if (this.mode === 'plan') {
        const check = checkPlan($state.snapshot(this.plan.form), this.corpora);
        if (!check.ok) {
          this.problems = check.problems;
          this.error = `The plan is not a valid recipe (${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}): see the marked fields.`;
          return;
        }
        recipe = check.recipe;
      } else recipe = parseRecipe(quickRecipe($state.snapshot(this.choice), this.corpora));
    } catch (e) {
      this.error = message(e);
      return;
    }
    this.recipe = recipe; // plain data: it is posted to the worker
    this.phase = 'running';
    try {
      this.runName = uniqueRunName(recipe.name, await this.#takenNames());
      this.summary = await this.#lab.train(recipe, { checkpointName: this.runName });
      this.phase = this.summary.stopped ? 'stopped' : 'done';
    } catch (e) {
      this.error = message(e);
      this.phase = 'failed';
    }
  }

  /** Names a new run must not take: every recorded run's name and checkpoints, every stored checkpoint. */
  async #takenNames(): Promise<string[]> {
    const runs = this.#lab.runs.runs;
    const stored = await this.#lab.engine?.listCheckpoints().catch(() => []);
    return [
      ...runs.map((r) => r.name),
      ...runs.flatMap((r) => r.checkpoints),
      ...(stored ?? []).map((c) => c.name),
    ];
  }

  /** Fills the plan from a shared recipe (a link); what the plan cannot express is listed in `shared`. */
  loadShared(recipe: Recipe): void {
    if (this.active) return;
    const { form, notCarried } = planFromRecipe(recipe);
    this.plan.form = form;
    this.mode = 'plan';
    this.shared = { name: recipe.name, notCarried };
  }

  async pause(): Promise<void> {
    if (this.phase !== 'running') return;
    await this.#lab.engine?.pause();
    this.phase = 'paused';
  }

  async resume(): Promise<void> {
    if (this.phase !== 'paused') return;
    await this.#lab.engine?.resume();
    this.phase = 'running';
  }

  async stop(): Promise<void> {
    if (this.phase !== 'running' && this.phase !== 'paused') return;
    this.phase = 'stopping';
    await this.#lab.engine?.stop();
  }

  /** Steer the running stage to a fixed code share (0..1) from its next step. */
  async setCodeShare(share: number): Promise<void> {
    await this.#mix({ codeShare: Math.min(1, Math.max(0, share)) });
  }

  /** Give the mix back to the stage's schedule from the next step. */
  async backToSchedule(): Promise<void> {
    await this.#mix({ codeShare: null });
  }

  async #mix(change: { codeShare: number | null }): Promise<void> {
    if (!this.active) return;
    this.mixError = null;
    this.mixBusy = true;
    try {
      await this.#lab.engine?.setMix(change);
    } catch (e) {
      this.mixError = message(e);
    } finally {
      this.mixBusy = false;
    }
  }

  async runBench(): Promise<void> {
    if (this.benching || this.active) return;
    this.benching = true;
    this.benchError = null;
    try {
      this.benchRecord = await this.#lab.bench({ preset: this.benchPreset, steps: this.benchSteps });
    } catch (e) {
      this.benchError = message(e);
    } finally {
      this.benching = false;
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
