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
});
