// Legal prose: the full texts of the OSI-approved licences in npm spdx-license-list (the package
// is CC0; these licence texts are published to be copied verbatim). Only OSI-approved ones are
// taken (a small, well-known share of the 700+), one document per licence: name, blank line, text.
// The -only/-or-later twins share one text; the build's exact-duplicate pass keeps one of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText } from '../filter';
import { bump, emptyExtracted, type Extracted, type SourceSpec } from './types';

interface SpdxEntry {
  name: string;
  osiApproved: boolean;
  licenseText?: string;
}

export const spdx: SourceSpec = {
  name: 'spdx-licenses',
  kind: 'text',
  licence: 'CC0-1.0 (list); each licence text is published for verbatim copying',
  attribution: 'SPDX License List 3.28 texts via npm spdx-license-list by Sindre Sorhus (CC0-1.0)',
  origin: 'spdx-license-list',
  inputs: (nm) => [
    join(nm, 'spdx-license-list', 'spdx-full.json'),
    join(nm, 'spdx-license-list', 'package.json'),
  ],
  extract(nm): Extracted {
    const out = emptyExtracted();
    const list = JSON.parse(readFileSync(join(nm, 'spdx-license-list', 'spdx-full.json'), 'utf8')) as Record<
      string,
      SpdxEntry
    >;
    for (const id of Object.keys(list).sort()) {
      const e = list[id];
      if (!e.osiApproved) {
        bump(out.skipped, 'not-osi-approved');
        continue;
      }
      if (e.licenseText === undefined || e.licenseText.trim() === '') {
        bump(out.skipped, 'no-text');
        continue;
      }
      out.docs.push(cleanText(`${e.name}\n\n${e.licenseText}`));
    }
    return out;
  },
};
