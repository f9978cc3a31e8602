// A cluster run back into the lab: the fixture is a real run of cli/torch/train.py (see
// __fixtures__/cluster-run/README.md). Its record's series are checked against the metrics.jsonl
// lines read here independently; the record survives the run file; the model is a GPT-2 directory
// the lab imports; and every malformed directory is refused with a message naming what is wrong.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hfToCheckpoint } from '../hf';
import { writeTar } from '../hf/tar';
import { decodeCheckpoint } from '../checkpoint/format';
import { exportRunFile, parseRunFile } from './file';
import {
  CLUSTER_ORIGIN,
  ClusterRunError,
  clusterCheckpointName,
  isClusterRunFile,
  parseMetricsLines,
  readClusterRun,
  type PickedFile,
} from './cluster-run';

const ROOT = join(import.meta.dirname, '__fixtures__', 'cluster-run');
const NOW = '2026-11-26T05:00:00.000Z';

/** The fixture folder as picked files, paths under `top/` (as a folder picker gives them). */
function folder(dir = ROOT, top = 'study'): PickedFile[] {
  const out: PickedFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: `${top}/${relative(dir, p)}`, bytes: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(dir);
  return out;
}

const without = (files: PickedFile[], pred: (p: string) => boolean) => files.filter((f) => !pred(f.path));
const replace = (files: PickedFile[], path: string, text: string) =>
  files.map((f) => (f.path === path ? { path, bytes: new TextEncoder().encode(text) } : f));
const metricsText = () => readFileSync(join(ROOT, 'run', 'metrics.jsonl'), 'utf8');
const problemsOf = (files: PickedFile[]): string[] => {
  try {
    readClusterRun(files, { id: 'x', now: NOW });
  } catch (e) {
    if (e instanceof ClusterRunError) return e.problems;
    throw e;
  }
  throw new Error('expected the import to be refused');
};

