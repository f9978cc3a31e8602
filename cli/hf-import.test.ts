// Importing Hugging Face GPT-2 directories: an import is a checkpoint that `cli eval` evaluates and
// `cli train --resume` fine-tunes from its weights; the engine's importHf/exportHf round-trip; and
// every malformed input (a part GPT-2 cannot express, missing files, shapes that disagree with
// config.json, a damaged model.safetensors or checkpoint) is refused with its message, exit 2, and
// nothing written.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parameterShapes, PRESETS, type ModelConfig } from '../src/core/config/model';
import * as tf from '@tensorflow/tfjs-core';
import {
  exportGpt2,
  HF_FILES,
  importGpt2,
  modelToCheckpoint,
  readHfTokenizer,
  type LabModel,
} from '../src/core/hf';
import { Rng } from '../src/core/rng';
import { BpeTokenizer, trainBpe } from '../src/core/tokenizer';
import { EngineService } from '../workers/engine-service';
import { GPT } from '../workers/model/gpt';
import { registerEngineKernels } from '../workers/model/kernels';
import { nodePlatform } from '../workers/platform/node';
import { DirCheckpointStore, writeCheckpointDir } from './checkpoint-dir-store';
import { cli, runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'codemix-hf-import-'));
const hf = join(dir, 'hf');

function randomModel(config: Partial<ModelConfig> = {}): LabModel {
  const world = readFileSync('datasets/generated/world/train.jsonl', 'utf8').slice(0, 80_000);
  const tok = trainBpe([world], { vocabSize: 400 });
  const cfg: ModelConfig = { ...PRESETS.nano, vocabSize: tok.vocabSize, ...config };
  const rng = new Rng(8);
  const params: LabModel['params'] = {};
  for (const [name, shape] of parameterShapes(cfg))
    params[name] = {
      shape,
      data: rng.normals(
        shape.reduce((a, b) => a * b, 1),
        name.includes('wte') ? 1 : 0.2,
      ),
    };
  return { config: cfg, tokenizer: tok.toJSON(), params };
}

let files: Map<string, Uint8Array>;

/** A copy of the exported directory with one file replaced (or left out, for undefined). */
function variant(name: string, file: string, bytes: Uint8Array | undefined): string {
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  for (const [n, b] of files) if (n !== file) writeFileSync(join(out, n), b);
  if (bytes) writeFileSync(join(out, file), bytes);
  return out;
}

function refused(args: string[], message: RegExp, out: string): void {
  const r = runCli(args);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(existsSync(out)).toBe(false);
}

beforeAll(() => {
  files = exportGpt2(randomModel());
  mkdirSync(hf);
  for (const [n, b] of files) writeFileSync(join(hf, n), b);
}, 60_000);

