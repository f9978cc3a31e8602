// `cli export-hf <checkpoint-dir> --out <dir>`: writes the checkpoint as a Hugging Face GPT-2
// directory (config.json, generation_config.json, model.safetensors, tokenizer.json,
// tokenizer_config.json) that transformers loads as GPT2LMHeadModel. A model GPT-2 cannot express
// (PanGu-α's query layer) or a damaged checkpoint is refused with its message (exit 2).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from '../../src/core/checkpoint/format';
import { checkpointToHf, HfFormatError } from '../../src/core/hf';
import { UsageError } from '../args';
import { readCheckpointDir } from '../checkpoint-dir-store';

export async function exportHfCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [dir] = args.positionals;
  const out = args.values.out;
  if (!dir || typeof out !== 'string') throw new UsageError('usage: export-hf <checkpoint-dir> --out <dir>');
  let files: Map<string, Uint8Array>;
  try {
    files = await checkpointToHf(await readCheckpointDir(dir));
  } catch (e) {
    if (e instanceof HfFormatError || e instanceof CheckpointError)
      throw new UsageError(`export-hf: cannot export ${dir}: ${e.message}`);
    throw e;
  }
  await mkdir(out, { recursive: true });
  for (const [name, bytes] of files) await writeFile(join(out, name), bytes);
  process.stdout.write(`${[...files.keys()].map((n) => join(out, n)).join('\n')}\n`);
}
