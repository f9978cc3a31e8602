// Random small JavaScript programs for "what does this program print?" (CRUXEval-style), one builder
// per level: L1 assignments, L2 an if/else, L3 a loop over a range, an array or a string, L4 function
// calls, recursion or nested loops. Each builder returns the program text, the printed output computed
// here in TypeScript (the tests re-run the text in the sandbox), outputs of plausible wrong readings
// (mutants) for distractors, and a worked answer in words.
import type { Rng } from '../../rng';
import { between, pick, sample } from '../util';
import { evaluate, operatorMutants, printed, randomExpr, render } from './code-expr';

export interface Program {
  code: string;
  output: string;
  wrong: string[];
  steps: string;
}

function assignments(rng: Rng): Program {
  const a = between(rng, 1, 9);
  const env: Record<string, number> = { a };
  const exprB = randomExpr(rng, ['a'], 1);
  env.b = evaluate(exprB, env);
  const three = rng.next() < 0.6;
  const exprC = randomExpr(rng, ['a', 'b'], three ? 2 : 1);
  const lines = [`let a = ${a};`, `let b = ${render(exprB)};`];
  if (three) {
    env.c = evaluate(exprC, env);
    lines.push(`let c = ${render(exprC)};`);
  }
  const out = three ? 'c' : 'b';
  lines.push(`console.log(${out});`);
  const lastExpr = three ? exprC : exprB;
  const wrong = operatorMutants(lastExpr).map((e) => printed(evaluate(e, env)));
  if (three) wrong.push(printed(env.b));
  const steps = three
    ? `a is ${a}, b = ${render(exprB)} = ${env.b}, c = ${render(exprC)} = ${env.c}; the program prints ${env.c}.`
    : `a is ${a}, b = ${render(exprB)} = ${env.b}; the program prints ${env.b}.`;
  return { code: lines.join('\n'), output: printed(env[out]), wrong, steps };
}

function conditional(rng: Rng): Program {
  const x = between(rng, 1, 12);
  const y = between(rng, 1, 12);
  const cmp = pick(rng, ['>', '<', '>=', '===', '!=='] as const);
  const rhs = rng.next() < 0.5 ? 'y' : String(between(rng, 1, 12));
  const rhsValue = rhs === 'y' ? y : Number(rhs);
  const holds = {
    '>': x > rhsValue,
    '<': x < rhsValue,
    '>=': x >= rhsValue,
    '===': x === rhsValue,
    '!==': x !== rhsValue,
  }[cmp];
  const env = { x, y };
  const thenE = randomExpr(rng, ['x', 'y'], 1);
  const elseE = randomExpr(rng, ['x', 'y'], 1);
  const taken = holds ? thenE : elseE;
  const result = evaluate(taken, env);
  const code = [
    `let x = ${x};`,
    `let y = ${y};`,
    `if (x ${cmp} ${rhs}) {`,
    `  y = ${render(thenE)};`,
    '} else {',
    `  y = ${render(elseE)};`,
    '}',
    'console.log(y);',
  ].join('\n');
  const wrong = [
    printed(evaluate(holds ? elseE : thenE, env)),
    ...operatorMutants(taken).map((e) => printed(evaluate(e, env))),
    printed(y),
  ];
  const steps = `x ${cmp} ${rhs} is ${holds} (x is ${x}, y is ${y}), so y = ${render(taken)} = ${result}; the program prints ${result}.`;
  return { code, output: printed(result), wrong, steps };
}

function rangeLoop(rng: Rng): Program {
  const n = between(rng, 3, 8);
  const start = pick(rng, [0, 1]);
  const inclusive = rng.next() < 0.5;
  const k = between(rng, 2, 3);
  const cond = pick(rng, [
    { js: 'i % 2 === 0', fn: (i: number) => i % 2 === 0, say: 'even' },
    { js: 'i % 2 === 1', fn: (i: number) => i % 2 === 1, say: 'odd' },
    { js: `i % ${k} === 0`, fn: (i: number) => i % k === 0, say: `a multiple of ${k}` },
    { js: `i > ${k}`, fn: (i: number) => i > k, say: `greater than ${k}` },
  ]);
  const step = pick(rng, [
    { js: 's += i;', fn: (s: number, i: number) => s + i },
    { js: 's += i * i;', fn: (s: number, i: number) => s + i * i },
    { js: 's += 1;', fn: (s: number) => s + 1 },
    { js: 's += 2 * i;', fn: (s: number, i: number) => s + 2 * i },
  ]);
  const run = (lo: number, hi: number, keep: (i: number) => boolean) => {
    let s = 0;
    const used: number[] = [];
    for (let i = lo; i <= hi; i++)
      if (keep(i)) {
        s = step.fn(s, i);
        used.push(i);
      }
    return { s, used };
  };
  const hi = inclusive ? n : n - 1;
  const { s, used } = run(start, hi, cond.fn);
  const code = [
    'let s = 0;',
    `for (let i = ${start}; i ${inclusive ? '<=' : '<'} ${n}; i++) {`,
    `  if (${cond.js}) ${step.js}`,
    '}',
    'console.log(s);',
  ].join('\n');
  const wrong = [
    printed(run(start, inclusive ? n - 1 : n, cond.fn).s),
    printed(run(start, hi, (i) => !cond.fn(i)).s),
    printed(run(1 - start, hi, cond.fn).s),
  ];
  const steps = `i runs from ${start} to ${hi}; the values that are ${cond.say} are ${used.join(', ') || 'none'}; applying \`${step.js}\` to each gives s = ${s}.`;
  return { code, output: printed(s), wrong, steps };
}

