// The GPT on the cpu backend: shapes, initial loss ≈ ln V, learning a batch by heart, and a flat
// tensor count across training steps.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { GPT } from './gpt';
import { AdamW } from '../train/optim';
import { trainStep, type Batch } from '../train/step';
import { Rng } from '../../src/core/rng';
import { countParameters, type ModelConfig } from '../../src/core/config/model';

const cfg: ModelConfig = {
  vocabSize: 40,
  blockSize: 12,
  nLayer: 2,
  nHead: 2,
  nEmbd: 16,
  dropout: 0,
  queryLayer: false,
};

function randomBatch(seed: number, B = 4, T = cfg.blockSize): Batch {
  const rng = new Rng(seed);
  const seq = Int32Array.from({ length: B * (T + 1) }, () => rng.int(cfg.vocabSize));
  const idx = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      idx[b * T + t] = seq[b * (T + 1) + t];
      targets[b * T + t] = seq[b * (T + 1) + t + 1];
    }
  }
  return { B, T, idx, targets, weights: new Float32Array(B * T).fill(1) };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GPT', () => {
  it('has the parameters its config promises, named as GPT-2 names them', () => {
    const model = GPT.create(cfg, 1);
    expect([...model.params.keys()].slice(0, 4)).toEqual([
      'wte.weight',
      'wpe.weight',
      'h.0.ln_1.weight',
      'h.0.ln_1.bias',
    ]);
    const total = [...model.params.values()].reduce((n, v) => n + v.size, 0);
    expect(total).toBe(countParameters(cfg));
    model.dispose();
  });

  it('frees every byte it (and its optimizer) allocated when disposed', () => {
    const before = tf.memory();
    const model = GPT.create(cfg, 1);
    expect(tf.memory().numBytes - before.numBytes).toBe(countParameters(cfg) * 4);
    const opt = new AdamW(model.params);
    opt.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it('starts near ln(V) and gives logits of shape [B·T, V]', async () => {
    const model = GPT.create(cfg, 2);
    const b = randomBatch(3);
    const logits = model.forward(tf.tensor2d(b.idx, [b.B, b.T], 'int32'));
    expect(logits.shape).toEqual([b.B * b.T, cfg.vocabSize]);
    const loss = model.loss(
      tf.tensor2d(b.idx, [b.B, b.T], 'int32'),
      tf.tensor2d(b.targets, [b.B, b.T], 'int32'),
    );
    expect(Math.abs((await loss.data())[0] - Math.log(cfg.vocabSize))).toBeLessThan(0.1);
    model.dispose();
  });

  it('is causal: changing a later token leaves earlier logits unchanged', async () => {
    const model = GPT.create(cfg, 4);
    const a = Int32Array.from({ length: cfg.blockSize }, (_, i) => i % cfg.vocabSize);
    const b = a.slice();
    b[7] = 33;
    const la = await model.forward(tf.tensor2d(a, [1, cfg.blockSize], 'int32')).data();
    const lb = await model.forward(tf.tensor2d(b, [1, cfg.blockSize], 'int32')).data();
    const V = cfg.vocabSize;
    for (let i = 0; i < 7 * V; i++) expect(lb[i]).toBeCloseTo(la[i], 6);
    expect(Math.abs(lb[7 * V] - la[7 * V])).toBeGreaterThan(1e-6);
    model.dispose();
  });

  it('learns a batch by heart with a flat tensor count', async () => {
    for (const queryLayer of [false, true]) {
      const model = GPT.create({ ...cfg, queryLayer }, 5);
      const opt = new AdamW(model.params);
      const batch = randomBatch(6);
      const losses: number[] = [];
      const counts: number[] = [];
      for (let step = 0; step < 60; step++) {
        const { loss, gradNorm } = trainStep(model, opt, [batch], 1e-2, step);
        losses.push((await loss.data())[0]);
        tf.dispose([loss, gradNorm]);
        counts.push(tf.memory().numTensors);
      }
      expect(losses[59]).toBeLessThan(0.3 * losses[0]);
      expect(new Set(counts.slice(1)).size).toBe(1); // flat from step 2 on
      opt.dispose();
      model.dispose();
    }
  });

  it('averages gradients over micro-batches like one big batch', async () => {
    const big = randomBatch(8, 4);
    const half = (lo: number): Batch => ({
      B: 2,
      T: big.T,
      idx: big.idx.slice(lo * big.T, (lo + 2) * big.T),
      targets: big.targets.slice(lo * big.T, (lo + 2) * big.T),
      weights: big.weights.slice(lo * big.T, (lo + 2) * big.T),
    });
    const m1 = GPT.create(cfg, 9);
    const m2 = GPT.create(cfg, 9);
    const o1 = new AdamW(m1.params);
    const o2 = new AdamW(m2.params);
    const r1 = trainStep(m1, o1, [big], 1e-3, 0);
    const r2 = trainStep(m2, o2, [half(0), half(2)], 1e-3, 0);
    expect((await r2.loss.data())[0]).toBeCloseTo((await r1.loss.data())[0], 5);
    expect((await r2.gradNorm.data())[0]).toBeCloseTo((await r1.gradNorm.data())[0], 5);
    const w1 = await m1.exportWeights();
    const w2 = await m2.exportWeights();
    for (const name of Object.keys(w1)) {
      const a = w1[name].data;
      const b = w2[name].data;
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-6);
    }
    tf.dispose([r1.loss, r1.gradNorm, r2.loss, r2.gradNorm]);
    [o1, o2, m1, m2].forEach((x) => x.dispose());
  });
});

describe('scoreContinuation', () => {
  it('matches a direct computation, also for continuations longer than the window', async () => {
    const { scoreContinuation } = await import('./generate');
    const { trainBpe } = await import('../../src/core/tokenizer');
    const tok = trainBpe(['the cat sat on the mat. the dog ran.'], { vocabSize: 270 });
    const model = GPT.create({ ...cfg, vocabSize: tok.vocabSize }, 12);
    const context = 'the cat';
    const short = ' sat on the mat';
    const long = ' sat on the mat. the dog ran to the cat and the cat sat on the dog.';
    // Direct: one forward over the whole (short) sequence.
    const ids = [...tok.encode(context), ...tok.encode(short)];
    const row = new Int32Array(cfg.blockSize);
    row.set(ids);
    const logp = await tf.logSoftmax(model.forward(tf.tensor2d(row, [1, cfg.blockSize], 'int32'))).data();
    const V = tok.vocabSize;
    const n = tok.encode(context).length;
    let direct = 0;
    for (let k = n; k < ids.length; k++) direct += logp[(k - 1) * V + ids[k]];
    const scored = await scoreContinuation(model, tok, context, short);
    expect(scored.tokens).toBe(ids.length - n);
    expect(scored.logprobSum).toBeCloseTo(direct, 4);
    const longScore = await scoreContinuation(model, tok, context, long);
    expect(longScore.tokens).toBeGreaterThan(cfg.blockSize);
    expect(longScore.tokenLogprobs).toHaveLength(longScore.tokens);
    expect(longScore.tokenLogprobs.every((x) => x < 0 && Number.isFinite(x))).toBe(true);
    // Its first window agrees with scoring the prefix alone.
    expect(longScore.tokenLogprobs.slice(0, 3)).toEqual(
      (await scoreContinuation(model, tok, context, ' sat on')).tokenLogprobs.slice(0, 3),
    );
    model.dispose();
  });
});
