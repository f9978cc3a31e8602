// The lab's pages, in navigation order: the one list the nav bar and the router share.
export interface PageInfo {
  id: string;
  title: string;
  summary: string;
}

export const PAGES: readonly PageInfo[] = [
  { id: 'data', title: 'Data', summary: 'Corpora, your own files, and the code/text mixing schedule.' },
  { id: 'train', title: 'Train', summary: 'Pre-train, then instruction-tune, and watch loss per source.' },
  { id: 'evaluate', title: 'Evaluate', summary: 'Score checkpoints on six reasoning tasks in five domains.' },
  { id: 'compare', title: 'Compare', summary: 'Runs side by side, laid out like the paper’s tables.' },
  { id: 'playground', title: 'Playground', summary: 'Generate text and see where each model is surprised.' },
  { id: 'study', title: 'Study', summary: 'The paper’s whole design as one queue, then its tables.' },
  { id: 'learn', title: 'Learn', summary: 'A guided walk through the paper’s question and findings.' },
];

/** The page for a location hash like `#/train` (or `#/train?recipe=…`); the first page for anything else. */
export function pageFromHash(hash: string): PageInfo {
  const id = hash.replace(/^#\/?/, '').replace(/\?.*$/, '');
  return PAGES.find((p) => p.id === id) ?? PAGES[0];
}
