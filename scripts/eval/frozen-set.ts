// Builds the frozen TinyReason-6 evaluation set in memory: for each task, `perLevel` eval-split items
// per level from consecutive seeds, skipping an item whose normalised text repeats an earlier one
// (within the set, or — for the name-free code tasks — one of the first `trainProbe` train-split
// items). Returns the JSONL text of each file, the manifest, and the normalised-text hashes that
// instruction and corpus builders must exclude. Deterministic: same config, same bytes.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { GENERATOR_VERSION, generate } from '../../src/core/eval/generate';
import { LEVELS, TASKS } from '../../src/core/eval/types';
import type { Item, TaskId } from '../../src/core/eval/types';

export const SET_NAME = 'tinyreason6-v1';
export const SET_VERSION = 1;

export interface FreezeConfig {
  perLevel: number;
  /** Seeds start here; seed s of the eval split is generate(task, level, s, 'eval'). */
  firstSeed: number;
  /** How many train-split seeds per level to check the code tasks against. */
  trainProbe: number;
}

export const DEFAULT_CONFIG: FreezeConfig = { perLevel: 50, firstSeed: 0, trainProbe: 400 };

export interface Manifest {
  name: string;
  version: number;
  generator_version: number;
  split: 'eval';
  config: FreezeConfig;
  files: Record<string, { task: TaskId; items: number; per_level: number[]; bytes: number; sha256: string }>;
  hashes_file: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What makes two items "the same question": context, question and options, whitespace-normalised. */
export function textHash(item: Item): string {
  const text = [item.context, item.question, ...item.options, item.prompt ?? '']
    .join('\u0000')
    .replace(/\s+/g, ' ')
    .trim();
  return sha256(text).slice(0, 16);
}

export function buildFrozenSet(config: FreezeConfig = DEFAULT_CONFIG): {
  files: Map<string, string>;
  manifest: Manifest;
  hashes: string;
} {
  const files = new Map<string, string>();
  const allHashes: string[] = [];
  const manifest: Manifest = {
    name: SET_NAME,
    version: SET_VERSION,
    generator_version: GENERATOR_VERSION,
    split: 'eval',
    config,
    files: {},
    hashes_file: 'hashes.txt',
  };
  for (const task of TASKS) {
    const seen = new Set<string>();
    if (task === 'codeqa' || task === 'codegen')
      for (const level of LEVELS)
        for (let s = 0; s < config.trainProbe; s++) seen.add(textHash(generate(task, level, s, 'train')));
    const lines: string[] = [];
    const perLevel: number[] = [];
    for (const level of LEVELS) {
      let kept = 0;
      for (let seed = config.firstSeed; kept < config.perLevel; seed++) {
        if (seed > config.firstSeed + 20 * config.perLevel)
          throw new Error(`${task} L${level}: too many duplicates`);
        const item = generate(task, level, seed, 'eval');
        const h = textHash(item);
        if (seen.has(h)) continue;
        seen.add(h);
        allHashes.push(h);
        lines.push(JSON.stringify(item));
        kept++;
      }
      perLevel.push(kept);
    }
    const text = `${lines.join('\n')}\n`;
    const name = `${task}.jsonl`;
    files.set(name, text);
    manifest.files[name] = {
      task,
      items: lines.length,
      per_level: perLevel,
      bytes: Buffer.byteLength(text, 'utf8'),
      sha256: sha256(text),
    };
  }
  return { files, manifest, hashes: `${allHashes.join('\n')}\n` };
}

/** The manifest as the repository's Prettier would print it (so `prettier --check .` passes). */
export async function manifestText(manifest: Manifest): Promise<string> {
  return formatJson(manifest);
}

export async function formatJson(value: unknown): Promise<string> {
  const config = (await resolveConfig(fileURLToPath(import.meta.url))) ?? {};
  return format(JSON.stringify(value), { ...config, parser: 'json' });
}
