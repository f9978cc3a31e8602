// The study queue's decisions, as pure functions of its state (the runner in runner.ts acts on them):
// a new study's state, which arm runs next (never one before the arm it starts from), whether a new
// order is allowed, how an arm (re)starts — from its own checkpoint after an interruption, from its
// parent arm's finished checkpoint, or fresh — and the check of a state read back from storage.
import type { CheckpointInfo } from '../../src/contract/api';
import type { BackendName } from '../../src/contract/backend';
import type { StudyArmState, StudyState } from '../../src/contract/study';
import { STUDY_PRESETS, expandStudy, orderProblems } from '../../src/core/study';
import type { StudyArm, StudyPreset, StudyPresetId } from '../../src/core/study';

/** The checkpoint name of an arm in a study: the study's id, then the arm's (`<cell>.s<seed>`). */
export function armCheckpoint(studyId: string, armId: string): string {
  return `${studyId}.${armId}`;
}

function freshArm(studyId: string, arm: StudyArm): StudyArmState {
  return {
    id: arm.id,
    status: 'pending',
    checkpoint: armCheckpoint(studyId, arm.id),
    lastCheckpoint: null,
    trainAttempts: 0,
    resumes: [],
    progress: null,
    summary: null,
    reports: {},
    error: null,
    startedAt: null,
    finishedAt: null,
  };
}

/** A new study of a preset: every arm pending, in the preset's run order. */
export function newStudyState(preset: StudyPreset, backend: BackendName, now: Date): StudyState {
  const id = `study-${preset.id}-${now.getTime().toString(36)}`;
  const arms = expandStudy(preset);
  const at = now.toISOString();
  return {
    format: 'codemix-study-state',
    version: 1,
    id,
    presetId: preset.id,
    backend,
    createdAt: at,
    updatedAt: at,
    status: 'running',
    order: arms.map((a) => a.id),
    arms: Object.fromEntries(arms.map((a) => [a.id, freshArm(id, a)])),
  };
}

/** The preset's arms by id (expanded again: a state stores only what happened to them). */
export function armsById(presetId: StudyPresetId): Map<string, StudyArm> {
  return new Map(expandStudy(STUDY_PRESETS[presetId]).map((a) => [a.id, a]));
}

/**
 * The arm to run next: an interrupted one (status running while nothing runs) first, then the first
 * pending arm in order whose initFrom arm is done. Null when none can run.
 */
export function nextArm(state: StudyState, arms: Map<string, StudyArm>): string | null {
  const interrupted = state.order.find((id) => state.arms[id].status === 'running');
  if (interrupted) return interrupted;
  for (const id of state.order) {
    if (state.arms[id].status !== 'pending') continue;
    const parent = arms.get(id)?.initFrom;
    if (!parent || state.arms[parent]?.status === 'done') return id;
  }
  return null;
}

/** Pending arms that cannot run because an arm they start from (directly or not) failed. */
export function blockedArms(state: StudyState, arms: Map<string, StudyArm>): Map<string, string> {
  const blocked = new Map<string, string>();
  const rootFailure = (id: string): string | null => {
    for (let at = arms.get(id)?.initFrom; at; at = arms.get(at)?.initFrom)
      if (state.arms[at]?.status === 'failed') return at;
    return null;
  };
  for (const id of state.order)
    if (state.arms[id].status === 'pending') {
      const failed = rootFailure(id);
      if (failed) blocked.set(id, failed);
    }
  return blocked;
}

/**
 * Why `ids` is not an allowed new order (empty when it is): it must hold every arm exactly once,
 * arms that are not pending keep their places, and no arm may come before the arm it starts from.
 */
export function reorderProblems(state: StudyState, arms: Map<string, StudyArm>, ids: string[]): string[] {
  const problems: string[] = [];
  const known = new Set(state.order);
  const seen = new Set<string>();
  for (const id of ids) {
    if (!known.has(id)) problems.push(`unknown arm "${id}"`);
    else if (seen.has(id)) problems.push(`arm ${id} appears twice`);
    seen.add(id);
  }
  for (const id of state.order) if (!seen.has(id)) problems.push(`arm ${id} is missing`);
  if (problems.length) return problems;
  state.order.forEach((id, i) => {
    const status = state.arms[id].status;
    if (status !== 'pending' && ids[i] !== id)
      problems.push(`arm ${id} is ${status}: only pending arms can move (it must stay at position ${i + 1})`);
  });
  problems.push(...orderProblems(ids.map((id) => arms.get(id)!)));
  return problems;
}

