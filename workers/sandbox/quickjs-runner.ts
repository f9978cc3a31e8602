// Runs one untrusted program in a fresh QuickJS runtime (quickjs-emscripten, release-sync WASM) with a
// heap limit, a stack limit and an interrupt-based deadline, and judges it from host-side facts only:
// the QuickJS API's exception result, the host's own timeout/output flags and the host-side assert
// counters. The program sees the standard ECMAScript built-ins plus `console` (captured, size-capped)
// and a `require` that serves only 'assert' / 'node:assert' (host-implemented, for MultiPL-E-style
// tests); no std/os modules, no module loader, no timers, no network, no host objects. This function
// is synchronous and is meant to run inside a worker that the host kills on a wall-clock deadline,
// because QuickJS's interrupt handler does not fire inside one long native call. Left out: unhandled
// promise rejections are not tracked (QuickJS's rejection tracker is not exposed); an exception thrown
// by a pending job, or a failed host assert anywhere, does fail the program.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import { captureIntrinsics, deepEqual, formatValue, readValue, ReadError, truthy } from './host-values';
import type { Intrinsics } from './host-values';
import type { RunOptions, RunOutcome, RunResult } from './types';

interface RunState {
  stdout: string;
  outputOverflow: boolean;
  timedOut: boolean;
  /** Set when the program reached for something the sandbox refuses (a module, a non-assert require). */
  forbidden?: string;
  asserts: { passed: number; failed: number };
}

// Builds `assert`, `require` and `console` from the host functions in `h` before any program code
// runs, so it closes over pristine built-ins; `require` is then non-writable and non-configurable.
const PRELUDE = `(function (h) {
  'use strict';
  const freeze = Object.freeze, define = Object.defineProperty;
  const assert = function assert(value, message) { return h.ok(value, message); };
  assert.ok = assert;
  assert.equal = (a, b, m) => h.eq(a, b, 'loose', false, m);
  assert.notEqual = (a, b, m) => h.eq(a, b, 'loose', true, m);
  assert.strictEqual = (a, b, m) => h.eq(a, b, 'strict', false, m);
  assert.notStrictEqual = (a, b, m) => h.eq(a, b, 'strict', true, m);
  assert.deepEqual = (a, b, m) => h.deep(a, b, false, false, m);
  assert.notDeepEqual = (a, b, m) => h.deep(a, b, false, true, m);
  assert.deepStrictEqual = (a, b, m) => h.deep(a, b, true, false, m);
  assert.notDeepStrictEqual = (a, b, m) => h.deep(a, b, true, true, m);
  assert.throws = (fn, _expected, m) => h.throws(fn, m);
  assert.fail = (m) => h.fail(m);
  assert.strict = assert;
  freeze(assert);
  const names = ['assert', 'node:assert', 'assert/strict', 'node:assert/strict'];
  const require = function require(name) {
    if (names.indexOf(name) >= 0) return assert;
    return h.deny(name);
  };
  freeze(require);
  define(globalThis, 'require', { get: () => require, set: undefined, configurable: false });
  const log = h.log;
  define(globalThis, 'console', {
    value: { log, error: log, warn: log, info: log, debug: log },
    writable: true, configurable: true,
  });
})`;

const now = (): number => performance.now();

/** Run `code`; `poisoned` says the WASM instance may be damaged and the worker should be retired. */
export function runInQuickJs(
  qjs: QuickJSWASMModule,
  code: string,
  options: Required<RunOptions>,
): { result: RunResult; poisoned: boolean } {
  const started = now();
  const deadline = started + options.timeoutMs;
  const state: RunState = {
    stdout: '',
    outputOverflow: false,
    timedOut: false,
    asserts: { passed: 0, failed: 0 },
  };
  const finish = (outcome: RunOutcome, error?: string, poisoned = false) => ({
    result: { outcome, stdout: state.stdout, error, asserts: state.asserts, ms: now() - started },
    poisoned,
  });
  let rt: QuickJSRuntime | undefined;
  let ctx: QuickJSContext | undefined;
  let verdict: { result: RunResult; poisoned: boolean };
  try {
    rt = qjs.newRuntime();
    rt.setMemoryLimit(options.memoryBytes);
    rt.setMaxStackSize(options.stackBytes);
    rt.setInterruptHandler(() => {
      if (now() >= deadline) state.timedOut = true;
      return state.timedOut;
    });
    rt.setModuleLoader((name) => {
      state.forbidden ??= `import('${name.slice(0, 100)}')`;
      return { error: new Error('modules are not available in the sandbox') };
    });
    ctx = rt.newContext();
    const intrinsics = captureIntrinsics(ctx);
    installPrelude(ctx, intrinsics, state, options.outputChars);
    verdict = execute(ctx, rt, code, state, finish);
    intrinsics.isArray.dispose();
    intrinsics.keys.dispose();
  } catch (e) {
    // An exception on the host side (e.g. the host stack overflowing inside a deep native call).
    if (state.timedOut) return finish('timeout', 'time limit exceeded', true);
    return finish('error', `sandbox host error: ${String(e)}`, true);
  }
  try {
    ctx?.dispose();
    rt?.dispose();
  } catch {
    verdict.poisoned = true;
  }
  return verdict;
}

