// Array functions composed from primitives (DATA.md §6.6): an optional filter (even, positive, greater
// than k...), an optional map (square, double...) and a reducer (sum, product, count, largest, smallest,
// new array). L2 = reducer or map alone (one loop), L3 = filter + reducer (loop + branch), L4 = filter +
// map + reducer (composition). Each part carries its JS text and, separately, its TS function.
import type { Rng } from '../../rng';
import { between, pick } from '../util';
import type { CodeMutant, CodeSpec, Value } from './code-spec';

interface Filter {
  id: string;
  noun: string; // "Evens"
  phrase: string; // "the even numbers"
  adj: string; // "even"
  js: string; // condition over x
  fn: (x: number) => boolean;
  wrong: Omit<Filter, 'wrong'>; // a near miss, for mutants
}

interface MapPart {
  id: string;
  adj: string; // "Squared" (for names)
  verb: string; // "square"
  clause: (what: string) => string; // "Square each of {what}"
  apply: (what: string) => string; // "square {what}"
  js: string; // expression over x
  fn: (x: number) => number;
}

interface Reducer {
  id: 'sum' | 'product' | 'count' | 'max' | 'min' | 'list';
}

const f = (id: string, noun: string, adj: string, js: string, fn: (x: number) => boolean) => ({
  id,
  noun,
  phrase: `the ${/^(greater|less|multiples)/.test(adj) ? `numbers ${adj}` : `${adj} numbers`}`,
  adj,
  js,
  fn,
});

function filters(k: number): Filter[] {
  const even = f('even', 'Evens', 'even', 'x % 2 === 0', (x) => x % 2 === 0);
  const odd = f('odd', 'Odds', 'odd', 'x % 2 !== 0', (x) => x % 2 !== 0);
  const oddWrong = f('odd1', 'Odds', 'odd', 'x % 2 === 1', (x) => x % 2 === 1);
  const pos = f('positive', 'Positives', 'positive', 'x > 0', (x) => x > 0);
  const neg = f('negative', 'Negatives', 'negative', 'x < 0', (x) => x < 0);
  const above = f(`above${k}`, `Above${k}`, `greater than ${k}`, `x > ${k}`, (x) => x > k);
  const atLeast = f(`atleast${k}`, `Above${k}`, `greater than ${k}`, `x >= ${k}`, (x) => x >= k);
  const below = f(`below${k}`, `Below${k}`, `less than ${k}`, `x < ${k}`, (x) => x < k);
  const atMost = f(`atmost${k}`, `Below${k}`, `less than ${k}`, `x <= ${k}`, (x) => x <= k);
  const m = Math.max(3, k);
  const mult = {
    ...f(`mult${m}`, `MultiplesOf${m}`, `multiples of ${m}`, `x % ${m} === 0`, (x) => x % m === 0),
  };
  mult.phrase = `the multiples of ${m}`;
  const notMult = { ...mult, js: `x % ${m} !== 0`, fn: (x: number) => x % m !== 0 };
  return [
    { ...even, wrong: odd },
    { ...odd, wrong: oddWrong },
    { ...pos, wrong: { ...pos, js: 'x >= 0', fn: (x) => x >= 0 } },
    { ...neg, wrong: pos },
    { ...above, wrong: atLeast },
    { ...below, wrong: atMost },
    { ...mult, wrong: notMult },
  ];
}

function maps(k: number): MapPart[] {
  const c = Math.max(3, k);
  return [
    {
      id: 'square',
      adj: 'Squared',
      verb: 'square',
      clause: (w) => `Square each of ${w}`,
      apply: (w) => `square ${w}`,
      js: 'x * x',
      fn: (x) => x * x,
    },
    {
      id: 'double',
      adj: 'Doubled',
      verb: 'double',
      clause: (w) => `Double each of ${w}`,
      apply: (w) => `double ${w}`,
      js: 'x * 2',
      fn: (x) => x * 2,
    },
    {
      id: 'inc',
      adj: 'Incremented',
      verb: 'increment',
      clause: (w) => `Add 1 to each of ${w}`,
      apply: (w) => `add 1 to ${w}`,
      js: 'x + 1',
      fn: (x) => x + 1,
    },
    {
      id: `times${c}`,
      adj: `Times${c}`,
      verb: `multiply by ${c}`,
      clause: (w) => `Multiply each of ${w} by ${c}`,
      apply: (w) => `multiply ${w} by ${c}`,
      js: `x * ${c}`,
      fn: (x) => x * c,
    },
  ];
}

