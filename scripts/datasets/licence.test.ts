import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPackage, detectLicenceText, permissiveId, scanFileLicence } from './licence';
import { npmCodeSource } from './sources/npm-code';

const MIT = `MIT License

Copyright (c) 2020 Jane Doe

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction.`;

const GPL = `                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>`;

const tmp: string[] = [];
afterEach(() => {
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fake installed package: node_modules/<name>/{package.json, LICENSE?, files...}. */
function fakePackage(
  name: string,
  license: string,
  licenceText: string | null,
  files: Record<string, string>,
) {
  const nm = mkdtempSync(join(tmpdir(), 'codemix-licence-'));
  tmp.push(nm);
  const dir = join(nm, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', license }));
  if (licenceText !== null) writeFileSync(join(dir, 'LICENSE'), licenceText);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { nm, dir };
}

const CODE = `/**\n * Adds two numbers.\n */\nexport function add(a, b) {\n  return a + b;\n}\n`;

describe('package licence check', () => {
  it('reads SPDX fields, including OR-expressions and the legacy object form', () => {
    expect(permissiveId('MIT')).toBe('MIT');
    expect(permissiveId('(GPL-3.0 OR Apache-2.0)')).toBe('Apache-2.0');
    expect(permissiveId('GPL-3.0-only')).toBeNull();
    expect(permissiveId('MIT AND GPL-2.0')).toBeNull();
    expect(permissiveId({ type: 'ISC' })).toBe('ISC');
    expect(permissiveId(undefined)).toBeNull();
  });

  it('recognises licence texts', () => {
    expect(detectLicenceText(MIT)).toBe('MIT');
    expect(detectLicenceText(GPL)).toBe('GPL-family');
    expect(detectLicenceText('Redistribution and use in source and binary forms ... Neither the name')).toBe(
      'BSD-3-Clause',
    );
  });

  it('rejects a GPL package, and a package whose LICENSE contradicts package.json', () => {
    const gpl = fakePackage('gpl-pkg', 'GPL-3.0', GPL, { 'index.js': CODE });
    expect(() => checkPackage(gpl.dir)).toThrow(/not one of MIT/);
    const liar = fakePackage('liar-pkg', 'MIT', GPL, { 'index.js': CODE });
    expect(() => checkPackage(liar.dir)).toThrow(/says MIT but LICENSE reads as GPL-family/);
  });

  it('accepts an MIT package and reads its copyright line', () => {
    const ok = fakePackage('ok-pkg', 'MIT', MIT, {});
    expect(checkPackage(ok.dir)).toMatchObject({
      licence: 'MIT',
      licenceFile: 'LICENSE',
      copyright: ['Copyright (c) 2020 Jane Doe'],
    });
  });
});

describe('per-file licence scan', () => {
  it('rejects copyleft and non-permissive SPDX tags, notes adapted permissive code', () => {
    expect(scanFileLicence('// SPDX-License-Identifier: LGPL-2.1-or-later\nconst x = 1;')).toMatchObject({
      ok: false,
    });
    expect(scanFileLicence('/* This file is licensed under the GNU General Public License */')).toMatchObject(
      {
        ok: false,
      },
    );
    expect(scanFileLicence('// SPDX-License-Identifier: MIT\nconst x = 1;')).toEqual({
      ok: true,
      note: null,
    });
    expect(scanFileLicence('// Adapted from foo, distributed under MIT License\n')).toMatchObject({
      ok: true,
    });
    expect(scanFileLicence(CODE)).toEqual({ ok: true, note: null });
  });

  it('harvests only the clean files of a package (GPL-tagged, minified and barrel files are skipped)', () => {
    const { nm } = fakePackage('mixed-pkg', 'MIT', MIT, {
      'lib/add.js': CODE,
      'lib/gpl.js': `// SPDX-License-Identifier: GPL-2.0\n${CODE}`,
      'lib/app.min.js': 'var a=1;',
      'lib/long.js': `var x = "${'y'.repeat(2000)}";\n`,
      'lib/index.js': "export * from './add.js';\nexport * from './gpl.js';\n",
    });
    const source = npmCodeSource({
      name: 'mixed',
      pkg: 'mixed-pkg',
      roots: ['lib'],
      recursive: true,
      include: /\.js$/,
      licence: 'MIT',
      attribution: 'Copyright (c) 2020 Jane Doe, MIT',
    });
    const out = source.extract(nm);
    expect(out.docs).toEqual([CODE.trimEnd()]);
    expect(out.skipped).toEqual({ licence: 1, minified: 2, barrel: 1 });
    expect(out.notes.join('\n')).toMatch(/lib\/gpl\.js: excluded, SPDX-License-Identifier: GPL-2\.0/);
    expect(out.licenceText).toBe(MIT);
  });

  it('refuses a package whose README names a differently licensed path that is not excluded', () => {
    const { nm, dir } = fakePackage('exc-pkg', 'MIT', MIT, { 'esm/a/b.js': CODE });
    writeFileSync(join(dir, 'README.md'), 'MIT, except `src/a/` and `src/c/d.js` which are LGPL-2.1.');
    const make = (exclude: RegExp[]) =>
      npmCodeSource({
        name: 'exc',
        pkg: 'exc-pkg',
        roots: ['esm'],
        recursive: true,
        include: /\.js$/,
        exceptions: {
          exclude,
          readmePaths: /src\/[\w/.-]*[\w/]/g,
          toPackagePath: (p) => p.replace(/^src\//, 'esm/'),
        },
        licence: 'MIT',
        attribution: 'x',
      });
    expect(() => make([/^esm\/a\//]).extract(nm)).toThrow(/names "src\/c\/d\.js"/);
    const out = make([/^esm\/a\//, /^esm\/c\/d\.js$/]).extract(nm);
    expect(out.docs).toEqual([]);
    expect(out.skipped).toEqual({ licence: 1 });
  });
});