function arrayLoop(rng: Rng): Program {
  const arr = Array.from({ length: between(rng, 3, 6) }, () => between(rng, -5, 9));
  const kind = pick(rng, ['max', 'min', 'countAbove', 'sumOdd'] as const);
  const t = between(rng, 0, 4);
  const lit = `[${arr.join(', ')}]`;
  const max = Math.max(...arr);
  const min = Math.min(...arr);
  const above = arr.filter((v) => v > t).length;
  const sumOdd = arr.filter((v) => v % 2 !== 0).reduce((a, b) => a + b, 0);
  const table = {
    max: {
      body: ['let m = arr[0];', 'for (const v of arr) {', '  if (v > m) m = v;', '}', 'console.log(m);'],
      out: max,
      wrong: [min, arr[0], arr[arr.length - 1]],
      say: `the largest value is ${max}`,
    },
    min: {
      body: ['let m = arr[0];', 'for (const v of arr) {', '  if (v < m) m = v;', '}', 'console.log(m);'],
      out: min,
      wrong: [max, arr[0], arr[arr.length - 1]],
      say: `the smallest value is ${min}`,
    },
    countAbove: {
      body: ['let c = 0;', 'for (const v of arr) {', `  if (v > ${t}) c += 1;`, '}', 'console.log(c);'],
      out: above,
      wrong: [arr.filter((v) => v >= t).length, arr.length - above, above + 1],
      say: `${above} values are greater than ${t}`,
    },
    sumOdd: {
      body: ['let s = 0;', 'for (const v of arr) {', '  if (v % 2 !== 0) s += v;', '}', 'console.log(s);'],
      out: sumOdd,
      wrong: [
        arr.filter((v) => v % 2 === 0).reduce((a, b) => a + b, 0),
        arr.filter((v) => v % 2 === 1).reduce((a, b) => a + b, 0),
        arr.reduce((a, b) => a + b, 0),
      ],
      say: `the odd values are ${arr.filter((v) => v % 2 !== 0).join(', ') || 'none'}, which add up to ${sumOdd}`,
    },
  }[kind];
  return {
    code: [`const arr = ${lit};`, ...table.body].join('\n'),
    output: printed(table.out),
    wrong: table.wrong.map(printed),
    steps: `In ${lit}, ${table.say}; the program prints ${table.out}.`,
  };
}

function stringLoop(rng: Rng, words: readonly string[]): Program {
  const w = pick(rng, words).toLowerCase();
  const kind = pick(rng, ['reverse', 'vowels', 'every-other'] as const);
  const chars = w.split('');
  if (kind === 'reverse') {
    const out = chars.slice().reverse().join('');
    return {
      code: [
        `const w = ${JSON.stringify(w)};`,
        "let out = '';",
        'for (const ch of w) {',
        '  out = ch + out;',
        '}',
        'console.log(out);',
      ].join('\n'),
      output: out,
      wrong: [w, chars.slice().sort().join(''), out.slice(1) + out[0], w + w[0]],
      steps: `Each letter is put in front of the ones before it, so "${w}" comes out reversed: ${out}.`,
    };
  }
  if (kind === 'vowels') {
    const n = chars.filter((c) => 'aeiou'.includes(c)).length;
    return {
      code: [
        `const w = ${JSON.stringify(w)};`,
        'let n = 0;',
        'for (const ch of w) {',
        "  if ('aeiou'.includes(ch)) n += 1;",
        '}',
        'console.log(n);',
      ].join('\n'),
      output: printed(n),
      wrong: [printed(w.length - n), printed(w.length), printed(n + 1)],
      steps: `"${w}" has the vowels ${chars.filter((c) => 'aeiou'.includes(c)).join(', ') || 'none'}, so n is ${n}.`,
    };
  }
  const out = chars.filter((_, i) => i % 2 === 0).join('');
  return {
    code: [
      `const w = ${JSON.stringify(w)};`,
      "let out = '';",
      'for (let i = 0; i < w.length; i += 2) {',
      '  out += w[i];',
      '}',
      'console.log(out);',
    ].join('\n'),
    output: out,
    wrong: [chars.filter((_, i) => i % 2 === 1).join(''), w, w.slice(0, Math.ceil(w.length / 2))],
    steps: `The loop takes the letters at positions 0, 2, 4, ... of "${w}": ${out}.`,
  };
}

