// `cli eval <checkpoint-dir> [--tasks logic,law,…] [--limit N] [--protocol paper|sum|mean|calibrated]
// [--cot] [--no-heldout] [--backend B] --out report.json`: the reasoning suite and the negative-transfer
// checks on a checkpoint, per task and level (n, accuracy, chance, 95% interval) and per item, and the
// held-out language-model loss on text and code (with --limit N, N documents per corpus).
// The process-wide sandbox is closed when the command ends: its worker thread would otherwise keep
// Node alive after the report is written (see closeSharedSandbox in workers/sandbox/node.ts).
import { writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { ALL_TASKS, MC_PROTOCOLS, type EvalTaskId, type McProtocol } from '../../src/core/eval';
import { HELDOUT_DEFAULTS, type EvalReport, type EvalRequest } from '../../src/contract/eval';
import { closeSharedSandbox } from '../../workers/sandbox/node';
import { startNodeEngine } from '../node-engine';
import { backendOption, numberOption, UsageError } from '../args';

const USAGE =
  'usage: eval <checkpoint-dir> [--tasks t1,t2] [--limit N] [--protocol paper|sum|mean|calibrated] [--cot] [--no-heldout] --out <report.json>';

const pct = (x: number) => (100 * x).toFixed(1);

/** The report's summary as text lines: one per task and level, then the held-out loss per kind and corpus. */
export function summaryLines(report: EvalReport): string[] {
  const lines = report.summary.map((row) => {
    const ci = row.ci95.map(pct).join('–');
    const f1 = row.f1
      ? `  F1 ${pct(row.f1.mean)} [${row.f1.ci95.map(pct).join('–')}] chance ${pct(row.f1.chance)}`
      : '';
    return `${row.task.padEnd(10)} L${String(row.level).padEnd(3)} n=${String(row.n).padEnd(4)} acc ${pct(row.accuracy)}% [${ci}] chance ${pct(row.chance)}%${f1}${row.aboveChance ? '  above chance' : ''}`;
  });
  for (const row of [...(report.heldout?.byKind ?? []), ...(report.heldout?.sources ?? [])]) {
    const [lo, hi] = row.loss.ci95.map((x) => x.toFixed(3));
    lines.push(
      `heldout ${row.name.padEnd(20)} ${row.kind} docs=${row.documents} loss ${row.loss.mean.toFixed(3)} [${lo}–${hi}] nats/token, ${row.bitsPerByte.mean.toFixed(3)} bits/byte; chance ${row.chance.loss.toFixed(3)}`,
    );
  }
  return [...lines, ...(report.notes ?? []).map((n) => `note: ${n}`)];
}

export async function evalCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [dir] = args.positionals;
  const out = args.values.out;
  if (!dir || typeof out !== 'string') throw new UsageError(USAGE);
  const tasks =
    typeof args.values.tasks === 'string' ? (args.values.tasks.split(',') as EvalTaskId[]) : undefined;
  for (const t of tasks ?? [])
    if (!ALL_TASKS.includes(t))
      throw new UsageError(`--tasks: unknown task "${t}" (use ${ALL_TASKS.join(', ')})`);
  const protocol = (args.values.protocol ?? 'paper') as McProtocol;
  if (!MC_PROTOCOLS.includes(protocol))
    throw new UsageError(`--protocol must be one of ${MC_PROTOCOLS.join(', ')}`);
  const limit = args.values.limit === undefined ? undefined : numberOption('limit', args.values.limit, 0);
  const heldout: EvalRequest['heldout'] =
    args.values['no-heldout'] === true
      ? false
      : { documents: Math.min(HELDOUT_DEFAULTS.documents, limit ?? Infinity) };
  const path = resolve(dir);
  try {
    const { engine } = await startNodeEngine({
      backend: backendOption(args.values.backend ?? 'wasm'),
      checkpointRoot: dirname(path),
    });
    await engine.loadCheckpoint(basename(path));
    const request: EvalRequest = { tasks, limit, protocol, cot: args.values.cot === true, heldout };
    const report = await engine.evaluate(request, (p) => {
      if (p.done % 20 === 0 || p.done === p.total)
        process.stderr.write(`eval: ${p.phase ?? 'items'} ${p.done}/${p.total} (${p.source ?? p.task})\n`);
    });
    await writeFile(out, JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(summaryLines(report).join('\n') + '\n');
  } finally {
    closeSharedSandbox();
  }
}
