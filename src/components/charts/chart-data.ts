// Shaping chart data for uPlot: series given as (x, y) points, possibly at different x values (loss
// every logged step, held-out loss every eval), become one sorted x column with a y column per
// series (null where a series has no point); and the newest value of each series, for the charts'
// text summaries.

/** A line of a chart: its legend label and how it is drawn. */
export interface ChartSeries {
  label: string;
  /** CSS colour; default: the palette's colour for the series' position. */
  colour?: string;
  /** Line dash pattern in CSS pixels, e.g. [6, 4] for a schedule against its realisation. */
  dash?: number[];
  width?: number;
  /** Draw markers at the points (sparse series such as held-out loss); default: uPlot decides. */
  points?: boolean;
  /** false: markers only, no line (e.g. draggable control points). */
  line?: boolean;
}

/** uPlot's aligned data: the x column first, then one y column per series (null: no point). */
export type AlignedColumns = [number[], ...(number | null)[][]];

export type XY = readonly [number, number];

/** Align series of points on the union of their x values (sorted; a repeated x keeps the last y). */
export function alignSeries(series: readonly (readonly XY[])[]): AlignedColumns {
  const xs = [...new Set(series.flatMap((points) => points.map(([x]) => x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map((points) => {
    const ys: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const [x, y] of points) ys[index.get(x)!] = Number.isFinite(y) ? y : null;
    return ys;
  });
  return [xs, ...columns];
}

export interface LatestValue {
  label: string;
  /** The x of the newest point with a value, or null when the series has none. */
  x: number | null;
  y: number | null;
}

/** The newest non-null value of each series (labels in series order). */
export function latestValues(data: AlignedColumns, labels: readonly string[]): LatestValue[] {
  const [xs, ...ys] = data;
  return labels.map((label, s) => {
    const column = ys[s] ?? [];
    for (let i = column.length - 1; i >= 0; i--) {
      const y = column[i];
      if (y !== null && y !== undefined) return { label, x: xs[i], y };
    }
    return { label, x: null, y: null };
  });
}

/** A short sentence for screen readers: "loss 2.31 at step 40; held-out 2.5 at step 40". */
export function describeLatest(
  latest: readonly LatestValue[],
  format: (v: number) => string,
  xName: string,
): string {
  const known = latest.filter((l) => l.y !== null);
  if (known.length === 0) return 'no data yet';
  return known.map((l) => `${l.label} ${format(l.y!)} at ${xName} ${l.x}`).join('; ');
}

/** Colours for series, distinguishable and readable on white (and for common colour blindness). */
export const PALETTE = [
  '#1f77b4',
  '#d95f02',
  '#1b9e77',
  '#7570b3',
  '#e7298a',
  '#66a61e',
  '#a6761d',
  '#444444',
] as const;

/** The palette colour for the i-th series (wrapping). */
export function colour(i: number): string {
  return PALETTE[i % PALETTE.length];
}
