// Parsers for the real-code track's sources (npm packages installed with the repo):
// - 30-seconds-of-code@1.2.3 README.md: per snippet a name, a description, the code and example calls
//   written as `name(args); // result`  → description → function items (code generation);
// - lodash@4.18.1 per-function modules (lodash/<name>.js): JSDoc @example blocks with `// => result`
//   lines → "what does this evaluate to" items (code QA).
// Only shapes are parsed here; whether an example is true is decided by running it (realcode.ts).

export interface SnippetExample {
  call: string;
  result: string;
}

export interface Snippet {
  name: string;
  category: string;
  description: string;
  code: string;
  examples: SnippetExample[];
}

/** Snippets of the 30-seconds-of-code README, with the category each sits under. */
export function parseThirtySeconds(readme: string): Snippet[] {
  const out: Snippet[] = [];
  let category = '';
  const sections = readme.split(/\n(?=## |### )/);
  for (const section of sections) {
    const cat = section.match(/^## \S+ (\w+)/);
    if (cat) {
      category = cat[1];
      continue;
    }
    const head = section.match(/^### (\w+)\n/);
    if (!head || category === '') continue;
    const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    if (blocks.length < 2) continue;
    const text = section.slice(head[0].length).split('```js')[0].trim();
    const description = text.split('\n\n')[0].replace(/\s+/g, ' ').trim();
    const examples: SnippetExample[] = [];
    for (const line of blocks[1].split('\n')) {
      const m = line.match(new RegExp(`^(${head[1]}\\(.*\\));? // (.+)$`));
      if (m) examples.push({ call: m[1], result: m[2].trim() });
    }
    out.push({ name: head[1], category, description, code: blocks[0].trimEnd(), examples });
  }
  return out;
}

export interface DocExample {
  /** Lines of the @example block before the statement (may include earlier calls). */
  setup: string;
  /** The statement whose value the `// =>` line documents (without a trailing semicolon). */
  expr: string;
  result: string;
}

export interface DocFunction {
  name: string;
  /** First paragraph of the JSDoc description. */
  description: string;
  examples: DocExample[];
}

const STATEMENT_START = /^(var|let|const|function|if|for|while|return|console\.)\b/;

/** The documented function of a lodash module file, with its @example statements and results. */
export function parseLodashModule(name: string, source: string): DocFunction | undefined {
  const doc = source.match(/\/\*\*\n([\s\S]*?)\*\/\s*\n(?:function|var) (\w+)/);
  if (!doc || doc[2] !== name) return undefined;
  const lines = doc[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
  const description = lines
    .slice(
      0,
      lines.findIndex((l) => l.trim() === ''),
    )
    .join(' ')
    .trim();
  const start = lines.findIndex((l) => l.startsWith('@example'));
  if (start < 0) return { name, description, examples: [] };
  const block: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.startsWith('@')) break;
    block.push(l);
  }
  const examples: DocExample[] = [];
  block.forEach((line, i) => {
    const r = line.match(/^\/\/ => (.+)$/);
    if (!r) return;
    // The statement is the shortest run of lines ending just above this one with balanced brackets.
    let from = i - 1;
    while (from >= 0 && block[from].trim() !== '' && !block[from].startsWith('//')) {
      const text = block.slice(from, i).join('\n');
      if (balanced(text) && !/^\s/.test(block[from])) break;
      from--;
    }
    if (from < 0 || block[from].trim() === '' || block[from].startsWith('//')) return;
    const statement = block.slice(from, i).join('\n').trim().replace(/;$/, '');
    if (STATEMENT_START.test(statement)) return;
    examples.push({ setup: block.slice(0, from).join('\n').trim(), expr: statement, result: r[1].trim() });
  });
  return { name, description, examples };
}

/** Do (), [] and {} balance in this text (ignoring quotes)? */
function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, '')) {
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}
