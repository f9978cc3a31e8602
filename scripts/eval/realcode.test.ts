// The real-code track on disk equals a fresh build from the installed packages (every kept example was
// verified by execution in the sandbox during the build), its items are well-formed, and its code
// generation items are judged correctly: the reference passes, an empty or wrong body does not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getQuickJS } from 'quickjs-emscripten';
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { runInQuickJs } from '../../workers/sandbox/quickjs-runner';
import { DEFAULT_RUN_OPTIONS } from '../../workers/sandbox/types';
import { REALCODE_DIR, buildRealcode, splitSignature } from './realcode';
import type { RealCodegenItem, RealCodeqaItem } from './realcode';
import { parseLodashModule, parseThirtySeconds } from './realcode-sources';

const read = (name: string) => readFileSync(join(REALCODE_DIR, name), 'utf8');
const lines = <T>(name: string) =>
  read(name)
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

let qjs: QuickJSWASMModule;
beforeAll(async () => {
  qjs = await getQuickJS();
});

describe('realcode-v1', () => {
  it('is byte-identical to a fresh, execution-checked build', async () => {
    const files = await buildRealcode();
    for (const [name, text] of files)
      expect(read(name) === text, `${name} drifted: rerun scripts/eval/realcode.ts`).toBe(true);
  });

  it('has unique, attributed items of both kinds', () => {
    const codegen = lines<RealCodegenItem>('codegen.jsonl');
    const codeqa = lines<RealCodeqaItem>('codeqa.jsonl');
    expect(codegen.length).toBeGreaterThan(100);
    expect(codeqa.length).toBeGreaterThan(200);
    expect(new Set(codegen.map((i) => i.task_id)).size).toBe(codegen.length);
    expect(new Set(codeqa.map((i) => i.task_id)).size).toBe(codeqa.length);
    expect(new Set(codegen.map((i) => i.license))).toEqual(new Set(['CC0-1.0']));
    expect(new Set(codeqa.map((i) => i.license))).toEqual(new Set(['MIT']));
    const sources = read('SOURCES.md');
    for (const i of codegen.slice(0, 20)) expect(sources).toContain(i.entryPoint);
  });

  it('judges code generation by execution: references pass, empty or wrong bodies fail', () => {
    const run = (code: string) => runInQuickJs(qjs, code, { ...DEFAULT_RUN_OPTIONS, timeoutMs: 1000 }).result;
    for (const item of lines<RealCodegenItem>('codegen.jsonl').slice(0, 60)) {
      const good = run(`${item.prompt}${item.reference}\n${item.tests}`);
      expect(good.outcome, item.task_id).toBe('passed');
      expect(good.asserts.passed).toBe(item.testCount);
      const closing = item.prompt.endsWith('{') ? '\n}' : '';
      expect(run(`${item.prompt} undefined;${closing}\n${item.tests}`).outcome, item.task_id).not.toBe(
        'passed',
      );
    }
  });
});

describe('source parsers', () => {
  it('read a 30-seconds-of-code README section', () => {
    const readme = [
      '## 📚 Array',
      '',
      '### double',
      '',
      'Doubles a number.',
      '',
      'Use `*`.',
      '',
      '```js',
      'const double = n => n * 2;',
      '```',
      '',
      '<details>',
      '',
      '```js',
      'double(2); // 4',
      '```',
    ].join('\n');
    expect(parseThirtySeconds(readme)).toEqual([
      {
        name: 'double',
        category: 'Array',
        description: 'Doubles a number.',
        code: 'const double = n => n * 2;',
        examples: [{ call: 'double(2)', result: '4' }],
      },
    ]);
    expect(splitSignature('double', 'const double = n => n * 2;')).toEqual({
      signature: 'const double = n =>',
      body: ' n * 2;',
    });
  });

  it('read a lodash @example block, statement by statement', () => {
    const source = [
      '/**',
      ' * Adds.',
      ' *',
      ' * @example',
      ' *',
      " * var o = { 'a': 1 };",
      ' * _.add(o.a,',
      ' *   2);',
      ' * // => 3',
      ' */',
      'function add(a, b) {}',
    ].join('\n');
    expect(parseLodashModule('add', source)).toEqual({
      name: 'add',
      description: 'Adds.',
      examples: [{ setup: "var o = { 'a': 1 };", expr: '_.add(o.a,\n  2)', result: '3' }],
    });
  });
});
