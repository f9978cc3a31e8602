// The frozen evaluation set on disk is exactly what the generators produce today (so any drift in a
// generator is caught and must come with a new set version), its manifest checksums hold, its items
// are well-formed and solvable, and it contains no train-pool name.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { poolNames } from '../../src/core/world';
import { solveAnalogy } from '../../src/core/eval/solvers/analogy';
import { solveLaw } from '../../src/core/eval/solvers/law';
import { solveLogic } from '../../src/core/eval/solvers/logic';
import { solveScience } from '../../src/core/eval/solvers/science';
import { TASKS } from '../../src/core/eval/types';
import type { Item } from '../../src/core/eval/types';
import { SET_NAME, buildFrozenSet, manifestText } from './frozen-set';
import type { Manifest } from './frozen-set';

const DIR = join(import.meta.dirname, '../../datasets/eval', SET_NAME);
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe(`frozen set ${SET_NAME}`, () => {
  const built = buildFrozenSet();

  it('is byte-identical to a fresh build from the generators', async () => {
    for (const [name, text] of built.files)
      expect(read(name) === text, `${name} drifted: rerun scripts/eval/freeze.ts`).toBe(true);
    expect(read('manifest.json')).toBe(await manifestText(built.manifest));
    expect(read('hashes.txt')).toBe(built.hashes);
  });

  it('has a manifest whose counts and sha256 match the files, within the size budget', () => {
    const manifest = JSON.parse(read('manifest.json')) as Manifest;
    expect(Object.keys(manifest.files).sort()).toEqual(TASKS.map((t) => `${t}.jsonl`).sort());
    let bytes = 0;
    for (const [name, entry] of Object.entries(manifest.files)) {
      const text = read(name);
      expect(createHash('sha256').update(text).digest('hex')).toBe(entry.sha256);
      expect(text.trimEnd().split('\n')).toHaveLength(entry.items);
      expect(entry.per_level).toEqual([50, 50, 50, 50]);
      bytes += entry.bytes;
    }
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('holds eval items only, answered correctly by the independent solvers, without train-pool names', () => {
    const trainOnly = new Set(poolNames('train'));
    for (const n of poolNames('eval')) trainOnly.delete(n);
    const solvers: Record<string, (item: Item) => number> = {
      logic: solveLogic,
      law: solveLaw,
      science: solveScience,
      analogy: solveAnalogy,
    };
    for (const task of TASKS) {
      const items = read(`${task}.jsonl`)
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Item);
      for (const item of items) {
        expect(item.split).toBe('eval');
        const leaked = JSON.stringify(item)
          .split(/[^A-Za-z]+/)
          .filter((w) => trainOnly.has(w));
        expect(leaked, item.id).toEqual([]);
        if (solvers[task]) expect(solvers[task](item), item.id).toBe(item.answer);
      }
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    }
  });
});
