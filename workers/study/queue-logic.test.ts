// The study queue's decisions on the smoke preset's 36 arms: the run order never puts an arm before
// the arm it starts from (checked against the arms' own initFrom links, not the queue's code), a
// reorder moves only pending arms and keeps that order, a state survives the trip through storage,
// and an interrupted arm continues from its own checkpoint (tuned arms otherwise from their parent's).
import { describe, expect, it } from 'vitest';
import type { StudyState } from '../../src/contract/study';
import { STUDY_PRESETS, expandStudy } from '../../src/core/study';
import {
  armCheckpoint,
  armsById,
  blockedArms,
  newStudyState,
  nextArm,
  parseStudyState,
  reorderProblems,
  startPlan,
} from './queue-logic';
import { MemoryStudyStore } from './store';

const preset = STUDY_PRESETS.smoke;
const arms = armsById('smoke');
const fresh = () => newStudyState(preset, 'wasm', new Date('2026-11-26T04:00:00Z'));

/** Runs the queue's choice of next arm to the end, marking each done: the order it would run. */
function drain(state: StudyState): string[] {
  const ran: string[] = [];
  for (let id = nextArm(state, arms); id; id = nextArm(state, arms)) {
    ran.push(id);
    state.arms[id].status = 'done';
  }
  return ran;
}

describe('study queue order', () => {
  it('runs every arm once, each after the arm it starts from, in the preset order', () => {
    const state = fresh();
    const ran = drain(state);
    expect(ran).toEqual(expandStudy(preset).map((a) => a.id));
    for (const [i, id] of ran.entries()) {
      const parent = arms.get(id)!.initFrom;
      if (parent) expect(ran.slice(0, i)).toContain(parent);
    }
  });

  it('continues an interrupted arm first, and skips arms whose parent failed', () => {
    const state = fresh();
    state.arms['NL.s1'].status = 'done';
    state.arms['CODE.s1'].status = 'failed';
    state.arms['NC.s1'].status = 'running'; // the page was reloaded while NC.s1 trained
    expect(nextArm(state, arms)).toBe('NC.s1');
    state.arms['NC.s1'].status = 'done';
    const ran = drain(state);
    for (const cell of ['CN', 'CC', 'CC-inc', 'CC-dec']) expect(ran).not.toContain(`${cell}.s1`);
    expect(ran).toContain('NN.s1');
    expect(ran).toContain('CODE.s2');
    expect([...blockedArms(state, arms)]).toEqual(
      ['CN', 'CC', 'CC-inc', 'CC-dec'].map((c) => [`${c}.s1`, 'CODE.s1']),
    );
  });
});

describe('study reorder', () => {
  it('accepts moving a pending arm up, and the queue then runs it first', () => {
    const state = fresh();
    const order = [...state.order];
    const i = order.indexOf('NL-5x.s1');
    order.splice(i, 1);
    order.unshift('NL-5x.s1');
    expect(reorderProblems(state, arms, order)).toEqual([]);
    state.order = order;
    expect(nextArm(state, arms)).toBe('NL-5x.s1');
  });

  it('refuses an arm before the arm it starts from, naming both', () => {
    const state = fresh();
    const order = state.order.filter((id) => id !== 'CC.s2');
    order.splice(order.indexOf('CODE.s2'), 0, 'CC.s2');
    expect(reorderProblems(state, arms, order)).toEqual([
      'arm CC.s2 starts from CODE.s2, which does not run before it',
    ]);
  });

  it('refuses moving arms that are not pending, and lists missing, unknown and repeated ids', () => {
    const state = fresh();
    state.arms['NL.s1'].status = 'done';
    const swapped = [state.order[1], state.order[0], ...state.order.slice(2)];
    expect(reorderProblems(state, arms, swapped).join('\n')).toMatch(
      /arm NL\.s1 is done: only pending arms can move/,
    );
    const bad = ['bogus', ...state.order.slice(0, 10), state.order[3], ...state.order.slice(11)];
    expect(reorderProblems(state, arms, bad)).toEqual([
      'unknown arm "bogus"',
      `arm ${state.order[3]} appears twice`,
      `arm ${state.order[10]} is missing`,
    ]);
  });
});

