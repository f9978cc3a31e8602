import { describe, expect, it } from 'vitest';
import {
  checkpointNameFor,
  lossCurve,
  lossDrop,
  parseExperiments,
  scoreTable,
  sharedSources,
} from './experiments';
import { LEARN_EXPERIMENTS } from '../../content/learn';
import experimentsJson from '../../content/learn/experiments.json';
import { wilson, type SummaryRow } from '../eval';
import type { TrainEvent } from '../../contract/train';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('the shipped experiments', () => {
  it('is a matched pair: the same recipe but for the sources and the code share', () => {
    const pair = LEARN_EXPERIMENTS['pretrain-pair'];
    if (pair.kind !== 'pretrain-pair') throw new Error('pretrain-pair is not a pair');
    const [text, code] = pair.arms.map((a) => a.recipe);
    const strip = (r: typeof text) => ({
      ...r,
      name: '',
      stages: r.stages.map((s) => ({ ...s, sources: [], mix: undefined })),
    });
    expect(strip(text)).toEqual(strip(code));
    expect(text.model.preset).toBe('nano');
    expect(text.stages[0].steps).toBeLessThanOrEqual(100);
    expect(text.stages[0].mix).toBeUndefined();
    expect(code.stages[0].mix).toEqual({ type: 'fixed', code: 0.33 });
    expect(sharedSources(pair)).toEqual(['world']);
    const score = LEARN_EXPERIMENTS['score-pair'];
    expect(score).toMatchObject({ kind: 'score-pair', of: 'pretrain-pair', protocol: 'paper' });
  });
});

describe('parseExperiments', () => {
  it('names every bad field, recipe problems included', () => {
    const bad = clone(experimentsJson) as unknown as {
      'pretrain-pair': { arms: { checkpointPrefix: string; recipe: { stages: { steps: number }[] } }[] };
      'score-pair': { of: string; tasks: string[] };
    };
    bad['pretrain-pair'].arms[0].recipe.stages[0].steps = 0;
    bad['pretrain-pair'].arms[1].checkpointPrefix = 'mine';
    bad['score-pair'].tasks.push('chess');
    expect(() => parseExperiments(bad)).toThrow(
      /pretrain-pair\.arms\.0\.recipe: stages\.0\.steps[\s\S]*pretrain-pair\.arms\.1\.checkpointPrefix: must start with "learn-"[\s\S]*score-pair\.tasks\.5/,
    );
  });

  it('refuses arms that share no source or have more than one stage', () => {
    const bad = clone(experimentsJson) as unknown as {
      'pretrain-pair': { arms: { recipe: { stages: { sources: string[] }[] } }[] };
    };
    bad['pretrain-pair'].arms[0].recipe.stages[0].sources = ['wordnet'];
    bad['pretrain-pair'].arms[1].recipe.stages.push({ ...bad['pretrain-pair'].arms[1].recipe.stages[0] });
    expect(() => parseExperiments(bad)).toThrow(
      /arms\.1\.recipe\.stages: a pair arm is one 'pretrain' stage[\s\S]*the arms share no source/,
    );
  });

  it('refuses a scoring step whose pair does not exist', () => {
    const bad = clone(experimentsJson) as unknown as { 'score-pair': { of: string } };
    bad['score-pair'].of = 'other-pair';
    expect(() => parseExperiments(bad)).toThrow(/score-pair\.of: "other-pair" is not a pretrain-pair/);
    expect(() => parseExperiments([])).toThrow(/expected an object/);
  });
});

describe('checkpointNameFor', () => {
  it('appends a sortable UTC time down to the millisecond', () => {
    expect(checkpointNameFor('learn-text', Date.parse('2026-11-26T03:45:12.345Z'))).toBe(
      'learn-text-20261126-034512-345',
    );
  });
});

const metrics = (step: number, loss: number) => ({ type: 'metrics', step, loss }) as unknown as TrainEvent;

describe('lossCurve and lossDrop', () => {
  it('reads [step, loss] from metrics events only', () => {
    const events = [
      { type: 'progress' } as unknown as TrainEvent,
      metrics(2, 5.6),
      { type: 'eval' } as unknown as TrainEvent,
      metrics(4, 5.0),
    ];
    expect(lossCurve(events)).toEqual([
      [2, 5.6],
      [4, 5.0],
    ]);
  });

  it('compares the means of the first and last few points', () => {
    const curve: [number, number][] = [2, 4, 6, 8, 10, 12, 14, 16].map((s, i) => [s, 6 - i * 0.25]);
    expect(lossDrop(curve)).toEqual({ first: 5.75, last: 4.5 });
    expect(lossDrop(curve.slice(0, 2))).toEqual({ first: 6, last: 5.75 });
    expect(lossDrop(curve.slice(0, 1))).toBeNull();
  });
});

describe('scoreTable', () => {
  const row = (
    task: SummaryRow['task'],
    level: SummaryRow['level'],
    n: number,
    correct: number,
    chance: number,
  ) =>
    ({
      task,
      level,
      n,
      correct,
      accuracy: correct / n,
      chance,
      ci95: wilson(correct, n),
      aboveChance: false,
    }) as SummaryRow;

  it('puts each report’s per-task accuracy beside chance, then pools the items', () => {
    const a = [row('logic', 1, 2, 2, 0.5), row('logic', 'all', 8, 4, 0.5), row('analogy', 'all', 8, 2, 0.25)];
    const b = [row('logic', 'all', 8, 6, 0.5)];
    const table = scoreTable(['logic', 'analogy'], [a, b]);
    expect(table.map((r) => [r.task, r.chance, r.cells.map((c) => c && c.correct)])).toEqual([
      ['logic', 0.5, [4, 6]],
      ['analogy', 0.25, [2, null]],
      ['all', 0.375, [6, 6]],
    ]);
    expect(table[2].cells[0]).toEqual({ n: 16, correct: 6, accuracy: 6 / 16, ci95: wilson(6, 16) });
    expect(table[2].cells[1]!.n).toBe(8);
  });
});
