// The Train page's live charts as data: from a run's events (and its recipe, for stage lengths and
// the planned schedule) to chart series on one step axis across stages — loss (total, and per source
// on train and held-out windows), learning rate, the code share (planned, in force, realised),
// tokens/s and memory — plus the lists beside them: mix changes, samples and checkpoints.
import { headlineMemory } from '../../contract/bench';
import type {
  CheckpointEvent,
  MixChangeEvent,
  MixSetting,
  SampleEvent,
  TrainEvent,
} from '../../contract/train';
import type { Recipe } from '../../core/recipe/recipe';
import { alignSeries, colour, type AlignedColumns, type ChartSeries, type XY } from '../charts/chart-data';
import { codeShare } from '../../core/data/schedule';
import { describeSchedule, scheduleCurve } from '../mix/schedule-form';

export interface ChartModel {
  series: ChartSeries[];
  data: AlignedColumns;
}

/** The first global step of each stage: the sum of the earlier stages' lengths. */
export function stageOffsets(recipe: Pick<Recipe, 'stages'> | null): number[] {
  const out: number[] = [];
  let at = 0;
  for (const s of recipe?.stages ?? []) {
    out.push(at);
    at += s.steps;
  }
  return out;
}

const globalStep = (offsets: readonly number[], stage: number, step: number) => (offsets[stage] ?? 0) + step;

/** Which held-out keys to chart: corpora and the two instruction kinds (not the per-family ones). */
const charted = (key: string) =>
  !key.startsWith('instruct/') || key === 'instruct/text' || key === 'instruct/code';

/** Training loss per logged window, and per source on train (solid) and held-out (dashed) windows. */
export function lossChart(events: readonly TrainEvent[], offsets: readonly number[]): ChartModel {
  const total: XY[] = [];
  const train = new Map<string, XY[]>();
  const heldout = new Map<string, XY[]>();
  const add = (m: Map<string, XY[]>, k: string, p: XY) => (m.get(k) ?? m.set(k, []).get(k)!).push(p);
  for (const e of events) {
    if (e.type === 'metrics') total.push([globalStep(offsets, e.stage, e.step), e.loss]);
    else if (e.type === 'eval') {
      const x = globalStep(offsets, e.stage, e.step);
      for (const [k, v] of Object.entries(e.train)) if (charted(k)) add(train, k, [x, v.loss]);
      for (const [k, v] of Object.entries(e.heldout)) if (charted(k)) add(heldout, k, [x, v.loss]);
    }
  }
  const sources = [...new Set([...train.keys(), ...heldout.keys()])];
  const series: ChartSeries[] = [{ label: 'train (batch)', colour: '#222', width: 1.5 }];
  const columns: XY[][] = [total];
  sources.forEach((s, i) => {
    const c = colour(i);
    if (train.has(s)) {
      series.push({ label: `${s} train`, colour: c, points: true });
      columns.push(train.get(s)!);
    }
    if (heldout.has(s)) {
      series.push({ label: `${s} held-out`, colour: c, dash: [6, 4], points: true });
      columns.push(heldout.get(s)!);
    }
  });
  return { series, data: alignSeries(columns) };
}

/** Learning rate per logged window. */
export function lrChart(events: readonly TrainEvent[], offsets: readonly number[]): ChartModel {
  const lr: XY[] = [];
  for (const e of events) if (e.type === 'metrics') lr.push([globalStep(offsets, e.stage, e.step), e.lr]);
  return { series: [{ label: 'learning rate' }], data: alignSeries([lr]) };
}

/**
 * The code share in %: the recipe's planned schedule per stage (dashed; stages without a schedule
 * are left out), what the weights asked for over each window (schedule or live override), and what
 * the batches actually held.
 */
