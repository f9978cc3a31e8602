// The Playground's engine calls on the cpu backend, with two checkpoints of a tiny run trained a few
// steps: token losses agree with score() (a separate path: tf.logSoftmax there, float64 in JS here),
// also past the window; next-token probabilities agree with a softmax of the model's own forward;
// a checkpoint compared with itself differs by exactly zero; scoring a checkpoint leaves the
// engine's model alone; the cache holds two models and notices a checkpoint saved again.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { CheckpointRef, CheckpointStore } from '../src/core/checkpoint/store';
import type { TokenLossResult } from '../src/contract/playground';
import { BpeTokenizer } from '../src/core/tokenizer';
import { ALL_TASKS } from '../src/core/eval';
import { EngineService } from './engine-service';
import { GPT } from './model/gpt';
import { memoryCorpora } from './train/memory-corpora';
import { decodeRunCheckpoint } from './train/run-checkpoint';
import { compareResults, Playground } from './playground';

/** Checkpoints in memory; createdAt counts saves, so a checkpoint saved again looks different. */
function memoryStore(): CheckpointStore {
  const saved = new Map<string, { files: Map<string, Uint8Array>; ref: CheckpointRef }>();
  let saves = 0;
  return {
    kind: 'directory',
    list: async () => [...saved.values()].map((s) => s.ref).sort((a, b) => a.name.localeCompare(b.name)),
    save: async (name, files) => {
      const bytes = [...files.values()].reduce((n, f) => n + f.byteLength, 0);
      saved.set(name, { files: new Map(files), ref: { name, bytes, createdAt: String(++saves) } });
    },
    load: async (name) => {
      const s = saved.get(name);
      if (!s) throw new Error(`no checkpoint "${name}"`);
      return new Map(s.files);
    },
    remove: async (name) => void saved.delete(name),
  };
}

