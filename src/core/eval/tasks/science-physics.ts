// Science item families about quantities: floating by density, states of matter from melting and
// boiling points (real values), speed, and Ohm's law. Each family states its rule in a lecture and
// asks a question whose answer follows from the numbers in the text; levels add computation,
// distractor quantities, or ranking several objects. See science.ts for the item shell.
import type { Rng } from '../../rng';
import { POOLS } from '../../world';
import type { Level, Split } from '../types';
import { between, pick, sample } from '../util';
import type { Family } from './science-family';

export const DENSITY_LECTURE =
  'Density is mass divided by volume. An object floats in water if its density is less than 1 g per cm3, and it sinks if its density is more than 1 g per cm3.';

/** A mass/volume pair whose density is clearly above or below 1. */
function block(rng: Rng, floats: boolean): { m: number; v: number } {
  for (;;) {
    const v = between(rng, 2, 20);
    const m = floats ? between(rng, 1, v - 1) : between(rng, v + 1, 3 * v);
    if (m / v !== 1) return { m, v };
  }
}

export function density(rng: Rng, level: Level, split: Split): Family {
  const names = sample(rng, POOLS[split].objects, 4);
  if (level === 4) {
    const blocks = names.slice(0, 3 + rng.int(2)).map((name) => ({ name, ...block(rng, rng.next() < 0.5) }));
    const dens = blocks.map((b) => b.m / b.v);
    if (new Set(dens).size !== dens.length) return density(rng, level, split);
    const best = blocks[dens.indexOf(Math.max(...dens))];
    return {
      variant: 'density-rank',
      lecture: DENSITY_LECTURE,
      question: `${blocks.map((b) => `The ${b.name} has a mass of ${b.m} g and a volume of ${b.v} cm3.`).join(' ')} Which object has the greatest density?`,
      answer: `the ${best.name}`,
      distractors: blocks.filter((b) => b !== best).map((b) => `the ${b.name}`),
      steps: `The densities are ${blocks.map((b) => `${b.m} / ${b.v} = ${(b.m / b.v).toFixed(2)}`).join(', ')}; the greatest is the ${best.name}'s.`,
      code: [
        `const blocks = { ${blocks.map((b) => `${b.name}: ${b.m} / ${b.v}`).join(', ')} };`,
        'const densest = Object.keys(blocks).reduce((a, b) => (blocks[b] > blocks[a] ? b : a));',
        `console.log('the ' + densest); // the ${best.name}`,
      ],
    };
  }
  const floats = rng.next() < 0.5;
  const { m, v } = block(rng, floats);
  const name = names[0];
  const noise =
    level === 3
      ? ` It is ${between(rng, 5, 40)} degrees warm, it cost ${between(rng, 2, 30)} coins, and it is ${pick(rng, ['red', 'blue', 'green', 'grey'])}.`
      : '';
  return {
    variant: 'density',
    lecture: DENSITY_LECTURE,
    question: `The ${name} has a mass of ${m} g and a volume of ${v} cm3.${noise} Does it float or sink in water?`,
    answer: floats ? 'it floats' : 'it sinks',
    distractors: [floats ? 'it sinks' : 'it floats'],
    steps: `Its density is ${m} / ${v} = ${(m / v).toFixed(2)} g per cm3, which is ${floats ? 'less' : 'more'} than 1, so it ${floats ? 'floats' : 'sinks'}.`,
    code: [
      `const density = ${m} / ${v};`,
      `console.log(density < 1 ? 'it floats' : 'it sinks'); // it ${floats ? 'floats' : 'sinks'}`,
    ],
  };
}

/** Melting and boiling points in °C at normal pressure. */
export const SUBSTANCES: readonly { name: string; melts: number; boils: number }[] = [
  { name: 'water', melts: 0, boils: 100 },
  { name: 'ethanol', melts: -114, boils: 78 },
  { name: 'mercury', melts: -39, boils: 357 },
  { name: 'iron', melts: 1538, boils: 2862 },
  { name: 'gold', melts: 1064, boils: 2856 },
  { name: 'lead', melts: 327, boils: 1749 },
  { name: 'tin', melts: 232, boils: 2602 },
  { name: 'nitrogen', melts: -210, boils: -196 },
  { name: 'oxygen', melts: -218, boils: -183 },
  { name: 'sulfur', melts: 115, boils: 445 },
];

export const STATE_RULE =
  'A substance is a solid below its melting point, a liquid between its melting point and its boiling point, and a gas above its boiling point.';

const stateAt = (s: { melts: number; boils: number }, t: number) =>
  t < s.melts ? 'solid' : t < s.boils ? 'liquid' : 'gas';
const pointText = (s: { name: string; melts: number; boils: number }) =>
  `${s.name[0].toUpperCase()}${s.name.slice(1)} melts at ${s.melts} °C and boils at ${s.boils} °C.`;

