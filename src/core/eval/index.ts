// The reasoning suite's public API (pure TypeScript): item generation, loading, the engine-facing
// scoring contract, and the report statistics. The code sandbox lives in workers/sandbox.
export {
  GENERATOR_VERSION,
  TRANSFER_GENERATOR_VERSION,
  generate,
  generateAny,
  generateTransfer,
} from './generate';
export { itemProblems, parseItemsJsonl } from './load';
export { EVAL_SETS, itemsPath, setOf } from './sets';
export type { EvalSetName } from './sets';
export { ALL_TASKS, LEVELS, TASKS, TRANSFER_TASKS, goldText } from './types';
export type { AnyItem, EvalTaskId, Item, ItemFormat, Level, Split, TaskId, TransferTaskId } from './types';
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
export { exactMatch, scoreExtractive, spanChance, squadNormalise, tokenF1 } from './scoring/squad';
export { commonPrompt, optionText, paperPair } from './scoring/templates';
export { bootstrapInterval, tInterval, wilson } from './stats';
export { summarise } from './summary';
export type { ItemOutcome, SummaryRow } from './summary';
