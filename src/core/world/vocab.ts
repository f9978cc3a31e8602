// The small world's REAL vocabulary, shared by every pool: common animals (with their young,
// sound, home and class), everyday objects (material, parts, use), opposites, colours, foods,
// settings and a few science facts. These are knowledge, not names: the train text and the
// evaluation suite both use them. Invented names, which ARE split into pools, live in pools.ts.

export type AnimalClass = 'mammal' | 'bird' | 'fish' | 'insect' | 'reptile' | 'amphibian';

export interface Animal {
  name: string;
  plural: string;
  young: string;
  /** Third-person verb for its sound ("barks"), or '' if it makes no sound we name. */
  sound: string;
  /** Where it lives, a bare noun ("kennel"); see `homePhrase` in grammar.ts for its article. */
  home: string;
  cls: AnimalClass;
  food: string;
}

const animal = (
  name: string,
  plural: string,
  young: string,
  sound: string,
  home: string,
  cls: AnimalClass,
  food: string,
): Animal => ({ name, plural, young, sound, home, cls, food });

export const ANIMALS: readonly Animal[] = [
  animal('dog', 'dogs', 'puppy', 'barks', 'kennel', 'mammal', 'bones'),
  animal('cat', 'cats', 'kitten', 'meows', 'house', 'mammal', 'fish'),
  animal('cow', 'cows', 'calf', 'moos', 'barn', 'mammal', 'grass'),
  animal('horse', 'horses', 'foal', 'neighs', 'stable', 'mammal', 'hay'),
  animal('sheep', 'sheep', 'lamb', 'bleats', 'field', 'mammal', 'grass'),
  animal('pig', 'pigs', 'piglet', 'oinks', 'sty', 'mammal', 'corn'),
  animal('goat', 'goats', 'kid', 'bleats', 'pen', 'mammal', 'leaves'),
  animal('duck', 'ducks', 'duckling', 'quacks', 'pond', 'bird', 'seeds'),
  animal('goose', 'geese', 'gosling', 'honks', 'pond', 'bird', 'grass'),
  animal('hen', 'hens', 'chick', 'clucks', 'coop', 'bird', 'seeds'),
  animal('owl', 'owls', 'owlet', 'hoots', 'tree', 'bird', 'mice'),
  animal('eagle', 'eagles', 'eaglet', 'screeches', 'nest', 'bird', 'fish'),
  animal('swan', 'swans', 'cygnet', 'hisses', 'lake', 'bird', 'plants'),
  animal('frog', 'frogs', 'tadpole', 'croaks', 'pond', 'amphibian', 'flies'),
  animal('bear', 'bears', 'cub', 'growls', 'cave', 'mammal', 'berries'),
  animal('lion', 'lions', 'cub', 'roars', 'den', 'mammal', 'meat'),
  animal('fox', 'foxes', 'kit', 'yelps', 'den', 'mammal', 'mice'),
  animal('wolf', 'wolves', 'pup', 'howls', 'den', 'mammal', 'meat'),
  animal('seal', 'seals', 'pup', 'barks', 'sea', 'mammal', 'fish'),
  animal('deer', 'deer', 'fawn', '', 'forest', 'mammal', 'leaves'),
  animal('rabbit', 'rabbits', 'kit', '', 'burrow', 'mammal', 'carrots'),
  animal('mouse', 'mice', 'pup', 'squeaks', 'hole', 'mammal', 'seeds'),
  animal('bee', 'bees', 'larva', 'buzzes', 'hive', 'insect', 'nectar'),
  animal('kangaroo', 'kangaroos', 'joey', '', 'grassland', 'mammal', 'grass'),
  animal('whale', 'whales', 'calf', 'sings', 'sea', 'mammal', 'krill'),
  animal('elephant', 'elephants', 'calf', 'trumpets', 'grassland', 'mammal', 'grass'),
  animal('butterfly', 'butterflies', 'caterpillar', '', 'meadow', 'insect', 'nectar'),
  animal('snake', 'snakes', 'hatchling', 'hisses', 'hole', 'reptile', 'mice'),
  animal('turtle', 'turtles', 'hatchling', '', 'pond', 'reptile', 'plants'),
  animal('donkey', 'donkeys', 'foal', 'brays', 'stable', 'mammal', 'hay'),
  animal('crow', 'crows', 'chick', 'caws', 'nest', 'bird', 'seeds'),
  animal('salmon', 'salmon', 'fry', '', 'river', 'fish', 'bugs'),
];

export interface Thing {
  name: string;
  plural: string;
  material: string;
  /** Parts as plural or mass nouns ("legs", "a handle"); may be empty. */
  parts: readonly string[];
  /** What it is a tool for, as [verb, gerund] ("dig", "digging"), or null. */
  use: readonly [string, string] | null;
}

const thing = (
  name: string,
  plural: string,
  material: string,
  parts: readonly string[],
  use: readonly [string, string] | null,
): Thing => ({ name, plural, material, parts, use });

