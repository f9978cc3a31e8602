// The four study presets: the same design (every cell, three seeds) at four scales. Each states its
// token budget per arm (budget.ts computes it from the recipes) and the training speeds its expected
// wall time is computed from, with how they were measured. `smoke` runs in seconds (tests), `demo` in
// minutes on a laptop GPU, `default` in about an hour on the command line without a GPU (WASM, Node,
// one thread, 2 cores), `full` on a real GPU.
import { ALL_TASKS } from '../eval';
import type { StudyPreset, StudyPresetId } from './types';

/** Text and code corpora of the larger presets (datasets/generated): about 1/3 of the bytes are code. */
const TEXT = ['world', 'factbook', 'spdx-licenses'];
const CODE = ['lodash', 'locutus', '30-seconds-of-code'];
const COT = {
  cotTasks: ['science', 'analogy'] as StudyPreset['eval']['cotTasks'],
  cotCells: ['NL', 'CODE', 'NL-tok'] as StudyPreset['eval']['cotCells'],
};

export const SMOKE: StudyPreset = {
  id: 'smoke',
  label: 'Smoke (tests)',
  purpose:
    'Every arm and table at a toy scale (a one-layer model, a few steps, one item per task and level): checks the pipeline end to end in seconds, says nothing about the question.',
  seeds: [1, 2, 3],
  model: { preset: 'nano', nLayer: 1, nEmbd: 32, nHead: 2, blockSize: 128 },
  largeModel: { preset: 'nano', nLayer: 2, nEmbd: 64, nHead: 2, blockSize: 128 },
  tokenizer: { vocabSize: 300, sampleBytes: 20_000 },
  textSources: ['spdx-licenses'],
  codeSources: ['30-seconds-of-code'],
  pretrain: {
    textSteps: 5,
    batchSize: 2,
    lr: 3e-3,
    warmupSteps: 1,
    evalEvery: 8,
    evalBatches: 1,
    checkpointEvery: 4,
  },
  instruct: {
    steps: 4,
    batchSize: 2,
    lr: 1e-3,
    warmupSteps: 1,
    examples: 20,
    heldoutExamples: 10,
    codeShare: 0.375,
    mineCorpora: false,
    evalEvery: 4,
    evalBatches: 1,
    checkpointEvery: 2,
  },
  // Generation capped at 12 tokens: a toy model's answers are noise anyway, and decoding dominates the
  // smoke study's time (code items decode up to 192 tokens each otherwise).
  eval: { tasks: [...ALL_TASKS], limit: 1, protocol: 'paper', heldoutDocuments: 1, maxNewTokens: 12, ...COT },
  throughput: [
    {
      backend: 'wasm',
      machine: 'Node 20, WASM 1 thread, 2-core VM (shared: load ≈ 7)',
      baseTokPerSec: 2000,
      largeTokPerSec: 1500,
      evalSecondsPerArm: 0.9,
      overheadSecondsPerArm: 1,
      source:
        'measured 2026-11-26 here: cli reproduce smoke took 51 s wall (load ≈ 6), its evaluations 33 s in all with generation capped at 12 tokens',
    },
  ],
};

export const DEMO: StudyPreset = {
  id: 'demo',
  label: 'Demo (laptop GPU, minutes)',
  purpose:
    'The whole design on a ~0.9M-parameter model for a demo: enough steps for the loss curves and the tables to take shape in minutes on a laptop GPU; differences between cells are mostly inside the seeds’ spread.',
  seeds: [1, 2, 3],
  model: { preset: 'micro', blockSize: 128 },
  largeModel: { preset: 'micro', nLayer: 10, nEmbd: 192, nHead: 6, blockSize: 128 },
  tokenizer: { vocabSize: 1024, sampleBytes: 500_000 },
  textSources: TEXT,
  codeSources: CODE,
  pretrain: {
    textSteps: 100,
    batchSize: 16,
    lr: 3e-3,
    warmupSteps: 10,
    evalEvery: 60,
    evalBatches: 2,
    checkpointEvery: 60,
  },
  instruct: {
    steps: 40,
    batchSize: 16,
    lr: 1e-3,
    warmupSteps: 5,
    examples: 1000,
    heldoutExamples: 100,
    codeShare: 0.375,
    mineCorpora: true,
    evalEvery: 60,
    evalBatches: 2,
    checkpointEvery: 30,
  },
  eval: {
    tasks: [...ALL_TASKS],
    limit: 5,
    taskLimits: { codegen: 1, extractive: 3 },
    protocol: 'paper',
    heldoutDocuments: 4,
    ...COT,
  },
  throughput: [
    {
      backend: 'webgpu',
      machine: 'laptop GPU',
      baseTokPerSec: 40000,
      largeTokPerSec: 12000,
      evalSecondsPerArm: 8,
      overheadSecondsPerArm: 3,
      source: 'estimate, not measured (no GPU here): re-measure with npm run bench:browser and update',
    },
    {
      backend: 'wasm',
      machine: 'Node 20, WASM 1 thread, 2-core VM',
      baseTokPerSec: 1200,
      largeTokPerSec: 360,
      evalSecondsPerArm: 30,
      overheadSecondsPerArm: 6,
      source:
        'extrapolated from the default preset’s measurements (its 5× model is this base model: 1060–1490 tok/s) and parameter counts',
    },
  ],
};

