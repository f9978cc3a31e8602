// A file's text as training documents: line endings made LF, then blocks separated by blank lines
// packed greedily into documents of at most MAX_DOCUMENT_CHARS characters; a single longer block
// is cut at line ends (or, for one overlong line, anywhere). Each document is later followed by an
// end-of-text token, as the built corpora are, and the held-out split works per document. The
// same rule for text and code, so overriding a file's kind never changes its documents.
import { MAX_DOCUMENT_CHARS } from './limits';

/** Pieces of `s` no longer than `max`, cut after a newline where one is near the end of a piece. */
function cutLong(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const nl = rest.lastIndexOf('\n', max - 1);
    const at = nl >= max / 2 ? nl + 1 : max;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest) out.push(rest);
  return out;
}

export function userDocuments(text: string, max = MAX_DOCUMENT_CHARS): string[] {
  const normal = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const blocks = normal
    .split(/\n[ \t]*\n/)
    .map((b) => b.replace(/^\n+|\s+$/g, ''))
    .filter((b) => b.trim().length > 0)
    .flatMap((b) => cutLong(b, max));
  const docs: string[] = [];
  let current = '';
  for (const block of blocks) {
    if (current && current.length + 2 + block.length > max) {
      docs.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${block}` : block;
  }
  if (current) docs.push(current);
  return docs;
}