describe('import-hf', () => {
  it('makes a checkpoint that cli eval evaluates and cli train --resume fine-tunes from its weights', () => {
    const run = join(dir, 'run');
    cli(['import-hf', hf, '--out', join(run, 'checkpoint')]);
    cli([
      'eval',
      join(run, 'checkpoint'),
      '--tasks',
      'logic',
      '--limit',
      '1',
      '--no-heldout',
      '--out',
      join(dir, 'report.json'),
    ]);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.summary.length).toBeGreaterThan(0);
    expect(report.summary[0]).toMatchObject({ task: 'logic', n: 1 });

    const recipe = {
      name: 'fine-tune-import',
      model: { preset: 'nano' },
      tokenizer: { vocabSize: 400 },
      stages: [
        {
          kind: 'pretrain',
          steps: 2,
          batchSize: 2,
          warmupSteps: 1,
          sources: ['world'],
          logEvery: 1,
          evalEvery: 2,
          evalBatches: 1,
        },
      ],
    };
    writeFileSync(join(dir, 'ft.json'), JSON.stringify(recipe));
    cli(['train', join(dir, 'ft.json'), '--out', run, '--backend', 'cpu', '--resume']);
    const steps = readFileSync(join(run, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.kind === 'train');
    expect(steps.map((s) => s.step)).toEqual([1, 2]);
    // A fresh model starts near ln V ≈ 6; the imported random weights (wte std 1) are far worse.
    expect(steps[0].loss).toBeGreaterThan(Math.log(400) + 2);
    const manifest = JSON.parse(readFileSync(join(run, 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(manifest.step).toBe(2);
  });

  it('refuses what it cannot import, naming the file and field, and writes nothing', () => {
    const cfg = JSON.parse(new TextDecoder().decode(files.get(HF_FILES.config)));
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    refused(
      ['import-hf', variant('no-tok', HF_FILES.tokenizer, undefined), '--out', join(dir, 'o1')],
      /tokenizer\.json: is missing/,
      join(dir, 'o1'),
    );
    refused(
      [
        'import-hf',
        variant('wide', HF_FILES.config, enc({ ...cfg, n_embd: 128, n_head: 2 })),
        '--out',
        join(dir, 'o2'),
      ],
      /model\.safetensors \(transformer\.wte\.weight\): has shape \[400, 64\] but config\.json has .*n_embd 128/,
      join(dir, 'o2'),
    );
    refused(
      [
        'import-hf',
        variant('opt', HF_FILES.config, enc({ ...cfg, model_type: 'opt' })),
        '--out',
        join(dir, 'o3'),
      ],
      /config\.json \(model_type\): is "opt"; only "gpt2"/,
      join(dir, 'o3'),
    );
    const st = files.get(HF_FILES.model)!.slice();
    st[9] = 0x20; // the header no longer parses as the same JSON
    refused(
      ['import-hf', variant('bad-st', HF_FILES.model, st), '--out', join(dir, 'o4')],
      /model\.safetensors: safetensors: header/,
      join(dir, 'o4'),
    );
    refused(
      ['import-hf', join(dir, 'nowhere'), '--out', join(dir, 'o5')],
      /cannot read the directory/,
      join(dir, 'o5'),
    );
  });
});

describe('a GPT-2 made by transformers and tokenizers (scripts/hf/make_foreign_fixture.py)', () => {
  const FOREIGN = 'scripts/hf/fixtures/foreign-gpt2';
  const expected = JSON.parse(readFileSync(join(FOREIGN, 'expected.json'), 'utf8')) as {
    prompt: string;
    promptIds: number[];
    greedyIds: number[];
    greedyText: string;
  };

  it('imports renumbered (its own ids: special first, bytes in alphabet order) and generates what transformers generated', () => {
    const tokJson = JSON.parse(readFileSync(join(FOREIGN, 'tokenizer.json'), 'utf8'));
    expect(tokJson.added_tokens[0]).toMatchObject({ id: 0, content: '<|endoftext|>' });
    const { labId, identity, tokenizer } = readHfTokenizer(tokJson);
    expect(identity).toBe(false);
    const tok = BpeTokenizer.fromJSON(tokenizer);
    expect(tok.encode(expected.prompt)).toEqual(expected.promptIds.map((id) => labId[id]));
    const out = join(dir, 'foreign');
    cli(['import-hf', FOREIGN, '--out', out]);
    const stdout = cli([
      'generate',
      out,
      '--prompt',
      expected.prompt,
      '--max-tokens',
      '16',
      '--temperature',
      '0',
    ]);
    expect(stdout).toBe(`${expected.prompt}${expected.greedyText}\n`);
  });

  it("gives the reference PyTorch GPT-2's logits, column for column through the renumbering", async () => {
    const files = new Map(
      ['config.json', 'model.safetensors', 'tokenizer.json'].map((n) => [
        n,
        new Uint8Array(readFileSync(join(FOREIGN, n))),
      ]),
    );
    const model = importGpt2(files);
    const { labId } = readHfTokenizer(JSON.parse(readFileSync(join(FOREIGN, 'tokenizer.json'), 'utf8')));
    const ids = expected.promptIds;
    const ref = JSON.parse(
      execFileSync('/usr/bin/python3', ['scripts/hf/gpt2_reference.py', FOREIGN], {
        input: JSON.stringify({ logits: [ids] }),
        encoding: 'utf8',
      }),
    ).logits as { shape: number[]; data: number[] };
    const engine = new EngineService(nodePlatform());
    await engine.init({ backend: 'cpu' }, () => {});
    registerEngineKernels();
    const gpt = GPT.fromWeights(model.config, model.params);
    const logits = gpt.forward(
      tf.tensor2d(
        ids.map((id) => labId[id]),
        [1, ids.length],
        'int32',
      ),
    );
    const got = await logits.data();
    const V = model.config.vocabSize;
    let maxDiff = 0;
    for (let t = 0; t < ids.length; t++)
      for (let h = 0; h < V; h++)
        maxDiff = Math.max(maxDiff, Math.abs(got[t * V + labId[h]] - ref.data[t * V + h]));
    tf.dispose(logits);
    gpt.dispose();
    console.log(
      `hf import (transformers-made GPT-2): max |logit difference| lab cpu vs torch float64 ${maxDiff.toExponential(2)}`,
    );
    expect(maxDiff).toBeLessThan(1e-4);
  });
});

describe('export-hf refusals', () => {
  it('names the PanGu-α query layer, and a damaged checkpoint file', async () => {
    const pangu = join(dir, 'pangu');
    await writeCheckpointDir(pangu, await modelToCheckpoint(randomModel({ queryLayer: true })));
    refused(
      ['export-hf', pangu, '--out', join(dir, 'e1')],
      /PanGu-α's query layer \(model\.queryLayer: true\), which GPT-2 cannot express/,
      join(dir, 'e1'),
    );
    const damaged = join(dir, 'damaged');
    await writeCheckpointDir(damaged, await modelToCheckpoint(randomModel()));
    const weights = readFileSync(join(damaged, 'model.safetensors'));
    weights[weights.length - 1] ^= 0xff;
    writeFileSync(join(damaged, 'model.safetensors'), weights);
    refused(['export-hf', damaged, '--out', join(dir, 'e2')], /model\.safetensors/, join(dir, 'e2'));
  }, 60_000);
});

describe('the engine API', () => {
  it('importHf stores a checkpoint that loads and exportHf gives the same files back; bad files store nothing', async () => {
    const root = join(dir, 'engine-store');
    const engine = new EngineService({ ...nodePlatform(), checkpoints: new DirCheckpointStore(root) });
    await engine.init({ backend: 'cpu' }, () => {});
    const info = await engine.importHf('from-hf', Object.fromEntries(files));
    expect(info).toMatchObject({ name: 'from-hf', step: 0 });
    expect(await engine.loadCheckpoint('from-hf')).toMatchObject({ vocabSize: 400, blockSize: 64, step: 0 });
    const again = await engine.exportHf('from-hf');
    for (const [n, b] of files) expect(again[n], n).toEqual(b);
    const { [HF_FILES.model]: _dropped, ...incomplete } = Object.fromEntries(files);
    await expect(engine.importHf('broken', incomplete)).rejects.toThrow(/model\.safetensors: is missing/);
    expect((await engine.listCheckpoints()).map((c) => c.name)).toEqual(['from-hf']);
  });
});
