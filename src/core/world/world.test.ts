import { describe, expect, it } from 'vitest';
import {
  ANIMALS,
  COLOURS,
  FOODS,
  OPPOSITES,
  POOLS,
  THINGS,
  buildWorld,
  generateWorldText,
  inventedWords,
  poolNames,
  poolRelations,
  relations,
  utf8Length,
} from './index';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word matcher for a list of names; invented words also match their plural forms. */
function wordMatcher(names: readonly string[], flags: string): RegExp {
  return new RegExp(`\\b(${names.map(escape).join('|')})(s|es)?\\b`, flags);
}

describe('name pools', () => {
  it('are disjoint between train and eval, case-insensitively, also after adding plural endings', () => {
    const train = new Set(poolNames('train').map((x) => x.toLowerCase()));
    const evalNames = poolNames('eval').map((x) => x.toLowerCase());
    for (const n of evalNames) {
      expect(train.has(n), n).toBe(false);
      expect(train.has(`${n}s`), `${n}s`).toBe(false);
      expect(train.has(n.replace(/s$/, '')), n).toBe(false);
    }
  });

  it('have no duplicates and no collision with the shared real vocabulary', () => {
    const shared = new Set<string>();
    for (const a of ANIMALS) [a.name, a.plural, a.young, a.home, a.food].forEach((w) => shared.add(w));
    for (const t of THINGS) [t.name, t.plural, t.material].forEach((w) => shared.add(w));
    for (const [a, b] of OPPOSITES) [a, b].forEach((w) => shared.add(w));
    for (const w of [...COLOURS, ...FOODS]) shared.add(w);
    for (const pool of ['train', 'eval'] as const) {
      const names = poolNames(pool).map((x) => x.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) expect(shared.has(n), `${pool} name "${n}" is a shared word`).toBe(false);
    }
  });

  it('give every invented creature its own young name', () => {
    for (const pool of ['train', 'eval'] as const) {
      expect(POOLS[pool].youngs.length).toBe(POOLS[pool].creatures.length);
    }
  });
});

describe('world facts', () => {
  it('are fixed (independent of any text seed) and internally consistent', () => {
    const w = buildWorld('train');
    expect(buildWorld('train')).toBe(w);
    const kinds = new Map(w.kinds.map((k) => [k.name, k.cls]));
    for (const c of w.creatures) expect(kinds.get(c.kind)).toBe(c.cls);
    const rels = relations('train');
    expect(rels).toContainEqual({ rel: 'young-of', a: 'seal', b: 'pup', source: 'shared' });
    expect(rels).toContainEqual({ rel: 'opposite-of', a: 'hot', b: 'cold', source: 'shared' });
    const wug = w.creatures.find((c) => c.name === 'wug');
    expect(rels).toContainEqual({ rel: 'kind-of', a: 'wug', b: wug?.kind, source: 'train' });
  });

  it('keep pool relations inside their pool', () => {
    const evalWords = new Set(inventedWords('eval'));
    for (const r of poolRelations('train')) {
      expect(evalWords.has(r.a) || evalWords.has(r.b)).toBe(false);
    }
  });
});

describe('generateWorldText', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = generateWorldText(7, 30_000);
    expect(generateWorldText(7, 30_000)).toEqual(a);
    expect(generateWorldText(8, 30_000)).not.toEqual(a);
  });

  it('reaches the target size and stops right after it', () => {
    const docs = generateWorldText(3, 50_000);
    const bytes = docs.reduce((s, d) => s + utf8Length(d), 0);
    expect(bytes).toBeGreaterThanOrEqual(50_000);
    expect(bytes - utf8Length(docs[docs.length - 1])).toBeLessThan(50_000);
    expect(generateWorldText(3, 0)).toEqual([]);
  });

  it('never uses an eval-pool name in train text (and vice versa)', () => {
    const trainText = generateWorldText(11, 400_000, 'train').join('\n');
    const evalText = generateWorldText(11, 100_000, 'eval').join('\n');
    const evalPeople = POOLS.eval.people.map((p) => p.name);
    const evalPlaces = [...POOLS.eval.places];
    expect(trainText.match(wordMatcher(inventedWords('eval'), 'i'))).toBeNull();
    expect(trainText.match(wordMatcher([...evalPeople, ...evalPlaces], ''))).toBeNull();
    expect(evalText.match(wordMatcher(inventedWords('train'), 'i'))).toBeNull();
    // The matcher itself works: the eval text does use eval names.
    expect(evalText.match(wordMatcher(inventedWords('eval'), 'i'))).not.toBeNull();
    expect(trainText.match(wordMatcher(inventedWords('train'), 'i'))).not.toBeNull();
  });

  it('writes plain ASCII sentences with the promised fact shapes', () => {
    const text = generateWorldText(5, 200_000).join('\n');
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
    expect(text).toMatch(/\bA [a-z]+ is a kind of [a-z]+\./);
    expect(text).toMatch(/\bThe young of an? [a-z]+ is an? [a-z]+\./);
    expect(text).not.toMatch(/ is to .* as /);
    expect(text).not.toMatch(/\b(a|an) (a|an|the)\b/i);
    expect(text).not.toMatch(/undefined|NaN|\$\{/);
  });

  it('rejects a bad target size with a clear message', () => {
    expect(() => generateWorldText(1, -1)).toThrow(/targetBytes/);
  });
});
