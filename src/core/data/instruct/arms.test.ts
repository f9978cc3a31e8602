import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../../../scripts/datasets/read';
import { generate } from '../../eval/generate';
import { TASKS, type Item, type Level, type TaskId } from '../../eval/types';
import { SPECIAL_TOKENS } from '../../tokenizer/format';
import { trainBpe } from '../../tokenizer/train';
import { POOLS } from '../../world/pools';
import { buildInstructionSet, summariseArm, type BalanceReport } from './arms';
import type { InstructCorpora } from './corpus-examples';
import { FAMILIES, type Family, type InstructionExample } from './types';

const corpora: InstructCorpora = {
  wordnet: readCorpus('wordnet', 'train'),
  factbook: readCorpus('factbook', 'train'),
  thirtySeconds: readCorpus('30-seconds-of-code', 'train'),
  locutus: readCorpus('locutus', 'train'),
};
const COUNT = 400;
const SEED = 7;
const bytes = (ex: InstructionExample) => Buffer.byteLength(ex.instruction + ex.response, 'utf8');
const total = (xs: InstructionExample[]) => xs.reduce((n, ex) => n + bytes(ex), 0);
const relDiff = (a: InstructionExample[], b: InstructionExample[]) =>
  Math.abs(total(a) - total(b)) / total(a);
const byFamily = (xs: InstructionExample[], f: Family) => xs.filter((ex) => ex.task === f);

let text: InstructionExample[];
let code: InstructionExample[];
beforeAll(() => {
  text = buildInstructionSet('text', { seed: SEED, count: COUNT, corpora });
  code = buildInstructionSet('code', { seed: SEED, count: COUNT, corpora });
});