export const THINGS: readonly Thing[] = [
  thing('knife', 'knives', 'metal', ['a blade', 'a handle'], ['cut', 'cutting']),
  thing('spoon', 'spoons', 'metal', [], ['stir', 'stirring']),
  thing('cup', 'cups', 'clay', ['a handle'], ['drink', 'drinking']),
  thing('table', 'tables', 'wood', ['legs'], null),
  thing('chair', 'chairs', 'wood', ['legs', 'a seat'], ['sit', 'sitting']),
  thing('window', 'windows', 'glass', [], null),
  thing('bottle', 'bottles', 'glass', ['a cap'], null),
  thing('coin', 'coins', 'metal', [], null),
  thing('ring', 'rings', 'gold', [], null),
  thing('sweater', 'sweaters', 'wool', ['sleeves'], null),
  thing('shirt', 'shirts', 'cotton', ['buttons', 'sleeves'], null),
  thing('book', 'books', 'paper', ['pages', 'a cover'], ['read', 'reading']),
  thing('pencil', 'pencils', 'wood', ['a tip'], ['write', 'writing']),
  thing('hammer', 'hammers', 'metal', ['a handle'], ['hit', 'hitting nails']),
  thing('saw', 'saws', 'metal', ['teeth', 'a handle'], ['cut', 'cutting wood']),
  thing('shovel', 'shovels', 'metal', ['a handle'], ['dig', 'digging']),
  thing('broom', 'brooms', 'straw', ['a handle'], ['sweep', 'sweeping']),
  thing('needle', 'needles', 'steel', ['an eye'], ['sew', 'sewing']),
  thing('brush', 'brushes', 'wood', ['bristles'], ['paint', 'painting']),
  thing('key', 'keys', 'metal', [], ['open', 'opening locks']),
  thing('candle', 'candles', 'wax', ['a wick'], ['light', 'lighting a room']),
  thing('brick', 'bricks', 'clay', [], ['build', 'building walls']),
  thing('tire', 'tires', 'rubber', [], null),
  thing('shoe', 'shoes', 'leather', ['laces', 'a sole'], null),
  thing('ladder', 'ladders', 'wood', ['rungs'], ['climb', 'climbing']),
  thing('boat', 'boats', 'wood', ['a sail', 'oars'], ['sail', 'sailing']),
  thing('bicycle', 'bicycles', 'metal', ['wheels', 'pedals'], ['ride', 'riding']),
  thing('house', 'houses', 'brick', ['a roof', 'a door', 'windows'], null),
  thing('kite', 'kites', 'paper', ['a string', 'a tail'], ['fly', 'flying']),
  thing('basket', 'baskets', 'straw', ['a handle'], ['carry', 'carrying']),
  thing('umbrella', 'umbrellas', 'cloth', ['a handle'], ['stay', 'staying dry']),
  thing('scissors', 'scissors', 'metal', ['blades'], ['cut', 'cutting paper']),
  thing('comb', 'combs', 'plastic', ['teeth'], ['comb', 'combing hair']),
  thing('axe', 'axes', 'metal', ['a blade', 'a handle'], ['chop', 'chopping wood']),
  thing('net', 'nets', 'rope', [], ['catch', 'catching fish']),
  thing('tree', 'trees', 'wood', ['a trunk', 'branches', 'leaves', 'roots'], null),
  thing('flower', 'flowers', '', ['petals', 'a stem'], null),
];

/** Pairs of opposites; every word appears in exactly one pair, so opposite-of is a function. */
export const OPPOSITES: readonly (readonly [string, string])[] = [
  ['hot', 'cold'],
  ['big', 'small'],
  ['tall', 'short'],
  ['fast', 'slow'],
  ['happy', 'sad'],
  ['bright', 'dark'],
  ['wet', 'dry'],
  ['full', 'empty'],
  ['loud', 'quiet'],
  ['hard', 'soft'],
  ['heavy', 'light'],
  ['new', 'old'],
  ['open', 'closed'],
  ['early', 'late'],
  ['clean', 'dirty'],
  ['strong', 'weak'],
  ['thick', 'thin'],
  ['up', 'down'],
  ['day', 'night'],
  ['first', 'last'],
  ['near', 'far'],
  ['high', 'low'],
  ['top', 'bottom'],
  ['sweet', 'sour'],
  ['smooth', 'rough'],
  ['wide', 'narrow'],
  ['deep', 'shallow'],
  ['asleep', 'awake'],
  ['inside', 'outside'],
  ['push', 'pull'],
];

export const COLOURS = [
  'red',
  'blue',
  'green',
  'yellow',
  'brown',
  'white',
  'black',
  'orange',
  'pink',
  'purple',
  'grey',
] as const;

