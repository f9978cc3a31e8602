// `cli import-run <run-dir> --out <lab-run-dir>`: a run of the exported study's train.py (its --out
// directory: metrics.jsonl, summary.json, model/; the recipe from study.json beside it or one folder
// up) written in the layout `cli train` leaves, so `cli eval <out>/checkpoint`, `cli generate` and
// `cli mix-report <out>/metrics.jsonl` take it like a lab run: metrics.jsonl (as train.py wrote it,
// the lab's format), summary.json (the lab's RunSummary plus `origin`), recipe.json, checkpoint/.
// Checked by src/core/runs/cluster-run.ts; problems are listed by file and line (exit 2).
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { HfFormatError, hfToCheckpoint } from '../../src/core/hf';
import { ClusterRunError, readClusterRun, type PickedFile } from '../../src/core/runs/cluster-run';
import { newRunId } from '../../src/core/runs';
import { UsageError } from '../args';
import { writeCheckpointDir } from '../checkpoint-dir-store';

const RUN_FILES = ['metrics.jsonl', 'summary.json', 'study.json', 'recipe.json'];

/** The run directory's own files and model/, and a study.json or recipe.json one folder up. */
async function pick(runDir: string): Promise<PickedFile[]> {
  const base = basename(runDir);
  const picked: PickedFile[] = [];
  const take = async (dir: string, names: string[], prefix: string) => {
    const present = await readdir(dir).catch(() => [] as string[]);
    for (const name of names)
      if (present.includes(name))
        picked.push({ path: `${prefix}${name}`, bytes: new Uint8Array(await readFile(join(dir, name))) });
    return present;
  };
  const present = await take(runDir, RUN_FILES, `${base}/`);
  if (present.includes('model'))
    await take(join(runDir, 'model'), await readdir(join(runDir, 'model')), `${base}/model/`);
  await take(dirname(runDir), ['study.json', 'recipe.json'], '');
  return picked;
}

export async function importRunCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [dir] = args.positionals;
  const out = args.values.out;
  if (!dir || typeof out !== 'string')
    throw new UsageError('usage: import-run <run-dir> --out <lab-run-dir>');
  const runDir = resolve(dir);
  try {
    await readdir(runDir);
  } catch (e) {
    throw new UsageError(`import-run: cannot read the directory ${dir}: ${(e as Error).message}`);
  }
  const picked = await pick(runDir);
  let checkpoint: Map<string, Uint8Array>;
  let run;
  try {
    const found = readClusterRun(picked, { id: newRunId() });
    run = found.run;
    checkpoint = await hfToCheckpoint(found.model);
  } catch (e) {
    if (e instanceof ClusterRunError || e instanceof HfFormatError)
      throw new UsageError(`import-run: cannot import ${dir}: ${e.message}`);
    throw e;
  }
  await mkdir(out, { recursive: true });
  const metrics = picked.find((p) => p.path.endsWith('/metrics.jsonl'))!;
  await writeFile(join(out, 'metrics.jsonl'), metrics.bytes);
  const summary = { ...run.summary, origin: run.origin };
  await writeFile(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  await writeFile(join(out, 'recipe.json'), JSON.stringify(run.recipe, null, 2) + '\n');
  await writeCheckpointDir(join(out, 'checkpoint'), checkpoint);
  process.stdout.write(
    JSON.stringify({ out, name: run.name, origin: run.origin, steps: run.summary?.steps }) + '\n',
  );
}
