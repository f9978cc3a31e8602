// What the Train page shows of a run while it trains: the newest step and loss (metrics events)
// and the newest speed and memory figures (perf events), plus the formatting both panels share.
import { headlineMemory, type MemoryFigures } from '../../contract/bench';
import type { MetricsEvent, PerfEvent, TrainEvent } from '../../contract/train';

export interface LiveFigures {
  step: number | null;
  loss: number | null;
  /** From the newest perf event (steps timed to their readback), else from the newest metrics event. */
  tokPerSec: number | null;
  msPerStep: number | null;
  kernelsPerStep: number | null;
  mfu: number | null;
  peakGflops: number | null;
  memory: { bytes: number; what: string } | null;
  /** The newest preparation message (corpora, tokenizer) before the first step. */
  preparing: string | null;
}

export function liveFigures(events: readonly TrainEvent[]): LiveFigures {
  let metrics: MetricsEvent | null = null;
  let perf: PerfEvent | null = null;
  let progress: string | null = null;
  for (let i = events.length - 1; i >= 0 && (!metrics || !perf); i--) {
    const e = events[i];
    if (e.type === 'metrics') metrics ??= e;
    else if (e.type === 'perf') perf ??= e;
    else if (e.type === 'progress' && !metrics && progress === null) progress = e.message;
  }
  return {
    step: metrics?.step ?? null,
    loss: metrics?.loss ?? null,
    tokPerSec: perf?.tokPerSec ?? metrics?.tokPerSec ?? null,
    msPerStep: perf?.msPerStep ?? null,
    kernelsPerStep: perf?.kernelsPerStep ?? null,
    mfu: perf?.mfu ?? null,
    peakGflops: perf?.peakGflops ?? null,
    memory: perf ? headlineMemory(perf.peakMemory) : null,
    preparing: metrics ? null : progress,
  };
}

/** Bytes as MiB with one decimal ("12.3 MiB"). */
export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** A figure for a table cell, or an en dash while unknown. */
export function show(value: number | null, format: (v: number) => string): string {
  return value === null || !Number.isFinite(value) ? '–' : format(value);
}

export const formats = {
  int: (v: number) => Math.round(v).toLocaleString('en-US'),
  loss: (v: number) => v.toFixed(3),
  ms: (v: number) => `${v.toFixed(1)} ms`,
  percent: (v: number) => `${(v * 100).toFixed(2)}%`,
  gflops: (v: number) => `${v.toFixed(1)} GFLOP/s`,
};

/** Memory figures as "label: value" lines, the headline first (for a bench record's details). */
export function memoryLines(m: MemoryFigures): string[] {
  const lines = [`tensors ${mib(m.tensorBytes)}`];
  if (m.wasmHeapBytes !== null) lines.unshift(`WASM heap ${mib(m.wasmHeapBytes)}`);
  if (m.gpuBytesAllocated !== null) lines.unshift(`GPU allocated ${mib(m.gpuBytesAllocated)}`);
  if (m.gpuBytesInUse !== null) lines.push(`GPU in use ${mib(m.gpuBytesInUse)}`);
  return lines;
}
