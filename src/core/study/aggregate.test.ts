// Aggregation against hand-computed figures: mean and sample sd over seeds, differences paired by
// seed against the baseline column, metrics read from the right rows (BLEU for code generation, F1
// for extractive QA, bits per byte for the held-out loss), the CoT evaluation in its own columns,
// missing evaluations listed, and the Markdown and CSV carrying the same numbers.
import { describe, expect, it } from 'vitest';
import type { EvalReport, HeldoutRow } from '../../contract/eval';
import type { SummaryRow } from '../eval';
import { aggregateStudy, stat, type ArmResult } from './aggregate';
import { reportCsv, reportMarkdown } from './render';
import { STUDY_PRESETS } from './presets';
import { expandStudy } from './expand';
import type { CellId } from './types';

const preset = STUDY_PRESETS.smoke;
const arms = expandStudy(preset);

function row(task: SummaryRow['task'], accuracy: number, extra: Partial<SummaryRow> = {}): SummaryRow {
  return {
    task,
    level: 'all',
    n: 10,
    correct: accuracy * 10,
    accuracy,
    chance: 0.25,
    ci95: [0, 1],
    aboveChance: false,
    ...extra,
  };
}

function heldout(kind: 'text' | 'code', bpb: number): HeldoutRow {
  const mi = (mean: number) => ({ mean, ci95: [mean, mean] as [number, number] });
  return {
    name: kind,
    kind,
    documents: 2,
    tokens: 10,
    bytes: 40,
    loss: mi(bpb),
    bitsPerByte: mi(bpb),
    chance: { loss: 6, bitsPerByte: 4 },
  };
}

function report(
  logic: number,
  opts: { bleu?: number; f1?: number; bpb?: number; cot?: boolean } = {},
): EvalReport {
  return {
    suite: 'test',
    protocol: 'paper',
    cot: opts.cot ?? false,
    summary: [
      row('logic', logic),
      row('codegen', 0.2, { chance: 0, bleu: { mean: opts.bleu ?? 0.1, ci95: [0, 1] } }),
      row('extractive', 0.1, { f1: { mean: opts.f1 ?? 0.3, ci95: [0, 1], chance: 0.05 } }),
      row('science', logic / 2),
    ],
    items: [],
    heldout: {
      documents: 2,
      maxChars: 100,
      sources: [],
      byKind: [heldout('text', opts.bpb ?? 2), heldout('code', 3)],
    },
    seconds: 1,
  };
}

const LOGIC: Partial<Record<CellId, number[]>> = {
  NL: [0.4, 0.5, 0.6],
  CODE: [0.5, 0.7, 0.75],
  'NL-tok': [0.45, 0.55], // seed 3 not evaluated
};

const results: ArmResult[] = arms.map((arm) => {
  const logic = LOGIC[arm.cell]?.[arm.seed - 1];
  const reports: ArmResult['reports'] = {};
  if (logic !== undefined)
    reports.main = report(logic, {
      bleu: arm.cell === 'CODE' ? 0.05 * arm.seed : 0.01,
      bpb: 2 + arm.seed / 10,
    });
  if (logic !== undefined && arm.evals.some((e) => e.id === 'cot'))
    reports.cot = report(logic + 0.2, { cot: true });
  return { arm, reports };
});

const r = aggregateStudy(preset, results);
const table = (id: string) => r.tables.find((t) => t.id === id)!;
const cell = (t: string, metric: string, column: string) =>
  table(t)
    .rows.find((x) => x.metric === metric)!
    .cells.find((c) => c.column === column)!;

