// The independent solvers of the two code tasks are executions in the sandbox: code QA "print" items
// must print their gold option, "match" items must pass their tests exactly when labelled correct,
// and every code generation reference must pass all its hidden tests (and a wrong body must not).
import { beforeAll, describe, expect, it } from 'vitest';
import { getQuickJS } from 'quickjs-emscripten';
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { generate } from '../../src/core/eval/generate';
import { codegenProgram, isSolved, scorePass } from '../../src/core/eval/scoring/generation';
import { LEVELS } from '../../src/core/eval/types';
import type { Item } from '../../src/core/eval/types';
import { runInQuickJs } from './quickjs-runner';
import { DEFAULT_RUN_OPTIONS } from './types';

let qjs: QuickJSWASMModule;
beforeAll(async () => {
  qjs = await getQuickJS();
});
const run = (code: string) => runInQuickJs(qjs, code, { ...DEFAULT_RUN_OPTIONS, timeoutMs: 1000 }).result;
const SEEDS = 25;

function items(task: 'codeqa' | 'codegen'): Item[] {
  const out: Item[] = [];
  for (const split of ['eval', 'train'] as const)
    for (const level of LEVELS) for (let s = 0; s < SEEDS; s++) out.push(generate(task, level, s, split));
  return out;
}

describe('code QA items agree with execution', () => {
  it('print items: the program prints the gold option', () => {
    const printItems = items('codeqa').filter((i) => i.variant === 'print');
    expect(printItems.length).toBeGreaterThan(50);
    for (const item of printItems) {
      const r = run(item.context);
      expect(r.outcome, item.id).toBe('passed');
      expect(r.stdout.replace(/\n$/, ''), item.id).toBe(item.options[item.answer as number]);
    }
  });

  it('match items: the code passes its tests exactly when labelled correct', () => {
    const matchItems = items('codeqa').filter((i) => i.variant === 'match');
    expect(matchItems.length).toBeGreaterThan(50);
    const labels = new Set<string>();
    for (const item of matchItems) {
      const r = run(`${item.context}\n${item.tests}`);
      const label = isSolved(item, r) ? 'correct' : 'wrong';
      labels.add(label);
      expect(label, `${item.id}: ${item.context}`).toBe(item.options[item.answer as number]);
    }
    expect(labels).toEqual(new Set(['correct', 'wrong']));
  });
});

describe('code generation references pass their hidden tests', () => {
  it('prompt + reference + tests passes every assertion; a wrong body fails', async () => {
    for (const item of items('codegen')) {
      const good = await scorePass(item, item.reference as string, async (code) => run(code));
      expect(
        good.passed,
        `${item.id}: ${JSON.stringify(good.verdict)}\n${codegenProgram(item, item.reference as string)}`,
      ).toBe(true);
      expect(good.verdict.asserts.passed).toBe(item.testCount);
      const bad = await scorePass(item, '  return 0;\n}\n', async (code) => run(code));
      expect(bad.passed, item.id).toBe(false);
    }
  });

  it('a completion with trailing chatter is cut at the closing brace', async () => {
    const item = generate('codegen', 1, 3, 'eval');
    const chatty = `${item.reference as string}\nconsole.log("extra");\nthrow new Error("not reached");\n`;
    expect((await scorePass(item, chatty, async (code) => run(code))).passed).toBe(true);
  });
});
