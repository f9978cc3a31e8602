// `cli generate <checkpoint-dir> --prompt "…" [--max-tokens N] [--temperature T] [--top-k K]
// [--top-p P] [--seed S] [--backend B]`: streams the continuation to stdout (temperature 0 = greedy).
import { basename, dirname, resolve } from 'node:path';
import { startNodeEngine } from '../node-engine';
import { backendOption, numberOption, UsageError } from '../args';

export async function generateCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [dir] = args.positionals;
  const prompt = args.values.prompt;
  if (!dir || typeof prompt !== 'string')
    throw new UsageError(
      'usage: generate <checkpoint-dir> --prompt "…" [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S]',
    );
  const path = resolve(dir);
  const { engine } = await startNodeEngine({
    backend: backendOption(args.values.backend ?? 'cpu'),
    checkpointRoot: dirname(path),
  });
  await engine.loadCheckpoint(basename(path));
  process.stdout.write(prompt);
  await engine.generate(
    {
      prompt,
      maxTokens: numberOption('max-tokens', args.values['max-tokens'], 100),
      temperature: numberOption('temperature', args.values.temperature, 0.8),
      topK: numberOption('top-k', args.values['top-k'], 40),
      topP: numberOption('top-p', args.values['top-p'], 0.95),
      seed: numberOption('seed', args.values.seed, 1),
    },
    (piece) => process.stdout.write(piece),
  );
  process.stdout.write('\n');
}
