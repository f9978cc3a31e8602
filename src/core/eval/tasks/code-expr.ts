// A tiny arithmetic expression language for the "what does this program print" items: random
// expressions over named variables, rendered as JavaScript with minimal parentheses, evaluated in
// TypeScript, and mutated (one operator swapped) to make plausible wrong answers.
import type { Rng } from '../../rng';
import { between, pick } from '../util';

export type Op = '+' | '-' | '*';
export type Expr =
  { k: 'num'; v: number } | { k: 'var'; name: string } | { k: 'bin'; op: Op; l: Expr; r: Expr };

const PREC: Record<Op, number> = { '+': 1, '-': 1, '*': 2 };

export function render(e: Expr): string {
  if (e.k === 'num') return String(e.v);
  if (e.k === 'var') return e.name;
  const side = (c: Expr, right: boolean) => {
    if (c.k !== 'bin') return render(c);
    const weaker =
      PREC[c.op] < PREC[e.op] || (right && PREC[c.op] === PREC[e.op] && e.op !== '+' && e.op !== '*');
    return weaker ? `(${render(c)})` : render(c);
  };
  return `${side(e.l, false)} ${e.op} ${side(e.r, true)}`;
}

export function evaluate(e: Expr, env: Record<string, number>): number {
  if (e.k === 'num') return e.v;
  if (e.k === 'var') {
    const v = env[e.name];
    if (v === undefined) throw new Error(`unknown variable ${e.name}`);
    return v;
  }
  const l = evaluate(e.l, env);
  const r = evaluate(e.r, env);
  return e.op === '+' ? l + r : e.op === '-' ? l - r : l * r;
}

/** A random expression using `vars` (at least one of them), depth 1 or 2. */
export function randomExpr(rng: Rng, vars: readonly string[], depth: 1 | 2): Expr {
  const leafVar = (): Expr => ({ k: 'var', name: pick(rng, vars) });
  const leafNum = (): Expr => ({ k: 'num', v: between(rng, 1, 9) });
  const op = (): Op => pick(rng, ['+', '+', '-', '-', '*'] as const);
  const first: Expr = { k: 'bin', op: op(), l: leafVar(), r: rng.next() < 0.6 ? leafNum() : leafVar() };
  if (first.op === '*' && first.r.k === 'num') first.r = { k: 'num', v: between(rng, 2, 4) };
  if (depth === 1) return first;
  const o = op();
  const other =
    o === '*' ? ({ k: 'num', v: between(rng, 2, 3) } as Expr) : rng.next() < 0.5 ? leafNum() : leafVar();
  return rng.next() < 0.5 ? { k: 'bin', op: o, l: first, r: other } : { k: 'bin', op: o, l: other, r: first };
}

/** Every variant of `e` with exactly one operator swapped (+→-, -→+, *→+). */
export function operatorMutants(e: Expr): Expr[] {
  if (e.k !== 'bin') return [];
  const swapped: Op = e.op === '+' ? '-' : '+';
  return [
    { ...e, op: swapped },
    ...operatorMutants(e.l).map((l) => ({ ...e, l })),
    ...operatorMutants(e.r).map((r) => ({ ...e, r })),
  ];
}

/** Text of a printed number as console.log shows it in the sandbox (-0 kept). */
export function printed(v: number | string | boolean): string {
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  return String(v);
}
