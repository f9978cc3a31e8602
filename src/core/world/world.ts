// The small world itself: the invented creatures, kinds and objects of a pool with their fixed
// facts (what kind each creature is, its young, sound, home, food; what each object is made of
// and used for), and the relation triples over both the shared real vocabulary and a pool.
// The facts are drawn once from WORLD_SEED, so "a wug lives in a burrow" is true in every
// document and every run; a text generator's own seed only changes which stories are told.
import { Rng } from '../rng';
import { partNoun } from './grammar';
import { POOLS, type NamePool, type Person, type PoolName } from './pools';
import {
  ANIMALS,
  CLASS_FOODS,
  CLASS_HOMES,
  COLOURS,
  MATERIALS,
  OPPOSITES,
  SOUNDS,
  THINGS,
  USES,
  type AnimalClass,
} from './vocab';

export const WORLD_SEED = 0x5eed_2024;

export interface Kind {
  name: string;
  cls: AnimalClass;
}

export interface Creature {
  name: string;
  kind: string;
  cls: AnimalClass;
  young: string;
  sound: string;
  home: string;
  food: string;
  colour: string;
  size: 'big' | 'small';
}

export interface InventedObject {
  name: string;
  material: string;
  /** [verb, gerund phrase], e.g. ["dig", "digging"]. */
  use: readonly [string, string];
  /** The real thing it is a part of. */
  partOf: string;
  colour: string;
}

export interface World {
  pool: PoolName;
  people: readonly Person[];
  places: readonly string[];
  kinds: readonly Kind[];
  creatures: readonly Creature[];
  objects: readonly InventedObject[];
}

export type RelationName =
  'kind-of' | 'young-of' | 'part-of' | 'made-of' | 'lives-in' | 'opposite-of' | 'tool-for' | 'sound-of';

/**
 * One fact "a REL b": kind-of (wug, blicket), young-of (seal, pup), part-of (wheel, bicycle),
 * made-of (window, glass), lives-in (bee, hive), opposite-of (hot, cold), tool-for (shovel, digging),
 * sound-of (dog, barks). `source` says whether it is shared real knowledge or belongs to a pool.
 */
export interface Relation {
  rel: RelationName;
  a: string;
  b: string;
  source: 'shared' | PoolName;
}

const CLASSES: readonly AnimalClass[] = ['mammal', 'bird', 'fish', 'insect', 'reptile'];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

function build(pool: PoolName, names: NamePool): World {
  const rng = new Rng(WORLD_SEED + (pool === 'train' ? 0 : 7919));
  const kinds = names.kinds.map((name, i) => ({ name, cls: CLASSES[(i + rng.int(CLASSES.length)) % 5] }));
  const creatures = names.creatures.map((name, i): Creature => {
    const kind = pick(rng, kinds);
    return {
      name,
      kind: kind.name,
      cls: kind.cls,
      young: names.youngs[i],
      sound: pick(rng, SOUNDS),
      home: pick(rng, CLASS_HOMES[kind.cls]),
      food: pick(rng, CLASS_FOODS[kind.cls]),
      colour: pick(rng, COLOURS),
      size: rng.next() < 0.5 ? 'big' : 'small',
    };
  });
  const wholes = THINGS.filter((t) => t.parts.length > 0).map((t) => t.name);
  const objects = names.objects.map((name): InventedObject => ({
    name,
    material: pick(rng, MATERIALS),
    use: pick(rng, USES),
    partOf: pick(rng, wholes),
    colour: pick(rng, COLOURS),
  }));
  return { pool, people: names.people, places: names.places, kinds, creatures, objects };
}

const WORLDS: Record<PoolName, World> = {
  train: build('train', POOLS.train),
  eval: build('eval', POOLS.eval),
};

/** The fixed world of a pool (the same object on every call). */
export function buildWorld(pool: PoolName): World {
  return WORLDS[pool];
}

/** Relations over the shared real vocabulary (true in both pools). */
export function sharedRelations(): Relation[] {
  const out: Relation[] = [];
  const add = (rel: RelationName, a: string, b: string) => out.push({ rel, a, b, source: 'shared' });
  for (const x of ANIMALS) {
    add('kind-of', x.name, x.cls);
    add('young-of', x.name, x.young);
    if (x.sound !== '') add('sound-of', x.name, x.sound);
    add('lives-in', x.name, x.home);
  }
  for (const t of THINGS) {
    if (t.material !== '') add('made-of', t.name, t.material);
    for (const p of t.parts) add('part-of', partNoun(p), t.name);
    if (t.use !== null) add('tool-for', t.name, t.use[1]);
  }
  for (const [a, b] of OPPOSITES) add('opposite-of', a, b);
  return out;
}

/** Relations about the invented words of one pool. */
export function poolRelations(pool: PoolName): Relation[] {
  const w = WORLDS[pool];
  const out: Relation[] = [];
  const add = (rel: RelationName, a: string, b: string) => out.push({ rel, a, b, source: pool });
  for (const k of w.kinds) add('kind-of', k.name, k.cls);
  for (const c of w.creatures) {
    add('kind-of', c.name, c.kind);
    add('young-of', c.name, c.young);
    add('sound-of', c.name, c.sound);
    add('lives-in', c.name, c.home);
  }
  for (const o of w.objects) {
    add('made-of', o.name, o.material);
    add('tool-for', o.name, o.use[1]);
    add('part-of', o.name, o.partOf);
  }
  return out;
}

/** All relations true in a pool's world: the shared ones, then the pool's own. */
export function relations(pool: PoolName): Relation[] {
  return [...sharedRelations(), ...poolRelations(pool)];
}
