// The user's own files as training sources: all kept files of a kind form one corpus, `user-text`
// or `user-code` (licence "user-provided"), listed only while it has files. A file's documents come
// from src/core/data/user-files/documents.ts; the held-out split is the built corpora's rule (5% of
// documents by a hash of their text), except that a source of two or more documents always keeps
// at least one on each side (the one with the smallest hash is held out), and a single document
// trains. Also: `combineCorpora`, one provider over several (the built corpora and these).
import { fnv1a32, splitDocs, type Split } from '../../scripts/datasets/split';
import { USER_CORPUS, USER_LICENCE } from '../../src/core/data/user-files/corpora';
import { userDocuments } from '../../src/core/data/user-files/documents';
import type { UserFileKind } from '../../src/core/data/user-files/types';
import type { CorpusInfo, CorpusProvider } from '../../src/contract/train';
import type { UserFiles } from '../storage/user-corpora';

export { USER_CORPUS, USER_LICENCE };

const kindOfCorpus = (name: string): UserFileKind | undefined =>
  (Object.keys(USER_CORPUS) as UserFileKind[]).find((k) => USER_CORPUS[k] === name);

/** The train/held-out split of one user source (see the header). */
export function splitUserSource(docs: readonly string[]): Record<Split, string[]> {
  const split = splitDocs(docs);
  if (docs.length < 2) return { train: [...docs], heldout: [] };
  if (split.train.length > 0 && split.heldout.length > 0) return split;
  let held = 0;
  for (let i = 1; i < docs.length; i++) if (fnv1a32(docs[i]) < fnv1a32(docs[held])) held = i;
  return { train: docs.filter((_, i) => i !== held), heldout: [docs[held]] };
}

export function userCorpora(files: UserFiles): CorpusProvider {
  // The split documents of each kind, kept until the files change.
  const cache = new Map<UserFileKind, { version: number; split: Record<Split, string[]> }>();

  async function documentsOf(kind: UserFileKind): Promise<Record<Split, string[]>> {
    const version = files.version;
    const hit = cache.get(kind);
    if (hit && hit.version === version) return hit.split;
    const docs: string[] = [];
    for (const f of await files.list())
      if (f.kind === kind) docs.push(...userDocuments(await files.readText(f.name)));
    const split = splitUserSource(docs);
    if (files.version === version) cache.set(kind, { version, split });
    return split;
  }

  return {
    async list(): Promise<CorpusInfo[]> {
      // Without storage for user files there are no user corpora: the built ones still train, and
      // the Data page (listUserFiles) says why.
      const all = await files.list().catch(() => []);
      return (['text', 'code'] as const).flatMap((kind) => {
        const mine = all.filter((f) => f.kind === kind);
        if (mine.length === 0) return [];
        return [
          {
            name: USER_CORPUS[kind],
            kind,
            licence: USER_LICENCE,
            bytes: mine.reduce((n, f) => n + f.bytes, 0),
            documents: mine.reduce((n, f) => n + f.documents, 0),
          },
        ];
      });
    },
    async read(name, split) {
      const kind = kindOfCorpus(name);
      if (!kind)
        throw new Error(
          `unknown corpus "${name}": your own files are ${Object.values(USER_CORPUS).join(' and ')}`,
        );
      const docs = await documentsOf(kind);
      if (docs.train.length === 0)
        throw new Error(`corpus "${name}" is empty: add some ${kind} files on the Data page first`);
      return docs[split];
    },
  };
}

/** One provider over several; a name may be listed by only one of them. */
export function combineCorpora(...providers: CorpusProvider[]): CorpusProvider {
  async function listed(): Promise<{ info: CorpusInfo; provider: CorpusProvider }[]> {
    const out: { info: CorpusInfo; provider: CorpusProvider }[] = [];
    for (const provider of providers) for (const info of await provider.list()) out.push({ info, provider });
    const names = out.map((x) => x.info.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new Error(`two corpora are named "${twice}"`);
    return out;
  }
  return {
    async list() {
      return (await listed()).map((x) => x.info);
    },
    async read(name, split) {
      const all = await listed();
      const owner = all.find((x) => x.info.name === name);
      if (!owner) {
        const kind = kindOfCorpus(name);
        const hint = kind ? ` (it appears once you add ${kind} files on the Data page)` : '';
        const names = all.map((x) => x.info.name).join(', ') || 'none';
        throw new Error(`unknown corpus "${name}"${hint}: available are ${names}`);
      }
      return owner.provider.read(name, split);
    },
  };
}
