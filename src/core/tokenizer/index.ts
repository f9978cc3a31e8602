// The tokenizer's public surface: byte-level BPE training, encoding and decoding, its saved format,
// the Hugging Face export, and the bits-per-byte / bytes-per-token measures.

export { BpeTokenizer } from './bpe';
export type { BpeInit, EncodeOptions } from './bpe';
export { trainBpe, MIN_ORDINARY_VOCAB, MAX_ORDINARY_VOCAB } from './train';
export type { TrainOptions } from './train';
export { SPECIAL_TOKENS, EOT_TOKEN, TOKENIZER_FORMAT, TOKENIZER_VERSION, parseTokenizerJson } from './format';
export type { TokenizerJson } from './format';
export { DEFAULT_PATTERN, compilePattern, splitChunks } from './pretokenize';
export { toHuggingFaceJson, toHuggingFaceConfig } from './hf-json';
export type { HfTokenizerJson, HfTokenizerConfig } from './hf-json';
export { bitsPerByte, bytesPerToken, tokenStats } from './metrics';
export type { TokenStats } from './metrics';
export { vocabDump, renderToken } from './vocab-dump';
export { utf8Length } from './utf8';