function execute(
  ctx: QuickJSContext,
  rt: QuickJSRuntime,
  code: string,
  state: RunState,
  finish: (outcome: RunOutcome, error?: string) => { result: RunResult; poisoned: boolean },
) {
  const compiled = ctx.evalCode(code, 'program.js', { compileOnly: true });
  if (compiled.error) {
    const message = describeThrown(ctx, compiled.error);
    compiled.error.dispose();
    return state.timedOut ? finish('timeout', 'time limit exceeded') : finish('error', message);
  }
  compiled.value.dispose();

  let thrown: string | undefined;
  let oom = false;
  const judge = (error: QuickJSHandle) => {
    const { message, outOfMemory } = inspectThrown(ctx, error);
    thrown = message;
    oom = outOfMemory;
    error.dispose();
  };
  const result = ctx.evalCode(code, 'program.js');
  if (result.error) judge(result.error);
  else {
    result.value.dispose();
    // Run queued promise jobs; the interrupt handler still bounds them.
    while (thrown === undefined && !state.timedOut && rt.hasPendingJob()) {
      const jobs = rt.executePendingJobs();
      if (jobs.error) judge(jobs.error);
    }
  }
  if (state.timedOut) return finish('timeout', 'time limit exceeded');
  if (state.outputOverflow) return finish('failed', 'output limit exceeded');
  if (state.forbidden !== undefined) return finish('failed', `the sandbox refused ${state.forbidden}`);
  if (oom) return finish('oom', thrown);
  if (thrown !== undefined) return finish('failed', thrown);
  if (state.asserts.failed > 0) return finish('failed', `${state.asserts.failed} assertion(s) failed`);
  return finish('passed');
}

