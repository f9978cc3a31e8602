// The reasoning suite's public API (pure TypeScript): item generation, loading, the engine-facing
// scoring contract, and the report statistics. The code sandbox lives in workers/sandbox.
export { GENERATOR_VERSION, generate } from './generate';
export { itemProblems, parseItemsJsonl } from './load';
export { LEVELS, TASKS, goldText } from './types';
export type { Item, ItemFormat, Level, Split, TaskId } from './types';
export { MC_PROTOCOLS } from './scoring/requests';
export type {
  BuildOptions,
  GenerationRequest,
  McProtocol,
  ScoringRequest,
  ScoringResult,
} from './scoring/requests';
export { CALIBRATION_CONTEXT, buildScoringRequests, chanceOf, scoreMc } from './scoring/mc';
export type { McScore } from './scoring/mc';
export {
  CODE_STOPS,
  bleuOf,
  buildGenerationRequest,
  codegenProgram,
  isSolved,
  normaliseAnswer,
  scoreExact,
  scorePass,
  truncateCompletion,
} from './scoring/generation';
export type { CodeRunner, ExecutionVerdict } from './scoring/generation';
export { codeBleu, computeBleu, corpusCodeBleu, tokenizeCode } from './scoring/bleu';
export { commonPrompt, paperPair } from './scoring/templates';
export { bootstrapInterval, tInterval, wilson } from './stats';
export { summarise } from './summary';
export type { ItemOutcome, SummaryRow } from './summary';
