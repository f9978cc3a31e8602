// evaluate() over the real frozen sets, the real Node sandbox and in-memory corpora, with two reference
// models: an oracle that puts all probability on the gold answer (and writes the gold span or the
// reference code) must score 100% on every task and level, a uniform one must land on chance; the
// held-out loss of a uniform model must be exactly its chance level; progress is reported per item.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ALL_TASKS,
  buildGenerationRequest,
  buildScoringRequests,
  wilson,
  type AnyItem,
  type McProtocol,
} from '../../src/core/eval';
import type { EvalProgress } from '../../src/contract/eval';
import { createNodeSandbox } from '../sandbox/node';
import { memoryCorpora } from '../train/memory-corpora';
import { evaluateSuite, loadEvalItems } from './evaluate';
import { capDocument, sampleDocuments } from './heldout';
import type { EvalModel } from './runner';

const readDataset = (path: string) => readFile(join(import.meta.dirname, '../../datasets', path), 'utf8');
const sandbox = createNodeSandbox({ workers: 2 });
afterAll(() => sandbox.close());
const runCode = (code: string) => sandbox.runProgram(code, { timeoutMs: 1000 });
const V = 512;
const words = (s: string) => s.split(/\s+/).filter((w) => w.length > 0).length;
/** A score result with `tokens` tokens of equal log-probability. */
const res = (logprobSum: number, tokens: number) => ({
  logprobSum,
  tokens,
  tokenLogprobs: Array<number>(tokens).fill(logprobSum / tokens),
});

/** Scores a held-out document (empty context) as a uniform model would: ln V nats per token. */
const uniformDoc = (continuation: string) => res(-Math.log(V) * words(continuation), words(continuation));

function oracle(items: AnyItem[], protocol: McProtocol): EvalModel {
  const gold = new Set<string>();
  const answers = new Map<string, string>();
  for (const item of items) {
    if (item.format === 'mc') {
      const { requests } = buildScoringRequests(item, protocol);
      const r = requests[item.answer as number];
      gold.add(`${r.context}\u0000${r.continuation}`);
    } else {
      const completion = item.format === 'codegen' ? item.reference! : ` ${String(item.answer)}\n`;
      answers.set(buildGenerationRequest(item).prompt, completion);
    }
  }
  return {
    vocabSize: V,
    score: async (requests) =>
      requests.map((r) =>
        r.context === ''
          ? uniformDoc(r.continuation)
          : r.context === 'Answer:'
            ? res(-5, 2)
            : res(gold.has(`${r.context}\u0000${r.continuation}`) ? -0.01 : -40, 3),
      ),
    complete: async (prompt) => answers.get(prompt) ?? '',
  };
}

const uniform: EvalModel = {
  vocabSize: V,
  score: async (requests) =>
    requests.map((r) => (r.context === '' ? uniformDoc(r.continuation) : res(-7, 4))),
  complete: async () => '',
};

const corpora = memoryCorpora([
  {
    name: 'stories',
    kind: 'text',
    licence: 'MIT',
    train: ['x'],
    heldout: ['The cat sat.', 'A dog ran far away.', 'Hi.'],
  },
  { name: 'snippets', kind: 'code', licence: 'MIT', train: ['x'], heldout: ['const a = 1;', 'f(x) + g(y)'] },
  { name: 'user-text', kind: 'text', train: ['x'], heldout: ['never scored'] }, // user-provided: left out
]);

