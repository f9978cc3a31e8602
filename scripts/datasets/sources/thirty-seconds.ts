// 30-seconds-of-code (npm 30-seconds-of-code@1.2.3, CC0-1.0): one code document per snippet,
// read from the README (and the snippets archive README): the description as // comments, the
// code, then the usage examples with their "// result" comments. Category headers are skipped.
import { heldForEval } from '../held-for-eval';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText } from '../filter';
import { checkPackage, scanFileLicence } from '../licence';
import { bump, emptyExtracted, type Extracted, type SourceSpec } from './types';

const READMES = ['README.md', join('snippets_archive', 'README.md')];

export interface Snippet {
  name: string;
  description: string;
  code: string;
  examples: string;
}

/** Parses "### name" sections that contain a ```js block; other sections are ignored. */
export function parseSnippets(markdown: string): Snippet[] {
  const out: Snippet[] = [];
  for (const section of markdown.split(/^### /m).slice(1)) {
    const name = section
      .split('\n', 1)[0]
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .trim();
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    if (blocks.length === 0) continue;
    const body = section.slice(section.indexOf('\n') + 1, section.indexOf('```js'));
    const description = body
      .replace(/<[^>]+>/g, '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join('\n');
    out.push({ name, description, code: blocks[0], examples: blocks.slice(1).join('\n') });
  }
  return out;
}

export function snippetDocument(s: Snippet): string {
  const comment = s.description
    .split('\n')
    .map((l) => `// ${l}`)
    .join('\n');
  return cleanText([comment, s.code, s.examples].filter((x) => x !== '').join('\n\n'));
}

export const thirtySeconds: SourceSpec = {
  name: '30-seconds-of-code',
  kind: 'code',
  licence: 'CC0-1.0',
  attribution: '30 seconds of code by Angelos Chalaris (Chalarangelo) and contributors, CC0-1.0',
  origin: '30-seconds-of-code',
  inputs: (nm) => [...READMES, 'LICENSE', 'package.json'].map((f) => join(nm, '30-seconds-of-code', f)),
  extract(nm): Extracted {
    const dir = join(nm, '30-seconds-of-code');
    const pkg = checkPackage(dir);
    if (pkg.licence !== 'CC0-1.0')
      throw new Error(`30-seconds-of-code: expected CC0-1.0, got ${pkg.licence}`);
    const out = emptyExtracted();
    out.licenceText = readFileSync(join(dir, pkg.licenceFile ?? 'LICENSE'), 'utf8').trim();
    const held = heldForEval().thirtySeconds;
    for (const readme of READMES) {
      for (const s of parseSnippets(readFileSync(join(dir, readme), 'utf8'))) {
        if (held.has(s.name)) {
          bump(out.skipped, 'held for evaluation (realcode-v1)');
          continue;
        }
        const doc = snippetDocument(s);
        const verdict = scanFileLicence(doc);
        if (!verdict.ok) {
          bump(out.skipped, 'licence');
          out.notes.push(`${s.name}: excluded, ${verdict.reason}`);
          continue;
        }
        out.docs.push(doc);
      }
    }
    return out;
  },
};