function installPrelude(
  ctx: QuickJSContext,
  intrinsics: Intrinsics,
  state: RunState,
  outputChars: number,
): void {
  const read = (h: QuickJSHandle) => readValue(ctx, intrinsics, h);
  const pass = () => {
    state.asserts.passed++;
    return ctx.undefined;
  };
  const fail = (what: string, message?: QuickJSHandle) => {
    state.asserts.failed++;
    const text = message && ctx.typeof(message) === 'string' ? ctx.getString(message).slice(0, 500) : what;
    return { error: ctx.newError({ name: 'AssertionError', message: text }) };
  };
  const guarded = (fn: (...args: QuickJSHandle[]) => ReturnType<typeof pass> | ReturnType<typeof fail>) => {
    return (...args: QuickJSHandle[]) => {
      try {
        return fn(...args);
      } catch (e) {
        if (e instanceof ReadError) return fail(`assertion could not read its operands: ${e.message}`);
        throw e;
      }
    };
  };
  const h = ctx.newObject();
  const fns: Record<string, (...args: QuickJSHandle[]) => QuickJSHandle | { error: QuickJSHandle }> = {
    ok: guarded((v, m) => {
      const type = ctx.typeof(v);
      const isObject = type === 'function' || (type === 'object' && !ctx.sameValue(v, ctx.null));
      return isObject || truthy(read(v)) ? pass() : fail('expected a truthy value', m);
    }),
    eq: guarded((a, b, mode, negate, m) => {
      const strict = ctx.getString(mode) === 'strict';
      const same = strict ? ctx.sameValue(a, b) : looseEqual(ctx, a, b, read);
      const want = !ctx.sameValue(negate, ctx.true);
      return same === want ? pass() : fail(want ? 'values are not equal' : 'values are equal', m);
    }),
    deep: guarded((a, b, strict, negate, m) => {
      const same = deepEqual(read(a), read(b), ctx.sameValue(strict, ctx.true));
      const want = !ctx.sameValue(negate, ctx.true);
      return same === want
        ? pass()
        : fail(want ? 'values are not deeply equal' : 'values are deeply equal', m);
    }),
    throws: guarded((fn, m) => {
      const r = ctx.callFunction(fn, ctx.undefined);
      if (r.error) {
        // A timeout is not the exception the test was waiting for: let it propagate.
        if (state.timedOut) return { error: r.error };
        r.error.dispose();
        return pass();
      }
      r.value.dispose();
      return fail('expected the function to throw', m);
    }),
    fail: (m) => fail('assert.fail()', m),
    deny: (name) => {
      const text = ctx.typeof(name) === 'string' ? ctx.getString(name).slice(0, 100) : '?';
      state.forbidden ??= `require('${text}')`;
      return { error: ctx.newError(`Cannot find module '${text}' (the sandbox provides only 'assert')`) };
    },
    log: (...args) => {
      if (state.outputOverflow) return { error: ctx.newError('output limit exceeded') };
      let line: string;
      try {
        line = args.map((a) => formatValue(read(a))).join(' ');
      } catch {
        line = '[unreadable value]';
      }
      if (state.stdout.length + line.length + 1 > outputChars) {
        state.outputOverflow = true;
        state.stdout = (state.stdout + line).slice(0, outputChars);
        return { error: ctx.newError('output limit exceeded') };
      }
      state.stdout += `${line}\n`;
      return ctx.undefined;
    },
  };
  for (const [name, fn] of Object.entries(fns)) {
    const handle = ctx.newFunction(name, fn);
    ctx.setProp(h, name, handle);
    handle.dispose();
  }
  const prelude = ctx.unwrapResult(ctx.evalCode(PRELUDE, 'prelude.js'));
  ctx.unwrapResult(ctx.callFunction(prelude, ctx.undefined, h)).dispose();
  prelude.dispose();
  h.dispose();
}

/** `a == b` for primitives on host copies; two objects compare by identity; object vs primitive: false. */
function looseEqual(
  ctx: QuickJSContext,
  a: QuickJSHandle,
  b: QuickJSHandle,
  read: (h: QuickJSHandle) => unknown,
): boolean {
  const isObject = (h: QuickJSHandle) =>
    (ctx.typeof(h) === 'object' && !ctx.sameValue(h, ctx.null)) || ctx.typeof(h) === 'function';
  if (isObject(a) || isObject(b)) return isObject(a) && isObject(b) && ctx.eq(a, b);
  return read(a) == read(b);
}

function inspectThrown(ctx: QuickJSContext, error: QuickJSHandle): { message: string; outOfMemory: boolean } {
  const message = describeThrown(ctx, error);
  return { message, outOfMemory: message === 'InternalError: out of memory' };
}

/** A short description of a thrown value, read through the API (never via JSON of program values). */
function describeThrown(ctx: QuickJSContext, error: QuickJSHandle): string {
  const type = ctx.typeof(error);
  if (type === 'undefined') return 'uncaught undefined';
  if (type === 'string') return `uncaught string: ${JSON.stringify(ctx.getString(error).slice(0, 200))}`;
  if (type === 'number') return `uncaught number: ${ctx.getNumber(error)}`;
  if (type !== 'object' && type !== 'function') return `uncaught ${type}`;
  if (ctx.sameValue(error, ctx.null)) return 'uncaught null';
  const field = (key: string): string | undefined => {
    try {
      const h = ctx.getProp(error, key);
      const s = ctx.typeof(h) === 'string' ? ctx.getString(h).slice(0, 500) : undefined;
      h.dispose();
      return s;
    } catch {
      return undefined;
    }
  };
  const name = field('name');
  const message = field('message');
  if (name === undefined && message === undefined) return 'uncaught non-Error object';
  return `${name ?? 'Error'}: ${message ?? ''}`;
}