describe('study persistence', () => {
  it('a state written and read back (structured clone) is the same, and parses', async () => {
    const state = fresh();
    state.arms['NL.s1'] = {
      ...state.arms['NL.s1'],
      status: 'done',
      lastCheckpoint: { stage: 0, step: 5 },
      trainAttempts: 2,
      resumes: [{ at: '2026-11-26T04:01:00.000Z', stage: 0, step: 4, firstStep: 5 }],
    };
    state.order = [state.order[0], state.order[3], ...state.order.filter((_, i) => i !== 0 && i !== 3)];
    const store = new MemoryStudyStore();
    await store.save(state);
    state.arms['NL.s1'].status = 'failed'; // a later change to the live object is not in the record
    const back = parseStudyState(await store.load());
    expect(back.arms['NL.s1'].status).toBe('done');
    expect({ ...back, arms: { ...back.arms, 'NL.s1': state.arms['NL.s1'] } }).toEqual(state);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('refuses a stored state that is not a study, or whose arms are not the preset’s', () => {
    expect(() => parseStudyState({ format: 'x' })).toThrow(/format is "x"/);
    const state = fresh();
    expect(() => parseStudyState({ ...state, presetId: 'huge' })).toThrow(/preset "huge" is unknown/);
    expect(() => parseStudyState({ ...state, order: state.order.slice(1) })).toThrow(
      /not those of preset "smoke"/,
    );
    const arms2 = { ...state.arms, 'NL.s1': { ...state.arms['NL.s1'], status: 'lost' } };
    expect(() => parseStudyState({ ...state, arms: arms2 })).toThrow(/arm NL\.s1 has status "lost"/);
  });
});

describe('study start plan', () => {
  const state = fresh();
  const nl = arms.get('NL.s1')!;
  const nn = arms.get('NN.s1')!;
  const own = armCheckpoint(state.id, 'NN.s1');
  const parent = armCheckpoint(state.id, 'NL.s1');

  it('names checkpoints after the study, so a new study never resumes an old one', () => {
    const later = newStudyState(preset, 'wasm', new Date('2026-11-26T05:00:00Z'));
    expect(own).toBe(`${state.id}.NN.s1`);
    expect(armCheckpoint(later.id, 'NN.s1')).not.toBe(own);
  });

  it('pre-training arms start fresh, tuned arms from their parent’s finished checkpoint', () => {
    expect(startPlan(state, nl, [])).toEqual({ kind: 'fresh' });
    expect(startPlan(state, nn, [{ name: parent, step: 5 }])).toMatchObject({ kind: 'blocked' });
    state.arms['NL.s1'].status = 'done';
    expect(startPlan(state, nn, [{ name: parent, step: 5 }])).toEqual({
      kind: 'init-from',
      checkpoint: parent,
    });
    expect(startPlan(state, nn, []).kind).toBe('blocked');
  });

  it('an interrupted arm continues from its own checkpoint; a trained one only evaluates', () => {
    state.arms['NN.s1'].lastCheckpoint = { stage: 1, step: 2 };
    expect(
      startPlan(state, nn, [
        { name: parent, step: 5 },
        { name: own, step: 2 },
      ]),
    ).toEqual({
      kind: 'resume',
      checkpoint: own,
      step: 2,
      stage: 1,
    });
    // the checkpoint got further than the state recorded (reload between the save and the record)
    expect(startPlan(state, nn, [{ name: own, step: 4 }])).toEqual({
      kind: 'resume',
      checkpoint: own,
      step: 4,
      stage: null,
    });
    state.arms['NN.s1'].summary = { steps: 4 } as StudyState['arms'][string]['summary'];
    expect(startPlan(state, nn, [{ name: own, step: 4 }])).toEqual({ kind: 'evaluate' });
  });
});
