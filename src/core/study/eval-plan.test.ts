// An arm's evaluation as engine requests (one per item limit, the held-out loss with the first) and
// the reports merged back in task order, with the held-out part and no stale "skipped" note.
import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../../contract/eval';
import type { SummaryRow } from '../eval';
import { evalRequests, mergeReports } from './eval-plan';
import type { ArmEval } from './types';

const e: ArmEval = {
  id: 'main',
  tasks: ['logic', 'codegen', 'reading', 'extractive'],
  limit: 10,
  taskLimits: { codegen: 2, extractive: 2 },
  protocol: 'paper',
  cot: false,
  heldoutDocuments: 4,
};

const row = (task: SummaryRow['task']): SummaryRow => ({
  task,
  level: 'all',
  n: 1,
  correct: 1,
  accuracy: 1,
  chance: 0.5,
  ci95: [0, 1],
  aboveChance: false,
});
const report = (tasks: SummaryRow['task'][], heldout: boolean, seconds: number): EvalReport => ({
  suite: 'tinyreason6-v1+transfer3-v1',
  protocol: 'paper',
  cot: false,
  summary: tasks.map(row),
  items: [],
  ...(heldout ? { heldout: { documents: 4, maxChars: 10, sources: [], byKind: [] } } : {}),
  notes: heldout ? [] : ['held-out loss skipped (heldout: false)'],
  seconds,
});

describe('evalRequests / mergeReports', () => {
  it('groups tasks by limit, held-out loss with the first group only', () => {
    expect(evalRequests(e)).toEqual([
      { tasks: ['logic', 'reading'], limit: 10, protocol: 'paper', cot: false, heldout: { documents: 4 } },
      { tasks: ['codegen', 'extractive'], limit: 2, protocol: 'paper', cot: false, heldout: false },
    ]);
    expect(evalRequests({ ...e, taskLimits: undefined, heldoutDocuments: 0 })).toEqual([
      { tasks: e.tasks, limit: 10, protocol: 'paper', cot: false, heldout: false },
    ]);
    expect(evalRequests({ ...e, maxNewTokens: 12 }).map((r) => r.maxNewTokens)).toEqual([12, 12]);
  });

  it('merges reports in task order, keeping the held-out part and dropping its skipped note', () => {
    const merged = mergeReports([
      report(['logic', 'reading'], true, 2),
      report(['codegen', 'extractive'], false, 3),
    ]);
    expect(merged.summary.map((r) => r.task)).toEqual(['logic', 'codegen', 'reading', 'extractive']);
    expect(merged.heldout?.documents).toBe(4);
    expect(merged.notes).toBeUndefined();
    expect(merged.seconds).toBe(5);
    expect(merged.suite).toBe('tinyreason6-v1+transfer3-v1');
    expect(() => mergeReports([])).toThrow(/no reports/);
  });
});
