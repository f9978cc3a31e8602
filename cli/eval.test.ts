// `cli eval` end to end: a tiny model trained by the CLI is evaluated on three reasoning tasks (one of
// them code generation, run in the sandbox) and the three transfer checks, and the command EXITS on
// its own once the report is written (it used to sit idle: the sandbox's worker thread kept Node
// alive), with every task and level in the report beside the held-out loss on text and code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../src/contract/eval';
import { cli, runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'codemix-cli-eval-'));
const recipe = {
  name: 'cli-eval-tiny',
  seed: 3,
  model: { preset: 'nano', nLayer: 1, blockSize: 32 },
  tokenizer: { vocabSize: 400, sampleBytes: 100_000 },
  stages: [
    {
      kind: 'pretrain',
      steps: 6,
      batchSize: 4,
      warmupSteps: 2,
      sources: ['world', 'lodash'],
      logEvery: 3,
      evalEvery: 6,
      evalBatches: 1,
    },
  ],
};

/** Runs the built CLI with a wall-clock limit; returns the exit code (null if it had to be killed). */
function runWithDeadline(args: string[], ms: number) {
  const started = Date.now();
  const r = spawnSync('node', ['dist-cli/main.js', ...args], {
    encoding: 'utf8',
    timeout: ms,
    killSignal: 'SIGKILL',
    env: {
      ...process.env,
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

describe('cli eval', () => {
  it('refuses an unknown task, listing the transfer tasks too', () => {
    const r = runCli(['eval', dir, '--tasks', 'logic,poetry', '--out', join(dir, 'x.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown task "poetry".*reading, nli, extractive/);
  });

  it('evaluates code generation and the transfer checks, then exits by itself', () => {
    const path = join(dir, 'tiny.json');
    const out = join(dir, 'run');
    writeFileSync(path, JSON.stringify(recipe));
    cli(['train', path, '--out', out, '--backend', 'wasm']);
    const report = join(dir, 'report.json');
    const tasks = 'logic,codeqa,codegen,reading,nli,extractive';
    const r = runWithDeadline(
      ['eval', join(out, 'checkpoint'), '--tasks', tasks, '--limit', '1', '--out', report],
      120_000,
    );
    expect(r.signal, `killed after ${r.ms} ms; stderr:\n${r.stderr.slice(-2000)}`).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as EvalReport;
    expect(rep.suite).toBe('tinyreason6-v1+transfer3-v1');
    expect(rep.items).toHaveLength(6 * 4);
    for (const task of tasks.split(','))
      expect(rep.summary.filter((s) => s.task === task).map((s) => s.level)).toEqual([1, 2, 3, 4, 'all']);
    const nli = rep.summary.find((s) => s.task === 'nli' && s.level === 'all')!;
    expect(nli.chance).toBeCloseTo(1 / 3, 10);
    expect(nli.ci95[0]).toBeLessThanOrEqual(nli.accuracy);
    const extractive = rep.summary.find((s) => s.task === 'extractive' && s.level === 'all')!;
    expect(extractive.f1).toBeDefined();
    const codegen = rep.items.filter((i) => i.task === 'codegen');
    expect(codegen.every((i) => i.execution !== undefined)).toBe(true);
    expect(rep.heldout?.byKind.map((k) => k.name)).toEqual(['text', 'code']);
    for (const k of rep.heldout!.byKind) {
      expect(k.chance.loss).toBeCloseTo(Math.log(400), 10);
      expect(k.loss.mean).toBeGreaterThan(0);
      expect(k.loss.ci95[0]).toBeLessThanOrEqual(k.loss.mean);
    }
    expect(r.stdout).toMatch(/heldout text .*nats\/token/);
  });
});
