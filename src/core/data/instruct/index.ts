// Instruction-tuning data (issue 11 item 6): the two arms of the paper (text-only, and with code
// replacing ~30% of the instructions), the chat template with its response-only loss mask, and
// fixed-shape SFT batches that follow a text/code mixing schedule. Pure TypeScript.
export {
  ASSISTANT_TOKEN,
  END_TOKEN,
  EOT,
  PAD_TOKEN,
  USER_TOKEN,
  encodeExample,
  promptIds,
  renderExample,
  templateIds,
} from './chat-template';
export type { ChatTokenizer, EncodedExample, TemplateIds } from './chat-template';
export { DEFAULT_CODE_SHARE, apportion, buildInstructionSet, exampleBytes, summariseArm } from './arms';
export type { ArmSummary, InstructionSetOptions, SizeCount } from './arms';
export { InstructBatcher, KINDS, encodeInstructionSet, fitExample } from './batches';
export type { EncodedInstruction, InstructBatch, InstructBatcherState } from './batches';
export type { InstructCorpora } from './corpus-examples';
export { GENERAL_CODE_WEIGHTS, GENERAL_TEXT_WEIGHTS } from './general-examples';
export { evalNameIn, isEvalItem, isRealcodeName, itemHash, looksLikeCode } from './hygiene';
export { FAMILIES, FAMILY_WEIGHTS } from './types';
export type { Arm, ChatTurn, ExampleKind, ExampleSource, Family, InstructionExample } from './types';
