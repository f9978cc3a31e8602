// A small, safe Markdown subset for the Learn page's content files, parsed into a tree that the UI
// renders with ordinary elements (never as HTML): headings, paragraphs, bullet and numbered lists,
// quotes, pipe tables, emphasis, strong, code spans, links (only `#…`, http and https; any other
// target stays plain text) and directive lines (`::name argument`) that the page replaces with an
// interactive part. Anything else, HTML included, is kept as literal text.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'em'; children: Inline[] }
  | { type: 'strong'; children: Inline[] }
  | { type: 'link'; href: string; external: boolean; children: Inline[] };

export type Block =
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'quote'; children: Inline[] }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { type: 'directive'; name: string; arg: string };

const HEADING = /^(#{1,4})\s+(.*?)\s*#*\s*$/;
const BULLET = /^[-*]\s+(.*)$/;
const NUMBERED = /^\d{1,3}[.)]\s+(.*)$/;
const DIRECTIVE = /^::([a-z][a-z0-9-]*)(?:\s+(.*?))?\s*$/;
const QUOTE = /^>\s?(.*)$/;
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

/** Parse a Markdown-subset document into blocks. Never throws: unknown syntax stays literal text. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const blank = (line: string | undefined) => line === undefined || line.trim() === '';
  const startsBlock = (line: string) =>
    HEADING.test(line) ||
    BULLET.test(line) ||
    NUMBERED.test(line) ||
    DIRECTIVE.test(line) ||
    QUOTE.test(line) ||
    line.startsWith('|');

  while (i < lines.length) {
    const line = lines[i].trimEnd();
    if (blank(line)) {
      i++;
      continue;
    }
    let m: RegExpMatchArray | null;
    if ((m = line.match(DIRECTIVE))) {
      blocks.push({ type: 'directive', name: m[1], arg: m[2] ?? '' });
      i++;
    } else if ((m = line.match(HEADING))) {
      blocks.push({ type: 'heading', level: m[1].length, children: parseInline(m[2]) });
      i++;
    } else if (line.startsWith('|') && TABLE_RULE.test((lines[i + 1] ?? '').trim())) {
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i].trim().startsWith('|')) rows.push(cells(lines[i++].trim()));
      blocks.push({
        type: 'table',
        header: header.map((c) => parseInline(c)),
        rows: rows.map((r) => header.map((_, c) => parseInline(r[c] ?? ''))),
      });
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = NUMBERED.test(line);
      const marker = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (i < lines.length && !blank(lines[i])) {
        const item = lines[i].trimEnd().match(marker);
        if (item) items.push(item[1]);
        else if (/^\s+\S/.test(lines[i]) && items.length) items[items.length - 1] += ` ${lines[i].trim()}`;
        else break;
        i++;
      }
      blocks.push({ type: 'list', ordered, items: items.map(parseInline) });
    } else if (QUOTE.test(line)) {
      const parts: string[] = [];
      while (i < lines.length && (m = lines[i].trimEnd().match(QUOTE))) {
        parts.push(m[1].trim());
        i++;
      }
      blocks.push({ type: 'quote', children: parseInline(parts.filter(Boolean).join(' ')) });
    } else {
      const parts = [line.trim()];
      i++;
      while (i < lines.length && !blank(lines[i]) && !startsBlock(lines[i].trimEnd()))
        parts.push(lines[i++].trim());
      blocks.push({ type: 'paragraph', children: parseInline(parts.join(' ')) });
    }
  }
  return blocks;
}

/** The cells of a table row `| a | b |` (outer pipes optional; `\|` is a literal pipe). */
function cells(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Links may only go to the lab's own pages (`#…`) or to http(s) addresses. */
export function safeHref(href: string): { href: string; external: boolean } | null {
  if (/^#[\w\-/?=&.%]*$/.test(href)) return { href, external: false };
  if (/^https?:\/\/[^\s"'<>`]+$/i.test(href)) return { href, external: true };
  return null;
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Parse inline Markdown (code spans, **strong**, *em*, [links](…), backslash escapes). */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\' && i + 1 < source.length && PUNCTUATION.test(source[i + 1])) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: 'code', text: source.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (source.startsWith('**', i)) {
      const end = source.indexOf('**', i + 2);
      if (end > i + 2 && !/\s/.test(source[i + 2])) {
        flush();
        out.push({ type: 'strong', children: parseInline(source.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if (c === '*' && source[i + 1] !== '*' && i + 1 < source.length && !/\s/.test(source[i + 1])) {
      const end = closingStar(source, i + 1);
      if (end > 0) {
        flush();
        out.push({ type: 'em', children: parseInline(source.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const link = source.slice(i).match(/^\[([^\]]+)\]\(([^()\s]*)\)/);
      if (link) {
        const target = safeHref(link[2]);
        flush();
        if (target) out.push({ type: 'link', ...target, children: parseInline(link[1]) });
        else out.push(...parseInline(link[1])); // an unsafe target: keep the words, drop the link
        i += link[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return merge(out);
}

/** The index of the `*` closing an emphasis opened before `from` (a lone star, not `**`), or -1. */
function closingStar(s: string, from: number): number {
  for (let j = from + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '*' && s[j + 1] !== '*' && s[j - 1] !== '*' && !/\s/.test(s[j - 1])) return j;
  }
  return -1;
}

/** Adjacent text nodes joined into one. */
function merge(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const last = out.at(-1);
    if (n.type === 'text' && last?.type === 'text')
      out[out.length - 1] = { type: 'text', text: last.text + n.text };
    else out.push(n);
  }
  return out;
}

/** The plain text of inline nodes (titles, accessible names). */
export function plainText(nodes: readonly Inline[]): string {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : plainText(n.children))).join('');
}
