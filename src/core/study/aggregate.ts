// Aggregation of a study: the arms' evaluation reports → per cell, metric and evaluation the mean and
// sample standard deviation over seeds, and each column's difference against its text-only baseline
// (paired by seed: the mean and sd of the per-seed differences), laid out as the paper's tables
// (tables.ts), with the negative-transfer differences as figures. Pure: the caller reads the files.
import type { EvalReport } from '../../contract/eval';
import type { RunSummary } from '../../contract/train';
import { CELLS } from './cells';
import { METRICS, metricChance, metricValue, type MetricId } from './metrics';
import { TABLES, type TableSpec } from './tables';
import type { StudyArm, StudyPreset } from './types';

export interface ArmResult {
  arm: StudyArm;
  /** The arm's evaluation reports by evaluation id (absent: not evaluated yet). */
  reports: Partial<Record<'main' | 'cot', EvalReport>>;
  summary?: RunSummary | null;
}

/** Values of one figure over seeds. */
export interface Stat {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); null for a single seed. */
  sd: number | null;
  values: number[];
  seeds: number[];
}

export interface TableCell {
  column: string;
  stat: Stat | null;
  /** Against the column's baseline, over the seeds both have: mean and sd of the differences. */
  diff: Stat | null;
}

export interface TableRow {
  metric: MetricId;
  label: string;
  unit: string;
  higherIsBetter: boolean;
  /** Mean chance level over the reports the row read (percent), if the metric has one. */
  chance: number | null;
  cells: TableCell[];
}

export interface StudyTable extends TableSpec {
  columnLabels: Record<string, string>;
  rows: TableRow[];
}

export interface FigureBar {
  metric: MetricId;
  label: string;
  unit: string;
  column: string;
  baseline: string;
  diff: Stat;
  higherIsBetter: boolean;
}

export interface StudyFigure {
  id: string;
  title: string;
  table: string;
  bars: FigureBar[];
}

export interface ArmLine {
  id: string;
  cell: string;
  seed: number;
  tokens: number;
  params: number;
  trained: boolean;
  evaluated: string[];
  wallSeconds: number | null;
}

export interface StudyReport {
  format: 'codemix-study-report';
  version: 1;
  preset: { id: string; label: string };
  seeds: number[];
  arms: ArmLine[];
  tables: StudyTable[];
  figures: StudyFigure[];
  /** Arm evaluations with no report yet (the tables leave them out). */
  missing: string[];
}

/** Mean and sample standard deviation. */
export function stat(values: number[], seeds: number[]): Stat | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { n, mean, sd, values, seeds };
}

type Values = Map<number, number>; // seed → value

function valuesOf(results: ArmResult[], cell: string, evalId: 'main' | 'cot', metric: MetricId): Values {
  const out: Values = new Map();
  for (const r of results) {
    const report = r.arm.cell === cell ? r.reports[evalId] : undefined;
    const v = report ? metricValue(report, metric) : null;
    if (v !== null && Number.isFinite(v)) out.set(r.arm.seed, v);
  }
  return out;
}

const sorted = (m: Values) => [...m.entries()].sort((a, b) => a[0] - b[0]);

function statOf(m: Values): Stat | null {
  const e = sorted(m);
  return stat(
    e.map(([, v]) => v),
    e.map(([s]) => s),
  );
}

/** Paired by seed: the differences a − b over the seeds both have. */
function pairedDiff(a: Values, b: Values): Stat | null {
  const e = sorted(a).filter(([s]) => b.has(s));
  return stat(
    e.map(([s, v]) => v - b.get(s)!),
    e.map(([s]) => s),
  );
}

function chanceOf(results: ArmResult[], spec: TableSpec, metric: MetricId): number | null {
  const chances = results.flatMap((r) =>
    spec.columns.flatMap((c) => {
      const report = r.arm.cell === c.cell ? r.reports[c.evalId] : undefined;
      const v = report ? metricChance(report, metric) : null;
      return v === null ? [] : [v];
    }),
  );
  return chances.length ? chances.reduce((a, b) => a + b, 0) / chances.length : null;
}

export function buildTable(spec: TableSpec, results: ArmResult[]): StudyTable {
  const rows = spec.metrics.map((metric): TableRow => {
    const def = METRICS[metric];
    const values = new Map(spec.columns.map((c) => [c.id, valuesOf(results, c.cell, c.evalId, metric)]));
    return {
      metric,
      label: def.label,
      unit: def.metric,
      higherIsBetter: def.higherIsBetter,
      chance: chanceOf(results, spec, metric),
      cells: spec.columns.map((c) => ({
        column: c.id,
        stat: statOf(values.get(c.id)!),
        diff: c.baseline ? pairedDiff(values.get(c.id)!, values.get(c.baseline)!) : null,
      })),
    };
  });
  const columnLabels = Object.fromEntries(
    spec.columns.map((c) => [
      c.id,
      c.evalId === 'cot' ? `${CELLS[c.cell].label} + CoT` : CELLS[c.cell].label,
    ]),
  );
  return { ...spec, columnLabels, rows };
}

/** The negative-transfer figures: every non-baseline column's differences in a transfer table. */
function transferFigures(tables: StudyTable[]): StudyFigure[] {
  return tables
    .filter((t) => t.id.startsWith('transfer'))
    .map((t) => ({
      id: `${t.id}-figure`,
      title: `${t.title}: differences against ${t.columns.find((c) => !c.baseline)?.id}`,
      table: t.id,
      bars: t.rows.flatMap((row) =>
        row.cells.flatMap((cell) => {
          const col = t.columns.find((c) => c.id === cell.column)!;
          return cell.diff && col.baseline
            ? [
                {
                  metric: row.metric,
                  label: `${row.label} ${row.unit}`,
                  unit: row.unit,
                  column: cell.column,
                  baseline: col.baseline,
                  diff: cell.diff,
                  higherIsBetter: row.higherIsBetter,
                },
              ]
            : [];
        }),
      ),
    }));
}

/** The study's report from whatever arms have results so far (missing evaluations are listed). */
export function aggregateStudy(
  preset: Pick<StudyPreset, 'id' | 'label' | 'seeds'>,
  results: ArmResult[],
): StudyReport {
  const tables = TABLES.map((spec) => buildTable(spec, results));
  return {
    format: 'codemix-study-report',
    version: 1,
    preset: { id: preset.id, label: preset.label },
    seeds: [...preset.seeds],
    arms: results.map((r) => ({
      id: r.arm.id,
      cell: r.arm.cell,
      seed: r.arm.seed,
      tokens: r.arm.tokens,
      params: r.arm.params,
      trained: !!r.summary && !r.summary.stopped,
      evaluated: r.arm.evals.filter((e) => r.reports[e.id]).map((e) => e.id),
      wallSeconds: r.summary?.wallSeconds ?? null,
    })),
    tables,
    figures: transferFigures(tables),
    missing: results.flatMap((r) =>
      r.arm.evals.filter((e) => !r.reports[e.id]).map((e) => `${r.arm.id}/${e.id}`),
    ),
  };
}
