// The Hugging Face GPT-2 export against independent references: an own PyTorch GPT-2 with Hugging
// Face's parameter names (scripts/hf/gpt2_reference.py, float64) loads the exported
// model.safetensors and gives the lab's CPU logits, and its greedy continuation, decoded with the
// exported tokenizer by Tokenizers.js, is the text `cli generate --temperature 0` prints;
// Tokenizers.js encodes real text and code from datasets/ to the lab's ids and decodes them back;
// export → import → export gives byte-identical files. A random (seeded) nano model keeps it fast.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Tokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { parameterShapes, PRESETS, type ModelConfig } from '../src/core/config/model';
import { HF_FILE_NAMES, modelToCheckpoint, type LabModel } from '../src/core/hf';
import { Rng } from '../src/core/rng';
import { BpeTokenizer, trainBpe } from '../src/core/tokenizer';
import { EngineService } from '../workers/engine-service';
import { GPT } from '../workers/model/gpt';
import { registerEngineKernels } from '../workers/model/kernels';
import { nodePlatform } from '../workers/platform/node';
import { writeCheckpointDir } from './checkpoint-dir-store';
import { cli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'codemix-hf-'));
const ckpt = join(dir, 'ckpt');
const hf = join(dir, 'hf');
const SOURCES = readdirSync('datasets/generated', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** The first documents of a corpus split, up to about `bytes` characters. */
function documents(source: string, split: 'train' | 'heldout', bytes: number): string[] {
  const out: string[] = [];
  let n = 0;
  for (const line of readFileSync(`datasets/generated/${source}/${split}.jsonl`, 'utf8').split('\n')) {
    if (!line || n > bytes) break;
    const doc = JSON.parse(line) as string;
    out.push(doc);
    n += doc.length;
  }
  return out;
}

/** A seeded random model whose logits are far apart (weights well above GPT-2's 0.02 init). */
function randomModel(tok: BpeTokenizer): LabModel {
  const config: ModelConfig = { ...PRESETS.nano, vocabSize: tok.vocabSize };
  const rng = new Rng(15);
  const params: LabModel['params'] = {};
  for (const [name, shape] of parameterShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = rng.normals(n, name.endsWith('.bias') ? 0.1 : name.includes('wte') ? 1 : 0.25);
    if (/ln_.\.weight|ln_f\.weight/.test(name)) for (let i = 0; i < n; i++) data[i] += 1;
    params[name] = { shape, data };
  }
  return { config, tokenizer: tok.toJSON(), params };
}

function python(request: unknown): {
  logits?: { shape: number[]; data: number[] };
  greedy?: { ids: number[]; minMargin: number };
} {
  const out = execFileSync('/usr/bin/python3', ['scripts/hf/gpt2_reference.py', hf], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

const hfTokenizer = (from: string) =>
  new Tokenizer(
    JSON.parse(readFileSync(join(from, 'tokenizer.json'), 'utf8')),
    JSON.parse(readFileSync(join(from, 'tokenizer_config.json'), 'utf8')),
  );

let model: LabModel;
let tok: BpeTokenizer;

beforeAll(async () => {
  tok = trainBpe([...documents('world', 'train', 60_000), ...documents('lodash', 'train', 60_000)], {
    vocabSize: 700,
  });
  model = randomModel(tok);
  await writeCheckpointDir(ckpt, await modelToCheckpoint(model, 'hf-export test'));
  cli(['export-hf', ckpt, '--out', hf]);
}, 120_000);

describe('Hugging Face export', () => {
  it('export → import → export gives byte-identical files', () => {
    cli(['import-hf', hf, '--out', join(dir, 'imported')]);
    cli(['export-hf', join(dir, 'imported'), '--out', join(dir, 'hf-again')]);
    for (const name of HF_FILE_NAMES)
      expect(readFileSync(join(dir, 'hf-again', name)).equals(readFileSync(join(hf, name))), name).toBe(true);
  });

  it("a PyTorch GPT-2 with Hugging Face's names gives the lab's CPU logits within 1e-4", async () => {
    const rng = new Rng(4);
    const T = model.config.blockSize;
    const ids = [0, 1].map(() => Array.from({ length: T }, () => rng.int(model.config.vocabSize)));
    const want = python({ logits: ids }).logits!;
    expect(want.shape).toEqual([2, T, model.config.vocabSize]);

    const engine = new EngineService(nodePlatform());
    await engine.init({ backend: 'cpu' }, () => {});
    registerEngineKernels();
    const gpt = GPT.fromWeights(model.config, model.params);
    const logits = gpt.forward(tf.tensor2d(ids.flat(), [2, T], 'int32'));
    const got = await logits.data();
    let maxDiff = 0;
    let maxAbs = 0;
    for (let i = 0; i < got.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[i] - want.data[i]));
      maxAbs = Math.max(maxAbs, Math.abs(want.data[i]));
    }
    tf.dispose(logits);
    gpt.dispose();
    console.log(
      `hf export: max |logit difference| lab cpu vs torch float64 ${maxDiff.toExponential(2)} (max |logit| ${maxAbs.toFixed(2)})`,
    );
    expect(maxAbs).toBeGreaterThan(1); // logits far from zero, so the check has teeth
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('its greedy continuation, decoded with the exported tokenizer, is what cli generate prints', () => {
    const prompt = 'function debounce(func, wait) {\n  var lastArgs,';
    const hfTok = hfTokenizer(hf);
    const promptIds = hfTok.encode(prompt).ids;
    expect(promptIds).toEqual(tok.encode(prompt));
    const greedy = python({ greedy: { prompt: promptIds, maxTokens: 32 } }).greedy!;
    console.log(
      `hf export: greedy ${greedy.ids.length} tokens, smallest top-1/top-2 logit margin ${greedy.minMargin.toExponential(2)}`,
    );
    expect(greedy.ids.length).toBeGreaterThan(8);
    expect(greedy.minMargin).toBeGreaterThan(1e-3); // ties cannot decide the comparison
    const stdout = cli(['generate', ckpt, '--prompt', prompt, '--max-tokens', '32', '--temperature', '0']);
    expect(stdout).toBe(`${prompt}${hfTok.decode(greedy.ids)}\n`);
  });

  it('Tokenizers.js encodes real text and code from datasets/ to the lab’s ids and decodes them back', () => {
    const hfTok = hfTokenizer(hf);
    const texts: [string, string][] = SOURCES.map((s) => [s, documents(s, 'heldout', 40_000).join('\n')]);
    texts.push(['datasets/README.md', readFileSync('datasets/README.md', 'utf8')]);
    texts.push(['datasets/LICENSES.md', readFileSync('datasets/LICENSES.md', 'utf8')]);
    expect(SOURCES.length).toBeGreaterThanOrEqual(9);
    for (const [name, text] of texts) {
      const ours = tok.encode(text, { allowSpecial: true }); // HF always recognises added tokens
      const theirs = hfTok.encode(text).ids;
      let i = 0;
      while (i < ours.length && ours[i] === theirs[i]) i++;
      expect(i, `${name}: first differing token`).toBe(Math.max(ours.length, theirs.length));
      expect(hfTok.decode(theirs), name).toBe(text);
    }
  });
});
