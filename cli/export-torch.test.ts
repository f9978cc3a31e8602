// The PyTorch study export end to end: `cli export-torch` writes a study, and its train.py (Debian's
// python3-torch, CPU, 2 ranks over gloo launched with the env:// variables, as torchrun would)
// (a) replaying the lab's first 20 steps gives the lab CPU engine's losses (`cli train --backend cpu`
//     of the same recipe: both stages, gradient accumulation, segment masks) within 1e-4 relative,
//     and its own batcher draws exactly the batches it replays;
// (b) without replay, realises the schedule's code/text mix over 200 steps within ±2 points;
// (c) stopped and resumed, continues with the same losses as an uninterrupted run;
// (d) prepare.py's encoder gives the lab's ids for real and awkward text, and train.py trains on what it adds.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../src/core/tokenizer';
import { fromHuggingFaceJson } from '../src/core/hf';
import { tokenizeDocuments } from '../workers/train/prepare';
import { decodeShard, encodeShard } from '../workers/export/shard';
import { readSafetensors } from '../src/core/checkpoint/safetensors';
import { mixReport } from './commands/mix-report';
import { cli, runCli } from './run-cli';

const PYTHON = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'codemix-torch-'));
const STUDY = 'cli/fixtures/torch-study-nano.json';
const MIX = 'cli/fixtures/torch-mix-nano.json';

interface Line {
  kind: string;
  stage: number;
  step: number;
  windowSteps: number;
  loss: number;
  heldout: Record<string, { loss: number }>;
  rowsBySource: Record<string, number>;
  scheduledCodeShare: number;
  realisedCodeShare: number;
  tokensBySource: Record<string, number>;
}

