// The real build's output: datasets/generated as the set-up commands build it (built here, about
// a minute, only when it is missing or stale), and a subset built twice into a temporary folder.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POOLS, inventedWords } from '../../src/core/world/pools';
import { DEFAULT_OUT, REPO, buildCorpora, type BuildResult } from './build';
import { checkPackage } from './licence';
import { manifestProblems } from './manifest';
import { readCorpus, readManifest } from './read';
import { lodash } from './sources/index';
import { spdx } from './sources/spdx';
import { thirtySeconds } from './sources/thirty-seconds';
import { splitOf } from './split';

let dir = '';
let out = '';
let result: BuildResult;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'codemix-corpora-'));
  out = DEFAULT_OUT;
  result = buildCorpora({ out });
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the real corpus build', () => {
  it('has at least 5 MB of text and 3 MB of code, from every source', () => {
    const m = result.manifest;
    expect(m.totals.text.bytes).toBeGreaterThanOrEqual(5_000_000);
    expect(m.totals.code.bytes).toBeGreaterThanOrEqual(3_000_000);
    expect(m.sources.map((s) => s.name)).toEqual([
      'world',
      'wordnet',
      'factbook',
      'spdx-licenses',
      '30-seconds-of-code',
      'locutus',
      'lodash',
      'eslint',
      'svelte',
    ]);
    for (const s of m.sources) expect(s.documents, s.name).toBeGreaterThan(100);
  });

  it('writes files that match the manifest: sums, sizes, hashes, documents and the split rule', () => {
    const m = readManifest(out);
    expect(m).toEqual(result.manifest);
    expect(manifestProblems(m)).toEqual([]);
    for (const s of m.sources) {
      for (const split of ['train', 'heldout'] as const) {
        const f = s.files[split];
        const raw = readFileSync(join(out, f.path));
        expect(raw.length).toBe(f.bytes);
        expect(createHash('sha256').update(raw).digest('hex')).toBe(f.sha256);
        const docs = readCorpus(s.name, split, out);
        expect(docs.length).toBe(s.split[split].docs);
        expect(docs.reduce((n, d) => n + Buffer.byteLength(d), 0)).toBe(s.split[split].bytes);
        for (const d of docs.slice(0, 200)) expect(splitOf(d)).toBe(split);
      }
      const share = s.split.heldout.docs / s.documents;
      if (s.documents > 1000) expect(share, s.name).toBeGreaterThan(0.03);
      if (s.documents > 1000) expect(share, s.name).toBeLessThan(0.07);
    }
  });

  it('contains no eval-pool invented word or place, and no excluded LGPL file', () => {
    const evalWords = [...inventedWords('eval'), ...POOLS.eval.places.map((p) => p.toLowerCase())];
    const re = new RegExp(`\\b(${evalWords.join('|')})(s|es)?\\b`, 'i');
    for (const s of result.manifest.sources) {
      for (const split of ['train', 'heldout'] as const) {
        const text = readFileSync(join(out, s.files[split].path), 'utf8');
        expect(re.exec(text)?.[0] ?? null, `${s.name}/${split}`).toBeNull();
      }
    }
    const locutus = readCorpus('locutus', 'train', out).concat(readCorpus('locutus', 'heldout', out));
    expect(locutus.some((d) => /Libbcmath|export function bcadd\b/.test(d))).toBe(false);
    expect(locutus.some((d) => /export function strrev\b/.test(d))).toBe(true);
  });

  it('records what it skipped and removed', () => {
    const by = new Map(result.manifest.sources.map((s) => [s.name, s]));
    expect(by.get('locutus')?.skipped.licence).toBeGreaterThanOrEqual(8);
    expect(by.get('lodash')?.skipped.bundle).toBe(2);
    const spdxEntry = by.get('spdx-licenses');
    expect((spdxEntry?.dedupe.exact ?? 0) + (spdxEntry?.dedupe.near ?? 0)).toBeGreaterThan(10); // -only/-or-later twins
  });

  it('counts every source in reference BPE tokens, between its documents and its bytes', () => {
    for (const s of result.manifest.sources) {
      const bpe = s.bpeTokens;
      expect(bpe, s.name).not.toBeNull();
      const total = bpe!.train + bpe!.heldout;
      expect(total, s.name).toBeGreaterThanOrEqual(s.documents);
      expect(total, s.name).toBeLessThan(s.bytes);
      expect(bpe!.heldout > 0, s.name).toBe(s.split.heldout.docs > 0);
      // A 4096-entry BPE packs English and JavaScript at roughly 2-6 bytes a token.
      const bytesPerToken = s.bytes / total;
      expect(bytesPerToken, s.name).toBeGreaterThan(1.5);
      expect(bytesPerToken, s.name).toBeLessThan(8);
    }
  });

  it('is attributed in LICENSES.md (copyright lines read from the packages themselves)', () => {
    const licences = readFileSync(join(REPO, 'datasets', 'LICENSES.md'), 'utf8').replace(/\s+/g, ' ');
    const readme = readFileSync(join(REPO, 'datasets', 'README.md'), 'utf8');
    for (const s of result.manifest.sources) {
      expect(licences, s.name).toContain(`### \`${s.name}\``);
      expect(readme, s.name).toContain(`\`${s.name}\``);
    }
    for (const pkg of ['lodash', 'eslint', 'svelte']) {
      for (const line of checkPackage(join(REPO, 'node_modules', pkg)).copyright) {
        expect(licences, pkg).toContain(line.replace(/\s+/g, ' '));
      }
    }
  });

  it('gives the same bytes on a second build, and skips work when up to date', () => {
    const sources = [spdx, thirtySeconds, lodash];
    const a = buildCorpora({ out: join(dir, 'a'), force: true, sources });
    const b = buildCorpora({ out: join(dir, 'b'), force: true, sources });
    expect(b.manifest).toEqual(a.manifest);
    for (const s of a.manifest.sources) {
      for (const f of [s.files.train, s.files.heldout]) {
        const same = readFileSync(join(dir, 'b', f.path)).equals(readFileSync(join(dir, 'a', f.path)));
        expect(same, f.path).toBe(true);
      }
    }
    expect(buildCorpora({ out: join(dir, 'a'), sources }).rebuilt).toBe(false);
    expect(buildCorpora({ out: join(dir, 'a'), sources, force: true }).rebuilt).toBe(true);
  });
});