describe('aggregateStudy', () => {
  it('computes mean and sample sd over seeds', () => {
    expect(stat([40, 50, 60], [1, 2, 3])).toMatchObject({ n: 3, mean: 50, sd: 10 });
    expect(stat([7], [1])).toMatchObject({ n: 1, mean: 7, sd: null });
    expect(stat([], [])).toBeNull();
    const nl = cell('pretrain', 'logic', 'NL');
    expect(nl.stat!.mean).toBeCloseTo(50, 10);
    expect(nl.stat!.sd).toBeCloseTo(10, 10);
    const code = cell('pretrain', 'logic', 'CODE').stat!;
    expect(code.mean).toBeCloseTo(65, 10);
    expect(code.sd).toBeCloseTo(Math.sqrt(175), 10); // deviations −15, 5, 10
  });

  it('pairs differences by seed against the baseline', () => {
    const d = cell('pretrain', 'logic', 'CODE').diff!; // 10, 20, 15
    expect([d.n, d.mean, d.sd]).toEqual([3, expect.closeTo(15, 10), expect.closeTo(5, 10)]);
    const tok = cell('pretrain', 'logic', 'NL-tok'); // seeds 1, 2 only: diffs 5, 5
    expect(tok.stat!.n).toBe(2);
    expect([tok.diff!.n, tok.diff!.mean, tok.diff!.sd]).toEqual([
      2,
      expect.closeTo(5, 10),
      expect.closeTo(0, 10),
    ]);
    expect(cell('pretrain', 'logic', 'NL').diff).toBeNull(); // the baseline itself
    expect(cell('pretrain', 'logic', 'NL-5x').stat).toBeNull(); // no reports
  });

  it('reads BLEU, F1 and bits per byte from the right places, chance from the rows', () => {
    const bleu = cell('pretrain', 'codegen-bleu', 'CODE').stat!; // 5, 10, 15
    expect(bleu.mean).toBeCloseTo(10, 10);
    expect(bleu.sd).toBeCloseTo(5, 10);
    expect(cell('pretrain', 'codegen-pass', 'CODE').stat!.mean).toBeCloseTo(20, 10);
    expect(cell('transfer-pretrain', 'extractive-f1', 'NL').stat!.mean).toBeCloseTo(30, 10);
    expect(cell('transfer-pretrain', 'extractive-em', 'NL').stat!.mean).toBeCloseTo(10, 10);
    const bpb = cell('transfer-pretrain', 'heldout-text', 'NL').stat!; // 2.1, 2.2, 2.3
    expect(bpb.mean).toBeCloseTo(2.2, 10);
    expect(bpb.sd).toBeCloseTo(0.1, 10);
    expect(table('pretrain').rows.find((x) => x.metric === 'logic')!.chance).toBeCloseTo(25, 10);
  });

  it('puts the CoT evaluation in its own columns with its own baseline', () => {
    const nlCot = cell('cot', 'science', 'NL+CoT').stat!; // (logic + 0.2) / 2: 30, 35, 40
    expect(nlCot.mean).toBeCloseTo(35, 10);
    const codeCot = cell('cot', 'science', 'CODE+CoT').diff!; // 35−30, 45−35, 47.5−40
    expect(codeCot.mean).toBeCloseTo((5 + 10 + 7.5) / 3, 10);
  });

  it('lists evaluations that have no report yet', () => {
    expect(r.missing).toContain('NL-tok.s3/main');
    expect(r.missing).toContain('NN.s1/main');
    expect(r.missing).not.toContain('NL.s1/main');
    expect(r.missing).not.toContain('NL.s1/cot');
  });

  it('writes the same numbers to Markdown and CSV', () => {
    const md = reportMarkdown(r);
    expect(md).toContain('### Table 2: Pre-training stage');
    expect(md).toMatch(
      /\| Logic∗ \(C-Eval logic\) \| ACC \| 25\.0 \| 50\.0 ± 10\.0 \| n\/a \| 65\.0 ± 13\.2 \(Δ \+15\.0 ± 5\.0\) \| 50\.0 ± 7\.1 \(Δ \+5\.0 ± 0\.0\) \|/,
    );
    expect(md).toContain('#### Figure: Negative transfer, pre-training');
    // bars are scaled per unit: the largest difference of each unit gets a full bar
    const bar = (unit: string, values: number[], higherIsBetter: boolean) => ({
      metric: 'logic' as const,
      label: unit,
      unit,
      column: 'CODE',
      baseline: 'NL',
      diff: stat(values, [1, 2, 3])!,
      higherIsBetter,
    });
    const scaled = reportMarkdown({
      ...r,
      figures: [
        {
          id: 'f',
          title: 'units',
          table: r.tables[0].id,
          bars: [
            bar('ACC', [10, 10, 10], true),
            bar('bits/byte', [-0.5, -0.5, -0.5], false),
            bar('bits/byte', [0.25, 0.25, 0.25], false),
          ],
        },
      ],
    });
    const bars = scaled
      .split('#### Figure: units')[1]
      .split('```')[1]
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.match(/ ([+-]+) /)?.[1]);
    expect(bars).toEqual(['+'.repeat(24), '+'.repeat(24), '-'.repeat(12)]);
    const csv = reportCsv(r).trim().split('\n');
    const line = csv.find((l) => l.startsWith('pretrain,Table 2,logic,') && l.includes(',CODE,'))!;
    const f = line.split(',');
    expect(f[6]).toBe('3');
    expect(Number(f[7])).toBeCloseTo(65, 10);
    expect(Number(f[11])).toBeCloseTo(15, 10);
    expect(f[14]).toBe('1;2;3');
  });
});
