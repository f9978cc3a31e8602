// Exact match normalisation, completion truncation at the function's closing brace, and the
// generation prompts for short answers and code.
import { describe, expect, it } from 'vitest';
import { generate } from '../generate';
import { goldText } from '../types';
import {
  bleuOf,
  buildGenerationRequest,
  codegenProgram,
  isSolved,
  normaliseAnswer,
  scoreExact,
  truncateCompletion,
} from './generation';

describe('exact match', () => {
  it('keeps the first line, collapses whitespace, drops a final full stop, keeps case', () => {
    expect(normaliseAnswer('  12 \nmore')).toBe('12');
    expect(normaliseAnswer(' it   floats.')).toBe('it floats');
    expect(normaliseAnswer('True')).not.toBe(normaliseAnswer('true'));
  });

  it('scores a generated answer against the gold option', () => {
    const item = generate('codeqa', 1, 0, 'eval');
    expect(scoreExact(item, ` ${goldText(item)}\nQuestion: ...`).correct).toBe(true);
    expect(scoreExact(item, ` ${goldText(item)}9`).correct).toBe(false);
  });
});

describe('truncateCompletion', () => {
  it('cuts after the brace that closes the function, skipping strings and comments', () => {
    const body =
      "  const s = '}';\n  // } not this one\n  if (a) { return \"{\"; }\n  /* } */ return `}${'{'}`;\n}";
    expect(truncateCompletion(`${body}\nconsole.log('junk');\n}`)).toBe(body);
  });

  it('returns an unbalanced completion whole', () => {
    expect(truncateCompletion('  return 1;')).toBe('  return 1;');
  });
});

describe('generation requests', () => {
  it('codegen: the prompt (signature + doc comment) and JS stop strings; program = prompt + body + tests', () => {
    const item = generate('codegen', 2, 1, 'eval');
    const req = buildGenerationRequest(item);
    expect(req.prompt).toBe(item.prompt);
    expect(req.stop).toContain('\nfunction ');
    expect(codegenProgram(item, item.reference as string)).toBe(
      `${item.prompt}${(item.reference as string).trimEnd()}\n${item.tests}`,
    );
    expect(buildGenerationRequest(item, { cot: true }).prompt).toContain('// Plan:');
  });

  it('short answers: the cloze prompt, stopping at the end of the line', () => {
    const item = generate('law', 1, 1, 'eval');
    expect(buildGenerationRequest(item)).toMatchObject({ stop: ['\n'] });
    expect(buildGenerationRequest(item).prompt.endsWith('Answer:')).toBe(true);
  });

  it('a pass needs every hidden assertion to have run', () => {
    const item = generate('codegen', 1, 1, 'eval');
    const n = item.testCount as number;
    expect(isSolved(item, { outcome: 'passed', asserts: { passed: n, failed: 0 } })).toBe(true);
    expect(isSolved(item, { outcome: 'passed', asserts: { passed: n - 1, failed: 0 } })).toBe(false);
    expect(isSolved(item, { outcome: 'failed', asserts: { passed: n, failed: 0 } })).toBe(false);
    expect(isSolved(item, { outcome: 'passed', asserts: { passed: n, failed: 1 } })).toBe(false);
  });
});

describe('bleuOf', () => {
  it('is 1 for the reference itself and ignores chatter after the function', () => {
    const item = generate('codegen', 3, 2, 'eval');
    expect(bleuOf(item, item.reference as string)).toBeCloseTo(1, 12);
    expect(bleuOf(item, `${item.reference as string}\nconsole.log(1);`)).toBeCloseTo(1, 12);
    expect(bleuOf(item, '  return [];\n}')).toBeLessThan(0.3);
  });
});
