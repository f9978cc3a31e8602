// The frozen negative-transfer set datasets/eval/transfer3-v1 is exactly what the generators produce
// today (any drift needs a new set version), its manifest checksums hold, every label is re-derived by
// the independent solvers, every item's code rationale runs and prints the gold answer, and no item
// carries a train-pool name. (TinyReason-6 is checked by freeze.test.ts.)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { poolNames } from '../../src/core/world';
import { parseItemsJsonl } from '../../src/core/eval/load';
import { solveExtractive } from '../../src/core/eval/solvers/extractive';
import { solveNli } from '../../src/core/eval/solvers/nli';
import { solveReading } from '../../src/core/eval/solvers/reading';
import { TRANSFER_TASKS, goldText } from '../../src/core/eval/types';
import { TRANSFER3, buildFrozenSet, manifestText, type Manifest } from './frozen-set';
import { staleFiles, wantedFiles } from './freeze';

const DIR = join(import.meta.dirname, '../../datasets/eval', TRANSFER3.name);
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe(`frozen set ${TRANSFER3.name}`, () => {
  const built = buildFrozenSet(TRANSFER3.config, TRANSFER3);

  it('is byte-identical to a fresh build from the generators', async () => {
    for (const [name, text] of built.files) expect(read(name) === text, `${name} drifted`).toBe(true);
    expect(read('manifest.json')).toBe(await manifestText(built.manifest));
    expect(read('hashes.txt')).toBe(built.hashes);
    expect(staleFiles(DIR, await wantedFiles(TRANSFER3))).toEqual([]);
  });

  it('has a manifest whose counts and sha256 match the files: 50 items per task and level', () => {
    const manifest = JSON.parse(read('manifest.json')) as Manifest;
    expect(manifest).toMatchObject({ name: 'transfer3-v1', version: 1, generator_version: 1, split: 'eval' });
    expect(Object.keys(manifest.files)).toEqual(TRANSFER_TASKS.map((t) => `${t}.jsonl`));
    for (const [name, entry] of Object.entries(manifest.files)) {
      const text = read(name);
      expect(createHash('sha256').update(text).digest('hex')).toBe(entry.sha256);
      expect(text.trimEnd().split('\n')).toHaveLength(entry.items);
      expect(entry.per_level).toEqual([50, 50, 50, 50]);
    }
  });

  it('holds eval items only, answered by the solvers and by their own code, without train-pool names', () => {
    const trainOnly = new Set(poolNames('train'));
    for (const n of poolNames('eval')) trainOnly.delete(n);
    const solvers = { reading: solveReading, nli: solveNli, extractive: solveExtractive };
    for (const task of TRANSFER_TASKS) {
      const items = parseItemsJsonl(read(`${task}.jsonl`), task);
      for (const item of items) {
        expect(item.split).toBe('eval');
        expect(solvers[task](item), item.id).toBe(item.answer);
        const printed: unknown[] = [];
        runInNewContext(item.rationale_code, { console: { log: (x: unknown) => printed.push(x) } });
        expect(printed.at(-1), item.id).toBe(goldText(item));
        const leaked = JSON.stringify(item)
          .split(/[^A-Za-z]+/)
          .filter((w) => trainOnly.has(w));
        expect(leaked, item.id).toEqual([]);
      }
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    }
  });
});
