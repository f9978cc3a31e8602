// From extracted documents to final corpora: global duplicate removal in source order, the two
// evaluation-hygiene checks (no eval-pool invented word anywhere; no eval item text anywhere) and
// the train/held-out split with per-split statistics. Pure (no node: imports, no file IO).
import { utf8Length } from '../../src/core/tokenizer/utf8';
import { dedupe } from './dedupe';
import { assertNoEvalLeak, findEvalLeaks, findWords } from './leak';
import { countWords } from './manifest';
import { splitDocs, type Split } from './split';
import type { Extracted, SourceSpec } from './sources/types';

export interface Assembled {
  spec: SourceSpec;
  extracted: Extracted;
  splits: Record<Split, string[]>;
  stats: Record<Split, { docs: number; bytes: number; words: number }>;
  dedupe: { exact: number; near: number; ofOtherSource: number; removedBytes: number; evalOverlap: number };
}

export function statsOf(docs: readonly string[]): { docs: number; bytes: number; words: number } {
  let bytes = 0;
  let words = 0;
  for (const d of docs) {
    bytes += utf8Length(d);
    words += countWords(d);
  }
  return { docs: docs.length, bytes, words };
}

export function assemble(
  parts: readonly { spec: SourceSpec; extracted: Extracted }[],
  opts: { evalTexts: readonly string[]; evalPoolWords: readonly string[] },
): Assembled[] {
  const all = parts.flatMap((p, s) => p.extracted.docs.map((text) => ({ source: String(s), text })));
  const { keep, removals } = dedupe(all);
  const sourceOf = all.map((d) => Number(d.source));
  const kept: string[][] = parts.map(() => []);
  all.forEach((d, i) => {
    if (keep[i]) kept[sourceOf[i]].push(d.text);
  });
  const counts = parts.map(() => ({ exact: 0, near: 0, ofOtherSource: 0, removedBytes: 0, evalOverlap: 0 }));
  for (const r of removals) {
    const c = counts[sourceOf[r.index]];
    c[r.reason]++;
    if (sourceOf[r.of] !== sourceOf[r.index]) c.ofOtherSource++;
    c.removedBytes += utf8Length(all[r.index].text);
  }

  // Decontamination: a document that contains an evaluation item (e.g. a snippet that copies a
  // held-out example) is dropped, as GPT-3 dropped documents overlapping its benchmarks.
  kept.forEach((docs, s) => {
    const leaking = new Set(
      findEvalLeaks(docs, opts.evalTexts, { limit: Number.MAX_SAFE_INTEGER }).map((l) => l.docIndex),
    );
    if (leaking.size === 0) return;
    counts[s].evalOverlap = leaking.size;
    for (const i of leaking) counts[s].removedBytes += utf8Length(docs[i]);
    kept[s] = docs.filter((_, i) => !leaking.has(i));
  });

  const everything = kept.flat();
  const hits = findWords(everything, opts.evalPoolWords);
  if (hits.length > 0) {
    const words = [...new Set(hits.map(([w]) => w))].slice(0, 10).join(', ');
    throw new Error(
      `Eval-pool names occur in the corpora (${hits.length} times): ${words}. Rename them in src/core/world/pools.ts.`,
    );
  }
  assertNoEvalLeak(everything, opts.evalTexts);

  return parts.map((p, s) => {
    const splits = splitDocs(kept[s]);
    return {
      spec: p.spec,
      extracted: p.extracted,
      splits,
      stats: { train: statsOf(splits.train), heldout: statsOf(splits.heldout) },
      dedupe: counts[s],
    };
  });
}
