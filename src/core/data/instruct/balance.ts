// Size balancing by swaps within strata: each stratum has the examples chosen for it (in slot
// order) and a pool of alternatives of the same kind (same task and level, or same source). Swaps
// move the total size toward a target: each step makes the one swap (a chosen example for a pool
// example of its stratum) whose size change is closest to the remaining gap, and only if that
// brings the total closer. It stops within `band` of the target or when no swap helps. Few, well
// aimed swaps: most chosen examples stay the first, unselected draws. Leaves out drawing (arms.ts).

export interface Stratum<T> {
  /** Chosen examples, one per slot, in slot order (swaps replace in place). */
  chosen: T[];
  /** Alternatives; a swapped-out example goes back here. */
  pool: T[];
}

export interface BalanceResult {
  /** Target minus the balanced total (positive: still too small). */
  gap: number;
  swaps: number;
}

/** Index of the first element of sorted `xs` that is >= v. */
function lowerBound(xs: readonly number[], v: number): number {
  let [lo, hi] = [0, xs.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Moves sum(size(chosen)) by about `gap` (positive: grow) with swaps inside strata; returns the
 * gap left. Every swap strictly shrinks |gap|, so it always ends.
 */
export function balanceStrata<T>(
  strata: Stratum<T>[],
  size: (x: T) => number,
  gap: number,
  band: number,
): BalanceResult {
  // Pools sorted by size (kept sorted), with the sizes alongside.
  const pools = strata.map((s) => {
    const items = [...s.pool].sort((a, b) => size(a) - size(b));
    return { items, sizes: items.map(size) };
  });
  const chosenSizes = strata.map((s) => s.chosen.map(size));
  let swaps = 0;
  while (Math.abs(gap) > band) {
    let best: { k: number; i: number; j: number; delta: number } | undefined;
    let bestLeft = Math.abs(gap);
    chosenSizes.forEach((owned, k) => {
      const { sizes } = pools[k];
      owned.forEach((own, i) => {
        // the pool sizes nearest to own + gap
        const at = lowerBound(sizes, own + gap);
        for (const j of [at - 1, at]) {
          if (j < 0 || j >= sizes.length) continue;
          const left = Math.abs(gap - (sizes[j] - own));
          if (left < bestLeft) [best, bestLeft] = [{ k, i, j, delta: sizes[j] - own }, left];
        }
      });
    });
    if (best === undefined) break;
    const { k, i, j, delta } = best;
    const pool = pools[k];
    const [taken] = pool.items.splice(j, 1);
    pool.sizes.splice(j, 1);
    const back = strata[k].chosen[i];
    const backSize = chosenSizes[k][i];
    const at = lowerBound(pool.sizes, backSize);
    pool.items.splice(at, 0, back);
    pool.sizes.splice(at, 0, backSize);
    strata[k].chosen[i] = taken;
    chosenSizes[k][i] = backSize + delta;
    gap -= delta;
    swaps++;
  }
  strata.forEach((s, k) => (s.pool = pools[k].items));
  return { gap, swaps };
}