const REDUCERS: Reducer['id'][] = ['sum', 'product', 'count', 'max', 'min', 'list'];

function reduceFn(id: Reducer['id'], xs: number[]): Value {
  switch (id) {
    case 'sum': {
      let t = 0;
      for (const x of xs) t += x;
      return t;
    }
    case 'product': {
      let t = 1;
      for (const x of xs) t *= x;
      return t;
    }
    case 'count':
      return xs.length;
    case 'max':
      return xs.length === 0 ? 0 : xs.reduce((a, b) => (b > a ? b : a));
    case 'min':
      return xs.length === 0 ? 0 : xs.reduce((a, b) => (b < a ? b : a));
    case 'list':
      return xs;
  }
}

/** Loop body lines for a reducer, given the value expression `v`. */
function reduceLines(id: Reducer['id'], v: string): { init: string[]; step: string[]; ret: string } {
  switch (id) {
    case 'sum':
      return { init: ['let total = 0;'], step: [`total += ${v};`], ret: 'return total;' };
    case 'product':
      return { init: ['let total = 1;'], step: [`total *= ${v};`], ret: 'return total;' };
    case 'count':
      return { init: ['let count = 0;'], step: ['count += 1;'], ret: 'return count;' };
    case 'list':
      return { init: ['const out = [];'], step: [`out.push(${v});`], ret: 'return out;' };
    case 'max':
    case 'min': {
      const op = id === 'max' ? '>' : '<';
      const step = v === 'x' ? [] : [`const y = ${v};`];
      const y = v === 'x' ? 'x' : 'y';
      step.push(`if (best === null || ${y} ${op} best) best = ${y};`);
      return { init: ['let best = null;'], step, ret: 'return best === null ? 0 : best;' };
    }
  }
}

function compactReduce(id: Reducer['id']): string {
  switch (id) {
    case 'sum':
      return '.reduce((s, x) => s + x, 0)';
    case 'product':
      return '.reduce((p, x) => p * x, 1)';
    case 'count':
      return '.length';
    case 'list':
      return '';
    case 'max':
      return '.reduce((m, x) => (m === null || x > m ? x : m), null) ?? 0';
    case 'min':
      return '.reduce((m, x) => (m === null || x < m ? x : m), null) ?? 0';
  }
}

interface Parts {
  filter?: Filter;
  map?: MapPart;
  reducer: Reducer['id'];
}

function partsFn(p: Parts): (arr: Value) => Value {
  return (arr) => {
    let xs = (arr as number[]).slice();
    if (p.filter) xs = xs.filter(p.filter.fn);
    if (p.map) xs = xs.map(p.map.fn);
    return reduceFn(p.reducer, xs);
  };
}

function partsCompact(p: Parts): string {
  const filter = p.filter ? `.filter((x) => ${p.filter.js})` : '';
  const map = p.map ? `.map((x) => ${p.map.js})` : '';
  const expr = `arr${filter}${map}${compactReduce(p.reducer)}`;
  return filter || map || p.reducer === 'count' ? expr : `arr.slice()${compactReduce(p.reducer)}`;
}

function partsBody(p: Parts): string[] {
  const { init, step, ret } = reduceLines(p.reducer, p.map ? p.map.js : 'x');
  const lines = [...init.map((l) => `  ${l}`), '  for (const x of arr) {'];
  if (p.filter) lines.push(`    if (${p.filter.js}) {`, ...step.map((l) => `      ${l}`), '    }');
  else lines.push(...step.map((l) => `    ${l}`));
  lines.push('  }', `  ${ret}`, '}');
  return lines;
}

function describe(p: Parts): string {
  const what = p.filter ? `${p.filter.phrase} in arr` : 'the numbers in arr';
  const none = p.filter ? 'there are none' : 'arr is empty';
  if (p.map) {
    const head = p.filter ? p.map.clause(what) : p.map.clause('the numbers in arr');
    const tail: Record<Reducer['id'], string> = {
      sum: 'return the sum of the results',
      product: `return the product of the results (1 if ${none})`,
      count: 'return how many results there are',
      max: `return the largest result, or 0 if ${none}`,
      min: `return the smallest result, or 0 if ${none}`,
      list: 'return the results in a new array, in their original order',
    };
    return `${head} and ${tail[p.reducer]}.`;
  }
  const tail: Record<Reducer['id'], string> = {
    sum: `Return the sum of ${what}.`,
    product: `Return the product of ${what} (1 if ${none}).`,
    count: p.filter
      ? `Return how many numbers in arr are ${p.filter.adj}.`
      : 'Return how many numbers arr has.',
    max: `Return the largest of ${what}, or 0 if ${none}.`,
    min: `Return the smallest of ${what}, or 0 if ${none}.`,
    list: `Return a new array with only ${what}, in their original order.`,
  };
  return tail[p.reducer];
}