describe('the two arms have the same shape', () => {
  it('equal counts per family, split 15/15/15/15/40 %', () => {
    const expected: Record<Family, number> = { logic: 60, law: 60, science: 60, analogy: 60, general: 160 };
    for (const f of FAMILIES) {
      expect(byFamily(text, f).length).toBe(expected[f]);
      expect(byFamily(code, f).length).toBe(expected[f]);
    }
    expect(text.length).toBe(COUNT);
    expect(code.length).toBe(COUNT);
  });

  it('the code arm is the text arm with 30 % of each family replaced by code', () => {
    expect(code.filter((ex) => ex.kind === 'code').length).toBe(Math.round(0.3 * COUNT));
    for (const f of FAMILIES) {
      const n = byFamily(code, f).filter((ex) => ex.kind === 'code').length;
      expect(Math.abs(n - 0.3 * byFamily(code, f).length)).toBeLessThanOrEqual(1);
    }
    let changed = 0;
    code.forEach((ex, i) => {
      if (ex.kind === 'text') expect(ex).toEqual(text[i]);
      else changed++;
      expect(ex.task).toBe(text[i].task);
    });
    expect(changed).toBe(Math.round(0.3 * COUNT));
  });

  it('the code arm holds code rationales for every reasoning task and every kind of code instruction', () => {
    const sources = new Set(code.filter((ex) => ex.kind === 'code').map((ex) => ex.source));
    for (const s of [
      'logic',
      'law',
      'science',
      'analogy',
      'codeqa',
      'codegen',
      '30-seconds-of-code',
      'locutus',
    ])
      expect(sources.has(s as InstructionExample['source'])).toBe(true);
    const logic = code.find((ex) => ex.kind === 'code' && ex.source === 'logic')!;
    expect(logic.response).toMatch(/console\.log[\s\S]*\nAnswer: \S/);
  });

  it('the text arm holds no code at all', () => {
    const codeLike =
      /=>|console\.|[{}`;]\s*$|\bfunction\s*\w*\s*\([^)]*\)\s*\{|\b(?:const|let|var)\s+\w+\s*=/m;
    for (const ex of text) {
      expect(ex.kind).toBe('text');
      expect(codeLike.test(ex.instruction), ex.instruction).toBe(false);
      expect(codeLike.test(ex.response), ex.response).toBe(false);
    }
    expect(new Set(text.map((ex) => ex.source))).toEqual(
      new Set(['logic', 'law', 'science', 'analogy', 'world-fact', 'world-story', 'wordnet', 'factbook']),
    );
  });
});

describe('budgets', () => {
  it('total UTF-8 bytes of the arms differ by less than 2 %, reasoning families by less than 2 % each', () => {
    expect(relDiff(text, code)).toBeLessThan(0.02);
    for (const f of ['logic', 'law', 'science'] as const)
      expect(relDiff(byFamily(text, f), byFamily(code, f))).toBeLessThan(0.02);
    // analogy's code rationales are longer than its worded ones at every level (reported, bounded)
    expect(relDiff(byFamily(text, 'analogy'), byFamily(code, 'analogy'))).toBeLessThan(0.06);
  });

  it('without corpora (generators only) the totals also stay within 2 % for several seeds', () => {
    for (const seed of [1, 2]) {
      const t = buildInstructionSet('text', { seed, count: 240 });
      const c = buildInstructionSet('code', { seed, count: 240 });
      expect(relDiff(t, c)).toBeLessThan(0.02);
      expect(c.filter((ex) => ex.kind === 'code').length).toBe(72);
    }
  });

  it('onBalance reports each family, and the reports add up to the difference of the arms', () => {
    const reports: BalanceReport[] = [];
    const c = buildInstructionSet('code', {
      seed: SEED,
      count: COUNT,
      corpora,
      onBalance: (r) => reports.push(r),
    });
    expect(c).toEqual(code);
    expect(reports.map((r) => r.family)).toEqual([...FAMILIES]);
    expect(reports.reduce((n, r) => n + r.achieved, 0)).toBe(total(code) - total(text));
    for (const r of reports) {
      expect(r.natural).toBeGreaterThan(0); // code answers are longer than worded ones
      expect(Math.abs(r.achieved - r.target)).toBeLessThanOrEqual(Math.abs(r.natural - r.target));
      expect(r.swaps).toBeLessThanOrEqual(4 * r.replaced);
    }
  });

  it('the measure option is what gets balanced (here: tokens of a BPE tokenizer)', () => {
    const sample = [...text, ...code].map((ex) => `${ex.instruction}\n${ex.response}`).join('\n');
    const tok = trainBpe([sample], { vocabSize: 256 + 512 + SPECIAL_TOKENS.length });
    const tokens = (ex: InstructionExample) =>
      tok.encode(ex.instruction).length + tok.encode(ex.response).length;
    const gap = (a: InstructionExample[], b: InstructionExample[]) => {
      const sum = (xs: InstructionExample[]) => xs.reduce((n, ex) => n + tokens(ex), 0);
      return Math.abs(sum(a) - sum(b)) / sum(a);
    };
    const opts = { seed: 11, count: 240, corpora };
    const byBytes = gap(buildInstructionSet('text', opts), buildInstructionSet('code', opts));
    const t = buildInstructionSet('text', { ...opts, measure: tokens });
    const c = buildInstructionSet('code', { ...opts, measure: tokens });
    expect(t).toEqual(buildInstructionSet('text', opts)); // the text arm does not depend on it
    expect(gap(t, c)).toBeLessThan(byBytes);
    expect(gap(t, c)).toBeLessThan(0.05);
  });

  it('summariseArm adds up', () => {
    const s = summariseArm(code);
    expect(s.items).toBe(COUNT);
    expect(s.bytes).toBe(total(code));
    expect(s.byKind.text.items + s.byKind.code.items).toBe(COUNT);
    expect(s.byKind.code.bytes).toBe(total(code.filter((ex) => ex.kind === 'code')));
    expect(s.responseBytes).toBe(code.reduce((n, ex) => n + Buffer.byteLength(ex.response), 0));
    for (const f of FAMILIES) {
      expect(s.byTask[f].items).toBe(byFamily(code, f).length);
      expect(s.byTask[f].text.items + s.byTask[f].code.items).toBe(s.byTask[f].items);
    }
    expect(Object.values(s.bySource).reduce((n, c) => n + c.items, 0)).toBe(COUNT);
  });
});

describe('determinism and options', () => {
  it('the same seed gives the same set; another seed another', () => {
    expect(buildInstructionSet('code', { seed: SEED, count: COUNT, corpora })).toEqual(code);
    const other = buildInstructionSet('text', { seed: SEED + 1, count: 60 });
    expect(other.map((ex) => ex.id)).not.toEqual(text.slice(0, 60).map((ex) => ex.id));
  });

  it('codeShare 0 gives the text arm, codeShare 1 an arm of code only', () => {
    const t = buildInstructionSet('text', { seed: 3, count: 50 });
    expect(buildInstructionSet('code', { seed: 3, count: 50, codeShare: 0 })).toEqual(t);
    const all = buildInstructionSet('code', { seed: 3, count: 50, codeShare: 1 });
    expect(all.every((ex) => ex.kind === 'code')).toBe(true);
    expect(all.map((ex) => ex.task)).toEqual(t.map((ex) => ex.task));
  });

  it('refuses bad options with the option named', () => {
    expect(() => buildInstructionSet('text', { seed: 1, count: 0 })).toThrow(/count/);
    expect(() => buildInstructionSet('code', { seed: 1, count: 10, codeShare: 1.5 })).toThrow(/codeShare/);
    expect(() => buildInstructionSet('text', { seed: -1, count: 10 })).toThrow(/seed/);
    expect(() => buildInstructionSet('both' as 'text', { seed: 1, count: 10 })).toThrow(/arm/);
  });
});

describe('hygiene: nothing of the evaluation suite', () => {
  const frozen = TASKS.flatMap((task) =>
    readFileSync(`datasets/eval/tinyreason6-v1/${task}.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Item),
  );
  /** The frozen set's textHash without the options (the same question with other distractors). */
  const stem = (item: Item) =>
    createHash('sha256')
      .update([item.context, item.question, item.prompt ?? ''].join('\u0000').replace(/\s+/g, ' ').trim())
      .digest('hex')
      .slice(0, 16);
  const evalStems = new Set(frozen.map(stem));

  it('every suite item behind an example is a train-split item, seeded far from the frozen set, not an eval item', () => {
    let checked = 0;
    for (const ex of [...text, ...code]) {
      const m = /^(\w+)\/L(\d)\/(\d+)(?::code)?$/.exec(ex.id);
      if (!m || !(TASKS as readonly string[]).includes(m[1])) continue;
      const seed = Number(m[3]);
      expect(seed).toBeGreaterThanOrEqual(1_000_000);
      const item = generate(m[1] as TaskId, Number(m[2]) as Level, seed, 'train');
      expect(ex.instruction).toContain(item.question);
      expect(evalStems.has(stem(item))).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('no frozen evaluation item (its context, question and prompt) appears in any instruction', () => {
    const instructions = [...text, ...code].map((ex) => ex.instruction);
    const lines = new Set(instructions.flatMap((s) => s.split('\n')));
    let probed = 0;
    for (const item of frozen) {
      if (!lines.has(item.question)) continue;
      probed++;
      const parts = [item.context, item.question, item.prompt ?? ''];
      const leak = instructions.some((s) => parts.every((p) => s.includes(p)));
      expect(leak, `${item.id}: ${item.question}`).toBe(false);
    }
    expect(probed).toBeGreaterThan(0); // the probe does meet shared question lines
  });

  it('no evaluation-pool name appears anywhere', () => {
    const proper = new Set([...POOLS.eval.people.map((p) => p.name), ...POOLS.eval.places]);
    const invented = new Set([
      ...POOLS.eval.creatures,
      ...POOLS.eval.kinds,
      ...POOLS.eval.objects,
      ...POOLS.eval.youngs,
    ]);
    const found: string[] = [];
    for (const ex of [...text, ...code]) {
      for (const w of `${ex.instruction} ${ex.response}`.match(/[A-Za-z]+/g) ?? []) {
        const lower = w.toLowerCase();
        const stems = [lower, lower.replace(/s$/, ''), lower.replace(/es$/, '')];
        if (proper.has(w) || stems.some((st) => invented.has(st))) found.push(`${w} in ${ex.id}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('nothing of the real-code track: its snippets, functions, descriptions and statements stay out', () => {
    const sources = readFileSync('datasets/eval/realcode-v1/SOURCES.md', 'utf8');
    const listed = new Set(
      sources
        .split('\n')
        .filter((l) => /^(?:all, allEqual|lodash\.js, core\.js)/.test(l))
        .flatMap((l) => l.replace(/^.*?\):\s*/, '').split(', '))
        .map((n) => n.trim().toLowerCase()),
    );
    expect(listed.size).toBeGreaterThan(300);
    const mined = code.filter((ex) => ex.source === '30-seconds-of-code' || ex.source === 'locutus');
    expect(mined.length).toBeGreaterThan(10);
    for (const ex of mined) {
      for (const m of `${ex.instruction}\n${ex.response}`.matchAll(/(?:const|function)\s+(\w+)/g))
        expect(listed.has(m[1].toLowerCase()), `${m[1]} in ${ex.id}`).toBe(false);
    }
    const realcode = ['codegen', 'codeqa'].flatMap((f) =>
      readFileSync(`datasets/eval/realcode-v1/${f}.jsonl`, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { description?: string; context?: string }),
    );
    const all = [...text, ...code].map((ex) => `${ex.instruction}\n${ex.response}`).join('\n\n');
    for (const r of realcode) {
      const probe = r.description ?? r.context ?? '';
      if (probe.length >= 20) expect(all.includes(probe), probe).toBe(false);
    }
  });
});
