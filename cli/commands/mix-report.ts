// `cli mix-report <metrics.jsonl> [--window 200] [--json]`: how closely a run's realised code/text
// mix followed its schedule, per stage and per quarter of the stage (the paper's four equal phases),
// over consecutive windows of about `--window` steps and over the whole stage; and each stage's
// final held-out losses per source. Reads the lines `cli train` writes (metrics events with
// rowsBySource, scheduledCodeShare and realisedCodeShare), so the figures can be reproduced.
import { readFile } from 'node:fs/promises';
import { paperPhase } from '../../src/core/data/schedule';
import { UsageError, numberOption } from '../args';

/** The fields of a `train` line the report needs. */
interface TrainLine {
  kind: 'train';
  stage: number;
  stageKind?: string;
  step: number;
  stageSteps?: number;
  windowSteps?: number;
  rowsBySource?: Record<string, number>;
  scheduledCodeShare?: number;
  realisedCodeShare?: number;
}

interface EvalLine {
  kind: 'eval';
  stage: number;
  step: number;
  heldout: Record<string, { loss: number; bitsPerByte: number }>;
}

export interface MixRow {
  /** 'phase 1'..'phase 4', 'whole stage'. */
  span: string;
  /** 1-based steps covered, inclusive. */
  fromStep: number;
  toStep: number;
  rows: number;
  codeRows: number;
  /** Code share the schedule asked for (mean over the span's steps), and what the rows realised. */
  scheduled: number;
  realised: number;
  /** realised − scheduled, in percentage points. */
  diffPp: number;
}

export interface StageMixReport {
  stage: number;
  stageKind: string;
  steps: number;
  phases: MixRow[];
  whole: MixRow;
  /** Consecutive windows of at least `window` steps (the last may be shorter and is left out if so). */
  windows: { size: number; count: number; maxAbsDiffPp: number };
  /** The same over each metrics line's own window (logEvery steps, or more when throttled). */
  logged: { count: number; maxAbsDiffPp: number };
  /** Share of the stage's rows per source. */
  sourceShares: Record<string, number>;
  /** The stage's last held-out evaluation. */
  finalHeldout?: { step: number; losses: EvalLine['heldout'] };
}

interface Acc {
  from: number;
  to: number;
  rows: number;
  codeRows: number;
  scheduledRows: number;
}

const emptyAcc = (): Acc => ({ from: Infinity, to: 0, rows: 0, codeRows: 0, scheduledRows: 0 });

function add(acc: Acc, line: Required<TrainLine>, rows: number): void {
  acc.from = Math.min(acc.from, line.step - line.windowSteps + 1);
  acc.to = Math.max(acc.to, line.step);
  acc.rows += rows;
  acc.codeRows += Math.round(line.realisedCodeShare * rows);
  acc.scheduledRows += line.scheduledCodeShare * rows;
}

function row(span: string, acc: Acc): MixRow {
  const scheduled = acc.rows ? acc.scheduledRows / acc.rows : 0;
  const realised = acc.rows ? acc.codeRows / acc.rows : 0;
  return {
    span,
    fromStep: acc.from,
    toStep: acc.to,
    rows: acc.rows,
    codeRows: acc.codeRows,
    scheduled,
    realised,
    diffPp: (realised - scheduled) * 100,
  };
}

