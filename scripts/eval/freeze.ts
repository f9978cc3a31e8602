// Writes (or with --check, verifies) the frozen evaluation sets datasets/eval/tinyreason6-v1/ and
// datasets/eval/transfer3-v1/: one JSONL file per task, manifest.json (version, generator version,
// config, counts, sha256 per file) and hashes.txt (normalised-text hashes of every item, for builders
// of training data to exclude). A set that exists is never rewritten with different items: that needs
// a new set version (this refuses and says so; --force overwrites anyway).
//   npx tsx scripts/eval/freeze.ts [--check] [--set <name>] [--force]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FROZEN_SETS, SET_NAME, buildFrozenSet, manifestText, type SetSpec } from './frozen-set';

export const EVAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../datasets/eval');
export const SET_DIR = join(EVAL_DIR, SET_NAME);

/** The files a set should hold, by name. */
export async function wantedFiles(spec: SetSpec): Promise<Map<string, string>> {
  const { files, manifest, hashes } = buildFrozenSet(spec.config, spec);
  return new Map([...files, ['manifest.json', await manifestText(manifest)], ['hashes.txt', hashes]]);
}

/** Names of files that differ from (or are missing in) the set's folder. */
export function staleFiles(dir: string, wanted: Map<string, string>): string[] {
  return [...wanted]
    .filter(([name, text]) => !existsSync(join(dir, name)) || readFileSync(join(dir, name), 'utf8') !== text)
    .map(([name]) => name);
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const only = process.argv.includes('--set') ? process.argv[process.argv.indexOf('--set') + 1] : undefined;
  let failed = false;
  for (const spec of FROZEN_SETS.filter((s) => !only || s.name === only)) {
    const dir = join(EVAL_DIR, spec.name);
    const wanted = await wantedFiles(spec);
    const stale = staleFiles(dir, wanted);
    if (stale.length === 0) {
      console.log(`${spec.name}: all ${wanted.size} files match the generators`);
      continue;
    }
    const frozen = existsSync(join(dir, 'manifest.json')) && !process.argv.includes('--force');
    if (check || frozen) {
      console.error(
        `${spec.name}: stale or missing: ${stale.join(', ')} — a frozen set never changes: bump the set version (a new folder) if items changed`,
      );
      failed = true;
      continue;
    }
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of wanted) writeFileSync(join(dir, name), text);
    const bytes = [...wanted.values()].reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
    console.log(`${spec.name}: wrote ${wanted.size} files, ${(bytes / 1024).toFixed(0)} KiB`);
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
