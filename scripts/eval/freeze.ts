// Writes (or with --check, verifies) the frozen evaluation set datasets/eval/tinyreason6-v1/:
// one JSONL file per task, manifest.json (version, generator version, config, counts, sha256 per file)
// and hashes.txt (normalised-text hashes of every item, for builders of training data to exclude).
//   npx tsx scripts/eval/freeze.ts [--check]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SET_NAME, buildFrozenSet, manifestText } from './frozen-set';

export const SET_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../datasets/eval', SET_NAME);

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { files, manifest, hashes } = buildFrozenSet();
  const wanted = new Map([...files, ['manifest.json', await manifestText(manifest)], ['hashes.txt', hashes]]);
  if (check) {
    const stale = [...wanted].filter(([name, text]) => {
      try {
        return readFileSync(join(SET_DIR, name), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    if (stale.length > 0) {
      console.error(
        `stale or missing: ${stale.map(([n]) => n).join(', ')} — rerun without --check and bump the set version if items changed`,
      );
      process.exit(1);
    }
    console.log(`${SET_NAME}: all ${wanted.size} files match the generators`);
    return;
  }
  mkdirSync(SET_DIR, { recursive: true });
  for (const [name, text] of wanted) writeFileSync(join(SET_DIR, name), text);
  const total = Object.values(manifest.files).reduce((s, f) => s + f.bytes, 0);
  console.log(`${SET_NAME}: wrote ${wanted.size} files, ${(total / 1024).toFixed(0)} KiB of items`);
}

await main();
