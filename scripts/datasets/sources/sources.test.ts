import { describe, expect, it } from 'vitest';
import { isProse, profileDocuments } from './factbook';
import { parseSnippets, snippetDocument } from './thirty-seconds';
import { synsetDocument, wordnetNotice } from './wordnet';

describe('wordnet parser', () => {
  it('turns a data line into "lemmas (pos): gloss"', () => {
    const line =
      '09213565 17 n 02 bank 0 cant_over 1 002 @ 09366317 n 0000 #p 09411430 n 0000 | sloping land (especially the slope beside a body of water); "they pulled the canoe up on the bank"  ';
    expect(synsetDocument(line)).toBe(
      'bank, cant over (noun): sloping land (especially the slope beside a body of water); "they pulled the canoe up on the bank"',
    );
    const adj = "00001740 00 a 01 able(p) 0 000 | (usually followed by `to') having the necessary means";
    expect(synsetDocument(adj)).toBe(
      "able (adjective): (usually followed by `to') having the necessary means",
    );
    expect(synsetDocument('  1 This software and database is being provided')).toBeNull();
  });

  it('extracts the licence notice without its line numbers', () => {
    const file =
      '  1 This software\n  2   \n  3 WordNet 3.1 Copyright 2011 by Princeton University.\n00001740 03 n ...';
    expect(wordnetNotice(file)).toBe('This software\n\nWordNet 3.1 Copyright 2011 by Princeton University.');
  });
});

describe('factbook parser', () => {
  it('keeps prose fields and drops bare figures', () => {
    expect(isProse('temperate and marine; cool, cloudy, wet winters and summers')).toBe(true);
    expect(isProse('357,022 sq km')).toBe(false);
    expect(isProse('80,854,408 (July 2015 est.)')).toBe(false);
    const profile = {
      Government: { 'Country name': { 'conventional short form': { text: 'Testland' } } },
      Geography: {
        Climate: { text: 'temperate and marine; cool, cloudy, wet winters and summers' },
        Area: { total: { text: '357,022 sq km' } },
        'Natural resources': { text: 'coal ++ lignite ++ natural gas, iron ore, copper, nickel, uranium' },
      },
    };
    expect(profileDocuments(profile, 'xx')).toEqual([
      'Testland: Geography\nClimate: temperate and marine; cool, cloudy, wet winters and summers\n' +
        'Natural resources: coal; lignite; natural gas, iron ore, copper, nickel, uranium',
    ]);
  });
});

describe('30-seconds-of-code parser', () => {
  it('reads snippets with their description and examples, skipping category headers', () => {
    const md = [
      '### 📚 Array',
      '',
      '* [`all`](#all)',
      '',
      '### all ![advanced](/advanced.svg)',
      '',
      'Returns `true` if all elements pass.',
      '',
      '```js',
      'const all = (arr, fn = Boolean) => arr.every(fn);',
      '```',
      '',
      '<details>',
      '<summary>Examples</summary>',
      '',
      '```js',
      'all([4, 2, 3], x => x > 1); // true',
      '```',
      '</details>',
    ].join('\n');
    const snippets = parseSnippets(md);
    expect(snippets).toHaveLength(1);
    expect(snippetDocument(snippets[0])).toBe(
      '// Returns `true` if all elements pass.\n\nconst all = (arr, fn = Boolean) => arr.every(fn);\n\n' +
        'all([4, 2, 3], x => x > 1); // true',
    );
  });
});
