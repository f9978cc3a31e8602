// The report table: per task and level, then per task over all levels.
import { describe, expect, it } from 'vitest';
import { summarise } from './summary';
import type { ItemOutcome } from './summary';
import { wilson } from './stats';

describe('summarise', () => {
  it('counts, averages chance, attaches Wilson intervals and orders rows', () => {
    const outcomes: ItemOutcome[] = [
      ...Array.from({ length: 40 }, (_, i): ItemOutcome => ({
        task: 'law',
        level: 1,
        correct: i < 36,
        chance: 0.5,
      })),
      ...Array.from({ length: 20 }, (_, i): ItemOutcome => ({
        task: 'law',
        level: 4,
        correct: i < 5,
        chance: 0.25,
      })),
      ...Array.from({ length: 10 }, (_, i): ItemOutcome => ({
        task: 'logic',
        level: 2,
        correct: i < 5,
        chance: 0.5,
      })),
    ];
    const rows = summarise(outcomes);
    expect(rows.map((r) => `${r.task}/${r.level}`)).toEqual([
      'logic/2',
      'logic/all',
      'law/1',
      'law/4',
      'law/all',
    ]);
    const law1 = rows[2];
    expect(law1).toMatchObject({ n: 40, correct: 36, accuracy: 0.9, chance: 0.5, aboveChance: true });
    expect(law1.ci95).toEqual(wilson(36, 40));
    const lawAll = rows[4];
    expect(lawAll.n).toBe(60);
    expect(lawAll.chance).toBeCloseTo((40 * 0.5 + 20 * 0.25) / 60, 12);
    expect(rows[3].aboveChance).toBe(false);
  });

  it('adds a mean BLEU with a t interval for code generation', () => {
    const rows = summarise(
      [0.2, 0.4, 0.6].map((bleu) => ({ task: 'codegen', level: 2, correct: false, chance: 0, bleu })),
    );
    expect(rows[0].bleu?.mean).toBeCloseTo(0.4, 12);
    expect(rows[0].bleu?.ci95[0]).toBeLessThan(0.4);
    expect(rows[0].chance).toBe(0);
  });

  it('adds mean F1 with its interval and random-span chance for extractive QA, after the six tasks', () => {
    const rows = summarise([
      ...[1, 0.5, 0].map((f1, i) => ({
        task: 'extractive' as const,
        level: 1 as const,
        correct: i === 0,
        chance: 0.02,
        f1,
        f1Chance: 0.1 * (i + 1),
      })),
      { task: 'nli', level: 1, correct: true, chance: 1 / 3 },
      { task: 'logic', level: 1, correct: true, chance: 0.5 },
    ]);
    expect(rows.map((r) => `${r.task}/${r.level}`)).toEqual([
      'logic/1',
      'logic/all',
      'nli/1',
      'nli/all',
      'extractive/1',
      'extractive/all',
    ]);
    const e = rows[4];
    expect(e).toMatchObject({ n: 3, correct: 1, chance: 0.02 });
    expect(e.f1?.mean).toBeCloseTo(0.5, 12);
    expect(e.f1?.chance).toBeCloseTo(0.2, 12);
    expect(e.f1?.ci95[1]).toBeGreaterThan(0.5);
    expect(rows[2].f1).toBeUndefined();
  });
});
