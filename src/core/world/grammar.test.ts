import { describe, expect, it } from 'vitest';
import { article, count, homePhrase, listJoin, partNoun, pastVerb, plural } from './grammar';
import { baseVerb } from './sentences';

describe('grammar helpers', () => {
  it('make regular and irregular plurals', () => {
    expect(plural('wug')).toBe('wugs');
    expect(plural('fox')).toBe('foxes');
    expect(plural('brush')).toBe('brushes');
    expect(plural('butterfly')).toBe('butterflies');
    expect(plural('mouse')).toBe('mice');
    expect(plural('sheep')).toBe('sheep');
    expect(plural('knife')).toBe('knives');
    expect(plural('fish')).toBe('fish');
  });

  it('choose articles, join lists and count', () => {
    expect(article('owl')).toBe('an');
    expect(article('wug')).toBe('a');
    expect(listJoin(['a'])).toBe('a');
    expect(listJoin(['a', 'b'])).toBe('a and b');
    expect(listJoin(['a', 'b', 'c'])).toBe('a, b and c');
    expect(count(1, 'apple')).toBe('one apple');
    expect(count(3, 'mouse')).toBe('three mice');
    expect(count(20, 'pear')).toBe('20 pears');
  });

  it('inflect verbs and nouns of relations', () => {
    expect(baseVerb('barks')).toBe('bark');
    expect(baseVerb('buzzes')).toBe('buzz');
    expect(baseVerb('screeches')).toBe('screech');
    expect(pastVerb('barks')).toBe('barked');
    expect(pastVerb('sings')).toBe('sang');
    expect(pastVerb('whistles')).toBe('whistled');
    expect(pastVerb('brays')).toBe('brayed');
    expect(partNoun('a blade')).toBe('blade');
    expect(partNoun('legs')).toBe('leg');
    expect(partNoun('teeth')).toBe('tooth');
    expect(homePhrase('sea')).toBe('the sea');
    expect(homePhrase('hive')).toBe('a hive');
  });
});
