// The user's own files: checks (check.ts), kinds (kinds.ts), documents (documents.ts), limits.
export * from './types';
export * from './limits';
export * from './corpora';
export {
  checkUserFile,
  checkUserFiles,
  beforeReading,
  tooLarge,
  normaliseName,
  nameProblem,
  type CheckedFile,
  type KeptFile,
} from './check';
export { classifyKind, extensionOf, baseName, KIND_BY_EXTENSION, type KindDecision } from './kinds';
export { userDocuments } from './documents';
export { decodeUtf8, firstInvalidUtf8 } from './utf8';
export { sniffMagic, looksUtf16, controlShare } from './binary';