export function mixChart(
  events: readonly TrainEvent[],
  recipe: Pick<Recipe, 'stages'> | null,
  offsets: readonly number[],
): ChartModel {
  const planned: XY[] = [];
  recipe?.stages.forEach((s, i) => {
    if (s.mix)
      for (const [x, y] of scheduleCurve(s.mix, s.steps, 200)) planned.push([offsets[i] + x + 1, y * 100]);
  });
  const asked: XY[] = [];
  const realised: XY[] = [];
  for (const e of events)
    if (e.type === 'metrics') {
      const x = globalStep(offsets, e.stage, e.step);
      asked.push([x, e.scheduledCodeShare * 100]);
      realised.push([x, e.realisedCodeShare * 100]);
    }
  return {
    series: [
      { label: 'planned schedule', colour: '#888', dash: [6, 4] },
      { label: 'asked (schedule or slider)', colour: colour(0) },
      { label: 'realised', colour: colour(1), width: 2 },
    ],
    data: alignSeries([planned, asked, realised]),
  };
}

/** Tokens per second (perf events, about once a second). */
export function speedChart(events: readonly TrainEvent[], offsets: readonly number[]): ChartModel {
  const tps: XY[] = [];
  for (const e of events)
    if (e.type === 'perf') tps.push([globalStep(offsets, e.stage, e.step), e.tokPerSec]);
  return { series: [{ label: 'tokens/s' }], data: alignSeries([tps]) };
}

/** The backend's headline peak memory (GPU, WASM heap or tensors) in MiB. */
export function memoryChart(events: readonly TrainEvent[], offsets: readonly number[]): ChartModel {
  const mem: XY[] = [];
  let what = 'memory';
  for (const e of events)
    if (e.type === 'perf') {
      const m = headlineMemory(e.peakMemory);
      what = m.what;
      mem.push([globalStep(offsets, e.stage, e.step), m.bytes / 2 ** 20]);
    }
  return { series: [{ label: `${what} (MiB)` }], data: alignSeries([mem]) };
}

/** A mix setting in words: "fixed 40% (slider)" or the schedule it follows. */
export function describeSetting(s: MixSetting): string {
  return s.codeShareOverride !== null
    ? `fixed ${Math.round(s.codeShareOverride * 1000) / 10}% code (slider)`
    : `schedule — ${describeSchedule(s.schedule)}`;
}

export interface MixChangeRow {
  stage: number;
  step: number;
  globalStep: number;
  before: string;
  after: string;
}

export function mixChanges(events: readonly TrainEvent[], offsets: readonly number[]): MixChangeRow[] {
  return events
    .filter((e): e is MixChangeEvent => e.type === 'mix-change')
    .map((e) => ({
      stage: e.stage,
      step: e.step,
      globalStep: globalStep(offsets, e.stage, e.step),
      before: describeSetting(e.before),
      after: describeSetting(e.after),
    }));
}

/** The newest `n` samples, newest first. */
export function latestSamples(events: readonly TrainEvent[], n = 4): SampleEvent[] {
  return events
    .filter((e): e is SampleEvent => e.type === 'sample')
    .slice(-n)
    .reverse();
}

export function checkpoints(events: readonly TrainEvent[]): CheckpointEvent[] {
  return events.filter((e): e is CheckpointEvent => e.type === 'checkpoint');
}

/** The newest metrics of the run: the stage running, and whether its mix can be steered. */
export function currentStage(
  events: readonly TrainEvent[],
): { stage: number; kind: string; steps: number; codeShare: number } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'metrics')
      return { stage: e.stage, kind: e.stageKind, steps: e.stageSteps, codeShare: e.codeShare };
  }
  return null;
}

/** The newest mix change of `stage`, or null when its mix has not been changed. */
export function lastMixChange(events: readonly TrainEvent[], stage: number): MixChangeEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'mix-change' && e.stage === stage) return e;
  }
  return null;
}

/**
 * The code share a mix change put in force at its step: the slider's share, or the schedule's
 * share at that step (the step the change event names is the first drawn with it, counted from 1).
 */
export function shareAfter(change: MixChangeEvent, stageSteps: number): number {
  const { codeShareOverride, schedule } = change.after;
  return codeShareOverride ?? codeShare(schedule, Math.max(0, change.step - 1), stageSteps);
}
