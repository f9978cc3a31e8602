// Downsampled metric series for the run history: appending keeps every point until a series reaches
// its cap, then merges neighbouring pairs (mean of y, the later x), so a long run keeps its whole
// shape in a bounded record while the newest points stay close to what was logged.
import { SERIES_CAP, type Series } from './types';

export function emptySeries(): Series {
  return { x: [], y: [], stride: 1 };
}

/** Halves a series in place: pairs (0,1), (2,3)… become one point; an odd last point stays. */
export function halve(s: Series): void {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < s.x.length; i += 2) {
    if (i + 1 < s.x.length) {
      x.push(s.x[i + 1]);
      y.push((s.y[i] + s.y[i + 1]) / 2);
    } else {
      x.push(s.x[i]);
      y.push(s.y[i]);
    }
  }
  s.x = x;
  s.y = y;
  s.stride *= 2;
}

/** Appends (x, y) to a series (in place); non-finite values are skipped. */
export function appendPoint(s: Series, x: number, y: number, cap = SERIES_CAP): void {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return;
  s.x.push(x);
  s.y.push(y);
  if (s.x.length > cap) halve(s);
}
