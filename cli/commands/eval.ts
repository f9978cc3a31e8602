// `cli eval <checkpoint-dir> [--tasks logic,law,…] [--limit N] [--protocol paper|sum|mean|calibrated]
// [--cot] [--backend B] --out report.json`: the reasoning suite on a checkpoint, per task and level
// (n, accuracy, chance, 95% interval) and per item.
import { writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { MC_PROTOCOLS, TASKS, type McProtocol, type TaskId } from '../../src/core/eval';
import { startNodeEngine } from '../node-engine';
import { backendOption, numberOption, UsageError } from '../args';

const USAGE =
  'usage: eval <checkpoint-dir> [--tasks t1,t2] [--limit N] [--protocol paper|sum|mean|calibrated] [--cot] --out <report.json>';

export async function evalCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [dir] = args.positionals;
  const out = args.values.out;
  if (!dir || typeof out !== 'string') throw new UsageError(USAGE);
  const tasks =
    typeof args.values.tasks === 'string' ? (args.values.tasks.split(',') as TaskId[]) : undefined;
  for (const t of tasks ?? [])
    if (!TASKS.includes(t)) throw new UsageError(`--tasks: unknown task "${t}" (use ${TASKS.join(', ')})`);
  const protocol = (args.values.protocol ?? 'paper') as McProtocol;
  if (!MC_PROTOCOLS.includes(protocol))
    throw new UsageError(`--protocol must be one of ${MC_PROTOCOLS.join(', ')}`);
  const limit = args.values.limit === undefined ? undefined : numberOption('limit', args.values.limit, 0);
  const path = resolve(dir);
  const { engine } = await startNodeEngine({
    backend: backendOption(args.values.backend ?? 'wasm'),
    checkpointRoot: dirname(path),
  });
  await engine.loadCheckpoint(basename(path));
  const report = await engine.evaluate({ tasks, limit, protocol, cot: args.values.cot === true }, (p) => {
    if (p.done % 20 === 0 || p.done === p.total)
      process.stderr.write(`eval: ${p.done}/${p.total} (${p.task})\n`);
  });
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');
  for (const row of report.summary) {
    const ci = row.ci95.map((x) => (100 * x).toFixed(1)).join('–');
    process.stdout.write(
      `${row.task.padEnd(8)} L${String(row.level).padEnd(3)} n=${String(row.n).padEnd(4)} acc ${(100 * row.accuracy).toFixed(1)}% [${ci}] chance ${(100 * row.chance).toFixed(1)}%${row.aboveChance ? '  above chance' : ''}\n`,
    );
  }
}
