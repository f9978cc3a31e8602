// Loading items from JSONL: generated items round-trip, broken records are named by line and field.
import { describe, expect, it } from 'vitest';
import { generate } from './generate';
import { itemProblems, parseItemsJsonl } from './load';
import { TASKS } from './types';

describe('parseItemsJsonl', () => {
  it('round-trips generated items of every task', () => {
    const items = TASKS.map((t) => generate(t, 2, 1, 'eval'));
    expect(parseItemsJsonl(`${items.map((i) => JSON.stringify(i)).join('\n')}\n`)).toEqual(items);
  });

  it('names the line and the field at fault', () => {
    const item = generate('logic', 1, 0, 'eval');
    const bad = { ...item, answer: 7 };
    expect(() => parseItemsJsonl(`${JSON.stringify(item)}\n${JSON.stringify(bad)}`, 'logic.jsonl')).toThrow(
      /logic\.jsonl:2: 'answer' must index one of the 2 options/,
    );
    expect(() => parseItemsJsonl('{', 'x')).toThrow(/x:1: not JSON/);
    const { tests: _tests, ...noTests } = generate('codegen', 1, 0, 'eval');
    expect(itemProblems(noTests)).toEqual(["'tests' must be a string"]);
  });
});
