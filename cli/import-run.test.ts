// `cli import-run`: a real train.py run (src/core/runs/__fixtures__/cluster-run) written in the layout
// `cli train` leaves, which the lab's own commands then read: mix-report over its metrics, eval and
// generate from its checkpoint. A run without its model is refused naming model/ (exit 2).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, runCli } from './run-cli';

const FIXTURE = 'src/core/runs/__fixtures__/cluster-run';
const dir = mkdtempSync(join(tmpdir(), 'codemix-import-run-'));

describe('cli import-run', () => {
  it('writes metrics.jsonl, summary.json, recipe.json and checkpoint/ that eval, generate and mix-report read', () => {
    const out = join(dir, 'lab-run');
    const line = JSON.parse(cli(['import-run', join(FIXTURE, 'run'), '--out', out])) as Record<
      string,
      unknown
    >;
    expect(line).toMatchObject({
      name: 'cluster-run-nano (PyTorch)',
      origin: 'PyTorch cluster · cpu',
      steps: 18,
    });
    expect(readFileSync(join(out, 'metrics.jsonl'))).toEqual(
      readFileSync(join(FIXTURE, 'run', 'metrics.jsonl')),
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ name: 'cluster-run-nano', steps: 18, tokens: 2304, backend: 'pytorch' });
    expect(JSON.parse(readFileSync(join(out, 'recipe.json'), 'utf8'))).toMatchObject({
      name: 'cluster-run-nano',
    });

    const mix = JSON.parse(cli(['mix-report', join(out, 'metrics.jsonl'), '--json'])) as { steps: number }[];
    expect(mix.map((s) => s.steps)).toEqual([12, 6]);
    const text = cli([
      'generate',
      join(out, 'checkpoint'),
      '--prompt',
      'the',
      '--max-tokens',
      '4',
      '--temperature',
      '0',
    ]);
    expect(text.length).toBeGreaterThan(0);
    const report = join(dir, 'report.json');
    cli([
      'eval',
      join(out, 'checkpoint'),
      '--tasks',
      'logic',
      '--limit',
      '2',
      '--no-heldout',
      '--out',
      report,
    ]);
    const r = JSON.parse(readFileSync(report, 'utf8')) as { summary: { task: string; n: number }[] };
    expect(r.summary.some((s) => s.task === 'logic' && s.n > 0)).toBe(true);
  }, 120_000);

  it('refuses a run without its model, naming model/ (exit 2, nothing written)', () => {
    const study = join(dir, 'study');
    cpSync(FIXTURE, study, { recursive: true });
    rmSync(join(study, 'run', 'model'), { recursive: true });
    const out = join(dir, 'refused');
    const r = runCli(['import-run', join(study, 'run'), '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /import-run: cannot import [\s\S]*run\/model\/: missing — train\.py writes the final model there/,
    );
    expect(existsSync(out)).toBe(false);
    const none = runCli(['import-run', join(dir, 'nowhere'), '--out', out]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/cannot read the directory/);
  });
});
