// Independent solver for science items: recomputes each answer from the numbers and rules written in
// the item's lecture and question (densities, melting/boiling points, speeds, currents, magnet poles,
// class traits, food chains). The item's `variant` says which family's sentence forms to parse.
import type { Item } from '../types';

const num = (s: string) => Number(s);
function must(text: string, re: RegExp): RegExpMatchArray {
  const m = text.match(re);
  if (!m) throw new Error(`science solver: ${re} not found in ${JSON.stringify(text)}`);
  return m;
}
const all = (text: string, re: RegExp) => [...text.matchAll(re)];
const argmax = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, b) => (f(b) > f(a) ? b : a));

/** "has fur" → "have fur", "feeds its young with milk" → "feed their young with milk". */
function pluralVerb(phrase: string): string {
  const [verb, ...rest] = phrase.split(' ');
  const base =
    verb === 'has'
      ? 'have'
      : /(sh|ch|ss|x)es$/.test(verb)
        ? verb.slice(0, -2)
        : verb.endsWith('s')
          ? verb.slice(0, -1)
          : verb;
  return [base, ...rest].join(' ').replace(/\bits\b/, 'their');
}

function answer(item: Item): string {
  const lecture = item.context.replace(/^Lecture: /, '');
  const q = item.question;
  switch (item.variant) {
    case 'density': {
      const limit = num(must(lecture, /less than (\d+(?:\.\d+)?) g per cm3/)[1]);
      const m = must(q, /a mass of (\d+) g and a volume of (\d+) cm3/);
      return num(m[1]) / num(m[2]) < limit ? 'it floats' : 'it sinks';
    }
    case 'density-rank': {
      const blocks = all(q, /The (\w+) has a mass of (\d+) g and a volume of (\d+) cm3\./g);
      return `the ${argmax(blocks, (b) => num(b[2]) / num(b[3]))[1]}`;
    }
    case 'material': {
      const floats = must(lecture, /Things made of (\w+), (\w+) or (\w+) float in water\./).slice(1);
      const sinks = must(lecture, /Things made of (\w+), (\w+) or (\w+) sink in water\./).slice(1);
      const made = must(q, /made of (\w+)/)[1];
      if (floats.includes(made)) return 'it floats';
      if (sinks.includes(made)) return 'it sinks';
      throw new Error(`science solver: the lecture does not say what ${made} does`);
    }
    case 'state':
    case 'state-which': {
      const points = new Map(
        all(lecture, /(\w+) melts at (-?\d+) °C and boils at (-?\d+) °C\./g).map((m) => [
          m[1].toLowerCase(),
          [num(m[2]), num(m[3])],
        ]),
      );
      const stateOf = (name: string, t: number) => {
        const p = points.get(name);
        if (!p) throw new Error(`science solver: no points for ${name}`);
        return t < p[0] ? 'solid' : t < p[1] ? 'liquid' : 'gas';
      };
      if (item.variant === 'state') {
        const m = must(q, /^Is (\w+) a solid, a liquid or a gas at (-?\d+) °C\?$/);
        return `a ${stateOf(m[1], num(m[2]))}`;
      }
      const t = num(must(q, /a liquid at (-?\d+) °C/)[1]);
      const liquids = item.options.filter((o) => stateOf(o, t) === 'liquid');
      if (liquids.length !== 1) throw new Error(`science solver: ${liquids.length} liquids`);
      return liquids[0];
    }
    case 'speed': {
      const runners = all(q, /(\w+) runs (\d+) m in (\d+) s\./g);
      return argmax(runners, (r) => num(r[2]) / num(r[3]))[1];
    }
    case 'speed-limit': {
      const limit = num(must(lecture, /at most (\d+) m per s/)[1]);
      const m = must(q, /goes (\d+) m in (\d+) s/);
      return num(m[1]) / num(m[2]) > limit ? 'yes' : 'no';
    }
    case 'ohm': {
      const need = num(must(lecture, /at least (\d+) A/)[1]);
      const m = must(q, /A (\d+) V battery is connected to a bulb with a resistance of (\d+) ohms/);
      return num(m[1]) / num(m[2]) >= need ? 'yes' : 'no';
    }
    case 'magnet': {
      const m = must(q, /The (north|south) pole of one magnet is held near the (north|south) pole/);
      return m[1] !== m[2] ? 'they attract' : 'they repel';
    }
    case 'magnet-ends': {
      const a = must(q, /Magnet A lies with its (north|south) pole on the left/)[1];
      const b = must(q, /with its (north|south) pole on the right/)[1];
      // A's right end is the pole opposite its left; B's left end is the pole opposite its right.
      return a === b ? 'they repel' : 'they attract';
    }
    case 'classify': {
      const classes = all(lecture, /([A-Z]\w+) have (.+?)\./g).map((m) => ({
        cls: m[1] === 'Fish' ? 'fish' : m[1].toLowerCase().replace(/s$/, ''),
        traits: `have ${m[2]}`.split(' and '),
      }));
      const said = must(q, /^A (\w+) (.+)\. What kind of animal/)[2]
        .split(/, | and /)
        .map(pluralVerb);
      const known = said.filter((t) => classes.some((c) => c.traits.includes(t)));
      const fits = classes.filter((c) => known.every((t) => c.traits.includes(t)));
      if (known.length === 0 || fits.length !== 1)
        throw new Error(`science solver: ${fits.length} classes fit ${JSON.stringify(known)}`);
      return fits[0].cls;
    }
    case 'food':
    case 'food-chain': {
      const eaterOf = new Map(all(q, /([A-Z]\w*) eat (\w+)\./g).map((m) => [m[2], m[1].toLowerCase()]));
      if (item.variant === 'food') {
        const who = must(q, /Where do (\w+) get their energy from\?/)[1];
        const food = [...eaterOf].find(([, eater]) => eater === who);
        if (!food) throw new Error(`science solver: nothing says what ${who} eat`);
        return `from ${food[0]}`;
      }
      const plant = must(q, /gets energy from the (\w+) after/)[1];
      const first = eaterOf.get(plant);
      const second = first === undefined ? undefined : eaterOf.get(first);
      if (second === undefined) throw new Error('science solver: the chain is too short');
      return second;
    }
  }
  throw new Error(`science solver: unknown variant ${item.variant}`);
}

export function solveScience(item: Item): number {
  const a = answer(item);
  const i = item.options.findIndex((o) => o === a || o.replace(/^an? /, '') === a);
  if (i < 0) throw new Error(`science solver: ${a} is not an option of ${item.id}`);
  return i;
}
