// The shared small world: name pools (train/eval, disjoint), real vocabulary, fixed facts and
// relations, and the seeded text generator. Pure TypeScript, usable in the browser and in Node.
export {
  POOLS,
  POOL_NAMES,
  poolNames,
  inventedWords,
  type NamePool,
  type Person,
  type PoolName,
} from './pools';
export * from './vocab';
export {
  WORLD_SEED,
  buildWorld,
  relations,
  sharedRelations,
  poolRelations,
  type World,
  type Kind,
  type Creature,
  type InventedObject,
  type Relation,
  type RelationName,
} from './world';
export {
  plural,
  article,
  withArticle,
  capitalise,
  listJoin,
  numberWord,
  homePhrase,
  partNoun,
} from './grammar';
export { Ctx, relationSentence } from './sentences';
export { generateWorldText, worldDocument, utf8Length, DOC_KINDS, WORLD_TEXT_VERSION } from './generate';