describe('evaluateSuite', () => {
  it('gives an oracle 100% on every task and level, with progress, and uniform held-out loss at chance', async () => {
    for (const protocol of ['paper', 'calibrated'] as const) {
      const items = await loadEvalItems(readDataset, { limit: 2 });
      const progress: EvalProgress[] = [];
      const report = await evaluateSuite(
        { model: oracle(items, protocol), readDataset, runCode, corpora },
        { limit: 2, protocol },
        (p) => progress.push(p),
      );
      expect(report.suite).toBe('tinyreason6-v1+transfer3-v1');
      expect(report.items).toHaveLength(ALL_TASKS.length * 4 * 2);
      for (const row of report.summary) expect(row.accuracy, `${protocol} ${row.task} L${row.level}`).toBe(1);
      expect(new Set(report.summary.map((r) => r.task))).toEqual(new Set(ALL_TASKS));
      const extractive = report.summary.find((r) => r.task === 'extractive' && r.level === 'all')!;
      expect(extractive.f1?.mean).toBe(1);
      expect(extractive.f1!.chance).toBeGreaterThan(0);
      expect(
        report.items.filter((i) => i.task === 'codegen').every((i) => i.execution?.outcome === 'passed'),
      ).toBe(true);
      const items_ = progress.filter((p) => p.phase === 'items');
      expect(items_.map((p) => p.done)).toEqual(report.items.map((_, i) => i + 1));
      expect(progress.filter((p) => p.phase === 'heldout').at(-1)).toMatchObject({ done: 5, total: 5 });
      const h = report.heldout!;
      expect(h.sources.map((s) => s.name)).toEqual(['stories', 'snippets']);
      expect(h.byKind.map((k) => [k.name, k.documents, k.tokens])).toEqual([
        ['text', 3, 3 + 5 + 1],
        ['code', 2, 4 + 3],
      ]);
      for (const row of [...h.sources, ...h.byKind]) {
        expect(row.loss.mean).toBeCloseTo(Math.log(V), 10);
        expect(row.loss.ci95[0]).toBeCloseTo(Math.log(V), 10);
        expect(row.chance.loss).toBeCloseTo(Math.log(V), 12);
        expect(row.bitsPerByte.mean).toBeCloseTo(row.chance.bitsPerByte, 10);
      }
    }
  }, 60_000);

  it('puts a uniform model on chance: multiple choice within the interval, no exact match', async () => {
    const tasks = ALL_TASKS.filter((t) => t !== 'codegen');
    const report = await evaluateSuite(
      { model: uniform, readDataset, runCode },
      { tasks, limit: 30, protocol: 'mean' },
    );
    expect(report.notes).toEqual(['held-out loss skipped: this engine has no corpora']);
    const mc = report.items.filter((i) => i.format === 'mc');
    const correct = mc.filter((i) => i.correct).length;
    const chance = mc.reduce((s, i) => s + i.chance, 0) / mc.length;
    const [lo, hi] = wilson(correct, mc.length);
    expect(chance).toBeGreaterThanOrEqual(lo);
    expect(chance).toBeLessThanOrEqual(hi);
    const extractive = report.summary.find((r) => r.task === 'extractive' && r.level === 'all')!;
    expect(extractive).toMatchObject({ n: 120, correct: 0, aboveChance: false });
    expect(extractive.f1?.mean).toBe(0);
  });

  it('reads each task from its own frozen set, honours the limit, and refuses unknown tasks', async () => {
    const items = await loadEvalItems(readDataset, { tasks: ['nli', 'logic'], limit: 3 });
    expect(items.map((i) => `${i.task}/${i.level}`)).toEqual(
      ['nli', 'logic'].flatMap((t) => [1, 2, 3, 4].flatMap((l) => Array(3).fill(`${t}/${l}`))),
    );
    await expect(loadEvalItems(readDataset, { tasks: ['poetry' as 'nli'] })).rejects.toThrow(
      /unknown task "poetry"/,
    );
    const skipped = await evaluateSuite(
      { model: uniform, readDataset, runCode, corpora },
      { tasks: ['nli'], limit: 1, heldout: false },
    );
    expect(skipped.heldout).toBeUndefined();
    expect(skipped.notes).toEqual(['held-out loss skipped (heldout: false)']);
  });

  it('caps the tokens generated per item when asked, and only then', async () => {
    const asked: number[] = [];
    const recording: EvalModel = {
      ...uniform,
      complete: async (_prompt, _stop, maxTokens) => {
        asked.push(maxTokens);
        return '';
      },
    };
    const request = { tasks: ['codegen', 'extractive'] as const, limit: 1, heldout: false as const };
    await evaluateSuite(
      { model: recording, readDataset, runCode, corpora },
      { ...request, tasks: [...request.tasks] },
    );
    const own = asked.splice(0);
    expect(new Set(own)).toEqual(new Set([192, 16]));
    await evaluateSuite(
      { model: recording, readDataset, runCode, corpora },
      { ...request, tasks: [...request.tasks], maxNewTokens: 12 },
    );
    expect(asked).toEqual(own.map((n) => Math.min(n, 12)));
  });
});

describe('cancelling an evaluation', () => {
  it('stops before the next item, or the next held-out document, and says how far it got', async () => {
    let scored = 0;
    const counting: EvalModel = {
      ...uniform,
      score: async (requests) => {
        scored++;
        return uniform.score(requests);
      },
    };
    const progress: EvalProgress[] = [];
    await expect(
      evaluateSuite(
        { model: counting, readDataset, runCode, corpora },
        { tasks: ['logic'], limit: 2 },
        (p) => progress.push(p),
        () => progress.length >= 3,
      ),
    ).rejects.toThrow('evaluation cancelled after 3 of 8 items');
    expect(scored).toBe(3);
    // in the held-out phase: all 8 items, then 2 of the 5 documents
    await expect(
      evaluateSuite(
        { model: counting, readDataset, runCode, corpora },
        { tasks: ['logic'], limit: 2 },
        (p) => progress.push(p),
        () => progress.filter((p) => p.phase === 'heldout').length >= 2,
      ),
    ).rejects.toThrow('evaluation cancelled after 2 of 5 held-out documents');
    // never cancelled: the same request runs to the end
    const report = await evaluateSuite(
      { model: uniform, readDataset, runCode, corpora },
      { tasks: ['logic'], limit: 2 },
      () => {},
      () => false,
    );
    expect(report.items).toHaveLength(8);
  });
});

describe('held-out documents', () => {
  it('are a fixed sample per corpus, cut at a word boundary', () => {
    const docs = Array.from({ length: 50 }, (_, i) => `doc ${i} `.repeat(5).trim());
    const a = sampleDocuments('world', docs, 8, 1000);
    expect(sampleDocuments('world', docs, 8, 1000)).toEqual(a);
    expect(a).toHaveLength(8);
    expect(sampleDocuments('lodash', docs, 8, 1000)).not.toEqual(a);
    expect(capDocument('alpha beta gamma delta', 12)).toBe('alpha beta');
    expect(capDocument('short', 12)).toBe('short');
    expect(capDocument('x'.repeat(30), 12)).toBe('x'.repeat(12));
  });
});
