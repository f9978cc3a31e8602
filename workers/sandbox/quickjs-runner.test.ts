// Hostile and ordinary programs run in-process through runInQuickJs: every escape attempt, endless
// loop, huge allocation and tampering trick must end as a failure, never as 'passed'.
import { beforeAll, describe, expect, it } from 'vitest';
import { getQuickJS } from 'quickjs-emscripten';
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { runInQuickJs } from './quickjs-runner';
import type { RunOptions, RunResult } from './types';
import { DEFAULT_RUN_OPTIONS } from './types';

let qjs: QuickJSWASMModule;
beforeAll(async () => {
  qjs = await getQuickJS();
});

function run(code: string, options: RunOptions = {}): RunResult {
  return runInQuickJs(qjs, code, { ...DEFAULT_RUN_OPTIONS, timeoutMs: 1000, ...options }).result;
}

describe('ordinary programs', () => {
  it('passes a program that finishes and captures console.log', () => {
    const r = run('let s = 0; for (let i = 1; i <= 4; i++) { if (i % 2 === 0) s += i; } console.log(s);');
    expect(r).toMatchObject({ outcome: 'passed', stdout: '6\n' });
  });

  it('prints strings bare and other values JSON-like', () => {
    const r = run('console.log("a", 1.5, [1, "b"], {x: null}, undefined, true, -0)');
    expect(r.stdout).toBe('a 1.5 [1,"b"] {"x":null} undefined true -0\n');
  });

  it('fails on an uncaught Error, and reports a syntax error as error', () => {
    expect(run('throw new TypeError("bad")')).toMatchObject({ outcome: 'failed', error: 'TypeError: bad' });
    expect(run('function (')).toMatchObject({ outcome: 'error' });
    expect(run('function (').error).toMatch(/SyntaxError/);
  });

  it('counts host asserts (MultiPL-E style require) and fails on the first failing one', () => {
    const tests = `const assert = require('node:assert');
      function add(a, b) { return a + b; }
      assert.deepEqual(add(1, 2), 3);
      assert.deepStrictEqual([add(1, 1)], [2]);
      assert.strictEqual(add('a', 'b'), 'ab');
      assert.ok(add(0, 1));
      assert.throws(() => { throw new Error('x'); });`;
    expect(run(tests)).toMatchObject({ outcome: 'passed', asserts: { passed: 5, failed: 0 } });
    expect(run(`${tests}\nassert.deepEqual(add(2, 2), 5);`)).toMatchObject({
      outcome: 'failed',
      asserts: { passed: 5, failed: 1 },
    });
  });

  it('distinguishes loose and strict deep equality like Node', () => {
    const a = "const assert = require('assert');";
    expect(run(`${a} assert.deepEqual([1, '2'], [1, 2])`).outcome).toBe('passed');
    expect(run(`${a} assert.deepStrictEqual([1, '2'], [1, 2])`).outcome).toBe('failed');
    expect(run(`${a} assert.deepStrictEqual({a: [1, {b: NaN}]}, {a: [1, {b: NaN}]})`).outcome).toBe('passed');
    expect(run(`${a} assert.deepStrictEqual({a: 1}, {a: 1, b: 2})`).outcome).toBe('failed');
    expect(run(`${a} assert.notDeepStrictEqual([1], [2])`).outcome).toBe('passed');
  });

  it('runs promise jobs and fails when a job throws outside a promise chain', () => {
    expect(run('Promise.resolve(2).then((x) => console.log(x * 3))')).toMatchObject({
      outcome: 'passed',
      stdout: '6\n',
    });
    expect(run("Promise.resolve().then(() => require('assert').fail('async'))").outcome).toBe('failed');
  });
});

