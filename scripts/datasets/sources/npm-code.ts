// JavaScript source files of an installed npm package as code documents (one per file), with the
// licence checked for the package (package.json + LICENSE file) and for every file (licence.ts),
// and minified/generated/barrel/oversized files skipped (filter.ts). A package may declare files
// under another licence in its README (locutus: its bcmath port is LGPL): such paths are listed
// here, and the build fails if the README names an exception path this list does not cover.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cleanText, skipReason } from '../filter';
import { checkPackage, scanFileLicence } from '../licence';
import { bump, emptyExtracted, type Extracted, type SourceSpec } from './types';

export interface DeclaredExceptions {
  /** Paths (relative to the package) the README says are under another licence. */
  exclude: readonly RegExp[];
  /** How the README names those paths (e.g. /src\/php\/[\w/.-]+/g) so new ones are noticed. */
  readmePaths: RegExp;
  /** Maps a README path onto a package path we read ("src/php/bc/" → "esm/php/bc/"). */
  toPackagePath: (readmePath: string) => string;
}

export interface NpmCodeOptions {
  name: string;
  pkg: string;
  /** Folders to walk, relative to the package ('' = package root). */
  roots: readonly string[];
  recursive: boolean;
  /** File names to take. */
  include: RegExp;
  /** Relative paths never to take (bundles, duplicated builds), with the reason recorded. */
  exclude?: readonly (readonly [RegExp, string])[];
  exceptions?: DeclaredExceptions;
  /** When the package ships no licence file: the upstream notice and where it was read. */
  upstreamNotice?: { text: string; from: string };
  licence: string;
  attribution: string;
}

/** Files under the roots, sorted, skipping nested node_modules. */
export function listFiles(
  pkgDir: string,
  roots: readonly string[],
  recursive: boolean,
  include: RegExp,
): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) throw new Error(`${dir} does not exist (is the package installed?)`);
    for (const entry of readdirSync(dir).sort()) {
      const p = join(dir, entry);
      const st = statSync(p);
      if (st.isDirectory()) {
        if (recursive && entry !== 'node_modules') walk(p);
      } else if (include.test(entry)) out.push(p);
    }
  };
  for (const r of roots) walk(join(pkgDir, r));
  return out;
}

function checkDeclaredExceptions(pkgDir: string, ex: DeclaredExceptions): void {
  const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const named = readme.match(ex.readmePaths) ?? [];
  if (named.length === 0)
    throw new Error(`${pkgDir}: README no longer names its differently licensed paths; recheck`);
  for (const p of named) {
    const mapped = ex.toPackagePath(p);
    if (!ex.exclude.some((re) => re.test(mapped))) {
      throw new Error(`${pkgDir}: README names "${p}" under another licence, but it is not excluded`);
    }
  }
}

export function npmCodeSource(o: NpmCodeOptions): SourceSpec {
  const dir = (nm: string) => join(nm, o.pkg);
  const files = (nm: string) => listFiles(dir(nm), o.roots, o.recursive, o.include);
  return {
    name: o.name,
    kind: 'code',
    licence: o.licence,
    attribution: o.attribution,
    origin: o.pkg,
    inputs: (nm) => {
      const extra = ['package.json', 'LICENSE', 'LICENSE.md', 'license', 'README.md'].map((f) =>
        join(dir(nm), f),
      );
      return [...files(nm), ...extra.filter((f) => existsSync(f))];
    },
    extract(nm): Extracted {
      const out = emptyExtracted();
      const pkgDir = dir(nm);
      const pkg = checkPackage(pkgDir);
      if (pkg.licence !== o.licence) {
        throw new Error(`${o.name}: expected licence ${o.licence}, the package declares ${pkg.licence}`);
      }
      if (pkg.licenceFile !== null)
        out.licenceText = readFileSync(join(pkgDir, pkg.licenceFile), 'utf8').trim();
      else if (o.upstreamNotice !== undefined) {
        out.licenceText = o.upstreamNotice.text.trim();
        out.notes.push(`no licence file in the npm package; notice from ${o.upstreamNotice.from}`);
      } else
        throw new Error(`${o.name}: the package ships no licence file and no upstream notice is configured`);
      if (o.exceptions !== undefined) checkDeclaredExceptions(pkgDir, o.exceptions);
      for (const file of files(nm)) {
        const rel = relative(pkgDir, file);
        const excluded = o.exclude?.find(([re]) => re.test(rel));
        if (excluded !== undefined) {
          bump(out.skipped, excluded[1]);
          continue;
        }
        if (o.exceptions?.exclude.some((re) => re.test(rel))) {
          bump(out.skipped, 'licence');
          out.notes.push(`${rel}: excluded, README declares it under another licence`);
          continue;
        }
        const bytes = statSync(file).size;
        const text = bytes > 0 ? readFileSync(file, 'utf8') : '';
        const skip = skipReason(text, rel, bytes);
        if (skip !== null) {
          bump(out.skipped, skip);
          continue;
        }
        const verdict = scanFileLicence(text);
        if (!verdict.ok) {
          bump(out.skipped, 'licence');
          out.notes.push(`${rel}: excluded, ${verdict.reason}`);
          continue;
        }
        if (verdict.note !== null)
          out.notes.push(`${rel}: kept, mentions "${verdict.note}" (adapted code; notice kept in file)`);
        out.docs.push(cleanText(text));
      }
      return out;
    },
  };
}