const readLines = (path: string): Line[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

/** Runs train.py on `ranks` CPU processes joined over gloo by the env:// variables; resolves with rank 0's summary. */
async function torchRun(study: string, args: string[], ranks = 2): Promise<Record<string, unknown>> {
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const runs = Array.from({ length: ranks }, (_, rank) => {
    const child = spawn(PYTHON, [join(study, 'train.py'), '--device', 'cpu', ...args], {
      env: {
        ...process.env,
        OMP_NUM_THREADS: '1',
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: port,
        WORLD_SIZE: String(ranks),
        RANK: String(rank),
        LOCAL_RANK: String(rank),
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    return new Promise<string>((resolve, reject) =>
      child.on('close', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`train.py rank ${rank} exited ${code}:\n${err}`)),
      ),
    );
  });
  const outs = await Promise.all(runs);
  return JSON.parse(outs[0].trim().split('\n').pop()!) as Record<string, unknown>;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('shard layout', () => {
  it('round-trips, and refuses values that do not fit or a damaged header', () => {
    const bytes = encodeShard([0, 1, 65535, 7], 'uint16', 320);
    expect(bytes.length).toBe(32 + 8);
    expect(decodeShard(bytes)).toEqual({ dtype: 'uint16', vocab: 320, values: [0, 1, 65535, 7] });
    expect(() => encodeShard([65536], 'uint16')).toThrow(/65536 at index 0 does not fit in uint16/);
    expect(() => decodeShard(bytes.subarray(0, 38), 'x.bin')).toThrow(/x\.bin: header says 4 elements/);
    const bad = bytes.slice();
    bad[0] = 0;
    expect(() => decodeShard(bad, 'y.bin')).toThrow(/y\.bin: not a codemix shard/);
  });
});

describe('export-torch refusals', () => {
  it('refuses a model GPT-2 cannot express and a bad --replay-batches, naming them (exit 2)', () => {
    const path = join(dir, 'query-layer.json');
    const recipe = JSON.parse(readFileSync(MIX, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...recipe, model: { ...recipe.model, queryLayer: true } }));
    const q = runCli(['export-torch', path, '--out', join(dir, 'refused')]);
    expect(q.status).toBe(2);
    expect(q.stderr).toMatch(/queryLayer.*query layer.*GPT-2 cannot express/);
    const r = runCli(['export-torch', MIX, '--out', join(dir, 'refused'), '--replay-batches', '-3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--replay-batches must be a whole number of steps \(got -3\)/);
  });
});

describe('export-torch → train.py (PyTorch, 2 ranks over gloo)', () => {
  const study = join(dir, 'study');

  it("(a) replaying the lab's first 20 batches gives the lab CPU engine's losses within 1e-4", async () => {
    cli(['export-torch', STUDY, '--out', study, '--replay-batches', '20']);
    cli(['train', STUDY, '--out', join(dir, 'lab'), '--backend', 'cpu']);
    const summary = await torchRun(study, ['--replay', '--out', join(dir, 'replay')]);
    expect(summary).toMatchObject({ replayedSteps: 20, replayMismatches: 0, world: 2 });
    const lab = readLines(join(dir, 'lab', 'metrics.jsonl'));
    const py = readLines(join(dir, 'replay', 'metrics.jsonl'));
    const pyTrain = py.filter((l) => l.kind === 'train');
    expect(pyTrain).toHaveLength(20); // logEvery 1: one line per step
    // The lab throttles metrics to ~10/s, so one of its lines may cover several steps: compare means.
    let step = 0;
    let worst = 0;
    for (const l of lab.filter((x) => x.kind === 'train')) {
      const mine = pyTrain.slice(step, step + l.windowSteps);
      step += l.windowSteps;
      const mean = mine.reduce((n, x) => n + x.loss, 0) / mine.length;
      worst = Math.max(worst, rel(mean, l.loss));
      expect(mine.at(-1)!.tokensBySource).toEqual(l.tokensBySource);
    }
    expect(step).toBe(20);
    expect(worst).toBeLessThan(1e-4);
    const labEvals = lab.filter((x) => x.kind === 'eval');
    const pyEvals = py.filter((x) => x.kind === 'eval');
    expect(pyEvals.map((e) => [e.stage, e.step])).toEqual(labEvals.map((e) => [e.stage, e.step]));
    labEvals.forEach((e, i) => {
      expect(Object.keys(pyEvals[i].heldout).sort()).toEqual(Object.keys(e.heldout).sort());
      for (const [k, v] of Object.entries(e.heldout))
        expect(rel(pyEvals[i].heldout[k].loss, v.loss)).toBeLessThan(1e-4);
    });
    // Back into the lab: train.py's final model/ is a GPT-2 directory import-hf takes, and its weights
    // are the lab's after the same 20 steps (AdamW turns float32 rounding into up-to-lr differences
    // where gradients are near zero, so the bound is absolute and loose).
    cli(['import-hf', join(dir, 'replay', 'model'), '--out', join(dir, 'imported')]);
    cli(['export-hf', join(dir, 'lab', 'checkpoint'), '--out', join(dir, 'lab-hf')]);
    const tensors = (p: string) => readSafetensors(readFileSync(join(p, 'model.safetensors'))).tensors;
    const mine = tensors(join(dir, 'replay', 'model'));
    const theirs = tensors(join(dir, 'lab-hf'));
    expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
    let weightDiff = 0;
    for (const [name, t] of Object.entries(theirs)) {
      const other = mine[name].data as Float32Array;
      (t.data as Float32Array).forEach((v, i) => (weightDiff = Math.max(weightDiff, Math.abs(v - other[i]))));
    }
    expect(weightDiff).toBeLessThan(1e-3);
    expect(readFileSync(join(study, 'tokenizer.json'))).toEqual(
      readFileSync(join(dir, 'lab-hf', 'tokenizer.json')),
    );
    process.stderr.write(
      `export-torch (a): max relative loss difference over 20 steps ${worst.toExponential(2)}, final weights max |Δ| ${weightDiff.toExponential(2)}\n`,
    );
  }, 240_000);

  it('(c) stopped after 15 steps (inside the instruct stage) and resumed, continues with the same losses', async () => {
    const full = join(dir, 'full');
    const part = join(dir, 'part');
    await torchRun(study, ['--out', full]);
    const stopped = await torchRun(study, ['--out', part, '--stop-after', '15']);
    expect(stopped).toMatchObject({ stopped: true, steps: 15 });
    await torchRun(study, ['--out', part, '--resume']);
    const losses = (p: string) =>
      readLines(join(p, 'metrics.jsonl'))
        .filter((l) => l.kind === 'train')
        .map((l) => [l.stage, l.step, l.loss]);
    const a = losses(full);
    const b = losses(part);
    expect(b.map((x) => x.slice(0, 2))).toEqual(a.map((x) => x.slice(0, 2)));
    b.forEach((x, i) => expect(rel(x[2], a[i][2])).toBeLessThan(1e-6));
  }, 120_000);

  it('(b) without replay, the realised code/text mix over 200 steps is within ±2 points of the schedule', async () => {
    const mixStudy = join(dir, 'mix-study');
    cli(['export-torch', MIX, '--out', mixStudy]);
    await torchRun(mixStudy, ['--out', join(dir, 'mix')]);
    const lines = readLines(join(dir, 'mix', 'metrics.jsonl')).filter((l) => l.kind === 'train');
    const code = new Set(['lodash']);
    const realised = (ls: Line[]) => {
      let rows = 0;
      let codeRows = 0;
      for (const l of ls)
        for (const [s, n] of Object.entries(l.rowsBySource)) {
          rows += n;
          if (code.has(s)) codeRows += n;
        }
      return codeRows / rows;
    };
    const scheduled = (ls: Line[]) =>
      ls.reduce((n, l) => n + l.scheduledCodeShare * l.windowSteps, 0) /
      ls.reduce((n, l) => n + l.windowSteps, 0);
    expect(lines.reduce((n, l) => n + l.windowSteps, 0)).toBe(200);
    expect(Math.abs(realised(lines) - scheduled(lines))).toBeLessThanOrEqual(0.02);
    // The paper's stepwise increase: 30, 30, 40, 50 % code in four phases of 50 steps.
    [0.3, 0.3, 0.4, 0.5].forEach((share, phase) => {
      const ls = lines.filter((l) => l.step > phase * 50 && l.step <= (phase + 1) * 50);
      expect(Math.abs(realised(ls) - share)).toBeLessThanOrEqual(0.02);
    });
    // The lab's own mix report reads train.py's metrics.jsonl as it reads a lab run's.
    const [report] = mixReport(readLines(join(dir, 'mix', 'metrics.jsonl')), 200);
    expect(report.whole.rows).toBe(1600);
    expect(report.windows.maxAbsDiffPp).toBeLessThanOrEqual(2);
    process.stderr.write(
      `export-torch (b): realised code share ${(100 * realised(lines)).toFixed(2)} % vs scheduled ${(100 * scheduled(lines)).toFixed(2)} %\n`,
    );
  }, 120_000);

  it("(d) prepare.py encodes real and awkward text to the lab tokenizer's ids; train.py trains on it", async () => {
    const tok = BpeTokenizer.fromJSON(
      fromHuggingFaceJson(JSON.parse(readFileSync(join(study, 'tokenizer.json'), 'utf8'))),
    );
    const docs = [
      ...readFileSync('datasets/generated/lodash/heldout.jsonl', 'utf8')
        .trim()
        .split('\n')
        .slice(0, 40)
        .map((l) => JSON.parse(l) as string),
      "It's we'LL they've I'M you're 'twas don't",
      'Café naïve Ünïcödé — «quotes» 1234567 ١٢٣ 三四五 日本語テキスト 😀 emoji\u00a0nbsp\u2028sep\u3000wide',
      'def f(x):\r\n\tif x:\n        return  x  \n\n\n   \t\n<|endoftext|> spaces   at end   ',
      '   leading\n\n  \n x=1;y=2 // ok?!... 3.14e-10 0xFF __proto__',
    ];
    const input = join(dir, 'docs.jsonl');
    writeFileSync(input, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const r = spawnSync(
      PYTHON,
      [
        join(study, 'prepare.py'),
        '--name',
        'mine',
        '--kind',
        'code',
        '--heldout-every',
        '0',
        '--workers',
        '1',
        input,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const got = decodeShard(readFileSync(join(study, 'data', 'mine', 'train.bin')));
    expect(got.values).toEqual(Array.from(tokenizeDocuments(tok, docs)));
    const registered = JSON.parse(readFileSync(join(study, 'study.json'), 'utf8')).sources.mine;
    expect(registered).toMatchObject({ kind: 'code', train: 'data/mine/train.bin' });
    // Added to stage 0 (with a held-out split), the source is drawn from by the cluster run.
    const more = spawnSync(
      PYTHON,
      [
        join(study, 'prepare.py'),
        '--name',
        'more',
        '--kind',
        'code',
        '--heldout-every',
        '2',
        '--add-to-stage',
        '0',
        '--workers',
        '2',
        input,
      ],
      { encoding: 'utf8' },
    );
    expect(more.status, more.stderr).toBe(0);
    await torchRun(study, ['--out', join(dir, 'more'), '--stop-after', '4'], 1);
    const lines = readLines(join(dir, 'more', 'metrics.jsonl')).filter((l) => l.kind === 'train');
    expect(lines).toHaveLength(4);
    expect(lines.reduce((n, l) => n + l.rowsBySource.more, 0)).toBeGreaterThan(0);
  }, 60_000);
});
