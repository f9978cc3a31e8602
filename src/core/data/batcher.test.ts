import { describe, expect, it } from 'vitest';
import { Batcher, heldoutBatches, type TokenSource } from './batcher';
import { codeShare, sourceWeights, type MixSchedule } from './schedule';

function source(name: string, kind: 'text' | 'code', n: number, offset: number): TokenSource {
  const train = Int32Array.from({ length: n }, (_, i) => offset + (i % 50));
  return { name, kind, train, heldout: train.slice(0, 200) };
}

const sources = [
  source('story', 'text', 5000, 0),
  source('facts', 'text', 3000, 100),
  source('js', 'code', 4000, 200),
];
const mix = sources.map((s) => ({ name: s.name, kind: s.kind, size: s.train.length }));

describe('Batcher', () => {
  it('fills rows with windows and their next-token targets', () => {
    const { batch } = new Batcher(sources, { B: 4, T: 8, seed: 1 }).next({ story: 1 });
    for (let i = 0; i < 4 * 8; i++) expect(batch.weights[i]).toBe(1);
    for (let r = 0; r < 4; r++)
      for (let t = 0; t < 7; t++) expect(batch.targets[r * 8 + t]).toBe(batch.idx[r * 8 + t + 1]);
  });

  it('is deterministic for a seed and resumes from its state', () => {
    const a = new Batcher(sources, { B: 4, T: 8, seed: 7 });
    const b = new Batcher(sources, { B: 4, T: 8, seed: 7 });
    const w = { story: 0.5, facts: 0.2, js: 0.3 };
    for (let i = 0; i < 5; i++) expect(a.next(w).batch.idx).toEqual(b.next(w).batch.idx);
    const resumed = new Batcher(sources, { B: 4, T: 8, seed: 999 }, a.getState());
    expect(resumed.next(w)).toEqual(a.next(w));
  });

  it('follows every strategy within ±2 points over any 200-step window, with exact token counts', () => {
    const schedules: MixSchedule[] = [
      { type: 'fixed', code: 0.3 },
      { type: 'paper', strategy: 'uniform' },
      { type: 'paper', strategy: 'stepwise-increase' },
      { type: 'paper', strategy: 'stepwise-decrease' },
      { type: 'linear', from: 0.05, to: 0.6 },
      { type: 'cosine', from: 0.6, to: 0.1 },
      {
        type: 'piecewise',
        points: [
          [0, 0.2],
          [0.3, 0.7],
          [1, 0.1],
        ],
      },
    ];
    const steps = 800;
    const B = 8;
    for (const schedule of schedules) {
      const batcher = new Batcher(sources, { B, T: 16, seed: 3 });
      const realised: number[] = [];
      const planned: number[] = [];
      for (let step = 0; step < steps; step++) {
        const share = codeShare(schedule, step, steps);
        const { rowSources } = batcher.next(sourceWeights(mix, share));
        realised.push(rowSources.filter((s) => s === 'js').length / B);
        planned.push(share);
      }
      for (let start = 0; start + 200 <= steps; start += 50) {
        const mean = (xs: number[]) => xs.slice(start, start + 200).reduce((a, b) => a + b, 0) / 200;
        expect(
          Math.abs(mean(realised) - mean(planned)),
          `${JSON.stringify(schedule)} at ${start}`,
        ).toBeLessThan(0.02);
      }
      const state = batcher.getState();
      expect(state.tokens.story + state.tokens.facts + state.tokens.js).toBe(steps * B * 16);
      expect(state.tokens.js).toBe(state.rows.js * 16);
    }
  });

  it('refuses a source shorter than one window', () => {
    expect(() => new Batcher([source('tiny', 'text', 5, 0)], { B: 2, T: 8, seed: 1 })).toThrow(
      /"tiny" has 5 training tokens/,
    );
  });

  it('gives the same held-out batches every time', () => {
    const a = heldoutBatches(sources[0], 4, 8, 2);
    const b = heldoutBatches(sources[0], 4, 8, 2);
    expect(a).toEqual(b);
    expect(a[0].idx).not.toEqual(a[1].idx);
  });
});

describe('documentSegments', () => {
  it('starts a new document after each end-of-text token, per row', async () => {
    const { documentSegments } = await import('./batch');
    const idx = Int32Array.from([5, 9, 0, 7, 0, 0, /* row 2 */ 0, 4, 4, 4, 0, 3]);
    const batch = { B: 2, T: 6, idx, targets: new Int32Array(12), weights: new Float32Array(12) };
    expect(Array.from(documentSegments(batch, 0))).toEqual([0, 0, 0, 1, 1, 2, 0, 1, 1, 1, 1, 2]);
  });
});