export function states(rng: Rng, level: Level): Family {
  if (level === 4) {
    for (;;) {
      const subs = sample(rng, SUBSTANCES, 4);
      const t = pick(rng, [-200, -100, -50, 20, 50, 150, 300, 500, 1200]);
      const liquids = subs.filter((s) => stateAt(s, t) === 'liquid');
      if (liquids.length !== 1) continue;
      return {
        variant: 'state-which',
        lecture: `${STATE_RULE} ${subs.map(pointText).join(' ')}`,
        question: `Which of these is a liquid at ${t} °C?`,
        answer: liquids[0].name,
        distractors: subs.filter((s) => s !== liquids[0]).map((s) => s.name),
        steps: `At ${t} °C: ${subs.map((s) => `${s.name} is a ${stateAt(s, t)}`).join(', ')}.`,
        code: [
          `const t = ${t};`,
          `const points = { ${subs.map((s) => `${s.name}: [${s.melts}, ${s.boils}]`).join(', ')} };`,
          'const liquid = Object.keys(points).find((k) => t >= points[k][0] && t < points[k][1]);',
          `console.log(liquid); // ${liquids[0].name}`,
        ],
      };
    }
  }
  const listed = sample(rng, SUBSTANCES, level === 3 ? 3 : 1);
  const s = listed[rng.int(listed.length)];
  const t = pick(rng, [
    s.melts - between(rng, 5, 50),
    between(rng, s.melts + 1, s.boils - 1),
    s.boils + between(rng, 5, 80),
  ]);
  const state = stateAt(s, t);
  return {
    variant: 'state',
    lecture: `${STATE_RULE} ${listed.map(pointText).join(' ')}`,
    question: `Is ${s.name} a solid, a liquid or a gas at ${t} °C?`,
    answer: `a ${state}`,
    distractors: ['a solid', 'a liquid', 'a gas'].filter((x) => x !== `a ${state}`),
    steps: `${s.name} melts at ${s.melts} °C and boils at ${s.boils} °C; ${t} °C is ${t < s.melts ? 'below the melting point' : t < s.boils ? 'between the two' : 'above the boiling point'}, so it is a ${state}.`,
    code: [
      `const t = ${t};`,
      `const state = t < ${s.melts} ? 'a solid' : t < ${s.boils} ? 'a liquid' : 'a gas';`,
      `console.log(state); // a ${state}`,
    ],
  };
}

export const SPEED_LECTURE = 'Speed is distance divided by time. Whoever has the greater speed is faster.';

export function speed(rng: Rng, level: Level, split: Split): Family {
  const people = sample(rng, POOLS[split].people, 4).map((p) => p.name);
  if (level === 3) {
    const limit = between(rng, 3, 9);
    const over = rng.next() < 0.5;
    const t = between(rng, 2, 10);
    const d = over ? limit * t + between(rng, 1, t) : limit * t - between(rng, 1, t);
    return {
      variant: 'speed-limit',
      lecture: `${SPEED_LECTURE} On the ${pick(rng, POOLS[split].places)} road, carts may go at most ${limit} m per s.`,
      question: `A cart carrying ${between(rng, 20, 90)} kg of apples goes ${d} m in ${t} s. Is it going faster than allowed?`,
      answer: over ? 'yes' : 'no',
      distractors: [over ? 'no' : 'yes'],
      steps: `Its speed is ${d} / ${t} = ${(d / t).toFixed(2)} m per s, which is ${over ? 'more' : 'not more'} than ${limit}; the apples do not matter.`,
      code: [
        `const speed = ${d} / ${t};`,
        `console.log(speed > ${limit} ? 'yes' : 'no'); // ${over ? 'yes' : 'no'}`,
      ],
    };
  }
  const n = level === 4 ? 3 + rng.int(2) : 2;
  const movers = people
    .slice(0, n)
    .map((name) => ({ name, d: between(rng, 10, 100), t: between(rng, 2, 20) }));
  const speeds = movers.map((x) => x.d / x.t);
  if (new Set(speeds).size !== speeds.length) return speed(rng, level, split);
  const best = movers[speeds.indexOf(Math.max(...speeds))];
  return {
    variant: 'speed',
    lecture: SPEED_LECTURE,
    question: `${movers.map((x) => `${x.name} runs ${x.d} m in ${x.t} s.`).join(' ')} Who is ${n > 2 ? 'the fastest' : 'faster'}?`,
    answer: best.name,
    distractors: movers.filter((x) => x !== best).map((x) => x.name),
    steps: `The speeds are ${movers.map((x) => `${x.name} ${x.d} / ${x.t} = ${(x.d / x.t).toFixed(2)}`).join(', ')} m per s; ${best.name} is fastest.`,
    code: [
      `const speeds = { ${movers.map((x) => `${x.name}: ${x.d} / ${x.t}`).join(', ')} };`,
      'const fastest = Object.keys(speeds).reduce((a, b) => (speeds[b] > speeds[a] ? b : a));',
      `console.log(fastest); // ${best.name}`,
    ],
  };
}

export function ohm(rng: Rng, level: Level): Family {
  const need = pick(rng, [1, 2, 3]);
  const lights = rng.next() < 0.5;
  const r = between(rng, 2, 12);
  const v = lights ? need * r + between(rng, 0, r) : Math.max(1, need * r - between(rng, 1, r));
  const noise =
    level >= 3
      ? ` The wire is ${between(rng, 1, 5)} m long and ${pick(rng, ['red', 'black', 'yellow'])}.`
      : '';
  return {
    variant: 'ohm',
    lecture: `The current in a circuit is the voltage divided by the resistance (amperes = volts / ohms). A bulb lights only if the current through it is at least ${need} A.`,
    question: `A ${v} V battery is connected to a bulb with a resistance of ${r} ohms.${noise} Does the bulb light?`,
    answer: lights ? 'yes' : 'no',
    distractors: [lights ? 'no' : 'yes'],
    steps: `The current is ${v} / ${r} = ${(v / r).toFixed(2)} A, which is ${lights ? 'at least' : 'less than'} ${need} A.`,
    code: [
      `const current = ${v} / ${r};`,
      `console.log(current >= ${need} ? 'yes' : 'no'); // ${lights ? 'yes' : 'no'}`,
    ],
  };
}