/** The report over the parsed lines of a metrics.jsonl. */
export function mixReport(lines: unknown[], window = 200): StageMixReport[] {
  if (!(Number.isInteger(window) && window >= 1))
    throw new UsageError(`--window must be a positive number of steps (got ${window})`);
  const train = lines.filter((l): l is TrainLine => (l as TrainLine)?.kind === 'train');
  const evals = lines.filter((l): l is EvalLine => (l as EvalLine)?.kind === 'eval');
  const stages = [...new Set(train.map((l) => l.stage))].sort((a, b) => a - b);
  return stages.map((stage) => {
    const mine = train.filter((l) => l.stage === stage).sort((a, b) => a.step - b.step);
    const stageSteps = mine[0].stageSteps ?? mine[mine.length - 1].step;
    const phases = [0, 1, 2, 3].map(emptyAcc);
    const whole = emptyAcc();
    const sources: Record<string, number> = {};
    const windowDiffs: number[] = [];
    const loggedDiffs: number[] = [];
    let current = emptyAcc();
    let currentSteps = 0;
    mine.forEach((l, i) => {
      if (
        l.rowsBySource === undefined ||
        l.realisedCodeShare === undefined ||
        l.scheduledCodeShare === undefined
      )
        throw new Error(
          `stage ${stage} step ${l.step}: the line lacks rowsBySource/realisedCodeShare/scheduledCodeShare (metrics written by an older version)`,
        );
      const full = {
        ...l,
        stageKind: l.stageKind ?? 'pretrain',
        stageSteps,
        windowSteps: l.windowSteps ?? l.step - (i > 0 ? mine[i - 1].step : 0),
      } as Required<TrainLine>;
      const rows = Object.values(l.rowsBySource).reduce((a, b) => a + b, 0);
      for (const [s, n] of Object.entries(l.rowsBySource)) sources[s] = (sources[s] ?? 0) + n;
      add(phases[paperPhase(l.step - 1, stageSteps)], full, rows);
      add(whole, full, rows);
      add(current, full, rows);
      const own = emptyAcc();
      add(own, full, rows);
      loggedDiffs.push(row('', own).diffPp);
      currentSteps += full.windowSteps;
      if (currentSteps >= window) {
        windowDiffs.push(row('', current).diffPp);
        [current, currentSteps] = [emptyAcc(), 0];
      }
    });
    const lastEval = evals
      .filter((e) => e.stage === stage)
      .sort((a, b) => a.step - b.step)
      .at(-1);
    const allRows = Object.values(sources).reduce((a, b) => a + b, 0);
    return {
      stage,
      stageKind: mine[0].stageKind ?? 'pretrain',
      steps: stageSteps,
      phases: phases.filter((p) => p.rows > 0).map((p) => row(`phase ${phases.indexOf(p) + 1}`, p)),
      whole: row('whole stage', whole),
      windows: {
        size: window,
        count: windowDiffs.length,
        maxAbsDiffPp: windowDiffs.reduce((m, d) => Math.max(m, Math.abs(d)), 0),
      },
      logged: {
        count: loggedDiffs.length,
        maxAbsDiffPp: loggedDiffs.reduce((m, d) => Math.max(m, Math.abs(d)), 0),
      },
      sourceShares: Object.fromEntries(
        Object.entries(sources).map(([s, n]) => [s, n / Math.max(1, allRows)]),
      ),
      finalHeldout: lastEval && { step: lastEval.step, losses: lastEval.heldout },
    };
  });
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** The report as Markdown tables. */
export function formatMixReport(report: StageMixReport[]): string {
  const out: string[] = [];
  for (const s of report) {
    out.push(`## Stage ${s.stage} (${s.stageKind}, ${s.steps} steps)`, '');
    out.push('| span | steps | rows | code rows | scheduled code | realised code | diff (pp) |');
    out.push('|---|---|---|---|---|---|---|');
    for (const r of [...s.phases, s.whole])
      out.push(
        `| ${r.span} | ${r.fromStep}-${r.toStep} | ${r.rows} | ${r.codeRows} | ${pct(r.scheduled)} | ${pct(r.realised)} | ${r.diffPp >= 0 ? '+' : ''}${r.diffPp.toFixed(2)} |`,
      );
    out.push('');
    out.push(
      s.windows.count > 0
        ? `${s.windows.count} windows of ${s.windows.size}+ steps: largest |realised − scheduled| ${s.windows.maxAbsDiffPp.toFixed(2)} pp`
        : `no window of ${s.windows.size} steps (the stage is shorter): see the whole-stage row`,
      `${s.logged.count} logged windows: largest |realised − scheduled| ${s.logged.maxAbsDiffPp.toFixed(2)} pp`,
    );
    out.push(
      `rows per source: ${Object.entries(s.sourceShares)
        .map(([k, v]) => `${k} ${pct(v)}`)
        .join(', ')}`,
      '',
    );
    if (s.finalHeldout) {
      out.push(`Held-out loss at step ${s.finalHeldout.step}:`, '');
      out.push('| source | loss (nats/token) | bits/byte |', '|---|---|---|');
      for (const [k, v] of Object.entries(s.finalHeldout.losses))
        out.push(`| ${k} | ${v.loss.toFixed(4)} | ${v.bitsPerByte.toFixed(4)} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

export async function mixReportCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [path] = args.positionals;
  if (!path) throw new UsageError('usage: mix-report <metrics.jsonl> [--window 200] [--json]');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        throw new UsageError(`${path}:${i + 1} is not a JSON line`);
      }
    });
  const report = mixReport(lines, numberOption('window', args.values.window, 200));
  if (report.length === 0) throw new UsageError(`${path} has no training lines`);
  process.stdout.write(
    args.values.json === true ? JSON.stringify(report) + '\n' : formatMixReport(report) + '\n',
  );
}
