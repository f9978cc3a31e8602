// recipe.tokenizer.sources: runs that read different corpora but name the same tokenizer sources
// train the very same tokenizer (the study's text-only and text+code arms share one); without it the
// tokenizer follows the run's own corpora; an unknown name is refused by name.
import { describe, expect, it } from 'vitest';
import { prepareData } from './prepare';
import { memoryCorpora } from './memory-corpora';

const prose = Array.from(
  { length: 40 },
  (_, i) => `The river ${i} flows past the old mill and the green hill.`,
);
const code = Array.from({ length: 40 }, (_, i) => `function add${i}(a, b) { return a + b + ${i}; }`);
const corpora = memoryCorpora([
  { name: 'prose', kind: 'text', train: prose, heldout: prose.slice(0, 2) },
  { name: 'js', kind: 'code', train: code, heldout: code.slice(0, 2) },
]);
const base = { vocabSize: 300, sampleBytes: 10_000 };

describe('tokenizer sources', () => {
  it('gives text-only and text+code runs one tokenizer when both name the same sources', async () => {
    const sources = ['prose', 'js'];
    const textOnly = await prepareData(corpora, {
      ...base,
      sourceNames: ['prose'],
      tokenizerSources: sources,
    });
    const both = await prepareData(corpora, {
      ...base,
      sourceNames: ['prose', 'js'],
      tokenizerSources: sources,
    });
    expect(JSON.stringify(textOnly.tokenizer.toJSON())).toBe(JSON.stringify(both.tokenizer.toJSON()));
    expect(textOnly.sources.map((s) => s.name)).toEqual(['prose']); // it still trains on its own corpora
  });

  it('without them the tokenizer follows the run’s corpora (so the two would differ)', async () => {
    const textOnly = await prepareData(corpora, { ...base, sourceNames: ['prose'] });
    const both = await prepareData(corpora, { ...base, sourceNames: ['prose', 'js'] });
    expect(JSON.stringify(textOnly.tokenizer.toJSON())).not.toBe(JSON.stringify(both.tokenizer.toJSON()));
  });

  it('refuses an unknown tokenizer source by name', async () => {
    await expect(
      prepareData(corpora, { ...base, sourceNames: ['prose'], tokenizerSources: ['prose', 'nope'] }),
    ).rejects.toThrow(/unknown corpus "nope" in tokenizer\.sources/);
  });
});
