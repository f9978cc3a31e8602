// The Study page's view helpers on the smoke preset: the up/down buttons are enabled exactly for the
// moves the engine accepts (pending neighbours, never above the arm an arm starts from), and an arm's
// progress bar moves through training into evaluation and ends full.
import { describe, expect, it } from 'vitest';
import type { StudyArmState, StudySnapshot } from '../../contract/study';
import { STUDY_PRESETS, expandStudy } from '../../core/study';
import { armFraction, canMove, formatSeconds, progressText } from './study-view';

const arms = expandStudy(STUDY_PRESETS.smoke);
const byId = new Map(arms.map((a) => [a.id, a]));
const armState = (id: string, over: Partial<StudyArmState> = {}): StudyArmState => ({
  id,
  status: 'pending',
  checkpoint: `s.${id}`,
  lastCheckpoint: null,
  trainAttempts: 0,
  resumes: [],
  progress: null,
  summary: null,
  reports: {},
  error: null,
  startedAt: null,
  finishedAt: null,
  ...over,
});
const study = (): StudySnapshot => ({
  format: 'codemix-study-state',
  version: 1,
  id: 's',
  presetId: 'smoke',
  backend: 'wasm',
  createdAt: '',
  updatedAt: '',
  status: 'running',
  live: true,
  order: arms.map((a) => a.id),
  arms: Object.fromEntries(arms.map((a) => [a.id, armState(a.id)])),
});

describe('study view', () => {
  it('enables a move only between pending arms and never above the arm an arm starts from', () => {
    const s = study();
    s.arms['NL.s1'].status = 'running';
    expect(canMove(s, byId, 'NL.s1', 1)).toBe(false); // running
    expect(canMove(s, byId, 'NN.s1', -1)).toBe(false); // onto the running arm
    expect(canMove(s, byId, 'NC.s1', -1)).toBe(true); // NN and NC both start from NL
    expect(canMove(s, byId, 'CN.s1', -1)).toBe(false); // above CODE.s1, its parent
    expect(canMove(s, byId, 'CODE.s1', 1)).toBe(false); // below CN.s1, its child
    expect(canMove(s, byId, 'NL-5x.s3', 1)).toBe(false); // already last
    expect(canMove(s, byId, 'NL-5x.s3', -1)).toBe(true);
  });

  it('moves the progress bar through a tuned arm’s own stage, then its evaluation, to full', () => {
    const nn = byId.get('NN.s1')!;
    const steps = nn.recipe.stages[1].steps;
    const running = armState('NN.s1', { status: 'running' });
    const train = (step: number) =>
      armFraction(nn, running, { phase: 'train', stage: 1, step, stageSteps: steps });
    expect(train(0)).toBe(0);
    expect(train(steps / 2)).toBeCloseTo(0.35);
    expect(train(steps)).toBeCloseTo(0.7);
    const evaluating = armFraction(nn, running, {
      phase: 'evaluate',
      evalId: 'main',
      evalDone: 18,
      evalTotal: 36,
    });
    expect(evaluating).toBeCloseTo(0.85);
    expect(armFraction(nn, armState('NN.s1', { status: 'done' }), undefined)).toBe(1);
    expect(
      progressText(running, { phase: 'train', stage: 1, stageKind: 'instruct', step: 3, stageSteps: 4 }),
    ).toBe('training stage 1 (instruct): step 3 of 4');
    expect(progressText(armState('NN.s1', { lastCheckpoint: { stage: 1, step: 2 } }), undefined)).toBe(
      'pending (continues from stage 1 step 2)',
    );
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(720)).toBe('12 min');
  });
});
