// The Learn page's state: which step is open, the training pair (each arm's run, events, summary
// and checkpoint) and the scoring of that pair. One session per lab, kept at module level so a
// reader can leave the page mid-run and come back to it running. Training and scoring go through
// the lab (the engine worker does the work; this thread never touches a tensor); the engine refuses
// a second training run, and the page says so in plain words.
import type { ArmSpec, PairSpec, ScoreSpec } from '../../core/learn/experiments';
import { checkpointNameFor } from '../../core/learn/experiments';
import type { CheckpointEvent, RunSummary, TrainEvent } from '../../contract/train';
import type { EvalReport } from '../../contract/eval';
import type { Lab } from '../../state/lab.svelte';

export type ArmStatus = 'waiting' | 'running' | 'done' | 'stopped' | 'failed';
export type PairPhase = 'idle' | 'running' | 'stopping' | 'done' | 'stopped' | 'failed';
export type ScorePhase = 'idle' | 'running' | 'stopping' | 'done' | 'stopped' | 'failed';

export interface ArmRun {
  spec: ArmSpec;
  status: ArmStatus;
  /** The run's events once it has ended (while it runs, the lab's live `runEvents`). */
  events: TrainEvent[];
  summary: RunSummary | null;
  /** The checkpoint the engine saved for this arm (null until saved). */
  checkpoint: string | null;
}

/** What the engine says when it is already training (workers/engine-service.ts). */
const BUSY = /already in progress/i;
export const BUSY_MESSAGE =
  'The engine is already training another run (started on the Train page). Stop that run there, or wait for it to finish, then start this experiment again.';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class LearnSession {
  step = $state(0);
  pairPhase = $state<PairPhase>('idle');
  arms = $state.raw<ArmRun[]>([]);
  /** The arm training now (-1: none). */
  activeArm = $state(-1);
  pairError = $state<string | null>(null);
  scorePhase = $state<ScorePhase>('idle');
  /** The arm being scored now (-1: none), and 'loading' or 'scoring'. */
  scoreArm = $state(-1);
  scoreStep = $state<'loading' | 'scoring' | null>(null);
  reports = $state.raw<(EvalReport | null)[]>([]);
  scoreError = $state<string | null>(null);
  #stopPair = false;
  #stopScore = false;
  readonly #lab: Lab;

  constructor(lab: Lab) {
    this.#lab = lab;
  }

  get pairBusy(): boolean {
    return this.pairPhase === 'running' || this.pairPhase === 'stopping';
  }

  get scoreBusy(): boolean {
    return this.scorePhase === 'running' || this.scorePhase === 'stopping';
  }

  /** An arm's events: live from the lab while it trains, else the ones kept when it ended. */
  eventsOf(i: number): readonly TrainEvent[] {
    if (i === this.activeArm && this.pairBusy) return this.#lab.runEvents;
    return this.arms[i]?.events ?? [];
  }

  #setArm(i: number, change: Partial<ArmRun>): void {
    this.arms = this.arms.map((a, k) => (k === i ? { ...a, ...change } : a));
  }

  /** Train the pair's arms one after the other; a stop ends the current arm and skips the rest. */
  async runPair(spec: PairSpec): Promise<void> {
    if (this.pairBusy || this.scoreBusy) return;
    if (this.#lab.status !== 'ready') {
      this.pairError = 'The engine is not ready yet: wait for the status bar to say ready.';
      return;
    }
    this.#stopPair = false;
    this.pairError = null;
    this.reports = [];
    this.scorePhase = 'idle';
    this.scoreError = null;
    this.arms = spec.arms.map((arm) => ({
      spec: arm,
      status: 'waiting',
      events: [],
      summary: null,
      checkpoint: null,
    }));
    this.pairPhase = 'running';
    for (const [i, arm] of spec.arms.entries()) {
      if (this.#stopPair) {
        this.#setArm(i, { status: 'stopped' });
        continue;
      }
      this.activeArm = i;
      this.#setArm(i, { status: 'running' });
      try {
        const checkpointName = checkpointNameFor(arm.checkpointPrefix, Date.now());
        const summary = await this.#lab.train(arm.recipe, { checkpointName });
        const events = this.#lab.runEvents;
        const saved = [...events].reverse().find((e): e is CheckpointEvent => e.type === 'checkpoint');
        this.#setArm(i, {
          status: summary.stopped ? 'stopped' : 'done',
          events,
          summary,
          checkpoint: saved?.name ?? null,
        });
        if (summary.stopped) this.#stopPair = true;
      } catch (e) {
        // A refused start has no events of its own (the lab's may be another run's).
        const refused = BUSY.test(message(e));
        this.#setArm(i, { status: 'failed', events: refused ? [] : this.#lab.runEvents });
        this.pairError = refused ? BUSY_MESSAGE : `Training failed: ${message(e)}`;
        this.#stopPair = true;
      }
    }
    this.activeArm = -1;
    const statuses = this.arms.map((a) => a.status);
    this.pairPhase = statuses.includes('failed')
      ? 'failed'
      : statuses.every((s) => s === 'done')
        ? 'done'
        : 'stopped';
  }

  async stopPair(): Promise<void> {
    if (this.pairPhase !== 'running') return;
    this.#stopPair = true;
    this.pairPhase = 'stopping';
    await this.#lab.engine?.stop();
  }

  /** Score each arm's checkpoint on the spec's items (the engine loads it first). */
  async score(spec: ScoreSpec): Promise<void> {
    if (this.scoreBusy || this.pairBusy) return;
    const engine = this.#lab.engine;
    if (this.pairPhase !== 'done' || !engine) {
      this.scoreError = 'Train the pair first (the step before this one), then score it here.';
      return;
    }
    this.#stopScore = false;
    this.scoreError = null;
    this.reports = this.arms.map(() => null);
    this.scorePhase = 'running';
    try {
      for (const [i, arm] of this.arms.entries()) {
        if (this.#stopScore) break;
        if (!arm.checkpoint)
          throw new Error(`"${arm.spec.label}" has no saved checkpoint (this browser may not allow storage)`);
        this.scoreArm = i;
        this.scoreStep = 'loading';
        await engine.loadCheckpoint(arm.checkpoint);
        this.#lab.runs.loadedCheckpoint(arm.checkpoint);
        this.scoreStep = 'scoring';
        const report = await this.#lab.evaluate({
          tasks: [...spec.tasks],
          limit: spec.limit,
          protocol: spec.protocol,
          cot: false,
          heldout: false,
        });
        this.reports = this.reports.map((r, k) => (k === i ? report : r));
      }
      this.scorePhase = this.reports.every((r) => r !== null) ? 'done' : 'stopped';
    } catch (e) {
      this.scoreError = `Scoring failed: ${message(e)}`;
      this.scorePhase = 'failed';
    } finally {
      this.scoreArm = -1;
      this.scoreStep = null;
    }
  }

  /** Evaluation cannot be interrupted inside the engine: this skips the models not yet scored. */
  stopScore(): void {
    if (this.scorePhase !== 'running') return;
    this.#stopScore = true;
    this.scorePhase = 'stopping';
  }
}

const sessions = new WeakMap<Lab, LearnSession>();

/** The lab's Learn session (made on first use, then kept for the page's lifetime). */
export function learnSession(lab: Lab): LearnSession {
  let session = sessions.get(lab);
  if (!session) sessions.set(lab, (session = new LearnSession(lab)));
  return session;
}
