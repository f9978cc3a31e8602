// It learns: the micro preset trained with the CLI on WASM on a real corpus of more than 1 MB (the
// world stories) reaches a held-out loss clearly below the corpus's unigram entropy, and then
// generates corpus-like text. Runs the real command line as a user would.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer, type TokenizerJson } from '../src/core/tokenizer';
import { readCorpus } from '../scripts/datasets/read';
import type { RunSummary } from '../src/contract/train';
import { cli } from './run-cli';

/** Entropy (nats) of the tokens' own frequency distribution: the best any unigram model can do. */
function unigramEntropy(ids: number[]): number {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / ids.length) * Math.log(c / ids.length);
  return h;
}

describe('the micro preset learns', () => {
  it('gets well below the unigram entropy on held-out text and writes corpus-like text', () => {
    const train = readCorpus('world', 'train');
    expect(train.reduce((n, d) => n + d.length, 0)).toBeGreaterThan(1_000_000);
    const out = mkdtempSync(join(tmpdir(), 'codemix-learns-'));
    cli(['train', 'cli/fixtures/learns-micro.json', '--out', out, '--backend', 'wasm']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    const manifest = JSON.parse(readFileSync(join(out, 'checkpoint', 'checkpoint.json'), 'utf8')) as {
      tokenizer: TokenizerJson;
    };
    const tokenizer = BpeTokenizer.fromJSON(manifest.tokenizer);
    const heldoutIds = readCorpus('world', 'heldout').flatMap((d) => [
      ...tokenizer.encode(d),
      tokenizer.eotId,
    ]);
    const entropy = unigramEntropy(heldoutIds);
    const loss = summary.final.heldout.world.loss;
    // Three samples (a sample may end early at an end-of-text token).
    const sample = [1, 2, 3]
      .map((seed) =>
        cli([
          'generate',
          join(out, 'checkpoint'),
          '--prompt',
          'One day',
          '--max-tokens',
          '60',
          '--temperature',
          '0.7',
          '--seed',
          String(seed),
        ]).trim(),
      )
      .join(' | ');
    console.log(
      `micro on wasm: held-out loss ${loss.toFixed(3)} nats/token vs unigram entropy ${entropy.toFixed(3)}; ${summary.steps} steps, ${summary.tokens} tokens, ${summary.wallSeconds.toFixed(0)} s\nsample: ${sample.trim()}`,
    );
    expect(summary.backend).toBe('wasm');
    expect(loss).toBeLessThan(0.75 * entropy);
    // Corpus-like: mostly words the corpus uses, separated by spaces.
    const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
    const vocabulary = new Set(
      train
        .slice(0, 3000)
        .join(' ')
        .toLowerCase()
        .match(/[a-z]+/g),
    );
    expect(words.length).toBeGreaterThan(15);
    expect(words.filter((w) => vocabulary.has(w)).length / words.length).toBeGreaterThan(0.8);
  }, 900_000);
});
