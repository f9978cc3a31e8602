// The built-in corpora (datasets/generated, built by scripts/datasets/build.ts) as a corpus
// provider, over any way of reading a file by relative path: node:fs in the CLI, fetch in the
// browser worker. Documents are JSONL, one JSON string per line.
import { parseJsonl } from '../../scripts/datasets/jsonl';
import type { Manifest } from '../../scripts/datasets/manifest';
import type { CorpusInfo, CorpusProvider } from '../../src/contract/train';

export type ReadText = (relativePath: string) => Promise<string>;

export function generatedCorpora(readText: ReadText): CorpusProvider {
  let manifest: Promise<Manifest> | null = null;
  const load = () =>
    (manifest ??= readText('manifest.json').then((text) => {
      const m = JSON.parse(text) as Manifest;
      if (m.format !== 'codemix-corpora') throw new Error('datasets manifest.json has an unknown format');
      return m;
    }));
  return {
    async list(): Promise<CorpusInfo[]> {
      return (await load()).sources.map((s) => ({
        name: s.name,
        kind: s.kind,
        licence: s.licence,
        bytes: s.bytes,
        documents: s.documents,
      }));
    },
    async read(name, split) {
      const m = await load();
      const entry = m.sources.find((s) => s.name === name);
      if (!entry)
        throw new Error(`unknown corpus "${name}": available are ${m.sources.map((s) => s.name).join(', ')}`);
      return parseJsonl(await readText(entry.files[split].path), `${name}/${split}`);
    },
  };
}
