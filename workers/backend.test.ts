// The engine's backends in Node: CPU, WASM and WebGPU (Dawn + SwiftShader) all start, report
// themselves, and pass the numerics self-test against the CPU backend.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { EngineService } from './engine-service';
import { nodePlatform } from './platform/node';
import type { EngineEvent } from '../src/contract/events';

const events: EngineEvent[] = [];
const engine = new EngineService(nodePlatform());

describe('engine backends in Node', () => {
  afterAll(() => {
    expect(events.filter((e) => e.type === 'gpu-error')).toEqual([]);
  });

  it('runs on cpu and passes the self-test', async () => {
    const info = await engine.init({ backend: 'cpu' }, (e) => events.push(e));
    expect(info.backend).toBe('cpu');
    expect(info.selfTest.passed).toBe(true);
    expect(info.selfTest.checks.map((c) => c.name)).toEqual(['matmul', 'softmax', 'gradient']);
  });

  it('runs on wasm with SIMD and passes the self-test', async () => {
    const info = await engine.init({ backend: 'wasm' }, (e) => events.push(e));
    expect(info.backend).toBe('wasm');
    expect(info.wasm?.simd).toBe(true);
    expect(info.selfTest.passed).toBe(true);
  });

  it('runs on webgpu through Dawn with a real adapter and passes the self-test', async () => {
    const info = await engine.init({ backend: 'webgpu' }, (e) => events.push(e));
    expect(info.backend).toBe('webgpu');
    expect(info.adapter?.vendor).toBeTruthy();
    expect(info.adapter?.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(info.selfTest.passed).toBe(true);
    for (const check of info.selfTest.checks) expect(check.maxAbsDiff).toBeLessThan(1e-4);
  });

  it('computes a tfjs op on webgpu equal to the cpu backend', async () => {
    await tf.setBackend('webgpu');
    tf.env().set('WEBGPU_CPU_FORWARD', false); // make the GPU kernel run even for small inputs
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const onGpu = await tf.tanh(tf.matMul(a, a, false, true)).data();
    await tf.setBackend('cpu');
    const b = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const onCpu = await tf.tanh(tf.matMul(b, b, false, true)).data();
    expect(Array.from(onGpu)).toHaveLength(4);
    Array.from(onGpu).forEach((v, i) => expect(v).toBeCloseTo(onCpu[i], 5));
  });

  it('falls back from an unavailable WebGPU to wasm under auto', async () => {
    const noGpu = new EngineService({ gpu: undefined });
    const info = await noGpu.init({ backend: 'auto' }, () => {});
    expect(info.backend).toBe('wasm');
    expect(info.fallbacks[0]).toMatchObject({ backend: 'webgpu' });
    expect(info.reason).toMatch(/webgpu unavailable/);
  });
});

describe('GPU faults become engine events', () => {
  it('reports an uncaptured validation error, then a lost device', async () => {
    const seen: EngineEvent[] = [];
    const service = new EngineService(nodePlatform());
    await service.init({ backend: 'webgpu' }, (e) => seen.push(e));
    expect(await service.simulateGpuFault('validation-error')).toBe(true);
    await expect
      .poll(() => seen.find((e) => e.type === 'gpu-error'))
      .toMatchObject({
        type: 'gpu-error',
        errorType: 'validation',
      });
    expect(await service.simulateGpuFault('device-loss')).toBe(true);
    await expect
      .poll(() => seen.find((e) => e.type === 'device-lost'))
      .toMatchObject({
        type: 'device-lost',
        reason: 'destroyed',
      });
  });

  it('says no GPU fault can be provoked off WebGPU', async () => {
    const service = new EngineService({ gpu: undefined });
    await service.init({ backend: 'cpu' }, () => {});
    expect(await service.simulateGpuFault('device-loss')).toBe(false);
  });
});
