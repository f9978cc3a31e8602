import { describe, expect, it } from 'vitest';
import { RUN_FILE_FORMAT, RunFileError, exportRunFile, parseRunFile, runFileName } from './file';
import { attachEval } from './record';
import { finishedRun, reportWith } from './fixtures.test-util';

function problemsOf(text: string): string[] {
  try {
    parseRunFile(text);
  } catch (e) {
    if (e instanceof RunFileError) return e.problems;
    throw e;
  }
  throw new Error('expected a RunFileError');
}

describe('run files', () => {
  const run = attachEval(finishedRun(), {
    at: '2026-01-02T04:00:00.000Z',
    checkpoint: 'run-a',
    request: { limit: 2 },
    report: reportWith({ logic: 0.5 }),
  });
  const bytes = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);
  const files = {
    'run-a': { 'checkpoint.json': new TextEncoder().encode('{"a":1}'), 'model.safetensors': bytes },
  };

  it('round-trip a run with its checkpoint files byte for byte', () => {
    const text = exportRunFile(run, files, new Date('2026-03-01T00:00:00Z'));
    const back = parseRunFile(text);
    expect(back.run).toEqual(run);
    expect(back.exportedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(back.checkpoints['run-a']['model.safetensors']).toEqual(bytes);
    expect(new TextDecoder().decode(back.checkpoints['run-a']['checkpoint.json'])).toBe('{"a":1}');
    expect(JSON.parse(text).format).toBe(RUN_FILE_FORMAT);
  });

  it('say plainly when the file is not a run file at all', () => {
    expect(problemsOf('{not json')[0]).toMatch(/not JSON/);
    expect(problemsOf('[1,2]')[0]).toMatch(/no JSON object/);
    expect(problemsOf('{"format":"codemix-checkpoint","version":1}')[0]).toMatch(
      /format: expected "codemix-run", found "codemix-checkpoint"/,
    );
    const text = JSON.parse(exportRunFile(run));
    expect(problemsOf(JSON.stringify({ ...text, version: 9 }))[0]).toMatch(/version: 9 is not supported/);
  });

  it('name each damaged field by its path', () => {
    const file = JSON.parse(exportRunFile(run, files));
    file.run.metrics.loss.y.pop();
    file.run.status = 'exploded';
    file.run.evalReports[0].report.summary[0].accuracy = 1.7;
    file.checkpoints['run-a']['model.safetensors'] = 'abc!def=';
    const problems = problemsOf(JSON.stringify(file));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^run\.status: /),
        expect.stringMatching(/^run\.metrics\.loss: x and y differ in length/),
        expect.stringMatching(/^run\.evalReports\.0\.report\.summary\.0\.accuracy: /),
      ]),
    );
  });

  it('check the recipe with the recipe schema and the checkpoint files as base64', () => {
    const file = JSON.parse(exportRunFile(run, files));
    file.run.recipe.stages[0].steps = 0;
    file.checkpoints['run-a']['model.safetensors'] = 'abc!def=';
    file.checkpoints.stranger = {};
    const problems = problemsOf(JSON.stringify(file));
    expect(problems).toContain(
      'checkpoints.run-a.model.safetensors: not base64: character "!" at position 3',
    );
    expect(problems.some((p) => p.startsWith('run.recipe.stages.0.steps: '))).toBe(true);
    expect(problems.some((p) => p.startsWith("checkpoints.stranger: not one of the run's checkpoints"))).toBe(
      true,
    );
  });

  it('give a safe file name', () => {
    expect(runFileName({ ...run, name: 'my run/ä?' })).toBe('my-run-2026-01-02.codemix-run.json');
  });
});
