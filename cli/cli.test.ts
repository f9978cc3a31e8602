// The command line as a user meets it: a malformed recipe is refused with the field named, a tiny
// run writes its files, greedy generation is reproducible, and the bench prints its JSON line.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'codemix-cli-'));
const recipe = {
  name: 'cli-tiny',
  seed: 2,
  model: { preset: 'nano', nLayer: 1, blockSize: 32 },
  tokenizer: { vocabSize: 400, sampleBytes: 100_000 },
  stages: [
    {
      kind: 'pretrain',
      steps: 12,
      batchSize: 4,
      warmupSteps: 2,
      sources: ['world', 'lodash'],
      mix: { type: 'linear', from: 0.2, to: 0.6 },
      logEvery: 4,
      evalEvery: 6,
      evalBatches: 1,
    },
  ],
};

describe('cli', () => {
  it('refuses a malformed recipe, naming the field, with a non-zero exit', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ ...recipe, stages: [{ ...recipe.stages[0], batchSize: 'many' }] }));
    const r = runCli(['train', path, '--out', join(dir, 'bad-out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/stages\.0\.batchSize/);
    const missing = runCli(['train', join(dir, 'nope.json'), '--out', join(dir, 'x')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the recipe/);
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(recipe));
    expect(
      runCli(['train', join(dir, 'ok.json'), '--out', join(dir, 'y'), '--backend', 'tpu']).stderr,
    ).toMatch(/--backend must be one of/);
  });

  it('trains, writing metrics.jsonl, summary.json and a checkpoint; greedy generation repeats', () => {
    const path = join(dir, 'tiny.json');
    const out = join(dir, 'tiny-out');
    writeFileSync(path, JSON.stringify(recipe));
    cli(['train', path, '--out', out, '--backend', 'cpu']);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const train = lines.filter((l) => l.kind === 'train');
    const evals = lines.filter((l) => l.kind === 'eval');
    expect(train.map((l) => l.step)).toEqual([4, 8, 12]);
    for (const l of train)
      expect(Object.keys(l)).toEqual(
        expect.arrayContaining(['step', 'stage', 'loss', 'lr', 'tokPerSec', 'mix']),
      );
    expect(train[0].mix.lodash).toBeLessThan(train[2].mix.lodash); // the linear ramp towards code
    expect(Object.keys(evals[0].heldout).sort()).toEqual(['lodash', 'world']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ steps: 12, tokens: 12 * 4 * 32, backend: 'cpu' });
    expect(summary.final.heldout.world.loss).toBeGreaterThan(0);
    const greedy = () =>
      cli([
        'generate',
        join(out, 'checkpoint'),
        '--prompt',
        'The',
        '--max-tokens',
        '12',
        '--temperature',
        '0',
      ]);
    const a = greedy();
    expect(a.startsWith('The')).toBe(true);
    expect(greedy()).toBe(a);
  });

  it('benchmarks a preset, printing one JSON line per backend', () => {
    const lines = cli(['bench', '--preset', 'nano', '--backend', 'wasm', '--steps', '3']).trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(r).toMatchObject({
      backend: 'wasm',
      preset: 'nano',
      config: { vocabSize: 256, blockSize: 64, nLayer: 2, nHead: 2, nEmbd: 64, batchSize: 16 },
    });
    expect(r.tokPerSec).toBeGreaterThan(0);
    expect(r.kernelsPerStep).toBeGreaterThan(10);
    expect(r.mfu).toBeGreaterThan(0);
  });
});
