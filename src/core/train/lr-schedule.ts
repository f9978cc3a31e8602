// The learning-rate schedule: linear warm-up from 0 to the peak, then cosine decay to a floor.
// Pure, so the UI can chart it before a run starts.

export interface LrSchedule {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
  /** The floor as a fraction of the peak (the paper decays to 1% in pre-training, 5% in tuning). */
  minRatio: number;
}

/** Learning rate for 0-based `step`: (step+1)/warmup·peak during warm-up, then cosine to peak·minRatio. */
export function learningRate(s: LrSchedule, step: number): number {
  const floor = s.peak * s.minRatio;
  if (step < s.warmupSteps) return (s.peak * (step + 1)) / s.warmupSteps;
  const decaySteps = Math.max(1, s.totalSteps - s.warmupSteps);
  const progress = Math.min(1, (step - s.warmupSteps) / decaySteps);
  return floor + 0.5 * (s.peak - floor) * (1 + Math.cos(Math.PI * progress));
}