export const DEFAULT: StudyPreset = {
  id: 'default',
  label: 'Default (CLI, 2 cores, no GPU, ~1 h)',
  purpose:
    'The whole design on a ~0.17M-parameter model (the 5× arm ~0.9M), three seeds, sized to finish in about an hour on the command line of a 2-core machine without a GPU (WASM, one thread), evaluation included.',
  seeds: [1, 2, 3],
  model: { preset: 'nano', blockSize: 128 },
  largeModel: { preset: 'micro', blockSize: 128 },
  tokenizer: { vocabSize: 1024, sampleBytes: 500_000 },
  textSources: TEXT,
  codeSources: CODE,
  pretrain: {
    textSteps: 180,
    batchSize: 8,
    lr: 3e-3,
    warmupSteps: 10,
    evalEvery: 60,
    evalBatches: 2,
    checkpointEvery: 60,
  },
  instruct: {
    steps: 72,
    batchSize: 8,
    lr: 1e-3,
    warmupSteps: 4,
    examples: 500,
    heldoutExamples: 50,
    codeShare: 0.375,
    mineCorpora: true,
    evalEvery: 36,
    evalBatches: 2,
    checkpointEvery: 36,
  },
  eval: {
    tasks: [...ALL_TASKS],
    limit: 10,
    taskLimits: { codegen: 1, extractive: 3 },
    protocol: 'paper',
    heldoutDocuments: 4,
    ...COT,
  },
  throughput: [
    {
      backend: 'wasm',
      machine: 'Node 20, WASM 1 thread, 2-core VM (shared: load ≈ 6)',
      baseTokPerSec: 4500,
      largeTokPerSec: 1200,
      evalSecondsPerArm: 30,
      overheadSecondsPerArm: 6,
      source:
        'measured 2026-11-26 here: cli train of the NL and NL-5x recipes (4250–4680 and 1060–1490 tok/s), cli reproduce default for NL.s1/NN.s1 (set-up ≈ 2–6 s per arm; ranking 80 items ≈ 2.4 s; decoding ≈ 24 ms per generated token)',
    },
    {
      backend: 'webgpu',
      machine: 'laptop GPU',
      baseTokPerSec: 30000,
      largeTokPerSec: 15000,
      evalSecondsPerArm: 15,
      overheadSecondsPerArm: 4,
      source: 'estimate, not measured (no GPU here): at this size per-step overheads dominate',
    },
  ],
};

export const FULL: StudyPreset = {
  id: 'full',
  label: 'Full (real GPU)',
  purpose:
    'The whole design on a ~5M-parameter model (the 5× arm ~29M) with every corpus and every evaluation item, for a real GPU.',
  seeds: [1, 2, 3],
  model: { preset: 'mini', blockSize: 256 },
  largeModel: { preset: 'mini', nLayer: 9, nEmbd: 512, nHead: 8, blockSize: 256 },
  tokenizer: { vocabSize: 2048, sampleBytes: 2_000_000 },
  textSources: [...TEXT, 'wordnet'],
  codeSources: [...CODE, 'eslint', 'svelte'],
  pretrain: {
    textSteps: 3000,
    batchSize: 32,
    lr: 1e-3,
    warmupSteps: 100,
    evalEvery: 500,
    evalBatches: 4,
    checkpointEvery: 500,
  },
  instruct: {
    steps: 600,
    batchSize: 32,
    lr: 2e-4,
    warmupSteps: 30,
    examples: 20_000,
    heldoutExamples: 500,
    codeShare: 0.375,
    mineCorpora: true,
    evalEvery: 200,
    evalBatches: 4,
    checkpointEvery: 200,
  },
  eval: { tasks: [...ALL_TASKS], limit: 1000, protocol: 'paper', heldoutDocuments: 16, ...COT },
  throughput: [
    {
      backend: 'webgpu',
      machine: 'desktop GPU',
      baseTokPerSec: 100000,
      largeTokPerSec: 20000,
      evalSecondsPerArm: 120,
      overheadSecondsPerArm: 20,
      source: 'estimate, not measured (no GPU here): re-measure with npm run bench:browser and update',
    },
    {
      backend: 'wasm',
      machine: 'Node 20, WASM 1 thread, 2-core VM',
      baseTokPerSec: 250,
      largeTokPerSec: 50,
      evalSecondsPerArm: 1500,
      overheadSecondsPerArm: 30,
      source:
        'extrapolated from the measured default preset by parameter count: not a machine for this preset',
    },
  ],
};

export const STUDY_PRESETS: Record<StudyPresetId, StudyPreset> = {
  smoke: SMOKE,
  demo: DEMO,
  default: DEFAULT,
  full: FULL,
};

export const STUDY_PRESET_IDS = Object.keys(STUDY_PRESETS) as StudyPresetId[];
