// Builds a frozen evaluation set in memory — TinyReason-6 (the six reasoning tasks) or Transfer-3 (the
// negative-transfer checks: reading, nli, extractive) — for each task `perLevel` eval-split items per
// level from consecutive seeds, skipping an item whose normalised text repeats an earlier one (within
// the set, or — for the name-free code tasks — one of the first `trainProbe` train-split items).
// Returns the JSONL text of each file, the manifest, and the normalised-text hashes that instruction
// and corpus builders must exclude. Deterministic: same config, same bytes.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { GENERATOR_VERSION, TRANSFER_GENERATOR_VERSION, generateAny } from '../../src/core/eval/generate';
import { LEVELS, TASKS, TRANSFER_TASKS } from '../../src/core/eval/types';
import type { AnyItem, EvalTaskId } from '../../src/core/eval/types';

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

/** One frozen set: its folder name, version, the generator version it records, its tasks. */
export interface SetSpec {
  name: string;
  version: number;
  generatorVersion: number;
  tasks: readonly EvalTaskId[];
  /** Tasks whose items carry no pool names, checked against train-split items too. */
  probeTasks: readonly EvalTaskId[];
  config: FreezeConfig;
}

export const TINYREASON6: SetSpec = {
  name: SET_NAME,
  version: SET_VERSION,
  generatorVersion: GENERATOR_VERSION,
  tasks: TASKS,
  probeTasks: ['codeqa', 'codegen'],
  config: { perLevel: 50, firstSeed: 0, trainProbe: 400 },
};

/** The negative-transfer checks (every item names eval-pool people, places or creatures). */
export const TRANSFER3: SetSpec = {
  name: 'transfer3-v1',
  version: 1,
  generatorVersion: TRANSFER_GENERATOR_VERSION,
  tasks: TRANSFER_TASKS,
  probeTasks: [],
  config: { perLevel: 50, firstSeed: 0, trainProbe: 0 },
};

export const FROZEN_SETS: readonly SetSpec[] = [TINYREASON6, TRANSFER3];

export interface Manifest {
  name: string;
  version: number;
  generator_version: number;
  split: 'eval';
  config: FreezeConfig;
  files: Record<
    string,
    { task: EvalTaskId; items: number; per_level: number[]; bytes: number; sha256: string }
  >;
  hashes_file: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What makes two items "the same question": context, question and options, whitespace-normalised. */
export function textHash(item: AnyItem): string {
  const text = [item.context, item.question, ...item.options, item.prompt ?? '']
    .join('\u0000')
    .replace(/\s+/g, ' ')
    .trim();
  return sha256(text).slice(0, 16);
}

export function buildFrozenSet(
  config: FreezeConfig = DEFAULT_CONFIG,
  spec: SetSpec = TINYREASON6,
): {
  files: Map<string, string>;
  manifest: Manifest;
  hashes: string;
} {
  const files = new Map<string, string>();
  const allHashes: string[] = [];
  const manifest: Manifest = {
    name: spec.name,
    version: spec.version,
    generator_version: spec.generatorVersion,
    split: 'eval',
    config,
    files: {},
    hashes_file: 'hashes.txt',
  };
  for (const task of spec.tasks) {
    const seen = new Set<string>();
    if (spec.probeTasks.includes(task))
      for (const level of LEVELS)
        for (let s = 0; s < config.trainProbe; s++) seen.add(textHash(generateAny(task, level, s, 'train')));
    const lines: string[] = [];
    const perLevel: number[] = [];
    for (const level of LEVELS) {
      let kept = 0;
      for (let seed = config.firstSeed; kept < config.perLevel; seed++) {
        if (seed > config.firstSeed + 20 * config.perLevel)
          throw new Error(`${task} L${level}: too many duplicates`);
        const item = generateAny(task, level, seed, 'eval');
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