/** How an arm's training starts, given the checkpoints that exist. */
export type StartPlan =
  | { kind: 'evaluate' }
  | { kind: 'resume'; checkpoint: string; step: number; stage: number | null }
  | { kind: 'init-from'; checkpoint: string }
  | { kind: 'fresh' }
  | { kind: 'blocked'; reason: string };

export function startPlan(
  state: StudyState,
  arm: StudyArm,
  checkpoints: readonly Pick<CheckpointInfo, 'name' | 'step'>[],
): StartPlan {
  const own = state.arms[arm.id];
  if (own.summary) return { kind: 'evaluate' };
  const saved = checkpoints.find((c) => c.name === own.checkpoint);
  if (saved) {
    const step = saved.step ?? own.lastCheckpoint?.step ?? 0;
    const stage = own.lastCheckpoint && own.lastCheckpoint.step === step ? own.lastCheckpoint.stage : null;
    return { kind: 'resume', checkpoint: own.checkpoint, step, stage };
  }
  if (!arm.initFrom) return { kind: 'fresh' };
  const parent = state.arms[arm.initFrom];
  if (parent?.status !== 'done')
    return { kind: 'blocked', reason: `arm ${arm.initFrom}, which it starts from, has not finished` };
  if (!checkpoints.some((c) => c.name === parent.checkpoint))
    return {
      kind: 'blocked',
      reason: `the checkpoint of arm ${arm.initFrom} ("${parent.checkpoint}"), which it starts from, is gone`,
    };
  return { kind: 'init-from', checkpoint: parent.checkpoint };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const ARM_STATUSES = new Set(['pending', 'running', 'done', 'failed']);
const STUDY_STATUSES = new Set(['running', 'paused', 'finished']);

/**
 * A stored study state, checked: the format and version, the preset, and that its arms are exactly
 * the preset's (an older lab's preset may have changed). Throws naming the first problem.
 */
export function parseStudyState(raw: unknown): StudyState {
  const fail = (what: string): never => {
    throw new Error(`the stored study is not usable: ${what}`);
  };
  if (!isObject(raw)) return fail('it is not an object');
  if (raw.format !== 'codemix-study-state') fail(`format is ${JSON.stringify(raw.format)}`);
  if (raw.version !== 1) fail(`version ${JSON.stringify(raw.version)} is not 1`);
  if (typeof raw.id !== 'string' || !raw.id) fail('id is missing');
  if (typeof raw.presetId !== 'string' || !(raw.presetId in STUDY_PRESETS))
    fail(`preset ${JSON.stringify(raw.presetId)} is unknown`);
  if (!STUDY_STATUSES.has(raw.status as string)) fail(`status ${JSON.stringify(raw.status)} is unknown`);
  if (!Array.isArray(raw.order) || !isObject(raw.arms)) return fail('order or arms is missing');
  const state = raw as unknown as StudyState;
  const expected = [...armsById(state.presetId).keys()].sort();
  const stored = [...state.order].sort();
  if (JSON.stringify(expected) !== JSON.stringify(stored))
    fail(`its arms are not those of preset "${state.presetId}" any more`);
  for (const id of state.order) {
    const arm = (raw.arms as Record<string, unknown>)[id];
    if (!isObject(arm) || arm.id !== id) fail(`arm ${id} has no state`);
    const a = arm as unknown as StudyArmState;
    if (!ARM_STATUSES.has(a.status)) fail(`arm ${id} has status ${JSON.stringify(a.status)}`);
    if (typeof a.checkpoint !== 'string') fail(`arm ${id} has no checkpoint name`);
    if (!isObject(a.reports) || !Array.isArray(a.resumes)) fail(`arm ${id} lacks reports or resumes`);
  }
  return state;
}

/** Counts of arms by status. */
export function statusCounts(state: StudyState): Record<StudyArmState['status'], number> {
  const counts = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const id of state.order) counts[state.arms[id].status] += 1;
  return counts;
}
