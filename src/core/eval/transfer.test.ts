// The negative-transfer generators (reading, nli, extractive): every label is re-derived by an
// independent solver that reads only the text, items have the suite's schema, generation is
// deterministic, labels and option positions are spread, and the splits never share a pool name.
import { describe, expect, it } from 'vitest';
import { POOLS, poolNames } from '../world';
import { TRANSFER_GENERATOR_VERSION, generateAny, generateTransfer } from './generate';
import { itemProblems } from './load';
import { extractAnswer, solveExtractive } from './solvers/extractive';
import { entailment, solveNli } from './solvers/nli';
import { answerFromPassage, solveReading } from './solvers/reading';
import { NLI_LABELS } from './tasks/nli';
import { LEVELS, TRANSFER_TASKS } from './types';
import type { AnyItem, Split, TransferTaskId } from './types';

const SEEDS = 60;
const batch = (task: TransferTaskId, split: Split, seeds = SEEDS): AnyItem[] =>
  LEVELS.flatMap((level) => Array.from({ length: seeds }, (_, s) => generateTransfer(task, level, s, split)));

describe('independent solvers agree with the transfer generators', () => {
  it('reading: the option the passage supports is the gold one', () => {
    for (const split of ['eval', 'train'] as const)
      for (const item of batch('reading', split)) expect(solveReading(item), item.id).toBe(item.answer);
  });

  it('nli: enumerating the worlds the premise allows gives the gold label', () => {
    for (const split of ['eval', 'train'] as const)
      for (const item of batch('nli', split)) expect(solveNli(item), item.id).toBe(item.answer);
  });

  it('extractive: the span parsed from the document is the gold answer, and occurs in it', () => {
    for (const split of ['eval', 'train'] as const)
      for (const item of batch('extractive', split)) {
        expect(solveExtractive(item), item.id).toBe(item.answer);
        expect(item.context).toContain(String(item.answer));
      }
  });

  it('solvers are not fooled by a changed item', () => {
    const r = generateTransfer('reading', 2, 7, 'eval');
    expect(solveReading({ ...r, answer: ((r.answer as number) + 1) % 4 })).not.toBe(
      ((r.answer as number) + 1) % 4,
    );
    const n = generateTransfer('nli', 2, 3, 'eval');
    expect(solveNli({ ...n, answer: ((n.answer as number) + 1) % 3 })).not.toBe(
      ((n.answer as number) + 1) % 3,
    );
    const e = generateTransfer('extractive', 3, 5, 'eval');
    expect(solveExtractive({ ...e, answer: 'something else' })).not.toBe('something else');
  });

  it('hand-written cases: the solvers read the grammar as English does', () => {
    expect(entailment('Ana is at the zoo.', 'Ana is not at the park.')).toBe('entailment');
    expect(entailment('The soup is not hot.', 'The soup is cold.')).toBe('neutral');
    expect(entailment('The soup is hot.', 'The soup is cold.')).toBe('contradiction');
    expect(entailment('Bo or Lea is at school. Bo is at the lake.', 'Lea is at school.')).toBe('entailment');
    expect(entailment('Bo is taller than Lea. Lea is taller than Pia.', 'Pia is shorter than Bo.')).toBe(
      'entailment',
    );
    expect(entailment('The animal Bo saw was a bird.', 'The animal Bo saw was an owl.')).toBe('neutral');
    expect(() => entailment('Bo has three pears.', 'Bo likes pears.')).toThrow(/cannot parse/);
  });
});

describe('transfer item schema', () => {
  it('has the suite schema: MC reading and nli, span answers for extractive', () => {
    const positions = new Set<number>();
    for (const task of TRANSFER_TASKS)
      for (const item of batch(task, 'eval', 20)) {
        expect(itemProblems(item), item.id).toEqual([]);
        expect(item.id).toMatch(new RegExp(`^${task}-L${item.level}-eval-\\d{4}$`));
        expect(item.rationale_text, item.id).toMatch(/Answer: /);
        expect(item.rationale_code, item.id).toMatch(/console\.log/);
        if (task === 'extractive') {
          expect(item.format).toBe('exact');
          expect(item.options).toEqual([]);
        } else {
          expect(item.format).toBe('mc');
          expect(new Set(item.options).size).toBe(item.options.length);
        }
        if (task === 'reading') positions.add(item.answer as number);
        if (task === 'nli') expect(item.options).toEqual([...NLI_LABELS]);
      }
    expect(positions.size).toBe(4);
  });

  it('spreads the three entailment labels over every level', () => {
    for (const level of LEVELS) {
      const counts = [0, 0, 0];
      for (let s = 0; s < 90; s++) counts[generateTransfer('nli', level, s, 'eval').answer as number]++;
      for (const c of counts) expect(c, `L${level} ${counts.join('/')}`).toBeGreaterThan(15);
    }
  });

  it('is deterministic in (task, level, seed, split) and differs between seeds and splits', () => {
    for (const task of TRANSFER_TASKS) {
      const a = generateTransfer(task, 3, 11, 'eval');
      expect(generateAny(task, 3, 11, 'eval')).toEqual(a);
      expect(generateTransfer(task, 3, 12, 'eval')).not.toEqual(a);
      expect(generateTransfer(task, 3, 11, 'train').context).not.toBe(a.context);
    }
    expect(TRANSFER_GENERATOR_VERSION).toBe(1);
    expect(() => generateTransfer('nli', 0 as 1, 0, 'eval')).toThrow(/level must be 1–4/);
    expect(() => generateTransfer('poetry' as TransferTaskId, 1, 0, 'eval')).toThrow(/unknown transfer task/);
  });

  it('the reading solver resolves pronouns by gender, and the extractive one "It" by the last name', () => {
    const passage =
      'Dina and Bo are friends. She bought three pears. He bought two plums. She ate one of them.';
    expect(answerFromPassage(passage, 'How many pears does Dina have now?')).toBe('two');
    expect(answerFromPassage(passage, 'Who bought plums?')).toBe('Bo');
    const doc = 'A quib is made of clay. It is part of a knife. A zunk is made of wood. It is part of a cup.';
    expect(extractAnswer(doc, 'What is a zunk part of?')).toBe('a cup');
    expect(extractAnswer(doc, 'Which thing is made of clay?')).toBe('quib');
  });
});

describe('transfer items keep to their name pool', () => {
  it('eval items never contain a train-pool name, and train items never an eval-pool name', () => {
    for (const split of ['eval', 'train'] as const) {
      const other = split === 'eval' ? 'train' : 'eval';
      const forbidden = new Set(poolNames(other));
      for (const n of poolNames(split)) forbidden.delete(n);
      for (const task of TRANSFER_TASKS)
        for (const item of batch(task, split, 25)) {
          const words = [
            item.context,
            item.question,
            ...item.options,
            item.rationale_text,
            item.rationale_code,
          ]
            .join(' ')
            .split(/[^A-Za-z]+/);
          const leaked = words.filter((w) => forbidden.has(w));
          expect(leaked, `${item.id} uses ${leaked.join(', ')}`).toEqual([]);
        }
    }
    expect(POOLS.eval.people.length).toBeGreaterThan(10);
  });
});