export const FOODS = [
  'apple',
  'pear',
  'plum',
  'banana',
  'carrot',
  'cake',
  'cookie',
  'pie',
  'egg',
  'muffin',
] as const;

export const MATERIALS = [
  'wood',
  'metal',
  'glass',
  'clay',
  'stone',
  'wool',
  'paper',
  'rubber',
  'cloth',
] as const;

/** Real settings for stories, with the preposition that goes before them. */
export const SETTINGS: readonly (readonly [string, string])[] = [
  ['at', 'the park'],
  ['in', 'the garden'],
  ['at', 'the beach'],
  ['in', 'the forest'],
  ['on', 'the farm'],
  ['at', 'school'],
  ['at', 'the market'],
  ['by', 'the river'],
  ['by', 'the lake'],
  ['on', 'the hill'],
  ['in', 'the kitchen'],
  ['at', 'the library'],
  ['at', 'the zoo'],
  ['by', 'the pond'],
  ['in', 'the meadow'],
  ['at', 'the bakery'],
];

export const FEELINGS = [
  'happy',
  'sad',
  'scared',
  'excited',
  'tired',
  'proud',
  'angry',
  'surprised',
  'calm',
  'curious',
] as const;

export const WEATHER = ['sunny', 'rainy', 'windy', 'snowy', 'cloudy'] as const;

export const TOYS = ['ball', 'kite', 'doll', 'drum', 'toy boat', 'puzzle', 'yo-yo', 'toy car'] as const;

export const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
] as const;

/** Plain science facts a child's book would state (the suite's lectures restate such rules). */
export const SCIENCE_FACTS: readonly string[] = [
  'Ice is frozen water.',
  'Ice melts when it gets warm.',
  'Water boils when it is very hot.',
  'Water freezes when it is very cold.',
  'Wood floats on water.',
  'A stone sinks in water.',
  'Plants need water and light to grow.',
  'The sun is a star.',
  'The moon goes around the earth.',
  'A magnet pulls iron.',
  'A magnet does not pull wood.',
  'Two north poles of magnets push each other away.',
  'A north pole and a south pole of two magnets pull together.',
  'Mammals have fur and feed their young with milk.',
  'Birds have feathers and lay eggs.',
  'Fish have fins and breathe with gills.',
  'Insects have six legs.',
  'Reptiles have scales.',
  'An object floats if it is lighter than the same amount of water.',
  'Sound moves through the air.',
  'Light moves faster than sound.',
  'Rain falls from clouds.',
  'Green plants make food from sunlight.',
  'A heavy ball rolls down a hill.',
];

/** What each animal class has, so invented creatures inherit consistent traits. */
export const CLASS_TRAITS: Readonly<Record<AnimalClass, readonly string[]>> = {
  mammal: ['has fur', 'feeds its young with milk'],
  bird: ['has feathers', 'lays eggs'],
  fish: ['has fins', 'breathes with gills'],
  insect: ['has six legs'],
  reptile: ['has scales', 'lays eggs'],
  amphibian: ['has smooth skin', 'lays eggs in water'],
};

/** Homes that suit each class (bare nouns). */
export const CLASS_HOMES: Readonly<Record<AnimalClass, readonly string[]>> = {
  mammal: ['burrow', 'den', 'cave', 'meadow', 'forest'],
  bird: ['nest', 'tree', 'cliff'],
  fish: ['pond', 'river', 'lake', 'sea'],
  insect: ['hive', 'log', 'grass'],
  reptile: ['rock pile', 'sand', 'swamp'],
  amphibian: ['pond', 'swamp'],
};

export const CLASS_FOODS: Readonly<Record<AnimalClass, readonly string[]>> = {
  mammal: ['berries', 'nuts', 'grass', 'roots'],
  bird: ['seeds', 'worms', 'berries'],
  fish: ['bugs', 'weeds', 'worms'],
  insect: ['nectar', 'leaves', 'moss'],
  reptile: ['bugs', 'leaves'],
  amphibian: ['flies', 'bugs'],
};

export const SOUNDS = [
  'chirps',
  'hums',
  'squeaks',
  'hoots',
  'clicks',
  'whistles',
  'buzzes',
  'croaks',
  'purrs',
  'growls',
  'sings',
  'peeps',
  'trills',
  'honks',
] as const;

export const USES: readonly (readonly [string, string])[] = [
  ['dig', 'digging'],
  ['cut', 'cutting rope'],
  ['sweep', 'sweeping'],
  ['stir', 'stirring soup'],
  ['carry', 'carrying water'],
  ['fix', 'fixing boats'],
  ['catch', 'catching fish'],
  ['paint', 'painting walls'],
  ['open', 'opening jars'],
  ['count', 'counting seeds'],
  ['measure', 'measuring rope'],
  ['clean', 'cleaning windows'],
];

/** Homes that take "the" rather than "a" ("lives in the sea"). */
export const THE_HOMES: readonly string[] = ['sea', 'grass', 'sand'];
