// The corpus build's leak check covers every frozen evaluation set under datasets/eval — the
// negative-transfer set transfer3-v1 (reading, nli, extractive) as well as TinyReason-6 and the
// real-code track: each item's text is among the texts the build checks, and a corpus document that
// carries a transfer item is dropped by assemble() while the documents around it are kept.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POOLS, inventedWords } from '../../src/core/world/pools';
import { generateWorldText } from '../../src/core/world/generate';
import { generateTransfer } from '../../src/core/eval/generate';
import { assemble } from './assemble';
import { loadEvalTexts } from './inputs';
import { emptyExtracted, type SourceSpec } from './sources/types';

const EVAL_DIR = join(import.meta.dirname, '../../datasets/eval');

interface FrozenItem {
  context: string;
  question: string;
  options: string[];
  answer: number | string;
}

const itemsOf = (set: string) =>
  readdirSync(join(EVAL_DIR, set))
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(join(EVAL_DIR, set, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as FrozenItem),
    );

/** The text the build checks for an item: context, question and the gold answer. */
const leakText = (i: FrozenItem) =>
  [i.context, i.question, typeof i.answer === 'number' ? i.options[i.answer] : i.answer].join(' ');

const spec = (name: string): SourceSpec => ({
  name,
  kind: 'text',
  licence: 'MIT',
  attribution: 'test',
  origin: 'test',
  inputs: () => [],
  extract: emptyExtracted,
});

describe('the leak check and the frozen evaluation sets', () => {
  const texts = new Set(loadEvalTexts(EVAL_DIR));

  it('reads the transfer set and TinyReason-6 item by item', () => {
    for (const set of ['transfer3-v1', 'tinyreason6-v1']) {
      const items = itemsOf(set);
      expect(items.length, set).toBe(set === 'transfer3-v1' ? 600 : 1200);
      for (const item of items) expect(texts.has(leakText(item)), `${set}: ${item.question}`).toBe(true);
    }
    // every item of every set, the real-code track (176 + 499) included
    expect(loadEvalTexts(EVAL_DIR)).toHaveLength(600 + 1200 + 176 + 499);
  });

  it('drops corpus documents that carry a transfer item and keeps the rest', () => {
    const transfer = itemsOf('transfer3-v1');
    const reading = transfer.find((i) => i.options.length === 4)!;
    const nli = transfer.find((i) => i.options.includes('entailment'))!;
    const extractive = transfer.find((i) => i.options.length === 0)!;
    const world = generateWorldText(11, 60_000);
    // A passage copied into a story (any 13 words of it are enough), a whole entailment item with
    // its label, an extractive document with its question and answer, and a fresh item that is
    // not in the frozen set (same generator, a seed past the frozen ones): only the first three leak.
    const evalPoolWords = [...inventedWords('eval'), ...POOLS.eval.places.map((p) => p.toLowerCase())];
    const named = (t: string) =>
      t
        .toLowerCase()
        .split(/[^a-z]+/)
        .some((w) => evalPoolWords.includes(w));
    let seed = 5000;
    while (!named(generateTransfer('reading', 2, seed, 'eval').context)) seed++;
    const fresh = generateTransfer('reading', 2, seed, 'eval');
    const planted = [
      `Once upon a time. ${reading.context} The end.`,
      `Notes: ${leakText(nli)}.`,
      `${leakText(extractive)}`,
      `A new story. ${fresh.context}`,
    ];
    const docs = [...world.slice(0, 40), ...planted, ...world.slice(40, 80)];
    const [out] = assemble([{ spec: spec('sample'), extracted: { ...emptyExtracted(), docs } }], {
      evalTexts: [...texts],
      evalPoolWords: [], // the planted items use eval-pool names on purpose; that check is not under test
    });
    const kept = [...out.splits.train, ...out.splits.heldout];
    expect(out.dedupe.evalOverlap).toBe(3);
    for (const p of planted.slice(0, 3)) expect(kept).not.toContain(p);
    expect(kept).toContain(planted[3]);
    expect(kept.length).toBe(docs.length - 3);
    // and with the eval-pool check on, the fresh eval-split item is still refused, by its names
    expect(() =>
      assemble([{ spec: spec('sample'), extracted: { ...emptyExtracted(), docs } }], {
        evalTexts: [...texts],
        evalPoolWords,
      }),
    ).toThrow(/Eval-pool names occur/);
  });
});
