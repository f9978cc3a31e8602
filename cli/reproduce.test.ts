// `cli reproduce smoke` end to end: a first invocation trains two arms and stops (--max-arms), a
// second is interrupted inside CODE.s1 (--stop-at: the stop Ctrl-C makes, right after its step-4
// checkpoint), a third finishes the study. Finished arms are not retrained, the interrupted arm
// resumes from its last checkpoint, every arm shares one tokenizer, and report.md / report.json /
// report.csv hold every table cell and task with mean ± sd over the three seeds.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CELL_IDS, STUDY_PRESETS, expandStudy, type StudyReport } from '../src/core/study';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'codemix-reproduce-'));
const arms = expandStudy(STUDY_PRESETS.smoke);
const args = ['reproduce', 'smoke', '--out', dir, '--backend', 'wasm'];
const json = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));
const trainSteps = (arm: string) =>
  readFileSync(join(dir, arm, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((l) => l.kind === 'train')
    .map((l) => l.step as number);

describe('cli reproduce smoke', () => {
  it('runs the study in three invocations: limited, interrupted, then finished', { timeout: 600_000 }, () => {
    // 1. Two arms, then a clean stop.
    const first = runCli([...args, '--max-arms', '2']);
    expect(first.status, first.stderr).toBe(0);
    for (const arm of ['NL.s1', 'NN.s1'])
      for (const f of [
        'recipe.json',
        'metrics.jsonl',
        'summary.json',
        'checkpoint/checkpoint.json',
        'report.json',
      ])
        expect(existsSync(join(dir, arm, f)), `${arm}/${f}`).toBe(true);
    expect(existsSync(join(dir, 'NL.s1', 'report-cot.json'))).toBe(true); // NL has the CoT condition
    expect(existsSync(join(dir, 'NC.s1'))).toBe(false);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('Not evaluated yet');
    const nlSummary = readFileSync(join(dir, 'NL.s1', 'summary.json'), 'utf8');
    const nlMetricsTime = statSync(join(dir, 'NL.s1', 'metrics.jsonl')).mtimeMs;

    // 2. Interrupted inside CODE.s1 (8 steps, a checkpoint every 4): no summary, the checkpoint kept.
    const second = runCli([...args, '--stop-at', 'CODE.s1:4']);
    expect(second.status).not.toBe(0);
    expect(second.stderr).toMatch(/interrupted during CODE\.s1 .*run the same command again to resume/);
    expect(existsSync(join(dir, 'NC.s1', 'summary.json'))).toBe(true);
    expect(existsSync(join(dir, 'CODE.s1', 'summary.json'))).toBe(false);
    expect(json('CODE.s1/checkpoint/checkpoint.json').step).toBe(4);
    expect(Math.max(...trainSteps('CODE.s1'))).toBeLessThanOrEqual(4); // stopped before step 5
    expect(second.stderr).not.toMatch(/NL\.s1: training/); // finished arms are not retrained

    // 3. The rest: CODE.s1 resumes from its step-4 checkpoint, nothing finished is redone.
    // a directory written before study.json kept the expanded arms resumes too (compared via its preset)
    const studyFile = join(dir, 'study.json');
    const { armSpecs, ...older } = JSON.parse(readFileSync(studyFile, 'utf8'));
    expect(armSpecs).toHaveLength(CELL_IDS.length * 3);
    writeFileSync(studyFile, JSON.stringify(older));
    const third = runCli(args);
    expect(third.status, third.stderr).toBe(0);
    expect(third.stderr).toMatch(/CODE\.s1: training resuming its checkpoint/);
    expect(third.stderr).not.toMatch(/(NL|NN|NC)\.s1: (training|evaluating)/);
    expect(readFileSync(join(dir, 'NL.s1', 'summary.json'), 'utf8')).toBe(nlSummary);
    expect(statSync(join(dir, 'NL.s1', 'metrics.jsonl')).mtimeMs).toBe(nlMetricsTime);
    expect(json('CODE.s1/summary.json').steps).toBe(4); // steps 5–8 only
    const steps = trainSteps('CODE.s1');
    expect(steps.at(-1)).toBe(8);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1]); // no restart
    expect(third.stderr).toMatch(/CN\.s1: training from the checkpoint of CODE\.s1/);

    // Every arm trained and evaluated, all with one tokenizer.
    const tokenizers = new Set<string>();
    for (const arm of arms) {
      expect(json(`${arm.id}/summary.json`).stopped, arm.id).toBe(false);
      expect(existsSync(join(dir, arm.id, 'report.json')), arm.id).toBe(true);
      tokenizers.add(JSON.stringify(json(`${arm.id}/checkpoint/checkpoint.json`).tokenizer));
    }
    expect(tokenizers.size).toBe(1);

    // The report: every table cell with mean ± sd over the three seeds; the CSV and Markdown agree.
    const report = json('report.json') as StudyReport;
    expect(report.missing).toEqual([]);
    expect(report.arms).toHaveLength(CELL_IDS.length * 3);
    expect(report.arms.every((a) => a.trained)).toBe(true);
    const tasks = new Set<string>();
    for (const table of report.tables)
      for (const row of table.rows) {
        tasks.add(row.metric);
        for (const cell of row.cells) {
          expect(cell.stat?.n, `${table.id} ${row.metric} ${cell.column}`).toBe(3);
          expect(cell.stat?.sd).not.toBeNull();
        }
      }
    expect([...tasks].sort()).toEqual(
      [
        'logic',
        'law',
        'science',
        'analogy',
        'codeqa',
        'codegen-bleu',
        'codegen-pass',
        'reading',
        'nli',
        'extractive-em',
        'extractive-f1',
        'heldout-text',
        'heldout-code',
      ].sort(),
    );
    const cells = new Set(report.tables.flatMap((t) => t.columns.map((c) => c.cell)));
    expect([...cells].sort()).toEqual([...CELL_IDS].sort());
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const title of [
      'Table 2',
      'Table 3',
      'Table 4',
      'Table 6',
      'Table 7',
      'Table 8',
      'New: Mixing strategies at pre-training',
    ])
      expect(md).toContain(`### ${title}`);
    expect(md).not.toContain('n/a');
    expect(md).toMatch(/\| Logic∗ \(C-Eval logic\) \| ACC \| [\d.]+ \| \d+\.\d ± \d+\.\d \|/);
    const csv = readFileSync(join(dir, 'report.csv'), 'utf8').trim().split('\n');
    expect(csv.length - 1).toBe(report.tables.reduce((n, t) => n + t.rows.length * t.columns.length, 0));
  });

  it('refuses an unknown preset and another preset’s directory', () => {
    const bad = runCli(['reproduce', 'huge', '--out', dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown preset "huge": use one of smoke, demo, default, full/);
    const other = runCli(['reproduce', 'demo', '--out', dir]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/holds a study of preset "smoke"/);
  });
});
