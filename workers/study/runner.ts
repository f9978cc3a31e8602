// The study queue, run inside the engine: it works through a preset's arms one after another with
// the engine's own train() and evaluate(), and writes its state to a StudyStore after every change
// that matters (an arm starting, each checkpoint, the end of training, each report, a pause or a
// reorder). After a page reload the new engine reads that state back and, on resume, continues the
// interrupted arm from its last checkpoint (the training loop resumes exactly), skips finished arms,
// and starts tuned arms from their parent arm's finished checkpoint (queue-logic.ts decides).
import type { CheckpointInfo, LoadedModel, TrainOptions } from '../../src/contract/api';
import type { BackendName } from '../../src/contract/backend';
import type { EvalProgress, EvalReport, EvalRequest } from '../../src/contract/eval';
import type {
  StudyArmResume,
  StudyArmState,
  StudyEvent,
  StudySnapshot,
  StudyState,
} from '../../src/contract/study';
import type { RunSummary, TrainEvent } from '../../src/contract/train';
import {
  STUDY_PRESETS,
  evalRequests,
  mergeReports,
  type StudyArm,
  type StudyPresetId,
} from '../../src/core/study';
import {
  armsById,
  newStudyState,
  nextArm,
  parseStudyState,
  reorderProblems,
  startPlan,
  statusCounts,
} from './queue-logic';
import type { StudyStore } from './store';

/** What the queue needs of the engine (EngineService provides it). */
export interface StudyEngine {
  backend(): BackendName;
  train(recipe: unknown, onEvent: (event: TrainEvent) => void, options: TrainOptions): Promise<RunSummary>;
  stop(): Promise<void>;
  evaluate(request: EvalRequest, onProgress: (p: EvalProgress) => void): Promise<EvalReport>;
  loadCheckpoint(name: string): Promise<LoadedModel>;
  loadedModel(): Promise<LoadedModel | null>;
  listCheckpoints(): Promise<CheckpointInfo[]>;
  deleteCheckpoint(name: string): Promise<void>;
}

type Listener = (event: StudyEvent) => void;

