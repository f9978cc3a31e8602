// The Study page's state: the study the engine runs (read from the engine, which keeps it in
// IndexedDB), the live progress of each arm, and the actions — start a preset, pause, resume, move a
// pending arm, discard. After a page reload it finds an interrupted study and resumes it at once; a
// paused one waits for the user. The report (the paper's tables) is aggregated here from the arms'
// evaluation reports with the study module.
import { proxy } from 'comlink';
import type { StudyArmProgress, StudyEvent, StudySnapshot } from '../contract/study';
import {
  STUDY_PRESETS,
  aggregateStudy,
  expandStudy,
  type ArmResult,
  type StudyArm,
  type StudyPresetId,
  type StudyReport,
} from '../core/study';
import type { Lab } from './lab.svelte';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class StudySession {
  /** The preset picked for a new study. */
  presetId = $state<StudyPresetId>('smoke');
  study = $state.raw<StudySnapshot | null>(null);
  /** Live progress by arm id (steps and evaluation items between state updates). */
  progress = $state.raw<Record<string, StudyArmProgress>>({});
  /** The action in flight ('start', 'pause', …), or null. */
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  /** Errors the queue reported (an arm that failed, storage that did not take a write). */
  notices = $state.raw<string[]>([]);
  /** The study was found interrupted after a reload and resumed. */
  resumedAfterReload = $state(false);
  #loaded = false;
  readonly #lab: () => Lab;
  readonly #listener = proxy((event: StudyEvent) => this.onEvent(event));

  constructor(lab: () => Lab) {
    this.#lab = lab;
  }

  /** The study's arms (expanded again from its preset), in the queue's order. */
  get arms(): StudyArm[] {
    const s = this.study;
    if (!s) return [];
    const byId: Record<string, StudyArm> = {};
    for (const arm of expandStudy(STUDY_PRESETS[s.presetId])) byId[arm.id] = arm;
    return s.order.map((id) => byId[id]).filter(Boolean);
  }

  /** The paper's tables from the arms evaluated so far (null before any arm has a report). */
  get report(): StudyReport | null {
    const s = this.study;
    if (!s || !s.order.some((id) => Object.keys(s.arms[id].reports).length > 0)) return null;
    const results: ArmResult[] = this.arms.map((arm) => ({
      arm,
      reports: s.arms[arm.id].reports,
      summary: s.arms[arm.id].summary,
    }));
    return aggregateStudy(STUDY_PRESETS[s.presetId], results);
  }

  /** Read the engine's study once it is ready; resume it when a reload interrupted it. */
  async load(): Promise<void> {
    const engine = this.#lab().engine;
    if (this.#loaded || !engine || this.#lab().status !== 'ready') return;
    this.#loaded = true;
    await this.act('load', async () => {
      const found = await engine.studyState();
      this.study = found;
      if (found) this.presetId = found.presetId;
      // running but not live: the page that ran it was reloaded or closed. Live: re-attach.
      if (found && found.status === 'running') {
        this.resumedAfterReload = !found.live;
        this.study = await engine.resumeStudy(this.#listener);
      }
    });
  }

  start = () =>
    this.act('start', async (e) => (this.study = await e.startStudy(this.presetId, this.#listener)));
  pause = () => this.act('pause', async (e) => (this.study = await e.pauseStudy()));
  resume = () => this.act('resume', async (e) => (this.study = await e.resumeStudy(this.#listener)));

  /** Move an arm one place up (-1) or down (+1) in the queue. */
  move = (armId: string, by: -1 | 1) =>
    this.act('reorder', async (e) => {
      const order = [...this.study!.order];
      const i = order.indexOf(armId);
      const j = i + by;
      if (i < 0 || j < 0 || j >= order.length) return;
      [order[i], order[j]] = [order[j], order[i]];
      this.study = await e.reorderStudy(order);
    });

  discard = (deleteCheckpoints: boolean) =>
    this.act('discard', async (e) => {
      await e.discardStudy(deleteCheckpoints);
      this.study = null;
      this.progress = {};
      this.notices = [];
      this.resumedAfterReload = false;
    });

  private async act(
    name: string,
    run: (engine: NonNullable<Lab['engine']>) => Promise<unknown>,
  ): Promise<void> {
    const engine = this.#lab().engine;
    if (!engine) return;
    this.busy = name;
    this.error = null;
    try {
      await run(engine);
    } catch (e) {
      this.error = message(e);
    } finally {
      this.busy = null;
    }
  }

  private onEvent(event: StudyEvent): void {
    if (event.type === 'state') {
      this.study = event.state;
      const next = { ...this.progress };
      for (const id of event.state.order) {
        const p = event.state.arms[id].progress;
        if (p) next[id] = p;
        else delete next[id];
      }
      this.progress = next;
    } else if (event.type === 'progress') {
      this.progress = { ...this.progress, [event.armId]: event.progress };
    } else {
      this.notices = [...this.notices, event.message];
    }
  }
}
