// A corpus provider over documents held in memory: for tests, and for text a user pastes.
import type { CorpusInfo, CorpusProvider } from '../../src/contract/train';

export interface MemoryCorpus {
  name: string;
  kind: 'text' | 'code';
  train: string[];
  heldout: string[];
  licence?: string;
}

export function memoryCorpora(corpora: MemoryCorpus[]): CorpusProvider {
  return {
    async list(): Promise<CorpusInfo[]> {
      return corpora.map((c) => ({
        name: c.name,
        kind: c.kind,
        licence: c.licence ?? 'user-provided',
        bytes: c.train.reduce((n, d) => n + d.length, 0),
        documents: c.train.length,
      }));
    },
    async read(name, split) {
      const c = corpora.find((x) => x.name === name);
      if (!c) throw new Error(`unknown corpus "${name}"`);
      return split === 'train' ? c.train : c.heldout;
    },
  };
}
