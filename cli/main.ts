// The lab's command line: the same engine as the browser worker, run headless in Node.
//   npm run cli -- train <recipe.json> --out <dir> [--backend auto|webgpu|wasm|cpu] [--resume]
//   npm run cli -- generate <checkpoint-dir> --prompt "…" [--max-tokens N] [--temperature T] …
//   npm run cli -- bench [--preset P] [--backend B] [--steps N]
//   npm run cli -- eval <checkpoint-dir> [--tasks …] [--limit N] [--protocol P] [--cot] --out report.json
//   npm run cli -- exec <items.jsonl> --out report.json
//   npm run cli -- mix-report <metrics.jsonl> [--window 200] [--json]
//   npm run cli -- reproduce <smoke|demo|default|full> --out <dir> [--backend B] [--max-arms N]   (or --plan)
//   npm run cli -- export-hf <checkpoint-dir> --out <dir>   /   import-hf <dir> --out <checkpoint-dir>
//   npm run cli -- export-torch <recipe.json> --out <dir> [--replay-batches N]
//   npm run cli -- import-run <train.py run dir> --out <lab-run-dir>   (a PyTorch cluster run, as `train` lays it out)
import { parseArgs } from 'node:util';
import { RecipeError } from '../src/core/recipe/recipe';
import { UsageError } from './args';
import { benchCommand } from './commands/bench';
import { evalCommand } from './commands/eval';
import { execCommand } from './commands/exec';
import { exportHfCommand } from './commands/export-hf';
import { exportTorchCommand } from './commands/export-torch';
import { generateCommand } from './commands/generate';
import { importHfCommand } from './commands/import-hf';
import { importRunCommand } from './commands/import-run';
import { mixReportCommand } from './commands/mix-report';
import { reproduceCommand } from './commands/reproduce';
import { trainCommand } from './commands/train';

const COMMANDS: Record<
  string,
  (a: { positionals: string[]; values: Record<string, string | boolean | undefined> }) => Promise<void>
> = {
  train: trainCommand,
  generate: generateCommand,
  bench: benchCommand,
  eval: evalCommand,
  exec: execCommand,
  'mix-report': mixReportCommand,
  reproduce: reproduceCommand,
  'export-hf': exportHfCommand,
  'import-hf': importHfCommand,
  'export-torch': exportTorchCommand,
  'import-run': importRunCommand,
};

/** Options that take a value (the parser must know, or `--out dir` would read as a flag and a positional). */
const STRING_OPTIONS = [
  'out',
  'backend',
  'prompt',
  'max-tokens',
  'temperature',
  'top-k',
  'top-p',
  'seed',
  'preset',
  'steps',
  'tasks',
  'limit',
  'protocol',
  'window',
  'max-arms',
  'stop-at',
  'replay-batches',
];

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(`usage: cli <${Object.keys(COMMANDS).join('|')}> …\n`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: false,
    options: {
      resume: { type: 'boolean' },
      plan: { type: 'boolean' },
      cot: { type: 'boolean' },
      json: { type: 'boolean' },
      ...Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: 'string' as const }])),
    },
  });
  try {
    await run({ positionals, values: values as Record<string, string | boolean | undefined> });
    return 0;
  } catch (e) {
    if (e instanceof RecipeError || e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
