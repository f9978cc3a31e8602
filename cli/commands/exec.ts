// `cli exec <items.jsonl> --out report.json`: judges code written anywhere (MultiPL-E layout:
// task_id, prompt, completion, tests; the program is prompt + completion + tests and passes when it
// finishes without throwing) exactly as the lab's own: pass@1 and each item's outcome.
import { readFile, writeFile } from 'node:fs/promises';
import { execItems } from '../../workers/sandbox/exec-items';
import { parseExecJsonl } from '../../workers/sandbox/exec-report';
import { UsageError } from '../args';

export async function execCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [path] = args.positionals;
  const out = args.values.out;
  if (!path || typeof out !== 'string') throw new UsageError('usage: exec <items.jsonl> --out <report.json>');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
  const items = parseExecJsonl(text);
  const report = await execItems(items, {
    onProgress: (done: number, total: number) => {
      if (done % 25 === 0 || done === total) process.stderr.write(`exec: ${done}/${total}\n`);
    },
  });
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(
    `pass@1 ${report.pass_at_1.toFixed(4)} (${report.passed}/${report.total}); outcomes ${JSON.stringify(report.outcomes)}\n`,
  );
}
