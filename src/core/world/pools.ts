// The small world's NAMES, split into two disjoint pools. `train` names may appear in
// pretraining text and instruction data; `eval` names are reserved for the evaluation suite and
// must never appear in any corpus. Invented words were checked against WordNet, the Factbook,
// the SPDX texts and the code corpora (none occurs there); the dataset build re-checks this.
// Real vocabulary (animals, objects, opposites...) is shared by both pools: see vocab.ts.

export type PoolName = 'train' | 'eval';
export const POOL_NAMES: readonly PoolName[] = ['train', 'eval'];

export interface Person {
  name: string;
  pronoun: 'he' | 'she';
}

export interface NamePool {
  /** People's first names (real names, capitalised). */
  people: readonly Person[];
  /** Invented animals ("wug"). Lower case singular; see `plural` in grammar.ts. */
  creatures: readonly string[];
  /** Invented categories that creatures belong to ("blicket"). */
  kinds: readonly string[];
  /** Invented objects and tools ("snib"). */
  objects: readonly string[];
  /** Invented names for the young of the invented creatures, one per creature. */
  youngs: readonly string[];
  /** Invented towns (capitalised). */
  places: readonly string[];
}

const people = (pronoun: 'he' | 'she', names: string): Person[] =>
  names.split(' ').map((name) => ({ name, pronoun }));
const words = (list: string): readonly string[] => list.split(' ');

const TRAIN: NamePool = {
  people: [
    ...people(
      'she',
      'Mia Lily Emma Anna Sara Lucy Ella Zoe Nora Ruby Amy Kate Lena Maya Julia Clara Alice Eva Jenny Molly ' +
        'Rosa Tina Wendy Nina Hanna Lisa Greta Olga Paula Rita Sophie Tess Vera Yara Zara Elsa Fiona Gina Kira ' +
        'Lola Mara Nadia Petra Hazel Ada Leah',
    ),
    ...people(
      'he',
      'Tom Sam Ben Max Leo Tim Dan Finn Hugo Ivan Joe Karl Luke Noah Omar Paul Ravi Theo Victor Adam Bruno ' +
        'Carl Dev Eli Felix Gus Hans Igor Jonas Kai Liam Milo Nils Oscar Pedro Rafi Seth Toby Ugo Yusuf Zack ' +
        'Arlo Ezra Owen',
    ),
  ],
  creatures: words(
    'wug gazzer tove snarp glorp zorp flurb gorp wozzle fendle krell blap drobit flidle glim klomp plog ' +
      'trob vunk zlump brizum frimp moff nump pilt skorp brelt quonk yibble sprock',
  ),
  kinds: words(
    'blicket flen grak kimo lazi nodle plex stum vable zari skamp trapum vasu glabum snagum prazit',
  ),
  objects: words('snib plit frox kadet lorp bobu stex zipi glit dren fusk tazzle mork clibbet snurl wibbet'),
  youngs: words(
    'blapit bluget blupip bozip dazip didle fimble dubet fizle flatet fopip fugip fuzit gatit gekit glidet ' +
      'gripop kadit ligle lugle matet pable pedip pudle rutle sletle snetle zatle vitle vedle',
  ),
  places: words(
    'Norby Velmere Bramwick Tolvale Kesbrook Dunholt Pelford Rosmoor Wenfield Linhaven Falgate Garholt ' +
      'Tamdale Belstead Yarbrook Zenford',
  ),
};

const EVAL: NamePool = {
  people: [
    ...people(
      'she',
      'Ana Bea Cleo Dina Edda Gala Hedda Ilse Juno Kaja Lea Mila Nell Orla Pia Rhea Signe Thea Una Vida ' +
        'Xena Yasmin Zelda Dora Edith Freya Gemma Hilda Ines Agnes',
    ),
    ...people(
      'he',
      'Bo Abel Boris Cyrus Dario Emil Franz Gideon Henrik Ismael Jasper Kofi Lars Marco Nico Otto Piet ' +
        'Rolf Stig Tariq Umar Viggo Wim Xavi Yann Zeno Anton Birger Casper Dmitri',
    ),
  ],
  creatures: words(
    'dax fep tomba tupa blux drezz fezz glok grox klusk plazle skox slerp snop spuk stosh trak vesh zosh ' +
      'zlit frell mibble quorp yazz plork dremble sniv kwib glimp throff',
  ),
  kinds: words(
    'bregum dibe glazon kople mena prog snod tozle zeck vorp zlomp kleff skekum drebop stezon plaff',
  ),
  objects: words('quib zunk trazip nodo pumu kobit vek gesa flod spet raget dimp scrob tolk wemp jonx'),
  youngs: words(
    'brople brotle fripop frizip glegip grabip klidip lopon mozo naket plebet ploket podet predle probet ' +
      'pubit ragle regit slekit snebip snogit spugle stetle totip tuzit zepet zidit zlagit zluble slitet',
  ),
  places: words(
    'Cormere Holvale Melwick Selmoor Torfield Valdale Wilhaven Aldstead Barvale Marwick Halmoor Zenwick',
  ),
};

export const POOLS: Readonly<Record<PoolName, NamePool>> = { train: TRAIN, eval: EVAL };

/** Every name in a pool (people, places as written; invented words in lower case). */
export function poolNames(pool: PoolName): string[] {
  const p = POOLS[pool];
  return [...p.people.map((x) => x.name), ...p.creatures, ...p.kinds, ...p.objects, ...p.youngs, ...p.places];
}

/** The invented words of a pool (creatures, kinds, objects, youngs), lower case. */
export function inventedWords(pool: PoolName): string[] {
  const p = POOLS[pool];
  return [...p.creatures, ...p.kinds, ...p.objects, ...p.youngs];
}
