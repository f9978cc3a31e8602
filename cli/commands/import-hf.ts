// `cli import-hf <dir> --out <checkpoint-dir>`: reads a Hugging Face GPT-2 directory (this lab's
// export, or a small GPT-2 whose tokenizer.json is byte-level BPE numbered the lab's way) into a lab
// checkpoint at step 0 with fresh optimizer moments, which `cli generate`, `cli eval` and
// `cli train <recipe> --out <run> --resume` (with the import at <run>/checkpoint) use like any other.
// Missing files, unsupported architectures and shapes that disagree with config.json are refused
// with a message naming the file and field (exit 2).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HF_FILE_NAMES, HfFormatError, hfToCheckpoint } from '../../src/core/hf';
import { UsageError } from '../args';
import { writeCheckpointDir } from '../checkpoint-dir-store';

export async function importHfCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [dir] = args.positionals;
  const out = args.values.out;
  if (!dir || typeof out !== 'string') throw new UsageError('usage: import-hf <dir> --out <checkpoint-dir>');
  let present: string[];
  try {
    present = await readdir(dir);
  } catch (e) {
    throw new UsageError(`import-hf: cannot read the directory ${dir}: ${(e as Error).message}`);
  }
  const files = new Map<string, Uint8Array>();
  for (const name of HF_FILE_NAMES)
    if (present.includes(name)) files.set(name, new Uint8Array(await readFile(join(dir, name))));
  let checkpoint: Map<string, Uint8Array>;
  try {
    checkpoint = await hfToCheckpoint(files);
  } catch (e) {
    if (e instanceof HfFormatError) throw new UsageError(`import-hf: cannot import ${dir}: ${e.message}`);
    throw e;
  }
  await writeCheckpointDir(out, checkpoint);
  process.stdout.write(`${out}\n`);
}
