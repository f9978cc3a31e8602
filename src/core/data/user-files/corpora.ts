// The names and licence under which the user's own files train: all text files together are one
// corpus, all code files another (workers/data/user-corpora.ts builds them; the UI lists them).
import type { UserFileKind } from './types';

export const USER_LICENCE = 'user-provided';
export const USER_CORPUS: Readonly<Record<UserFileKind, string>> = { text: 'user-text', code: 'user-code' };