function functions(rng: Rng, words: readonly string[]): Program {
  const kind = pick(rng, ['accumulate', 'nested', 'recursion', 'helper'] as const);
  if (kind === 'accumulate') {
    const m = between(rng, 2, 4);
    const [p, q] = [between(rng, 2, 5), between(rng, 1, 4)];
    const f = (n: number) => {
      let t = 0;
      for (let i = 0; i < n; i++) t += i * m;
      return t;
    };
    const fOff = (n: number) => {
      let t = 0;
      for (let i = 0; i <= n; i++) t += i * m;
      return t;
    };
    const r = f(p) + f(q);
    return {
      code: [
        'function f(n) {',
        '  let t = 0;',
        '  for (let i = 0; i < n; i++) {',
        `    t += i * ${m};`,
        '  }',
        '  return t;',
        '}',
        `console.log(f(${p}) + f(${q}));`,
      ].join('\n'),
      output: printed(r),
      wrong: [printed(fOff(p) + fOff(q)), printed(f(p)), printed(f(p) * f(q)), printed(r + m)],
      steps: `f(${p}) = ${f(p)} and f(${q}) = ${f(q)}, so the program prints ${r}.`,
    };
  }
  if (kind === 'nested') {
    const [a, b] = [between(rng, 2, 4), between(rng, 2, 5)];
    const inner = pick(rng, ['j = 0', 'j = i'] as const);
    let c = 0;
    for (let i = 0; i < a; i++) for (let j = inner === 'j = 0' ? 0 : i; j < b; j++) c += 1;
    return {
      code: [
        'let c = 0;',
        `for (let i = 0; i < ${a}; i++) {`,
        `  for (let ${inner}; j < ${b}; j++) {`,
        '    c += 1;',
        '  }',
        '}',
        'console.log(c);',
      ].join('\n'),
      output: printed(c),
      wrong: [printed(a * b), printed(a + b), printed((a + 1) * b), printed(c + 1)],
      steps: `The inner loop runs ${inner === 'j = 0' ? `${b} times for each of the ${a} values of i` : `b - i times for i = 0..${a - 1}`}, so c ends at ${c}.`,
    };
  }
  if (kind === 'recursion') {
    const [p, q] = [between(rng, 3, 5), between(rng, 1, 3)];
    const g = (n: number): number => (n <= 1 ? 1 : n * g(n - 1));
    const r = g(p) - g(q);
    return {
      code: [
        'function g(n) {',
        '  return n <= 1 ? 1 : n * g(n - 1);',
        '}',
        `console.log(g(${p}) - g(${q}));`,
      ].join('\n'),
      output: printed(r),
      wrong: [printed(g(p) + g(q)), printed(g(p)), printed(g(p - 1) - g(q)), printed(p - q)],
      steps: `g is the factorial: g(${p}) = ${g(p)}, g(${q}) = ${g(q)}, and ${g(p)} - ${g(q)} = ${r}.`,
    };
  }
  const name = pick(rng, words);
  const n = between(rng, 1, 3);
  const shout = (s: string) => s.toUpperCase() + '!'.repeat(n);
  const other = sample(rng, words, 2).find((x) => x !== name) ?? `${name}a`;
  const out = `${shout(name)} ${other.toLowerCase()}`;
  return {
    code: [
      'function shout(s) {',
      `  return s.toUpperCase() + '!'.repeat(${n});`,
      '}',
      `console.log(shout(${JSON.stringify(name)}) + ' ' + ${JSON.stringify(other.toLowerCase())});`,
    ].join('\n'),
    output: out,
    wrong: [
      `${name}${'!'.repeat(n)} ${other.toLowerCase()}`,
      `${shout(name)} ${other.toUpperCase()}`,
      `${name.toUpperCase()}${'!'.repeat(n + 1)} ${other.toLowerCase()}`,
    ],
    steps: `shout(${JSON.stringify(name)}) is ${JSON.stringify(shout(name))}; with a space and ${JSON.stringify(other.toLowerCase())} the line is ${out}.`,
  };
}

/** A program for a level; `words` are the split's own words (for string literals). */
export function randomProgram(rng: Rng, level: 1 | 2 | 3 | 4, words: readonly string[]): Program {
  if (level === 1) return assignments(rng);
  if (level === 2) return conditional(rng);
  if (level === 3) {
    const kind = pick(rng, ['range', 'array', 'string'] as const);
    return kind === 'range' ? rangeLoop(rng) : kind === 'array' ? arrayLoop(rng) : stringLoop(rng, words);
  }
  return functions(rng, words);
}
