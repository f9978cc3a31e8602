// The lab's top-level state: owns the engine worker, tracks its readiness, backend facts and the
// events it raises (device loss, GPU errors). Components read it; only it talks to the worker.
import { describeEngineEvent, type EngineEvent } from '../contract/events';
import type { EngineInfo } from '../contract/backend';
import type { EngineApi, GpuFaultKind, TrainOptions } from '../contract/api';
import type { RunSummary, TrainEvent } from '../contract/train';
import type { BenchRecord, BenchRequest } from '../contract/bench';
import type { EvalProgress, EvalReport, EvalRequest } from '../contract/eval';
import type { Remote } from 'comlink';
import { parseBackendParam } from '../core/config/url-params';
import { startEngineWorker, type EngineClient } from '../client/engine-client';
import { RunStore } from './runs.svelte';

export type EngineStatus = 'starting' | 'ready' | 'failed';

export interface LabNotice {
  at: number;
  kind: 'error' | 'warning' | 'info';
  message: string;
}

export class Lab {
  status = $state<EngineStatus>('starting');
  info = $state.raw<EngineInfo | null>(null);
  error = $state<string | null>(null);
  notices = $state.raw<LabNotice[]>([]);
  runEvents = $state.raw<TrainEvent[]>([]);
  /** Progress of the last evaluate() call, in arrival order. */
  evalProgress = $state.raw<EvalProgress[]>([]);
  /** The name of the run this tab is training (from any page), or null. */
  training = $state<string | null>(null);
  #client: EngineClient | null = null;
  /** The run history: every train() is recorded, every evaluate() attached to its run. */
  readonly runs = new RunStore(() => this.engine);

  /** Start the worker with the backend the URL asks for. */
  async start(search: string): Promise<void> {
    const choice = parseBackendParam(search);
    if (!choice.ok) {
      this.notify('warning', `${choice.error} Using auto.`);
    }
    this.status = 'starting';
    this.#client = startEngineWorker();
    try {
      const info = await this.#client.api.init(
        { backend: choice.ok ? choice.value : 'auto' },
        this.#client.listener((event) => this.onEngineEvent(event)),
      );
      this.info = info;
      this.status = 'ready';
      if (!info.selfTest.passed) {
        this.notify('error', 'The numerics self-test failed on this device: results may be wrong.');
      }
    } catch (error) {
      this.status = 'failed';
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** The engine's API (through Comlink). Null before start(). */
  get engine(): Remote<EngineApi> | null {
    return this.#client?.api ?? null;
  }

  /**
   * Train from a recipe; events are appended to `runEvents` as they arrive. Resolves after the
   * run's `done` event has arrived too: events travel on their own message channel, which may
   * trail the call's result.
   */
  async train(recipe: unknown, options: TrainOptions = {}): Promise<RunSummary> {
    if (!this.#client) throw new Error('the engine is not started');
    // Refused here, before anything is touched: the running run's live events and its history
    // record stay as they are (the engine would refuse too, but only after they were reset).
    if (this.training !== null) {
      throw new Error(
        `A training run is already in progress ("${this.training}"). Stop it, or wait for it to finish, then start this one.`,
      );
    }
    const name = options.checkpointName ?? recipeName(recipe);
    this.training = name;
    this.runEvents = [];
    let sawDone = () => {};
    const done = new Promise<void>((resolve) => (sawDone = resolve));
    const recorder = this.runs.begin(recipe, this.info?.backend ?? null, options.checkpointName);
    const listener = this.#client.listener<TrainEvent>((event) => {
      this.runEvents = [...this.runEvents, event];
      recorder.event(event);
      if (event.type === 'done') sawDone();
    });
    try {
      const summary = await this.#client.api.train(recipe, listener, options);
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5000))]);
      return summary;
    } catch (error) {
      recorder.fail(error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      this.training = null;
      await recorder.finish();
    }
  }

  /**
   * Evaluate the loaded model on the reasoning suite and the transfer checks; progress goes to
   * `evalProgress`. Resolves once the last progress event has arrived too (or after 5 s).
   */
  async evaluate(request: EvalRequest): Promise<EvalReport> {
    if (!this.#client) throw new Error('the engine is not started');
    this.evalProgress = [];
    const listener = this.#client.listener<EvalProgress>((p) => {
      this.evalProgress = [...this.evalProgress, p];
    });
    const model = await this.#client.api.loadedModel();
    const report = await this.#client.api.evaluate(request, listener);
    const lastPhase = report.heldout ? 'heldout' : 'items';
    const arrived = () => this.evalProgress.some((p) => p.phase === lastPhase && p.done === p.total);
    for (let waited = 0; !arrived() && waited < 5000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await this.runs.recordEval(model?.checkpoint ?? null, model?.step, request, report);
    return report;
  }

  /** Benchmark training on the engine's backend: the record `npm run bench` prints, from the worker. */
  async bench(request: BenchRequest): Promise<BenchRecord> {
    if (!this.#client) throw new Error('the engine is not started');
    return this.#client.api.bench(request);
  }

  /** Provokes a GPU fault (diagnostics, and tests of the device-loss and GPU-error paths). */
  async simulateGpuFault(kind: GpuFaultKind): Promise<boolean> {
    return this.#client ? this.#client.api.simulateGpuFault(kind) : false;
  }

  private onEngineEvent(event: EngineEvent): void {
    this.notify('error', describeEngineEvent(event));
  }

  private notify(kind: LabNotice['kind'], message: string): void {
    this.notices = [...this.notices, { at: Date.now(), kind, message }];
  }
}

/** A recipe's name for messages (the recipe is validated by the engine, so it may be anything here). */
function recipeName(recipe: unknown): string {
  const name = typeof recipe === 'object' && recipe !== null ? (recipe as { name?: unknown }).name : null;
  return typeof name === 'string' && name !== '' ? name : 'a run';
}
