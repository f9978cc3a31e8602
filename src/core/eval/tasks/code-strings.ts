// The string family of code specifications: L2 one loop, L3 loop + branch, L4 composition.
import type { Rng } from '../../rng';
import { between, pick } from '../util';
import { m, show } from './code-raw';
import type { Raw } from './code-raw';
import type { Value } from './code-spec';

const VOWELS = 'aeiou';

export function stringFamily(level: 2 | 3 | 4, word: (rng: Rng) => string): Raw[] {
  const sentence = (rng: Rng) =>
    Array.from({ length: between(rng, 2, 4) }, () => word(rng).toLowerCase()).join(' ');
  const chars = (s: Value) => (s as string).split('');
  const words = (s: Value) => (s as string).split(' ');
  if (level === 2)
    return [
      {
        name: 'countChar',
        params: ['s', 'c'],
        description: 'Return how many times the character c appears in the string s.',
        body: [
          'let count = 0;',
          'for (const ch of s) {',
          '  if (ch === c) count += 1;',
          '}',
          'return count;',
        ],
        compact: 's.split(c).length - 1',
        fn: (s, c) => chars(s).filter((ch) => ch === c).length,
        inputs: (rng) => {
          const s = word(rng).toLowerCase();
          return [s, pick(rng, [...s.split(''), 'a', 'e'])];
        },
        mutants: [
          m('it is off by one', 's.split(c).length', (s, c) => (s as string).split(c as string).length),
        ],
        explain: (x, r) => `${show(x[1])} appears ${r} times in ${show(x[0])}.`,
      },
      {
        name: 'reverseString',
        params: ['s'],
        description: 'Return the string s reversed.',
        body: ["let out = '';", 'for (const ch of s) {', '  out = ch + out;', '}', 'return out;'],
        compact: "s.split('').reverse().join('')",
        fn: (s) => chars(s).reverse().join(''),
        inputs: (rng) => [word(rng)],
        mutants: [
          m('it sorts the letters instead', "s.split('').sort().join('')", (s) => chars(s).sort().join('')),
        ],
        explain: (x, r) => `${show(x[0])} backwards is ${show(r)}.`,
      },
      {
        name: 'sumTo',
        params: ['n'],
        description: 'Return the sum of the whole numbers from 1 to n (0 when n is 0).',
        body: ['let total = 0;', 'for (let i = 1; i <= n; i++) {', '  total += i;', '}', 'return total;'],
        compact: 'n * (n + 1) / 2',
        fn: (n) => {
          let t = 0;
          for (let i = 1; i <= (n as number); i++) t += i;
          return t;
        },
        inputs: (rng) => [between(rng, 1, 30)],
        edge: [[0]],
        mutants: [
          m('it stops one short', 'n * (n - 1) / 2', (n) => ((n as number) * ((n as number) - 1)) / 2),
        ],
        explain: (x, r) => `1 + 2 + ... + ${x[0]} is ${r}.`,
      },
      {
        name: 'factorial',
        params: ['n'],
        description: 'Return n factorial, the product of 1 to n (1 when n is 0).',
        body: ['let total = 1;', 'for (let i = 2; i <= n; i++) {', '  total *= i;', '}', 'return total;'],
        compact: 'Array.from({ length: n }, (_, i) => i + 1).reduce((p, x) => p * x, 1)',
        fn: (n) => {
          let t = 1;
          for (let i = 2; i <= (n as number); i++) t *= i;
          return t;
        },
        inputs: (rng) => [between(rng, 1, 9)],
        edge: [[0]],
        mutants: [
          m(
            'it starts the product at 0',
            'Array.from({ length: n }, (_, i) => i + 1).reduce((p, x) => p * x, 0)',
            () => 0,
          ),
        ],
        explain: (x, r) => `The product of 1 to ${x[0]} is ${r}.`,
      },
      {
        name: 'repeatWord',
        params: ['s', 'n'],
        description: 'Return the string s repeated n times, with nothing in between.',
        body: ["let out = '';", 'for (let i = 0; i < n; i++) {', '  out += s;', '}', 'return out;'],
        compact: 's.repeat(n)',
        fn: (s, n) => (s as string).repeat(n as number),
        inputs: (rng) => [word(rng), between(rng, 1, 4)],
        edge: [['ab', 0]],
        mutants: [
          m('it repeats one time too few', 's.repeat(Math.max(0, n - 1))', (s, n) =>
            (s as string).repeat(Math.max(0, (n as number) - 1)),
          ),
        ],
        explain: (x, r) => `${show(x[0])} ${x[1]} times is ${show(r)}.`,
      },
    ];
  if (level === 3)
    return [
      {
        name: 'countVowels',
        params: ['s'],
        description: 'Return the number of vowels (a, e, i, o, u) in the lower-case string s.',
        body: [
          'let count = 0;',
          'for (const ch of s) {',
          "  if ('aeiou'.includes(ch)) count += 1;",
          '}',
          'return count;',
        ],
        compact: "s.split('').filter((ch) => 'aeiou'.includes(ch)).length",
        fn: (s) => chars(s).filter((ch) => VOWELS.includes(ch)).length,
        inputs: (rng) => [sentence(rng)],
        edge: [['']],
        mutants: [
          m(
            'it counts the consonants',
            "s.split('').filter((ch) => !'aeiou'.includes(ch)).length",
            (s) => chars(s).filter((ch) => !VOWELS.includes(ch)).length,
          ),
        ],
        explain: (x, r) =>
          `The vowels of ${show(x[0])} are ${
            chars(x[0])
              .filter((ch) => VOWELS.includes(ch))
              .join(', ') || 'none'
          }: ${r} in all.`,
      },
      {
        name: 'removeVowels',
        params: ['s'],
        description: 'Return the lower-case string s without its vowels (a, e, i, o, u).',
        body: [
          "let out = '';",
          'for (const ch of s) {',
          "  if (!'aeiou'.includes(ch)) out += ch;",
          '}',
          'return out;',
        ],
        compact: "s.split('').filter((ch) => !'aeiou'.includes(ch)).join('')",
        fn: (s) =>
          chars(s)
            .filter((ch) => !VOWELS.includes(ch))
            .join(''),
        inputs: (rng) => [sentence(rng)],
        mutants: [
          m('it keeps only the vowels', "s.split('').filter((ch) => 'aeiou'.includes(ch)).join('')", (s) =>
            chars(s)
              .filter((ch) => VOWELS.includes(ch))
              .join(''),
          ),
        ],
        explain: (x, r) => `Dropping a, e, i, o and u from ${show(x[0])} leaves ${show(r)}.`,
      },
      {
        name: 'countUpper',
        params: ['s'],
        description: 'Return how many characters of the string s are upper-case letters A to Z.',
        body: [
          'let count = 0;',
          'for (const ch of s) {',
          "  if (ch >= 'A' && ch <= 'Z') count += 1;",
          '}',
          'return count;',
        ],
        compact: "s.split('').filter((ch) => ch >= 'A' && ch <= 'Z').length",
        fn: (s) => chars(s).filter((ch) => /[A-Z]/.test(ch)).length,
        inputs: (rng) => [`${word(rng)} and ${word(rng)}`],
        mutants: [
          m(
            'it counts lower-case letters',
            "s.split('').filter((ch) => ch >= 'a' && ch <= 'z').length",
            (s) => chars(s).filter((ch) => /[a-z]/.test(ch)).length,
          ),
        ],
        explain: (x, r) => `${show(x[0])} has ${r} capital letters.`,
      },
      {
        name: 'longestWord',
        params: ['s'],
        description: 'Return the longest word of the sentence s (the first one if several are equally long).',
        body: [
          "let best = '';",
          "for (const w of s.split(' ')) {",
          '  if (w.length > best.length) best = w;',
          '}',
          'return best;',
        ],
        compact: "s.split(' ').reduce((a, w) => (w.length > a.length ? w : a), '')",
        fn: (s) => words(s).reduce((a, w) => (w.length > a.length ? w : a), ''),
        inputs: (rng) => [sentence(rng)],
        mutants: [
          m(
            'it returns the shortest word',
            "s.split(' ').reduce((a, w) => (w.length < a.length ? w : a))",
            (s) => words(s).reduce((a, w) => (w.length < a.length ? w : a)),
          ),
        ],
        explain: (x, r) => `Of the words of ${show(x[0])}, ${show(r)} is the longest.`,
      },
    ];
  return [
    {
      name: 'initials',
      params: ['s'],
      description: 'Return the first letter of every word of the sentence s, in upper case, joined together.',
      body: [
        "let out = '';",
        "for (const w of s.split(' ')) {",
        '  out += w[0].toUpperCase();',
        '}',
        'return out;',
      ],
      compact: "s.split(' ').map((w) => w[0].toUpperCase()).join('')",
      fn: (s) =>
        words(s)
          .map((w) => w[0].toUpperCase())
          .join(''),
      inputs: (rng) => [sentence(rng)],
      mutants: [
        m('it does not make them upper case', "s.split(' ').map((w) => w[0]).join('')", (s) =>
          words(s)
            .map((w) => w[0])
            .join(''),
        ),
      ],
      explain: (x, r) => `The words of ${show(x[0])} start with ${show(r)} once capitalised.`,
    },
    {
      name: 'capitaliseWords',
      params: ['s'],
      description: 'Return the sentence s with the first letter of every word in upper case.',
      body: [
        'const out = [];',
        "for (const w of s.split(' ')) {",
        '  out.push(w[0].toUpperCase() + w.slice(1));',
        '}',
        "return out.join(' ');",
      ],
      compact: "s.split(' ').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ')",
      fn: (s) =>
        words(s)
          .map((w) => w[0].toUpperCase() + w.slice(1))
          .join(' '),
      inputs: (rng) => [sentence(rng)],
      mutants: [
        m(
          'it capitalises only the first word',
          's[0].toUpperCase() + s.slice(1)',
          (s) => (s as string)[0].toUpperCase() + (s as string).slice(1),
        ),
      ],
      explain: (_x, r) => `Capitalising every word gives ${show(r)}.`,
    },
    {
      name: 'reverseWords',
      params: ['s'],
      description: 'Return the words of the sentence s in reverse order, separated by single spaces.',
      body: [
        'const out = [];',
        "for (const w of s.split(' ')) {",
        '  out.unshift(w);',
        '}',
        "return out.join(' ');",
      ],
      compact: "s.split(' ').reverse().join(' ')",
      fn: (s) => words(s).reverse().join(' '),
      inputs: (rng) => [sentence(rng)],
      mutants: [
        m('it reverses the letters, not the words', "s.split('').reverse().join('')", (s) =>
          chars(s).reverse().join(''),
        ),
      ],
      explain: (_x, r) => `Reading the words backwards gives ${show(r)}.`,
    },
    {
      name: 'countLongWords',
      params: ['s', 'k'],
      description: 'Return how many words of the sentence s have more than k letters.',
      body: [
        'let count = 0;',
        "for (const w of s.split(' ')) {",
        '  if (w.length > k) count += 1;',
        '}',
        'return count;',
      ],
      compact: "s.split(' ').filter((w) => w.length > k).length",
      fn: (s, k) => words(s).filter((w) => w.length > (k as number)).length,
      inputs: (rng) => [sentence(rng), between(rng, 2, 5)],
      mutants: [
        m(
          'it also counts words of exactly k letters',
          "s.split(' ').filter((w) => w.length >= k).length",
          (s, k) => words(s).filter((w) => w.length >= (k as number)).length,
        ),
      ],
      explain: (x, r) => `In ${show(x[0])}, ${r} words are longer than ${x[1]} letters.`,
    },
  ];
}

/** The hand-written specs of a level; `words` are the split's own words for string inputs. */
