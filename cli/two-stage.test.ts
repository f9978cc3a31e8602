// A two-stage recipe through the command line: pre-training on a dynamic code/text schedule, then
// instruction tuning on the code arm; metrics.jsonl has both stages, and `mix-report` turns it into
// realised-vs-scheduled figures per phase. The report's arithmetic is also checked on hand-made lines.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../src/core/recipe/recipe';
import { mixReport, type StageMixReport } from './commands/mix-report';
import { cli, runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'codemix-two-stage-'));
const recipe = {
  name: 'cli-two-stage',
  seed: 2,
  model: { preset: 'nano', nLayer: 1, nEmbd: 32, blockSize: 128 },
  tokenizer: { vocabSize: 400, sampleBytes: 50_000 },
  stages: [
    {
      kind: 'pretrain',
      steps: 8,
      batchSize: 4,
      warmupSteps: 2,
      sources: ['world', 'lodash'],
      mix: { type: 'paper', strategy: 'stepwise-increase' },
      logEvery: 2,
      evalEvery: 8,
      evalBatches: 1,
    },
    {
      kind: 'instruct',
      arm: 'code',
      steps: 8,
      batchSize: 4,
      warmupSteps: 2,
      examples: 40,
      heldoutExamples: 20,
      mineCorpora: false,
      mix: { type: 'paper', strategy: 'stepwise-decrease' },
      logEvery: 2,
      evalEvery: 8,
      evalBatches: 1,
    },
  ],
};

describe('cli train on a two-stage recipe', () => {
  it('completes, writing both stages to metrics.jsonl; mix-report follows the schedule', () => {
    const path = join(dir, 'two-stage.json');
    const out = join(dir, 'out');
    writeFileSync(path, JSON.stringify(recipe));
    cli(['train', path, '--out', out, '--backend', 'cpu']);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const train = lines.filter((l) => l.kind === 'train');
    expect(train.map((l) => [l.stage, l.stageKind, l.step])).toEqual([
      ...[2, 4, 6, 8].map((s) => [0, 'pretrain', s]),
      ...[2, 4, 6, 8].map((s) => [1, 'instruct', s]),
    ]);
    // The paper's phases, two steps each: stepwise increase (30, 30, 40, 50 %) then decrease.
    expect(train.map((l) => l.scheduledCodeShare)).toEqual(
      [0.3, 0.3, 0.4, 0.5, 0.5, 0.4, 0.3, 0.3].map((s) => expect.closeTo(s, 12)),
    );
    expect(Object.keys(train[4].mix).sort()).toEqual(['instruct/code', 'instruct/text']);
    const evals = lines.filter((l) => l.kind === 'eval');
    expect(evals.map((l) => [l.stage, l.stageKind])).toEqual([
      [0, 'pretrain'],
      [1, 'instruct'],
    ]);
    expect(Object.keys(evals[1].heldout)).toEqual(
      expect.arrayContaining(['world', 'lodash', 'instruct/text', 'instruct/code', 'instruct/general']),
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ steps: 16, tokens: 16 * 4 * 128 });

    const report = JSON.parse(cli(['mix-report', join(out, 'metrics.jsonl'), '--json'])) as StageMixReport[];
    expect(report.map((s) => [s.stageKind, s.steps, s.phases.length])).toEqual([
      ['pretrain', 8, 4],
      ['instruct', 8, 4],
    ]);
    // 8 rows per phase: the credit batcher realises 30 % as 2 or 3 rows, 40 % as 3 or 4, 50 % as 4.
    for (const s of report) {
      for (const p of s.phases) expect(Math.abs(p.diffPp)).toBeLessThanOrEqual(100 / 8);
      expect(s.whole.rows).toBe(32);
      expect(Math.abs(s.whole.diffPp)).toBeLessThanOrEqual(100 / 32);
    }
    expect(report[1].finalHeldout?.losses['instruct/code'].loss).toBeGreaterThan(0);
    const text = cli(['mix-report', join(out, 'metrics.jsonl')]);
    expect(text).toMatch(/## Stage 1 \(instruct, 8 steps\)/);
    expect(text).toMatch(/\| phase 1 \| 1-2 \| 8 \|/);
  });

  it('mix-report refuses a file without training lines, naming it', () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '{"kind":"eval","stage":0,"step":1,"heldout":{}}\n');
    const r = runCli(['mix-report', empty]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/has no training lines/);
  });

  it('the committed two-stage fixture is a valid recipe: dynamic pre-training mix, then the code arm', () => {
    const r = parseRecipe(readFileSync('cli/fixtures/two-stage-nano.json', 'utf8'));
    expect(r.stages.map((s) => s.kind)).toEqual(['pretrain', 'instruct']);
    expect(r.stages[0].mix?.type).toBe('paper');
    expect(r.stages[1]).toMatchObject({ kind: 'instruct', arm: 'code' });
  });
});

describe('mixReport arithmetic', () => {
  const line = (step: number, rows: [number, number], scheduled: number, windowSteps = 10) => ({
    kind: 'train',
    stage: 0,
    stageKind: 'pretrain',
    step,
    stageSteps: 40,
    windowSteps,
    rowsBySource: { prose: rows[0], js: rows[1] },
    scheduledCodeShare: scheduled,
    realisedCodeShare: rows[1] / (rows[0] + rows[1]),
  });

  it('sums rows per phase and over the stage, and finds the worst window', () => {
    const lines = [
      line(10, [7, 3], 0.3),
      line(20, [8, 2], 0.3),
      line(30, [6, 4], 0.4),
      line(40, [5, 5], 0.5),
      { kind: 'eval', stage: 0, step: 40, heldout: { prose: { loss: 2, bitsPerByte: 1 } } },
    ];
    const [s] = mixReport(lines, 20);
    expect(s.phases.map((p) => [p.span, p.fromStep, p.toStep, p.rows, p.codeRows])).toEqual([
      ['phase 1', 1, 10, 10, 3],
      ['phase 2', 11, 20, 10, 2],
      ['phase 3', 21, 30, 10, 4],
      ['phase 4', 31, 40, 10, 5],
    ]);
    expect(s.phases[1].diffPp).toBeCloseTo(-10, 10);
    expect(s.whole.scheduled).toBeCloseTo(0.375, 12);
    expect(s.whole.realised).toBeCloseTo(14 / 40, 12);
    expect(s.windows).toEqual({ size: 20, count: 2, maxAbsDiffPp: expect.closeTo(5, 10) });
    expect(s.logged).toEqual({ count: 4, maxAbsDiffPp: expect.closeTo(10, 10) });
    expect(s.sourceShares).toEqual({ prose: 26 / 40, js: 14 / 40 });
    expect(s.finalHeldout).toEqual({ step: 40, losses: { prose: { loss: 2, bitsPerByte: 1 } } });
  });

  it('says when lines come from an older version without row counts', () => {
    const { rowsBySource: _r, ...old } = line(10, [7, 3], 0.3);
    expect(() => mixReport([old])).toThrow(/lacks rowsBySource/);
  });
});
