// The MultiPL-E layout judge: prompt + completion + tests, passes when it finishes without throwing.
import { describe, expect, it } from 'vitest';
import { execItems, parseExecJsonl } from './exec-items';
import type { ExecItem } from './exec-items';

const prompt = '// Return the sum of a and b.\nfunction add(a, b) {\n';
const tests =
  "const assert = require('node:assert');\nfunction test() {\n  const candidate = add;\n  assert.deepEqual(candidate(1, 2), 3);\n  assert.deepEqual(candidate(-1, 1), 0);\n}\n\ntest();\n";
const item = (task_id: string, completion: string): ExecItem => ({ task_id, prompt, completion, tests });

describe('execItems', () => {
  it('reports pass@1 and each outcome', async () => {
    const report = await execItems(
      [
        item('ok', '  return a + b;\n}\n'),
        item('wrong', '  return a - b;\n}\n'),
        item('loop', '  while (true) {}\n}\n'),
        item('oom', "  return 'x'.repeat(2 ** 28).length + a + b;\n}\n"),
        item('syntax', '  return a +;\n}\n'),
        item('escape', "  return require('fs').readFileSync('/etc/passwd').length;\n}\n"),
        item(
          'tamper',
          '  return a + b;\n}\nJSON.stringify = () => "3"; Object.prototype.toJSON = () => 3;\nadd = () => 3;\n',
        ),
      ],
      { timeoutMs: 1000 },
    );
    expect(Object.fromEntries(report.items.map((r) => [r.task_id, r.outcome]))).toEqual({
      ok: 'passed',
      wrong: 'failed',
      loop: 'timeout',
      oom: 'oom',
      syntax: 'error',
      escape: 'failed',
      tamper: 'failed',
    });
    expect(report).toMatchObject({
      total: 7,
      passed: 1,
      outcomes: { passed: 1, failed: 3, timeout: 1, oom: 1, error: 1 },
    });
    expect(report.pass_at_1).toBeCloseTo(1 / 7, 12);
  });

  it('parses JSONL and names the line of a bad record', () => {
    const good = JSON.stringify(item('a', '  return a + b;\n}\n'));
    expect(parseExecJsonl(`${good}\n\n${good}\n`)).toHaveLength(2);
    expect(() => parseExecJsonl(`${good}\n{"task_id": "x"}`)).toThrow(
      /line 2: field 'prompt' must be a string/,
    );
    expect(() => parseExecJsonl('{oops')).toThrow(/line 1: not JSON/);
  });
});