const now = () => new Date().toISOString();
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class StudyRunner {
  private state: StudyState | null = null;
  private loaded = false;
  private loadProblem: string | null = null;
  private loop: Promise<void> | null = null;
  private listener: Listener | null = null;
  private pauseRequested = false;
  private training = false;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: StudyEngine,
    private readonly store: StudyStore,
  ) {}

  /** The current study (read from storage on first use), or null when there is none. */
  async current(): Promise<StudySnapshot | null> {
    await this.ensureLoaded();
    return this.snapshot();
  }

  /** Start a new study of a preset; refuses while another one is unfinished. Resolves once started. */
  async start(presetId: StudyPresetId, listener: Listener): Promise<StudySnapshot> {
    await this.ensureLoaded();
    const preset = STUDY_PRESETS[presetId];
    if (!preset)
      throw new Error(`unknown study preset "${presetId}" (one of ${Object.keys(STUDY_PRESETS).join(', ')})`);
    const old = this.state;
    if (this.loop || (old && old.status !== 'finished')) {
      const c = old ? statusCounts(old) : null;
      throw new Error(
        `a study of preset "${old?.presetId}" is unfinished (${c?.done} of ${old?.order.length} arms done): resume it, or discard it first`,
      );
    }
    this.state = newStudyState(preset, this.engine.backend(), new Date());
    this.listener = listener;
    await this.save();
    this.startLoop();
    return this.snapshot()!;
  }

  /**
   * Continue the study (after a pause, or after a reload found it interrupted): failed arms are tried
   * again, an interrupted arm continues from its checkpoint. While it runs, only re-attaches `listener`.
   */
  async resume(listener: Listener): Promise<StudySnapshot> {
    const state = await this.require();
    this.listener = listener;
    if (this.loop) return this.snapshot()!;
    for (const id of state.order) {
      const arm = state.arms[id];
      if (arm.status === 'failed') Object.assign(arm, { status: 'pending', error: null });
    }
    state.status = 'running';
    await this.save();
    this.startLoop();
    return this.snapshot()!;
  }

  /**
   * Pause: the arm in training stops at its next step (it continues later from its last checkpoint),
   * an evaluation in progress finishes first. Resolves once nothing runs.
   */
  async pause(): Promise<StudySnapshot> {
    const state = await this.require();
    if (this.loop) {
      this.pauseRequested = true;
      if (this.training) await this.engine.stop();
      await this.loop;
    } else if (state.status === 'running') {
      for (const id of state.order)
        if (state.arms[id].status === 'running') state.arms[id].status = 'pending';
      state.status = 'paused';
      await this.save();
      this.emitState();
    }
    return this.snapshot()!;
  }

  /** A new order of the arms (queue-logic.ts reorderProblems says what is allowed). */
  async reorder(ids: string[]): Promise<StudySnapshot> {
    const state = await this.require();
    const problems = reorderProblems(state, armsById(state.presetId), ids);
    if (problems.length) throw new Error(`cannot reorder the study: ${problems.join('; ')}`);
    state.order = [...ids];
    await this.save();
    this.emitState();
    return this.snapshot()!;
  }

  /** Stop and forget the study; with `deleteCheckpoints`, its arms' checkpoints go too. */
  async discard(deleteCheckpoints: boolean): Promise<void> {
    await this.ensureLoaded().catch(() => undefined);
    if (this.loop) await this.pause();
    const state = this.state;
    if (state && deleteCheckpoints) {
      const names = new Set((await this.engine.listCheckpoints()).map((c) => c.name));
      for (const id of state.order)
        if (names.has(state.arms[id].checkpoint))
          await this.engine.deleteCheckpoint(state.arms[id].checkpoint);
    }
    await this.saving;
    await this.store.clear();
    this.state = null;
    this.loadProblem = null;
  }

  /** Resolves when the queue stops (finished, paused or failed), with the state then. */
  async idle(): Promise<StudySnapshot | null> {
    await this.loop;
    return this.current();
  }

  private snapshot(): StudySnapshot | null {
    return this.state ? { ...this.state, live: this.loop !== null } : null;
  }

  private async ensureLoaded(): Promise<void> {
    if (!this.loaded) {
      this.loaded = true;
      const raw = await this.store.load();
      try {
        this.state = raw === null || raw === undefined ? null : parseStudyState(raw);
      } catch (e) {
        this.loadProblem = message(e);
      }
    }
    if (this.loadProblem) throw new Error(`${this.loadProblem}; discard it to start another`);
  }

  private async require(): Promise<StudyState> {
    await this.ensureLoaded();
    if (!this.state) throw new Error('there is no study: start one first');
    return this.state;
  }

  /** Writes are queued so they land in order; each writes the state as it is by then. */
  private save(): Promise<void> {
    const state = this.state;
    if (!state) return this.saving;
    state.updatedAt = now();
    this.saving = this.saving
      .then(() => this.store.save(state))
      .catch((e: unknown) => {
        this.emit({ type: 'error', armId: null, message: `the study's state was not saved: ${message(e)}` });
      });
    return this.saving;
  }

  private emit(event: StudyEvent): void {
    const listener = this.listener;
    if (!listener) return;
    // Through Comlink the call returns a promise that rejects once the page that listened is gone.
    try {
      void Promise.resolve(listener(event)).catch(() => (this.listener = null));
    } catch {
      this.listener = null;
    }
  }

  private emitState(): void {
    const state = this.snapshot();
    if (state) this.emit({ type: 'state', state });
  }

  private startLoop(): void {
    this.pauseRequested = false;
    this.loop = this.runLoop().finally(() => {
      this.loop = null;
      this.pauseRequested = false;
      this.emitState();
    });
  }

  private async runLoop(): Promise<void> {
    const state = this.state!;
    const arms = armsById(state.presetId);
    this.emitState();
    while (!this.pauseRequested) {
      const id = nextArm(state, arms);
      if (!id) {
        state.status = 'finished';
        break;
      }
      await this.runArm(arms.get(id)!, state.arms[id]);
    }
    if (this.pauseRequested && state.status === 'running') state.status = 'paused';
    await this.save();
  }

  private async runArm(arm: StudyArm, s: StudyArmState): Promise<void> {
    s.status = 'running';
    s.startedAt ??= now();
    s.error = null;
    s.progress = { phase: 'prepare' };
    try {
      if (!s.summary && !(await this.train(arm, s))) {
        s.status = 'pending'; // paused mid-training: it continues from its last checkpoint
        await this.save();
        this.emitState();
        return;
      }
      for (const ev of arm.evals) {
        if (s.reports[ev.id]) continue;
        if (this.pauseRequested) {
          s.status = 'pending';
          await this.save();
          this.emitState();
          return;
        }
        if ((await this.engine.loadedModel())?.checkpoint !== s.checkpoint)
          await this.engine.loadCheckpoint(s.checkpoint);
        s.progress = { phase: 'evaluate', evalId: ev.id, evalDone: 0, evalTotal: 0 };
        this.emit({ type: 'progress', armId: s.id, progress: s.progress });
        // One engine request per distinct item limit (as `cli reproduce` asks), merged into one report.
        const parts: EvalReport[] = [];
        const requests = evalRequests(ev);
        for (const [k, request] of requests.entries())
          parts.push(
            await this.engine.evaluate(request, (p) => {
              s.progress = {
                phase: 'evaluate',
                evalId: ev.id,
                evalDone: k + (p.total ? p.done / p.total : 0),
                evalTotal: requests.length,
              };
              this.emit({ type: 'progress', armId: s.id, progress: s.progress });
            }),
          );
        s.reports[ev.id] = mergeReports(parts);
        await this.save();
        this.emitState();
      }
      s.status = 'done';
      s.progress = null;
      s.finishedAt = now();
    } catch (e) {
      s.status = 'failed';
      s.error = message(e);
      s.progress = null;
      this.emit({ type: 'error', armId: s.id, message: `arm ${s.id} failed: ${s.error}` });
    }
    await this.save();
    this.emitState();
  }

  /** Trains an arm (fresh, from its parent's checkpoint, or resumed); false when paused before the end. */
  private async train(arm: StudyArm, s: StudyArmState): Promise<boolean> {
    const plan = startPlan(this.state!, arm, await this.engine.listCheckpoints());
    if (plan.kind === 'blocked') throw new Error(plan.reason);
    s.trainAttempts += 1;
    let resume: StudyArmResume | null = null;
    if (plan.kind === 'resume') {
      resume = { at: now(), stage: plan.stage, step: plan.step, firstStep: null };
      s.resumes.push(resume);
    }
    await this.save();
    this.emitState();
    const options: TrainOptions = { checkpointName: s.checkpoint };
    if (plan.kind === 'resume') options.resumeFrom = plan.checkpoint;
    if (plan.kind === 'init-from') options.initFrom = plan.checkpoint;
    this.training = true;
    let summary: RunSummary;
    try {
      summary = await this.engine.train(arm.recipe, (e) => this.onTrainEvent(s, e, resume), options);
    } finally {
      this.training = false;
    }
    if (summary.stopped) return false;
    s.summary = summary;
    await this.save();
    this.emitState();
    return true;
  }

  private onTrainEvent(s: StudyArmState, e: TrainEvent, resume: StudyArmResume | null): void {
    if (this.pauseRequested) void this.engine.stop();
    if (e.type === 'metrics') {
      if (resume && resume.firstStep === null) resume.firstStep = e.step;
      s.progress = {
        phase: 'train',
        stage: e.stage,
        stageKind: e.stageKind,
        step: e.step,
        stageSteps: e.stageSteps,
      };
      this.emit({ type: 'progress', armId: s.id, progress: s.progress });
    } else if (e.type === 'checkpoint') {
      s.lastCheckpoint = { stage: e.stage, step: e.step };
      s.progress = { ...(s.progress ?? { phase: 'train' }), phase: 'train', stage: e.stage, step: e.step };
      void this.save();
      this.emitState();
    } else if (e.type === 'progress') {
      s.progress = { phase: 'prepare' };
    }
  }
}
