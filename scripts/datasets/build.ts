// Builds the lab's corpora: `npx tsx scripts/datasets/build.ts [--force] [--out DIR] [--quiet]`.
// Reads the pinned npm packages in node_modules (and the world generator), removes duplicates,
// checks evaluation hygiene, splits train/held-out and writes DIR (default datasets/generated):
//   <source>/train.jsonl, <source>/heldout.jsonl, <source>/LICENSE.txt (notice, where one exists)
//   manifest.json
// Deterministic: the same inputs give the same bytes. Idempotent: if manifest.json carries the
// current input hash and its files are in place, it does nothing (use --force to rebuild).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { POOLS, inventedWords } from '../../src/core/world/pools';
import { assemble, type Assembled } from './assemble';
import { referenceTokenCounts, type BpeCounts } from './bpe-count';
import { NEAR_THRESHOLD } from './dedupe';
import { inputHash, loadEvalTexts } from './inputs';
import { toJsonl } from './jsonl';
import { LEAK_NGRAM } from './leak';
import {
  BUILD_VERSION,
  DOCUMENT_FORMAT,
  TOKEN_UNIT,
  manifestProblems,
  totalsOf,
  type FileInfo,
  type Manifest,
  type SourceEntry,
} from './manifest';
import { SOURCES } from './sources/index';
import type { SourceSpec } from './sources/types';
import { SPLIT_RULE } from './split';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_OUT = join(REPO, 'datasets', 'generated');

export interface BuildOptions {
  out?: string;
  force?: boolean;
  log?: (line: string) => void;
  sources?: readonly SourceSpec[];
  evalDir?: string;
}

export interface BuildResult {
  manifest: Manifest;
  rebuilt: boolean;
  ms: number;
}

function writeFile(root: string, rel: string, content: string): FileInfo {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return {
    path: rel,
    bytes: Buffer.byteLength(content),
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}

/** True if `out` holds a manifest for `hash` whose files all exist with the recorded sizes. */
function upToDate(out: string, hash: string): Manifest | null {
  const path = join(out, 'manifest.json');
  if (!existsSync(path)) return null;
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return null;
  }
  if (m.inputHash !== hash || m.buildVersion !== BUILD_VERSION) return null;
  for (const s of m.sources) {
    for (const f of [s.files.train, s.files.heldout, s.files.licence]) {
      if (f === null) continue;
      const p = join(out, f.path);
      if (!existsSync(p) || statSync(p).size !== f.bytes) return null;
    }
  }
  return m;
}

function entryOf(a: Assembled, files: SourceEntry['files'], bpeTokens: BpeCounts): SourceEntry {
  const { train, heldout } = a.stats;
  return {
    name: a.spec.name,
    kind: a.spec.kind,
    licence: a.spec.licence,
    attribution: a.spec.attribution,
    origin: a.spec.origin,
    bytes: train.bytes + heldout.bytes,
    documents: train.docs + heldout.docs,
    tokens: { count: train.words + heldout.words, unit: TOKEN_UNIT },
    bpeTokens,
    split: { train, heldout, rule: SPLIT_RULE },
    files,
    extracted: a.extracted.docs.length,
    dedupe: a.dedupe,
    skipped: a.extracted.skipped,
    notes: a.extracted.notes,
  };
}

