// Hugging Face GPT-2 format: export and import of lab models and checkpoints (see gpt2.ts and
// checkpoint.ts), its config files, the parameter mapping and the tokenizer reader.
export { HF_FILES, HF_FILE_NAMES, HfFormatError } from './errors';
export {
  GPT2_LAYER_NORM_EPS,
  assertGpt2Expressible,
  fromGpt2Config,
  toGenerationConfig,
  toGpt2Config,
} from './config';
export type { GenerationConfigJson, Gpt2ConfigJson, SpecialIds } from './config';
export { GPT2_PREFIX, fromGpt2Tensors, gpt2Name, gpt2Shapes, toGpt2Tensors } from './params';
export type { Float32Tensor } from './params';
export { GPT2_PATTERN, fromHuggingFaceJson, readHfTokenizer } from './tokenizer';
export type { HfTokenizerRead } from './tokenizer';
export { exportGpt2, importGpt2 } from './gpt2';
export type { HfFiles, LabModel } from './gpt2';
export {
  IMPORT_NOTE,
  checkpointModel,
  checkpointToHf,
  hfToCheckpoint,
  modelToCheckpoint,
} from './checkpoint';
export { TarError, readTar, writeTar } from './tar';
