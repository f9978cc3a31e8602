// Reads values out of a QuickJS context into plain host data using only the QuickJS API (typeof,
// getNumber, getString, property reads, and Array.isArray / Object.keys captured before any program
// code ran), and compares and prints them on the host. Nothing here calls a method the sandboxed
// program could have replaced (toJSON, JSON.stringify, Array.prototype.*), so a program cannot make the
// host misjudge a value by tampering with built-ins. Getters and proxies still run program code when
// read; that code runs under the same time limit. Left out: Map/Set/Date contents (read as plain
// objects with their own enumerable keys), object identity inside deep comparisons, cycles (cut by depth).
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';

/** A value the host cannot or will not copy: functions, symbols, bigints, or a cut-off subtree. */
export class Opaque {
  constructor(
    readonly kind: 'function' | 'symbol' | 'bigint' | 'cut',
    readonly text: string,
  ) {}
}

/** A non-array object as its own enumerable string-keyed properties, in key order. */
export class HostRecord {
  constructor(readonly entries: [string, HostValue][]) {}
}

export type HostValue = undefined | null | boolean | number | string | Opaque | HostValue[] | HostRecord;

/** Built-ins captured from a fresh context before the program runs. */
export interface Intrinsics {
  isArray: QuickJSHandle;
  keys: QuickJSHandle;
}

export function captureIntrinsics(ctx: QuickJSContext): Intrinsics {
  const isArray = ctx.unwrapResult(ctx.evalCode('Array.isArray'));
  const keys = ctx.unwrapResult(ctx.evalCode('Object.keys'));
  return { isArray, keys };
}

/** Thrown when reading a value runs into an exception inside the sandbox (a throwing getter, say). */
export class ReadError extends Error {}

const MAX_DEPTH = 32;

/** Copy a sandbox value to the host, visiting at most `budget.nodes` values. */
export function readValue(
  ctx: QuickJSContext,
  intrinsics: Intrinsics,
  handle: QuickJSHandle,
  budget = { nodes: 10_000 },
  depth = 0,
): HostValue {
  if (--budget.nodes < 0 || depth > MAX_DEPTH) return new Opaque('cut', '…');
  const type = ctx.typeof(handle);
  switch (type) {
    case 'undefined':
      return undefined;
    case 'number':
      return ctx.getNumber(handle);
    case 'string':
      return ctx.getString(handle);
    case 'boolean':
      return ctx.sameValue(handle, ctx.true);
    case 'bigint':
      return new Opaque('bigint', `${ctx.getBigInt(handle)}n`);
    case 'symbol':
      return new Opaque('symbol', 'Symbol()');
    case 'function':
      return new Opaque('function', '[Function]');
  }
  if (ctx.sameValue(handle, ctx.null)) return null;
  if (callPredicate(ctx, intrinsics.isArray, handle)) {
    const length = Math.min(ctx.getLength(handle) ?? 0, budget.nodes + 1);
    const items: HostValue[] = [];
    for (let i = 0; i < length; i++) items.push(readProp(ctx, intrinsics, handle, i, budget, depth));
    return items;
  }
  const keysResult = ctx.callFunction(intrinsics.keys, ctx.undefined, handle);
  if (keysResult.error) {
    keysResult.error.dispose();
    throw new ReadError('reading the keys of an object threw inside the sandbox');
  }
  const keys: string[] = [];
  try {
    const n = Math.min(ctx.getLength(keysResult.value) ?? 0, budget.nodes + 1);
    for (let i = 0; i < n; i++) {
      const k = ctx.getProp(keysResult.value, i);
      keys.push(ctx.getString(k));
      k.dispose();
    }
  } finally {
    keysResult.value.dispose();
  }
  return new HostRecord(keys.map((k) => [k, readProp(ctx, intrinsics, handle, k, budget, depth)]));
}

function readProp(
  ctx: QuickJSContext,
  intrinsics: Intrinsics,
  handle: QuickJSHandle,
  key: string | number,
  budget: { nodes: number },
  depth: number,
): HostValue {
  let prop: QuickJSHandle;
  try {
    prop = ctx.getProp(handle, key);
  } catch {
    throw new ReadError(`reading property ${String(key)} threw inside the sandbox`);
  }
  try {
    return readValue(ctx, intrinsics, prop, budget, depth + 1);
  } finally {
    prop.dispose();
  }
}

function callPredicate(ctx: QuickJSContext, fn: QuickJSHandle, arg: QuickJSHandle): boolean {
  const result = ctx.callFunction(fn, ctx.undefined, arg);
  if (result.error) {
    result.error.dispose();
    throw new ReadError('a type check threw inside the sandbox');
  }
  const yes = ctx.sameValue(result.value, ctx.true);
  result.value.dispose();
  return yes;
}

/** Deep equality on host copies: strict uses Object.is on leaves, loose uses == (and NaN equals NaN). */
export function deepEqual(a: HostValue, b: HostValue, strict: boolean): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i], strict));
  }
  if (a instanceof HostRecord || b instanceof HostRecord) {
    if (!(a instanceof HostRecord) || !(b instanceof HostRecord)) return false;
    if (a.entries.length !== b.entries.length) return false;
    const other = new Map(b.entries);
    return a.entries.every(([k, v]) => other.has(k) && deepEqual(v, other.get(k), strict));
  }
  if (a instanceof Opaque || b instanceof Opaque) {
    if (!(a instanceof Opaque) || !(b instanceof Opaque)) return false;
    return a.kind === 'bigint' && b.kind === 'bigint' && a.text === b.text;
  }
  if (strict) return Object.is(a, b);
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return true;
  return a == b;
}

/** Truthiness of a host copy, as JavaScript defines it. */
export function truthy(v: HostValue): boolean {
  if (v instanceof Opaque) return !(v.kind === 'bigint' && v.text === '0n');
  if (Array.isArray(v) || v instanceof HostRecord) return true;
  return Boolean(v);
}

/** Text for console output: strings bare at top level, everything else JSON-like (not Node's inspect). */
export function formatValue(v: HostValue, top = true): string {
  if (typeof v === 'string') return top ? v : JSON.stringify(v);
  if (v === undefined) return 'undefined';
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v instanceof Opaque) return v.text;
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, false)).join(',')}]`;
  return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${formatValue(x, false)}`).join(',')}}`;
}