const words = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'dog', 'ran', 'to', 'park'];
const sentence = (i: number) =>
  Array.from({ length: 8 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ') + '.';
const code = (i: number) => `function f${i}(x) {\n  return x * ${i};\n}\n`;
const corpora = memoryCorpora([
  { name: 'stories', kind: 'text', train: Array.from({ length: 40 }, (_, i) => sentence(i)), heldout: ['x'] },
  { name: 'js', kind: 'code', train: Array.from({ length: 40 }, (_, i) => code(i)), heldout: ['y'] },
]);
const recipe = (steps: number) => ({
  name: 'tiny',
  seed: 5,
  model: { preset: 'nano', nLayer: 1, nEmbd: 32, nHead: 2, blockSize: 16 },
  tokenizer: { vocabSize: 280, sampleBytes: 10_000 },
  stages: [
    {
      kind: 'pretrain',
      steps,
      batchSize: 4,
      lr: 1e-2,
      warmupSteps: 1,
      sources: ['stories', 'js'],
      mix: { type: 'fixed', code: 0.3 },
      logEvery: 1,
      evalEvery: 1000,
      evalBatches: 1,
      checkpointEvery: steps,
    },
  ],
});

const store = memoryStore();
const readDataset = (path: string) => readFile(join(import.meta.dirname, '../datasets', path), 'utf8');
const engine = new EngineService({ gpu: undefined, corpora, checkpoints: store, readDataset });
const short = 'the cat sat on the mat.';
const long = 'the dog ran to the park and the cat sat on a mat. function f3(x) {\n  return x * 3;\n}\n';

beforeAll(async () => {
  await engine.init({ backend: 'cpu' }, () => {});
  await engine.train(recipe(3), () => {}, { checkpointName: 'early' });
  await engine.train(recipe(12), () => {}, { checkpointName: 'late' }); // the engine now holds this model
}, 60_000);

describe('tokenLosses', () => {
  it('sums to −score().logprobSum token by token, for a short text and one longer than the window', async () => {
    for (const text of [short, long]) {
      const losses = await engine.tokenLosses({ text });
      const [scored] = await engine.score([{ context: '', continuation: text }]);
      expect(losses.pieces.map((p) => p.text).join('')).toBe(text);
      expect(losses.pieces.length).toBe(scored.tokens);
      if (text === long) expect(losses.pieces.length).toBeGreaterThan(16); // slides past blockSize
      losses.pieces.forEach((p, i) => expect(p.loss).toBeCloseTo(-scored.tokenLogprobs[i], 4));
      expect(losses.totalLoss).toBeCloseTo(-scored.logprobSum, 3);
      expect(losses.meanLoss).toBeCloseTo(losses.totalLoss / losses.pieces.length, 10);
      expect(losses.pieces.every((p) => p.loss > 0 && Number.isFinite(p.loss))).toBe(true);
    }
  });

  it('names the checkpoint and step; an empty text has no pieces and a NaN mean', async () => {
    const r = await engine.tokenLosses({ text: short, checkpoint: 'early' });
    expect([r.checkpoint, r.step]).toEqual(['early', 3]);
    const empty = await engine.tokenLosses({ text: '' });
    expect(empty.pieces).toEqual([]);
    expect(empty.meanLoss).toBeNaN();
    await expect(engine.tokenLosses({ text: short, checkpoint: 'nope' })).rejects.toThrow(
      'no checkpoint named "nope"',
    );
  });
});

describe('nextTokens', () => {
  it('agrees with a softmax of the forward logits at the last position, and sums to at most 1', async () => {
    const c = await decodeRunCheckpoint(await store.load('early'));
    const model = GPT.fromWeights(c.config, c.params);
    const tok = BpeTokenizer.fromJSON(c.tokenizer);
    const T = c.config.blockSize;
    for (const text of ['the cat', long]) {
      const ids = [tok.eotId, ...tok.encode(text)].slice(-T);
      const row = new Int32Array(T);
      row.set(ids);
      const probs = await tf.softmax(model.forward(tf.tensor2d(row, [1, T], 'int32'))).data(); // [T·V]
      const V = c.config.vocabSize;
      const at = probs.slice((ids.length - 1) * V, ids.length * V);
      const reference = Array.from(at.keys()).sort((a, b) => at[b] - at[a]);
      const { tokens, contextTokens } = await engine.nextTokens({ text, topN: 8, checkpoint: 'early' });
      expect(contextTokens).toBe(ids.length);
      expect(tokens.map((t) => t.id)).toEqual(reference.slice(0, 8));
      tokens.forEach((t) => expect(t.prob).toBeCloseTo(at[t.id], 5));
      tokens.forEach((t) => expect(t.token).toBe(tok.decode([t.id])));
      expect(tokens.reduce((s, t) => s + t.prob, 0)).toBeLessThanOrEqual(1 + 1e-9);
      const all = await engine.nextTokens({ text, topN: V + 50, checkpoint: 'early' });
      expect(all.tokens.length).toBe(V);
      expect(all.tokens.reduce((s, t) => s + t.prob, 0)).toBeCloseTo(1, 6);
    }
    model.dispose();
    await expect(engine.nextTokens({ text: 'a', topN: 0 })).rejects.toThrow('topN');
  });
});

describe('compareLosses', () => {
  it('gives exactly zero difference for the same checkpoint twice, and a real one across steps', async () => {
    const same = await engine.compareLosses({ text: long, a: 'late', b: 'late' });
    expect(same.sameTokens).toBe(true);
    expect(same.segments.map((s) => s.diff)).toEqual(same.segments.map(() => 0));
    expect(same.diffPerChar).toBe(0);
    const across = await engine.compareLosses({ text: short, a: 'early', b: 'late' });
    expect(across.segments.map((s) => s.text).join('')).toBe(short);
    expect(across.segments.reduce((s, g) => s + g.lossA, 0)).toBeCloseTo(across.a.totalLoss, 4);
    expect(across.segments.reduce((s, g) => s + g.lossB, 0)).toBeCloseTo(across.b.totalLoss, 4);
    expect(across.diffPerChar).toBeLessThan(0); // nine more steps predict a training-like sentence better
  });

  it('leaves the model the engine holds (and generates with) as it was', async () => {
    const before = await engine.loadedModel();
    const sampling = { prompt: 'the', temperature: 0, maxTokens: 12, seed: 1 };
    const textBefore = await engine.generate(sampling, () => {});
    await engine.compareLosses({ text: short, a: 'early', b: 'late' });
    await engine.nextTokens({ text: short, checkpoint: 'early' });
    expect(await engine.loadedModel()).toEqual(before);
    expect(await engine.generate(sampling, () => {})).toBe(textBefore);
  });

  it('aligns two different tokenizations, sharing a token’s loss over its characters', () => {
    const result = (pieces: [string, number][]): TokenLossResult => ({
      pieces: pieces.map(([text, loss], id) => ({ text, id, loss })),
      meanLoss: 0,
      totalLoss: pieces.reduce((s, [, l]) => s + l, 0),
      checkpoint: null,
      step: 0,
    });
    // "é" as two tokens in a (the first completes no character), one in b.
    const a = result([
      ['ab', 2],
      ['', 0.5],
      ['é', 1],
    ]);
    const b = result([
      ['a', 1],
      ['bé', 3],
    ]);
    const c = compareResults(a, b);
    expect(c.segments.map((s) => [s.text, s.lossA, s.lossB])).toEqual([
      ['a', 1, 1],
      ['b', 1, 1.5],
      ['é', 1.5, 1.5],
    ]);
    expect(c.sameTokens).toBe(false);
    expect(c.diffPerChar).toBeCloseTo((4 - 3.5) / 3, 10);
  });
});

describe('the checkpoint cache', () => {
  it('keeps two models, drops the least recently used, and reloads a checkpoint saved again', async () => {
    await store.save('copy', await store.load('early'));
    const playground = new Playground({ held: () => null, checkpoints: () => store });
    const losses = (checkpoint: string) => playground.tokenLosses({ text: short, checkpoint });
    await losses('early');
    await losses('late');
    await losses('early');
    await losses('copy');
    expect(playground.cachedCheckpoints()).toEqual(['early', 'copy']);
    const lateLoss = (await losses('late')).totalLoss;
    expect(playground.cachedCheckpoints()).toEqual(['copy', 'late']);
    await store.save('late', await store.load('early')); // 'late' now holds the early weights
    expect((await losses('late')).totalLoss).toBe((await losses('early')).totalLoss);
    expect((await losses('late')).totalLoss).not.toBe(lateLoss);
    await expect(playground.tokenLosses({ text: short })).rejects.toThrow('no model is loaded');
    playground.dispose();
  });
});

describe('playgroundSamples', () => {
  it('writes out two items of every task of the frozen sets', async () => {
    const samples = await engine.playgroundSamples();
    expect(new Set(samples.map((s) => s.task))).toEqual(new Set(ALL_TASKS));
    expect(samples.every((s) => s.text.length > 20 && (s.level === 1 || s.level === 3))).toBe(true);
  });
});

describe('stopGenerating', () => {
  it('stops a generation on the cpu backend, where reading results never yields to other messages', async () => {
    // Seed 11 meets no end-of-text token for 150 pieces when left alone (the model is deterministic).
    const request = { prompt: 'the', temperature: 1, topK: 0, topP: 1, maxTokens: 300, seed: 11 };
    let full = 0;
    await engine.generate(request, () => full++);
    expect(full).toBeGreaterThan(120);
    let pieces = 0;
    let stopAsked = false;
    await engine.generate(request, () => {
      pieces++;
      if (!stopAsked) setTimeout(() => void engine.stopGenerating(), 0); // arrives as a new task, like a message
      stopAsked = true;
    });
    expect(pieces).toBeLessThan(full);
    expect(pieces).toBeLessThan(40);
  });
});
