// Reading the generated corpora from Node: the manifest, and one source's documents for a split.
// The files are plain JSONL (see jsonl.ts), so the browser reads them with fetch + parseJsonl.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJsonl } from './jsonl';
import type { Manifest } from './manifest';
import type { Split } from './split';

export const GENERATED = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'datasets',
  'generated',
);

export function readManifest(dir: string = GENERATED): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new Error(`${path} not found: build the corpora first (npx tsx scripts/datasets/build.ts)`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** The documents of one source ("world", "lodash", ...) for a split, in build order. */
export function readCorpus(source: string, split: Split, dir: string = GENERATED): string[] {
  const manifest = readManifest(dir);
  const entry = manifest.sources.find((s) => s.name === source);
  if (entry === undefined) {
    const names = manifest.sources.map((s) => s.name).join(', ');
    throw new Error(`unknown corpus source "${source}"; the manifest has: ${names}`);
  }
  if (split !== 'train' && split !== 'heldout')
    throw new Error(`unknown split "${String(split)}"; use train or heldout`);
  const file = entry.files[split];
  return parseJsonl(readFileSync(join(dir, file.path), 'utf8'), `${source}/${split}`);
}