export function buildCorpora(opts: BuildOptions = {}): BuildResult {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const out = resolve(opts.out ?? DEFAULT_OUT);
  const sources = opts.sources ?? SOURCES;
  const nodeModules = join(REPO, 'node_modules');
  const evalDir = opts.evalDir ?? join(REPO, 'datasets', 'eval');
  const hash = inputHash({ repo: REPO, nodeModules, sources, evalDir, buildVersion: BUILD_VERSION });
  log(`  input hash ${hash.slice(0, 12)} in ${Math.round(performance.now() - t0)} ms`);
  const current = opts.force ? null : upToDate(out, hash);
  if (current !== null) {
    log(`datasets: up to date (${out}); use --force to rebuild`);
    return { manifest: current, rebuilt: false, ms: performance.now() - t0 };
  }

  const parts = sources.map((spec) => {
    const t = performance.now();
    const extracted = spec.extract(nodeModules);
    log(`  extracted ${spec.name}: ${extracted.docs.length} docs in ${Math.round(performance.now() - t)} ms`);
    return { spec, extracted };
  });
  const evalTexts = loadEvalTexts(evalDir);
  const evalPoolWords = [...inventedWords('eval'), ...POOLS.eval.places.map((p) => p.toLowerCase())];
  const t1 = performance.now();
  const assembled = assemble(parts, { evalTexts, evalPoolWords });
  log(`  deduplicated and checked in ${Math.round(performance.now() - t1)} ms`);

  const t2 = performance.now();
  const bpe = referenceTokenCounts(assembled);
  log(`  counted reference BPE tokens in ${Math.round(performance.now() - t2)} ms`);

  const partial = `${out}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const entries = assembled.map((a, i) => {
    const n = a.spec.name;
    const licence = a.extracted.licenceText;
    return entryOf(
      a,
      {
        train: writeFile(partial, `${n}/train.jsonl`, toJsonl(a.splits.train)),
        heldout: writeFile(partial, `${n}/heldout.jsonl`, toJsonl(a.splits.heldout)),
        licence: licence === null ? null : writeFile(partial, `${n}/LICENSE.txt`, `${licence}\n`),
      },
      bpe[i],
    );
  });
  const manifest: Manifest = {
    format: 'codemix-corpora',
    buildVersion: BUILD_VERSION,
    inputHash: hash,
    documentFormat: DOCUMENT_FORMAT,
    splitRule: SPLIT_RULE,
    tokenUnit: TOKEN_UNIT,
    dedupe: {
      exact: 'same text after lower-casing and collapsing whitespace',
      near: `word 5-gram shingle Jaccard >= ${NEAR_THRESHOLD} (MinHash 96 + LSH 12x8, confirmed exactly; docs >= 30 words)`,
    },
    evalLeakCheck: { evalTexts: evalTexts.length, ngram: LEAK_NGRAM, evalPoolWords: evalPoolWords.length },
    totals: totalsOf(entries),
    sources: entries,
  };
  const problems = manifestProblems(manifest);
  if (problems.length > 0) throw new Error(`datasets: inconsistent manifest:\n  ${problems.join('\n  ')}`);
  writeFile(partial, 'manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(out, { recursive: true, force: true });
  renameSync(partial, out);
  return { manifest, rebuilt: true, ms: performance.now() - t0 };
}

function summary(m: Manifest): string {
  const rows = m.sources.map(
    (s) =>
      `  ${s.name.padEnd(20)} ${s.kind.padEnd(5)} ${(s.bytes / 1e6).toFixed(2).padStart(6)} MB ` +
      `${String(s.documents).padStart(7)} docs ` +
      `${s.bpeTokens ? String(s.bpeTokens.train + s.bpeTokens.heldout).padStart(9) + ' BPE tokens ' : ''}` +
      ` dupes -${s.dedupe.exact} exact -${s.dedupe.near} near`,
  );
  const t = m.totals;
  rows.push(
    `  text total ${(t.text.bytes / 1e6).toFixed(2)} MB, code total ${(t.code.bytes / 1e6).toFixed(2)} MB`,
  );
  return rows.join('\n');
}

function main(argv: readonly string[]): void {
  const args = [...argv];
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1] : undefined;
  if (outIdx >= 0 && (out === undefined || out.startsWith('--'))) throw new Error('--out needs a directory');
  const known = new Set(['--force', '--quiet', '--out', out]);
  const unknown = args.filter((a) => !known.has(a));
  if (unknown.length > 0)
    throw new Error(`unknown argument(s): ${unknown.join(' ')} (use --force, --out DIR, --quiet)`);
  const quiet = args.includes('--quiet');
  const log = quiet ? () => {} : (l: string) => console.log(l);
  const r = buildCorpora({ out, force: args.includes('--force'), log });
  if (r.rebuilt) log(`datasets: built in ${(r.ms / 1000).toFixed(1)} s\n${summary(r.manifest)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`datasets: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
