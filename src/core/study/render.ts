// A study report as Markdown (the paper's tables: mean ± sd over seeds, Δ against the baseline with
// the sd of the per-seed differences; the negative-transfer differences as text bar charts) and as CSV
// (one line per table, figure and column, for spreadsheets and plotting).
import type { Stat, StudyFigure, StudyReport, StudyTable } from './aggregate';

const digits = (unit: string) => (unit === 'bits/byte' ? 3 : 1);

/** "52.3 ± 4.1" (sd "–" for one seed), with the unit's precision. */
export function formatStat(s: Stat | null, unit: string): string {
  if (!s) return 'n/a';
  const d = digits(unit);
  return `${s.mean.toFixed(d)} ± ${s.sd === null ? '–' : s.sd.toFixed(d)}`;
}

/** "+1.5 ± 2.0" (signed; "0.0 ± 1.2" when the mean rounds to zero). */
export function formatDiff(s: Stat, unit: string): string {
  const d = digits(unit);
  const shown = Math.abs(s.mean).toFixed(d);
  const sign = Number(shown) === 0 ? '' : s.mean > 0 ? '+' : '−'; // no sign on a difference that rounds to 0
  return `${sign}${shown} ± ${s.sd === null ? '–' : s.sd.toFixed(d)}`;
}

function tableMarkdown(t: StudyTable): string[] {
  const head = ['Task', 'Metric', 'Chance', ...t.columns.map((c) => c.id)];
  const lines = [
    `### ${t.paper === 'new' ? 'New' : t.paper}: ${t.title}`,
    '',
    t.note,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
  ];
  for (const row of t.rows) {
    const cells = row.cells.map((c) => {
      const main = formatStat(c.stat, row.unit);
      return c.diff ? `${main} (Δ ${formatDiff(c.diff, row.unit)})` : main;
    });
    const chance = row.chance === null ? '' : row.chance.toFixed(1);
    lines.push(`| ${[row.label, row.unit, chance, ...cells].join(' | ')} |`);
  }
  lines.push('', `Columns: ${t.columns.map((c) => `${c.id} = ${t.columnLabels[c.id]}`).join('; ')}.`, '');
  return lines;
}

const BAR = 24;

function figureMarkdown(f: StudyFigure): string[] {
  // Bars are scaled per unit (accuracy points and bits per byte are not comparable lengths).
  const largest = new Map<string, number>();
  for (const b of f.bars) largest.set(b.unit, Math.max(largest.get(b.unit) ?? 1e-9, Math.abs(b.diff.mean)));
  const width = Math.max(...f.bars.map((b) => `${b.label} ${b.column}`.length), 10);
  const lines = [`#### Figure: ${f.title}`, '', '```'];
  for (const b of f.bars) {
    const n = Math.round((Math.abs(b.diff.mean) / largest.get(b.unit)!) * BAR);
    // "better" follows the metric's direction (lower bits per byte is better)
    const better = b.higherIsBetter ? b.diff.mean > 0 : b.diff.mean < 0;
    const bar = (better ? '+' : '-').repeat(n).padEnd(BAR);
    lines.push(`${`${b.label} ${b.column}`.padEnd(width)}  ${bar}  ${formatDiff(b.diff, b.unit)}`);
  }
  lines.push(
    '```',
    '',
    '`+` better than the baseline, `-` worse; bar length relative to the largest difference in the same unit.',
    '',
  );
  return lines;
}

export function reportMarkdown(r: StudyReport): string {
  const trained = r.arms.filter((a) => a.trained).length;
  const wall = r.arms.reduce((n, a) => n + (a.wallSeconds ?? 0), 0);
  const lines = [
    `# Study report: ${r.preset.label}`,
    '',
    `Preset \`${r.preset.id}\`, seeds ${r.seeds.join(', ')}; ${trained} of ${r.arms.length} arms trained, training wall time ${(wall / 60).toFixed(1)} min.`,
    'Figures are mean ± sample standard deviation over seeds (percent; held-out loss in bits per byte, lower is better); Δ is the mean ± sd of the per-seed differences against the column named in the note.',
    '',
  ];
  if (r.missing.length)
    lines.push(`Not evaluated yet (left out of the tables): ${r.missing.join(', ')}.`, '');
  lines.push('## Tables', '');
  for (const t of r.tables) {
    lines.push(...tableMarkdown(t));
    for (const f of r.figures.filter((x) => x.table === t.id)) lines.push(...figureMarkdown(f));
  }
  lines.push(
    '## Arms',
    '',
    '| Arm | Cell | Seed | Params | Tokens | Wall (s) | Trained | Evaluated |',
    '|---|---|---:|---:|---:|---:|---|---|',
  );
  for (const a of r.arms)
    lines.push(
      `| ${a.id} | ${a.cell} | ${a.seed} | ${a.params} | ${a.tokens} | ${a.wallSeconds === null ? '' : a.wallSeconds.toFixed(0)} | ${a.trained ? 'yes' : 'no'} | ${a.evaluated.join(', ')} |`,
    );
  lines.push('');
  return lines.join('\n');
}

const CSV_HEAD = [
  'table',
  'paper',
  'metric',
  'label',
  'unit',
  'column',
  'n',
  'mean',
  'sd',
  'baseline',
  'diff_n',
  'diff_mean',
  'diff_sd',
  'chance',
  'seeds',
  'values',
];

const csvField = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function reportCsv(r: StudyReport): string {
  const lines = [CSV_HEAD.join(',')];
  for (const t of r.tables)
    for (const row of t.rows)
      for (const c of row.cells) {
        const col = t.columns.find((x) => x.id === c.column)!;
        lines.push(
          [
            t.id,
            t.paper,
            row.metric,
            row.label,
            row.unit,
            c.column,
            c.stat?.n ?? 0,
            c.stat?.mean,
            c.stat?.sd,
            col.baseline,
            c.diff?.n,
            c.diff?.mean,
            c.diff?.sd,
            row.chance,
            c.stat?.seeds.join(';'),
            c.stat?.values.join(';'),
          ]
            .map(csvField)
            .join(','),
        );
      }
  return lines.join('\n') + '\n';
}
