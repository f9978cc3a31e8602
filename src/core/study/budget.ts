// What a preset costs: training tokens per arm and in all, and the expected wall time on each backend
// the preset states a speed for (tokens / measured tok/s, plus evaluation and set-up per arm).
import { expandStudy } from './expand';
import type { CellId, StudyArm, StudyEstimate, StudyPreset, Throughput } from './types';

/** Training tokens per cell (the same for every seed). */
export function tokensPerCell(preset: StudyPreset): Record<CellId, number> {
  const out = {} as Record<CellId, number>;
  for (const arm of expandStudy(preset)) if (arm.seed === preset.seeds[0]) out[arm.cell] = arm.tokens;
  return out;
}

function armSeconds(preset: StudyPreset, arm: StudyArm, t: Throughput) {
  const rate = arm.cell === 'NL-5x' ? t.largeTokPerSec : t.baseTokPerSec;
  const evalShare = arm.evals.reduce((n, e) => n + e.tasks.length / preset.eval.tasks.length, 0);
  return {
    train: arm.tokens / rate,
    eval: t.evalSecondsPerArm * evalShare,
    overhead: t.overheadSecondsPerArm,
  };
}

/** The expected wall time of a preset on each backend it states a speed for. */
export function estimateStudy(preset: StudyPreset): StudyEstimate[] {
  const arms = expandStudy(preset);
  return preset.throughput.map((t) => {
    const parts = arms.map((arm) => armSeconds(preset, arm, t));
    const sum = (k: 'train' | 'eval' | 'overhead') => parts.reduce((n, p) => n + p[k], 0);
    const trainSeconds = sum('train');
    const evalSeconds = sum('eval');
    const overheadSeconds = sum('overhead');
    return {
      backend: t.backend,
      machine: t.machine,
      arms: arms.length,
      trainTokens: arms.reduce((n, a) => n + a.tokens, 0),
      trainSeconds,
      evalSeconds,
      overheadSeconds,
      totalSeconds: trainSeconds + evalSeconds + overheadSeconds,
      source: t.source,
    };
  });
}