function fnName(p: Parts): string {
  const noun = (p.map ? p.map.adj : '') + (p.filter ? p.filter.noun : p.map ? '' : 'Numbers');
  const prefix: Record<Reducer['id'], string> = {
    sum: 'sum',
    product: 'productOf',
    count: 'count',
    max: 'largestOf',
    min: 'smallestOf',
    list: p.filter ? 'keep' : 'all',
  };
  if (!p.filter && p.map && p.reducer === 'list') return `${p.map.verb.split(' ')[0]}All`;
  return `${prefix[p.reducer]}${noun || 'Numbers'}`;
}

function mutantsOf(p: Parts): CodeMutant[] {
  const out: CodeMutant[] = [];
  const add = (q: Parts, what: string) => out.push({ what, compact: partsCompact(q), fn: partsFn(q) });
  if (p.filter)
    add(
      { ...p, filter: { ...p.filter.wrong, wrong: p.filter.wrong } as Filter },
      `it tests \`${p.filter.wrong.js}\` instead of \`${p.filter.js}\``,
    );
  const other: Record<Reducer['id'], Reducer['id']> = {
    sum: 'count',
    product: 'sum',
    count: 'sum',
    max: 'min',
    min: 'max',
    list: 'sum',
  };
  add({ ...p, reducer: other[p.reducer] }, `it computes the ${other[p.reducer]} instead of the ${p.reducer}`);
  if (p.map) add({ ...p, map: undefined }, `it forgets to ${p.map.apply('the numbers')}`);
  if (p.filter && !p.map) add({ ...p, filter: undefined }, `it does not keep only ${p.filter.phrase}`);
  return out;
}

function explainParts(p: Parts): (args: Value[], result: Value) => string {
  return (args, result) => {
    const arr = args[0] as number[];
    const steps: string[] = [];
    let xs = arr.slice();
    if (!p.filter && !p.map) steps.push(`the numbers in arr are [${arr.join(', ')}]`);
    if (p.filter) {
      xs = xs.filter(p.filter.fn);
      steps.push(`${p.filter.phrase} in [${arr.join(', ')}] are [${xs.join(', ')}]`);
    }
    if (p.map) {
      const ys = xs.map(p.map.fn);
      steps.push(`after we ${p.map.apply('them')} we get [${ys.join(', ')}]`);
    }
    const result_ = Array.isArray(result) ? `[${result.join(', ')}]` : String(result);
    steps.push(`so the answer is ${result_}`);
    return `${steps.join('; ')}.`;
  };
}

function intArray(rng: Rng): number[] {
  const n = between(rng, 1, 6);
  return Array.from({ length: n }, () => between(rng, -9, 9));
}

/** All array specs of a level (2–4) for a given constant k (used by "greater than k" and friends). */
export function arraySpecs(level: 2 | 3 | 4, k: number): CodeSpec[] {
  const parts: Parts[] = [];
  if (level === 2) {
    for (const reducer of ['sum', 'product', 'max', 'min'] as const) parts.push({ reducer });
    for (const map of maps(k)) parts.push({ map, reducer: 'list' });
  } else {
    for (const filter of filters(k))
      for (const reducer of REDUCERS) {
        if (level === 3) parts.push({ filter, reducer });
        else if (reducer !== 'count') for (const map of maps(k)) parts.push({ filter, map, reducer });
      }
  }
  return parts.map((p) => ({
    key: `arr:${p.reducer}|${p.filter?.id ?? '-'}|${p.map?.id ?? '-'}`,
    level,
    name: fnName(p),
    params: ['arr'],
    description: describe(p),
    body: partsBody(p),
    compact: partsCompact(p),
    fn: partsFn(p),
    inputs: (rng) => [intArray(rng)],
    edgeInputs: [[[]]],
    mutants: mutantsOf(p),
    explain: explainParts(p),
  }));
}

/** A constant for "greater than k" style filters. */
export function arrayConstant(rng: Rng): number {
  return pick(rng, [0, 1, 2, 3, 4, 5]);
}
