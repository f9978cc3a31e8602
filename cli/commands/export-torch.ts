// `cli export-torch <recipe.json> --out <dir> [--replay-batches N]`: writes a study that
// cli/torch/train.py runs with PyTorch DistributedDataParallel (workers/export/torch-study.ts says
// what is in it). Reads the built corpora from ./datasets/generated, as `cli train` does.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseRecipe } from '../../src/core/recipe/recipe';
import { generatedCorpora } from '../../workers/data/generated-corpora';
import { exportTorchStudy } from '../../workers/export/torch-study';
import { HfFormatError } from '../../src/core/hf';
import { numberOption, UsageError } from '../args';

export async function exportTorchCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [recipePath] = args.positionals;
  const out = args.values.out;
  if (!recipePath || typeof out !== 'string')
    throw new UsageError('usage: export-torch <recipe.json> --out <dir> [--replay-batches N]');
  const replay = numberOption('replay-batches', args.values['replay-batches'], 0);
  if (!(Number.isInteger(replay) && replay >= 0))
    throw new UsageError(`--replay-batches must be a whole number of steps (got ${replay})`);
  let text: string;
  try {
    text = await readFile(recipePath, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the recipe ${recipePath}: ${(e as Error).message}`);
  }
  const recipe = parseRecipe(text); // throws RecipeError naming the fields
  const refuse = (e: unknown) => {
    if (e instanceof HfFormatError) throw new UsageError(`export-torch: ${recipePath}: ${e.message}`);
    throw e;
  };
  const generated = resolve('datasets', 'generated');
  const corpora = generatedCorpora(async (path) => {
    try {
      return await readFile(join(generated, path), 'utf8');
    } catch (e) {
      throw new Error(
        `cannot read ${join(generated, path)} (${(e as Error).message}); build the corpora with npm run datasets`,
        { cause: e },
      );
    }
  });
  const files = await exportTorchStudy(recipe, corpora, {
    replayBatches: replay,
    onProgress: (e) => {
      if (e.done === 0) process.stderr.write(`${e.phase}: ${e.message}\n`);
    },
  }).catch(refuse);
  let bytes = 0;
  for (const [name, data] of Object.entries(files)) {
    const path = join(out, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
    bytes += data.length;
  }
  process.stdout.write(
    JSON.stringify({ out, files: Object.keys(files).length, bytes, replayBatches: replay }) + '\n',
  );
}
