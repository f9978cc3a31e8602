// `cli train <recipe.json> --out <dir> [--backend B] [--resume]`: trains in Node and writes
// <dir>/metrics.jsonl (a line per logged step and per held-out evaluation, every stage: pretrain
// and instruct), <dir>/summary.json and <dir>/checkpoint/. `cli mix-report` summarises the mix.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRecipe } from '../../src/core/recipe/recipe';
import type { TrainEvent } from '../../src/contract/train';
import { startNodeEngine } from '../node-engine';
import { backendOption, UsageError } from '../args';

export async function trainCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [recipePath] = args.positionals;
  const out = args.values.out;
  if (!recipePath || typeof out !== 'string')
    throw new UsageError(
      'usage: train <recipe.json> --out <dir> [--backend auto|webgpu|wasm|cpu] [--resume]',
    );
  let text: string;
  try {
    text = await readFile(recipePath, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the recipe ${recipePath}: ${(e as Error).message}`);
  }
  const recipe = parseRecipe(text); // throws RecipeError naming the fields
  await mkdir(out, { recursive: true });
  const resume = args.values.resume === true && existsSync(join(out, 'checkpoint', 'checkpoint.json'));
  const { engine, info } = await startNodeEngine({
    backend: backendOption(args.values.backend),
    checkpointRoot: out,
  });
  process.stderr.write(
    `train: ${recipe.name} on ${info.backend} (${info.reason})${resume ? ', resuming' : ''}\n`,
  );
  const metrics = createWriteStream(join(out, 'metrics.jsonl'), { flags: resume ? 'a' : 'w' });
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'metrics') {
      const { type: _t, ...rest } = e;
      metrics.write(JSON.stringify({ kind: 'train', ...rest }) + '\n');
      process.stderr.write(
        `step ${e.step} stage ${e.stage} (${e.stageKind}) loss ${e.loss.toFixed(4)} lr ${e.lr.toExponential(2)} code ${(100 * e.realisedCodeShare).toFixed(0)}% (scheduled ${(100 * e.scheduledCodeShare).toFixed(0)}%) ${Math.round(e.tokPerSec)} tok/s\n`,
      );
    } else if (e.type === 'eval') {
      const { type: _t, ...rest } = e;
      metrics.write(JSON.stringify({ kind: 'eval', ...rest }) + '\n');
      const h = Object.entries(e.heldout)
        .map(([s, v]) => `${s} ${v.loss.toFixed(3)}`)
        .join(', ');
      process.stderr.write(`eval step ${e.step}: held-out ${h}\n`);
    } else if (e.type === 'progress') {
      if (e.done === 0 || e.done === e.total) process.stderr.write(`${e.phase}: ${e.message}\n`);
    } else if (e.type === 'sample') {
      process.stderr.write(`sample @${e.step}: ${JSON.stringify(e.prompt + e.text)}\n`);
    }
  };
  const stopOnSignal = () => void engine.stop();
  process.once('SIGINT', stopOnSignal);
  const summary = await engine.train(recipe, onEvent, {
    checkpointName: 'checkpoint',
    resumeFrom: resume ? 'checkpoint' : undefined,
  });
  process.off('SIGINT', stopOnSignal);
  await new Promise<void>((r) => metrics.end(r));
  await writeFile(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  process.stdout.write(JSON.stringify(summary) + '\n');
}
