// Shared test data for the run-history tests: a small valid recipe, a hand-made evaluation report
// and a run record built from real-shaped training events.
import type { EvalReport } from '../../contract/eval';
import type { TrainEvent } from '../../contract/train';
import { applyTrainEvent, createRunRecord } from './record';
import type { RunRecord } from './types';

export const recipe = {
  name: 'nano-a',
  seed: 3,
  model: { preset: 'nano', nLayer: 1, blockSize: 32 },
  tokenizer: { vocabSize: 300, sampleBytes: 40_000 },
  stages: [{ kind: 'pretrain', steps: 8, batchSize: 4, lr: 0.01, warmupSteps: 2, sources: ['world'] }],
};

/** A report with the given accuracy per task (level 'all' rows only, n items each). */
export function reportWith(acc: Record<string, number>, n = 20): EvalReport {
  return {
    suite: 'tinyreason6-v1',
    protocol: 'paper',
    cot: false,
    summary: Object.entries(acc).map(([task, a]) => ({
      task: task as EvalReport['summary'][number]['task'],
      level: 'all' as const,
      n,
      correct: Math.round(a * n),
      accuracy: a,
      chance: 0.25,
      ci95: [Math.max(0, a - 0.2), Math.min(1, a + 0.2)] as [number, number],
      aboveChance: a - 0.2 > 0.25,
    })),
    items: [
      {
        id: 'logic-1',
        task: 'logic',
        level: 1,
        format: 'mc',
        prompt: 'If it rains…',
        options: ['True', 'False', 'Unknown'],
        scores: [-1.5, -2, -3],
        prediction: 0,
        correct: true,
        chance: 1 / 3,
      },
    ],
    seconds: 1.5,
  };
}

function metrics(stage: number, step: number, loss: number): TrainEvent {
  return {
    type: 'metrics',
    stage,
    stageKind: 'pretrain',
    step,
    stageSteps: 8,
    windowSteps: 4,
    loss,
    bitsPerByte: loss / 2,
    gradNorm: 1,
    lr: 0.01,
    tokPerSec: 1000,
    codeShare: 0.3,
    mix: {},
    realisedMix: {},
    rowsBySource: {},
    scheduledCodeShare: 0.3,
    realisedCodeShare: 0.25,
    tokensBySource: {},
    numTensors: 10,
    elapsedSec: step,
  };
}

export function finishedRun(id = 'run-a', r: unknown = recipe): RunRecord {
  const run = createRunRecord({ id, recipe: r, backend: 'wasm', createdAt: '2026-01-02T03:04:05.000Z' });
  const events: TrainEvent[] = [
    metrics(0, 4, 5.5),
    metrics(0, 8, 4.5),
    { type: 'eval', stage: 0, step: 8, heldout: { world: { loss: 4.8, bitsPerByte: 2 } }, train: {} },
    { type: 'checkpoint', stage: 0, step: 8, name: id, bytes: 1234 },
    {
      type: 'done',
      summary: {
        name: 'nano-a',
        backend: 'wasm',
        steps: 8,
        tokens: 1024,
        wallSeconds: 3,
        params: 1000,
        vocabSize: 300,
        final: { heldout: { world: { loss: 4.8, bitsPerByte: 2 } }, train: {} },
        bytesPerToken: { world: 2.5 },
        stopped: false,
      },
    },
  ];
  for (const e of events) applyTrainEvent(run, e);
  return run;
}
