// Every generator's labels are re-derived by an independent solver (code tasks: by execution in
// workers/sandbox/eval-items.test.ts), items have the schema of DATA.md §6.7, generation is
// deterministic, options are shuffled, and the two splits never share a pool name.
import { describe, expect, it } from 'vitest';
import { POOLS, poolNames } from '../world';
import { GENERATOR_VERSION, generate } from './generate';
import { solveAnalogy } from './solvers/analogy';
import { solveLaw } from './solvers/law';
import { closure, solveLogic } from './solvers/logic';
import { solveScience } from './solvers/science';
import { LEVELS, TASKS } from './types';
import type { Item, Split, TaskId } from './types';

const SEEDS = 60;
const SOLVERS: Partial<Record<TaskId, (item: Item) => number>> = {
  logic: solveLogic,
  law: solveLaw,
  science: solveScience,
  analogy: solveAnalogy,
};

function batch(task: TaskId, split: Split, seeds = SEEDS): Item[] {
  return LEVELS.flatMap((level) => Array.from({ length: seeds }, (_, s) => generate(task, level, s, split)));
}

describe('independent solvers agree with the generators', () => {
  for (const [task, solve] of Object.entries(SOLVERS)) {
    it(task, () => {
      for (const split of ['eval', 'train'] as const)
        for (const item of batch(task as TaskId, split)) expect(solve(item), item.id).toBe(item.answer);
    });
  }

  it('solvers are not fooled by a relabelled item', () => {
    for (const task of Object.keys(SOLVERS) as TaskId[]) {
      const item = generate(task, 2, 7, 'eval');
      const relabelled = { ...item, answer: ((item.answer as number) + 1) % item.options.length };
      expect(SOLVERS[task]?.(relabelled)).not.toBe(relabelled.answer);
    }
  });

  it('the logic solver chains rules, contrapositives and conjunctions', () => {
    const facts = closure(
      'Every wug is a dax. No dax is a fep. If someone is a dax and a zib, then they are a mop. Tim is a wug. Tim is a zib. Ann is a fep.',
    );
    expect([...facts].sort()).toEqual([
      '+Ann/fep',
      '+Tim/dax',
      '+Tim/mop',
      '+Tim/wug',
      '+Tim/zib',
      '-Ann/dax',
      '-Ann/wug',
      '-Tim/fep',
    ]);
  });
});

describe('item schema', () => {
  it('has the DATA.md §6.7 fields, shuffled distinct options and a valid answer', () => {
    const positions = new Map<TaskId, Set<number>>();
    for (const task of TASKS)
      for (const item of batch(task, 'eval', 20)) {
        expect(item.id).toMatch(new RegExp(`^${task}-L${item.level}-eval-\\d{4}$`));
        expect(item.task).toBe(task);
        expect(item.rationale_text.length, item.id).toBeGreaterThan(10);
        expect(item.rationale_code.length, item.id).toBeGreaterThan(10);
        if (item.format === 'codegen') {
          expect(item.prompt).toMatch(new RegExp(`function ${item.entryPoint}\\(`));
          expect(item.tests).toContain("require('node:assert')");
          expect(item.reference).toBe(item.answer);
          expect(item.testCount).toBeGreaterThanOrEqual(6);
          continue;
        }
        expect(item.format).toBe('mc');
        expect(new Set(item.options).size, item.id).toBe(item.options.length);
        expect(item.options.length).toBeGreaterThanOrEqual(2);
        expect(Number.isInteger(item.answer) && (item.answer as number) < item.options.length).toBe(true);
        const seen = positions.get(task) ?? new Set();
        seen.add(item.answer as number);
        positions.set(task, seen);
      }
    // option order is randomised: the gold answer is not always in the same place
    for (const [task, seen] of positions) expect(seen.size, task).toBeGreaterThan(1);
  });

  it('is deterministic in (task, level, seed, split) and differs between seeds and splits', () => {
    for (const task of TASKS) {
      const a = generate(task, 3, 11, 'eval');
      expect(generate(task, 3, 11, 'eval')).toEqual(a);
      expect(generate(task, 3, 12, 'eval')).not.toEqual(a);
      expect(generate(task, 3, 11, 'train').id).not.toBe(a.id);
    }
    expect(GENERATOR_VERSION).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad arguments with a clear message', () => {
    expect(() => generate('logic', 5 as 1, 0, 'eval')).toThrow(/level must be 1–4/);
    expect(() => generate('nope' as TaskId, 1, 0, 'eval')).toThrow(/unknown task/);
    expect(() => generate('law', 1, -1, 'eval')).toThrow(/seed/);
  });
});

describe('train and eval name pools stay apart', () => {
  const words = (item: Item) =>
    new Set(
      [
        item.context,
        item.question,
        ...item.options,
        item.rationale_text,
        item.rationale_code,
        item.prompt ?? '',
        item.tests ?? '',
      ]
        .join(' ')
        .split(/[^A-Za-z]+/),
    );
  // Names as written (people and places capitalised, invented words lower case), so "Max" the
  // person is not confused with `Math.max`.
  const only = (mine: Split, other: Split) => {
    const theirs = new Set(poolNames(other));
    for (const w of poolNames(mine)) theirs.delete(w);
    return theirs;
  };

  it('eval items never contain a train-pool name, and train items never an eval-pool name', () => {
    for (const split of ['eval', 'train'] as const) {
      const forbidden = only(split, split === 'eval' ? 'train' : 'eval');
      for (const task of TASKS)
        for (const item of batch(task, split, 25)) {
          const leaked = [...words(item)].filter((w) => forbidden.has(w));
          expect(leaked, `${item.id} uses ${leaked.join(', ')}`).toEqual([]);
        }
    }
  });

  it('the pools themselves are disjoint', () => {
    const train = new Set(poolNames('train'));
    expect(poolNames('eval').filter((n) => train.has(n))).toEqual([]);
    expect(POOLS.eval.people.length).toBeGreaterThan(10);
  });
});