describe('hostile programs fail safely', () => {
  const cases: [string, string, RunResult['outcome'] | RunResult['outcome'][]][] = [
    ['endless while', 'while(true){}', 'timeout'],
    ['endless for in a function', 'function f() { for(;;){} } f();', 'timeout'],
    ['endless loop that swallows exceptions', 'for(;;) { try { while(true){} } catch (e) {} }', 'timeout'],
    ['huge array', 'new Array(1e9).fill(0)', 'oom'],
    ['string doubling', 'let s = "x"; while (true) s += s;', ['oom', 'failed']],
    ['deep recursion', 'function f(n) { return f(n + 1) + 1; } f(0);', 'failed'],
    ['globalThis.process', 'globalThis.process.exit(0)', 'failed'],
    ['process', 'process.exit(0)', 'failed'],
    ['require fs', "require('fs').readFileSync('/etc/passwd')", 'failed'],
    ['require caught', "try { require('child_process') } catch (e) {}", 'failed'],
    ['fetch', "fetch('https://example.com')", 'failed'],
    ['XMLHttpRequest', 'new XMLHttpRequest()', 'failed'],
    ['dynamic import', "import('x').then((m) => m.default, () => 0)", 'failed'],
    ['dynamic import of std', "import('std').then((std) => std.exit(0))", 'failed'],
    ['static import', "import * as os from 'os';", 'error'],
    ['std global', 'std.exit(0)', 'failed'],
    ['os global', 'os.exec(["ls"])', 'failed'],
    ['setTimeout', 'setTimeout(() => {}, 0)', 'failed'],
    ['document', 'document.cookie', 'failed'],
    ['localStorage', 'localStorage.getItem("x")', 'failed'],
    ['throw undefined', 'throw undefined', 'failed'],
    ['throw null', 'throw null', 'failed'],
    ['throw a number', 'throw 0', 'failed'],
    ['throw a string', 'throw ""', 'failed'],
    ['throw an object with a throwing getter', 'throw { get message() { throw 1; } }', 'failed'],
    ['throw a Proxy', 'throw new Proxy({}, { get() { throw 1; } })', 'failed'],
    ['prints gigabytes', 'for (;;) console.log("x".repeat(1e6))', 'failed'],
    [
      'prints gigabytes, swallowing errors',
      'for (;;) { try { console.log("x".repeat(1e3)) } catch (e) {} }',
      ['failed', 'timeout'],
    ],
    ['endless promise chain', 'const f = () => Promise.resolve().then(f); f();', 'timeout'],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => {
      // Programs that can only end by timing out get a short budget; the rest a generous one, so a
      // busy machine cannot turn a quick failure into a timeout.
      const endless = [expected].flat().includes('timeout');
      const r = run(code, endless ? { timeoutMs: 400 } : {});
      expect(r.outcome).not.toBe('passed');
      expect([expected].flat()).toContain(r.outcome);
    });
  }

  it('stops runaway output at the cap', () => {
    const r = run('for (;;) console.log("x".repeat(1e6))', { outputChars: 1000 });
    expect(r.stdout.length).toBeLessThanOrEqual(1000);
    expect(r.error).toBe('output limit exceeded');
  });

  it('sees no host objects: only ECMAScript globals, console and require', () => {
    const r = run(
      `const names = Object.getOwnPropertyNames(globalThis);
       const host = ['process', 'require', 'fetch', 'window', 'self', 'document', 'navigator', 'std', 'os',
         'Deno', 'Bun', 'WebAssembly', 'postMessage', 'importScripts', 'global', 'Buffer', 'setTimeout'];
       console.log(host.filter((n) => names.includes(n)).join(','));`,
    );
    expect(r).toMatchObject({ outcome: 'passed', stdout: 'require\n' });
  });

  it('cannot replace require or its assert to fake a pass', () => {
    const tries = [
      "require = () => ({ deepEqual() {} }); require('assert').deepEqual(1, 2);",
      "globalThis.require = () => ({ deepEqual() {} }); require('assert').deepEqual(1, 2);",
      "Object.defineProperty(globalThis, 'require', { value: () => ({ deepEqual() {} }) }); require('assert').deepEqual(1, 2);",
      "require('assert').deepEqual = () => {}; require('assert').deepEqual(1, 2);",
      "var require = () => ({ deepEqual() {} }); require('assert').deepEqual(1, 2);",
      "let require = () => ({ deepEqual() {} }); require('assert').deepEqual(1, 2);",
      "function require() { return { deepEqual() {} }; } require('assert').deepEqual(1, 2);",
    ];
    for (const code of tries) expect(run(code).outcome, code).not.toBe('passed');
  });

  it('cannot fool the host comparison by tampering with built-ins', () => {
    const tamper = `Object.prototype.toJSON = function () { return 'same'; };
      Array.prototype.toJSON = function () { return 'same'; };
      JSON.stringify = () => '"same"';
      Array.prototype.push = function () { return 0; };
      Array.isArray = () => false;
      Object.keys = () => [];
      Object.is = () => true;
      String.prototype.toString = () => 'same';
      Number.prototype.valueOf = () => 3;`;
    const a = "const assert = require('assert');";
    expect(run(`${a}${tamper} assert.deepStrictEqual([1, 2], [1, 3]);`).outcome).toBe('failed');
    expect(run(`${a}${tamper} assert.deepEqual({a: 1}, {a: 2});`).outcome).toBe('failed');
    expect(run(`${a}${tamper} assert.strictEqual(1, 2);`).outcome).toBe('failed');
    expect(run(`${a}${tamper} assert.equal('a', 'b');`).outcome).toBe('failed');
    expect(run(`${a}${tamper} assert.ok(0);`).outcome).toBe('failed');
    // and the same comparisons still pass when the values really are equal
    expect(run(`${a}${tamper} assert.deepStrictEqual([1, {b: 'c'}], [1, {b: 'c'}]);`).outcome).toBe('passed');
  });

  it('counts a caught failing assert as a failure', () => {
    const r = run("try { require('assert').strictEqual(1, 2); } catch (e) {} console.log('done');");
    expect(r).toMatchObject({ outcome: 'failed', stdout: 'done\n' });
  });

  it('does not let assert.throws count a timeout as the expected exception', () => {
    const r = run("require('assert').throws(() => { while (true) {} });", { timeoutMs: 400 });
    expect(r.outcome).toBe('timeout');
  });

  it('keeps programs apart: a fresh runtime each time', () => {
    expect(run('globalThis.leak = 42; Object.prototype.polluted = 1;').outcome).toBe('passed');
    expect(run('console.log(typeof leak, typeof ({}).polluted)').stdout).toBe('undefined undefined\n');
  });
});
