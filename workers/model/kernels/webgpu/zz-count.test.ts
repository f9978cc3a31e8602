import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { EngineService } from '../../../engine-service';
import { nodePlatform } from '../../../platform/node';
import { PRESETS } from '../../../../src/core/config/model';
import { GPT } from '../../gpt';
import { AdamW } from '../../../train/optim';
import { trainStep } from '../../../train/step';
import * as names from '../names';

async function count(B: number, T: number) {
  const cfg = PRESETS.micro;
  const model = GPT.create(cfg, 1);
  const opt = new AdamW(model.params);
  const idx = Int32Array.from({ length: B * T }, (_, i) => (i * 7) % cfg.vocabSize);
  const batch = { B, T, idx, targets: idx, weights: new Float32Array(B * T).fill(1) };
  const t0 = performance.now();
  const prof = await tf.profile(async () => {
    const r = trainStep(model, opt, [batch], 1e-3, 0);
    await r.loss.data();
    tf.dispose([r.loss, r.gradNorm]);
  });
  const counts: Record<string, number> = {};
  for (const k of prof.kernels) counts[k.name] = (counts[k.name] ?? 0) + 1;
  console.log(
    B,
    T,
    'kernels',
    prof.kernels.length,
    (performance.now() - t0).toFixed(0),
    'ms',
    JSON.stringify(Object.entries(counts).sort((a, b) => b[1] - a[1])),
  );
  opt.dispose();
  model.dispose();
}

it('counts', async () => {
  await new EngineService(nodePlatform()).init({ backend: 'webgpu' }, (e) => console.log(e));
  await count(1, 8);
  await count(2, 64);
  for (const n of Object.values(names)) tf.unregisterKernel(n, 'webgpu');
  await count(1, 8);
  await count(2, 64);
}, 900_000);
