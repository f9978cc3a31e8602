// The Train page's live figures: the newest metrics and perf events win, memory is the backend's
// headline figure, and preparation messages show only before the first step.
import { describe, expect, it } from 'vitest';
import type { MetricsEvent, PerfEvent, TrainEvent } from '../../contract/train';
import { liveFigures, memoryLines, mib, show } from './live-figures';

const metrics = (step: number, loss: number): MetricsEvent =>
  ({ type: 'metrics', stage: 0, stageKind: 'pretrain', step, loss, tokPerSec: 111 }) as MetricsEvent;
const perf = (step: number, msPerStep: number, heap: number | null): PerfEvent => ({
  type: 'perf',
  stage: 0,
  step,
  msPerStep,
  tokPerSec: 1000 / msPerStep,
  kernelsPerStep: 355,
  mfu: 0.25,
  peakGflops: 40,
  peakMemory: { tensorBytes: 1 << 20, wasmHeapBytes: heap, gpuBytesAllocated: null, gpuBytesInUse: null },
});
const progress: TrainEvent = {
  type: 'progress',
  phase: 'tokenizer',
  done: 0,
  total: 1,
  message: 'Training BPE',
};

describe('liveFigures', () => {
  it('is empty before anything, and shows preparation until the first step', () => {
    expect(liveFigures([])).toMatchObject({ step: null, tokPerSec: null, memory: null, preparing: null });
    expect(liveFigures([progress]).preparing).toBe('Training BPE');
    expect(liveFigures([progress, metrics(1, 5)]).preparing).toBeNull();
  });

  it('takes step and loss from the newest metrics and speed from the newest perf event', () => {
    const events = [
      progress,
      metrics(1, 5),
      perf(1, 10, 64 << 20),
      metrics(2, 4.5),
      perf(2, 20, 80 << 20),
      metrics(3, 4),
    ];
    expect(liveFigures(events)).toEqual({
      step: 3,
      loss: 4,
      tokPerSec: 50,
      msPerStep: 20,
      kernelsPerStep: 355,
      mfu: 0.25,
      peakGflops: 40,
      memory: { bytes: 80 << 20, what: 'WASM heap' },
      preparing: null,
    });
  });

  it('falls back to the metrics speed before the first perf event, and to tensor bytes off wasm', () => {
    expect(liveFigures([metrics(1, 5)]).tokPerSec).toBe(111);
    expect(liveFigures([perf(1, 10, null)]).memory).toEqual({ bytes: 1 << 20, what: 'tensors' });
  });

  it('formats figures', () => {
    expect(mib(3 * 2 ** 20 + 2 ** 19)).toBe('3.5 MiB');
    expect(show(null, String)).toBe('–');
    expect(show(Number.NaN, String)).toBe('–');
    expect(memoryLines(perf(1, 1, 2 ** 21).peakMemory)).toEqual(['WASM heap 2.0 MiB', 'tensors 1.0 MiB']);
  });
});