describe('readClusterRun on a real train.py run', () => {
  const got = readClusterRun(folder(), { id: 'run-cluster-1', now: NOW });
  const lines = metricsText()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('makes a finished run record marked as a PyTorch cluster run, with the recipe from study.json', () => {
    const study = JSON.parse(readFileSync(join(ROOT, 'study.json'), 'utf8')) as { recipe: { name: string } };
    expect(got.runDir).toBe('study/run');
    expect(got.recipeFile).toBe('study/study.json');
    expect(got.run).toMatchObject({
      id: 'run-cluster-1',
      name: 'cluster-run-nano (PyTorch)',
      status: 'done',
      backend: null,
      createdAt: NOW,
      checkpoints: [],
      evalReports: [],
    });
    expect(got.run.origin).toBe(`${CLUSTER_ORIGIN} · cpu`);
    expect((got.run.recipe as { name: string }).name).toBe(study.recipe.name);
    expect(got.run.summary).toMatchObject({
      name: 'cluster-run-nano',
      steps: 18,
      tokens: 2304,
      stopped: false,
    });
    expect(got.run.summary!.bytesPerToken.world).toBeGreaterThan(1);
    expect(got.fitsInBrowser).toBe(true);
  });

  it("lays out the loss series as a browser run's: stages end to end, one point per train line", () => {
    // stage 0 has 12 steps (recipe-used.json), so stage 1's step s is global step 12 + s
    const train = lines.filter((l) => l.kind === 'train');
    const x = train.map((l) => (l.stage === 0 ? 0 : 12) + (l.step as number));
    expect(got.run.metrics.loss.x).toEqual(x);
    expect(got.run.metrics.loss.y).toEqual(train.map((l) => l.loss));
    expect(got.run.metrics.lr.y).toEqual(train.map((l) => l.lr));
    expect(got.run.metrics.realisedCodeShare.y).toEqual(train.map((l) => l.realisedCodeShare));
    expect(x.at(-1)).toBe(18);
    const evals = lines.filter((l) => l.kind === 'eval');
    const world = evals.filter((l) => (l.heldout as Record<string, unknown>).world);
    expect(got.run.metrics['heldout/world'].x).toEqual(
      world.map((l) => (l.stage === 0 ? 0 : 12) + (l.step as number)),
    );
    expect(got.run.metrics['heldout/world'].y).toEqual(
      world.map((l) => (l.heldout as Record<string, { loss: number }>).world.loss),
    );
  });

  it('survives the run file (export → import) with its origin', () => {
    got.run.checkpoints = ['cluster-run-nano-pytorch'];
    const back = parseRunFile(exportRunFile(got.run, {}));
    expect(back.run).toEqual(got.run);
    got.run.checkpoints = [];
  });

  it('returns the final model as a GPT-2 directory the lab imports', async () => {
    expect(Object.keys(got.model).sort()).toEqual([
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const c = await decodeCheckpoint(await hfToCheckpoint(got.model));
    expect((c.config as { vocabSize: number }).vocabSize).toBe(300);
    expect(c.step).toBe(0);
  });

  it('reads the same run from a .tar of the study folder, and from the run folder plus study.json', () => {
    const tar = writeTar(folder().map((f): [string, Uint8Array] => [f.path, f.bytes]));
    const fromTar = readClusterRun([{ path: 'cluster.tar', bytes: tar }], { id: 'run-cluster-1', now: NOW });
    expect(fromTar.run).toEqual(got.run);
    const loose = [
      ...folder(join(ROOT, 'run'), 'run'),
      { path: 'study.json', bytes: new Uint8Array(readFileSync(join(ROOT, 'study.json'))) },
    ];
    // study.json picked beside the run folder sits in the folder above run/
    expect(readClusterRun(loose, { id: 'run-cluster-1', now: NOW }).run.metrics).toEqual(got.run.metrics);
  });

  it('takes loose picked files (no folders) with the model files beside metrics.jsonl', () => {
    const loose = folder()
      .filter((f) => isClusterRunFile(f.path))
      .map((f) => ({ path: f.path.slice(f.path.lastIndexOf('/') + 1), bytes: f.bytes }));
    const got2 = readClusterRun(loose, { id: 'run-cluster-1', now: NOW });
    expect(got2.run.metrics).toEqual(got.run.metrics);
    expect(got2.model).toEqual(got.model);
  });

  it('names a free checkpoint for the model', () => {
    expect(clusterCheckpointName(got.run, [])).toBe('cluster-run-nano-pytorch');
    expect(clusterCheckpointName(got.run, ['cluster-run-nano-pytorch'])).toBe('cluster-run-nano-pytorch-2');
  });

  it('tells which picked files matter (never the shards, scripts or checkpoint.pt)', () => {
    const keep = [
      'study/run/metrics.jsonl',
      'study/study.json',
      'run/model/model.safetensors',
      'model/config.json',
      'cluster.TAR',
      'config.json',
    ];
    const skip = [
      'study/data/world/train.bin',
      'study/train.py',
      'study/run/checkpoint.pt',
      'study/init/config.json',
    ];
    expect(keep.filter(isClusterRunFile)).toEqual(keep);
    expect(skip.filter(isClusterRunFile)).toEqual([]);
    const picked = folder().filter((f) => isClusterRunFile(f.path));
    expect(picked.map((f) => f.path)).not.toContain('study/README.md'); // nor recipe-used.json
    expect(picked).toHaveLength(folder().length - 2);
  });

  it('says when a model is too big for the browser', () => {
    expect(readClusterRun(folder(), { id: 'r', browserLimitBytes: 1000 }).fitsInBrowser).toBe(false);
  });
});

describe('readClusterRun refusals', () => {
  it('refuses a folder without metrics.jsonl, or with two', () => {
    expect(problemsOf(without(folder(), (p) => p.endsWith('metrics.jsonl')))).toEqual([
      expect.stringMatching(/^no metrics\.jsonl: pick the directory train\.py wrote/),
    ]);
    const two = [...folder(), ...folder(join(ROOT, 'run'), 'other')];
    expect(problemsOf(two)[0]).toMatch(/2 metrics\.jsonl files \(.*study\/run\/metrics\.jsonl.*\): pick one/);
  });

  it('names malformed metrics lines by number, and a cut-short last line', () => {
    const rows = metricsText().trim().split('\n');
    rows[2] = '{"kind": "train", "stage": 0, "step": 6, "loss": "NaN"';
    rows[4] = JSON.stringify({ ...JSON.parse(rows[4]), loss: null });
    rows[5] = JSON.stringify({ ...JSON.parse(rows[5]), kind: 'perf' });
    rows.push('{"kind": "train", "sta');
    const problems = problemsOf(replace(folder(), 'study/run/metrics.jsonl', rows.join('\n') + '\n'));
    expect(problems).toEqual([
      expect.stringMatching(/^study\/run\/metrics\.jsonl line 3: not JSON \(/),
      'study/run/metrics.jsonl line 5: "loss" must be a finite number (found null)',
      'study/run/metrics.jsonl line 6: "kind" must be "train" or "eval" (found "perf")',
      expect.stringMatching(/line 13: not JSON .* the last line is cut short: was the run still writing\?$/),
    ]);
    expect(parseMetricsLines('\n\n').problems).toEqual(['metrics.jsonl: empty (the run logged nothing)']);
  });

  it('refuses a run without its model or summary, naming what is missing', () => {
    expect(problemsOf(without(folder(), (p) => p.includes('/model/')))).toEqual([
      expect.stringMatching(/^study\/run\/model\/: missing — train\.py writes the final model there/),
    ]);
    expect(problemsOf(without(folder(), (p) => p.endsWith('model.safetensors')))).toEqual([
      'study/run/model/: missing model.safetensors',
    ]);
    expect(problemsOf(without(folder(), (p) => p.endsWith('summary.json')))).toEqual([
      expect.stringMatching(/^study\/run\/summary\.json: missing — train\.py writes it with model\//),
    ]);
  });

  it('refuses a run without its recipe, or with another study’s', () => {
    expect(problemsOf(without(folder(), (p) => p.endsWith('study.json')))).toEqual([
      expect.stringMatching(/^no study\.json: the recipe is in the exported study's study\.json/),
    ]);
    const study = JSON.parse(readFileSync(join(ROOT, 'study.json'), 'utf8')) as {
      recipe: { stages: { steps: number }[] };
    };
    study.recipe.stages[0].steps = 10;
    expect(problemsOf(replace(folder(), 'study/study.json', JSON.stringify(study)))).toEqual([
      "metrics.jsonl: stage 0 has 12 steps, the recipe's has 10: is study.json from another study?",
    ]);
    expect(problemsOf(replace(folder(), 'study/study.json', '{"format": "x", "recipe": {}}'))[0]).toMatch(
      /^study\/study\.json: not a codemix-lab PyTorch study/,
    );
  });
});
