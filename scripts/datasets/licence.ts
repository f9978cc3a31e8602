// Licence checks for harvesting code from installed npm packages, at two levels:
//  - the package: its package.json `license` (SPDX id or simple OR-expression) must be on the
//    permissive list, and its LICENSE file, when there is one, must say the same thing;
//  - each file: a file that names a copyleft or non-commercial licence, or an SPDX identifier off
//    the list, is rejected even if the package is permissive (e.g. locutus's LGPL bcmath port).
// What it leaves out: it does not prove provenance; it reads what the package declares.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PERMISSIVE = [
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  'CC0-1.0',
  '0BSD',
] as const;
const PERMISSIVE_SET = new Set<string>(PERMISSIVE);

export interface PackageLicence {
  name: string;
  version: string;
  /** The accepted SPDX id. */
  licence: string;
  /** The licence file's name in the package, or null if the package ships none. */
  licenceFile: string | null;
  /** "Copyright ..." lines from the licence file (may be empty). */
  copyright: string[];
}

/** The SPDX id of a package.json `license` value if it is (or offers) a permissive licence, else null. */
export function permissiveId(field: unknown): string | null {
  if (typeof field === 'object' && field !== null && 'type' in field) return permissiveId(field.type);
  if (typeof field !== 'string') return null;
  const expr = field.trim().replace(/^\((.*)\)$/, '$1');
  if (/\bAND\b|\bWITH\b/.test(expr)) return null;
  for (const part of expr.split(/\s+OR\s+/)) if (PERMISSIVE_SET.has(part.trim())) return part.trim();
  return null;
}

/** Recognises the common licence texts by their operative sentences. */
export function detectLicenceText(text: string): string | null {
  const t = text.replace(/\s+/g, ' ');
  if (/GNU (LESSER |LIBRARY |AFFERO )?GENERAL PUBLIC LICENSE/i.test(t)) return 'GPL-family';
  if (/Mozilla Public License/i.test(t)) return 'MPL';
  if (/Apache License,? Version 2\.0/i.test(t)) return 'Apache-2.0';
  if (/CC0 1\.0 Universal/i.test(t)) return 'CC0-1.0';
  if (/Permission is hereby granted, free of charge, to any person obtaining a copy/i.test(t)) return 'MIT';
  if (/Redistribution and use in source and binary forms/i.test(t)) {
    return /Neither the name/i.test(t) ? 'BSD-3-Clause' : 'BSD-2-Clause';
  }
  if (
    /Permission to use, copy, modify, and\/or distribute this software for any purpose with or without fee/i.test(
      t,
    )
  ) {
    return /provided that the above copyright notice/i.test(t) ? 'ISC' : '0BSD';
  }
  return null;
}

const LICENCE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

/** Reads and checks a package's licence; throws with the reason if it is not acceptable. */
export function checkPackage(dir: string): PackageLicence {
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath)) throw new Error(`${dir}: no package.json, cannot check its licence`);
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    name?: string;
    version?: string;
    license?: unknown;
  };
  const name = pkg.name ?? dir;
  const licence = permissiveId(pkg.license);
  if (licence === null) {
    throw new Error(
      `${name}: package.json license ${JSON.stringify(pkg.license)} is not one of ${PERMISSIVE.join(', ')}`,
    );
  }
  const fileName = readdirSync(dir).find((f) => LICENCE_FILE.test(f)) ?? null;
  let copyright: string[] = [];
  if (fileName !== null) {
    const text = readFileSync(join(dir, fileName), 'utf8');
    const detected = detectLicenceText(text);
    if (detected !== licence) {
      throw new Error(
        `${name}: package.json says ${licence} but ${fileName} reads as ${detected ?? 'an unrecognised licence'}`,
      );
    }
    copyright = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^copyright\b/i.test(l) && !/^copyright and related rights/i.test(l));
  }
  return { name, version: pkg.version ?? '?', licence, licenceFile: fileName, copyright };
}

export type FileVerdict =
  | { ok: true; note: string | null }
  | {
      ok: false;
      reason: string;
    };

const COPYLEFT =
  /\b(?:L|A)?GPL(?:-?[23])?\b|GNU (?:Lesser |Library |Affero )?General Public|Mozilla Public License|\bMPL-\d|\bEUPL\b|\bCDDL\b|\bEPL-\d|Eclipse Public License|\bSSPL\b|NonCommercial|ShareAlike|CC-BY-(?:NC|SA)/i;
const SPDX_TAG = /SPDX-License-Identifier:\s*([^\s*/]+(?:\s+(?:OR|AND|WITH)\s+[^\s*/]+)*)/g;
const PERMISSIVE_MENTION = /\b(MIT|ISC|BSD|Apache|CC0|public domain)\b[^\n]{0,40}\blicen[cs]e/i;

/**
 * Per-file check of a source file that inherits its package's licence: rejects files naming a
 * copyleft/NC licence or carrying an SPDX tag off the permissive list; notes files that mention
 * another permissive licence (adapted code, whose notice stays inside the file).
 */
export function scanFileLicence(text: string): FileVerdict {
  for (const m of text.matchAll(SPDX_TAG)) {
    if (permissiveId(m[1]) === null) return { ok: false, reason: `SPDX-License-Identifier: ${m[1]}` };
  }
  const copyleft = COPYLEFT.exec(text);
  if (copyleft !== null) return { ok: false, reason: `mentions "${copyleft[0]}"` };
  const note = PERMISSIVE_MENTION.exec(text);
  return { ok: true, note: note === null ? null : note[0].trim() };
}
