// The upload checks on real bytes: a real PNG, WebAssembly and ELF binary, gzip output, invalid
// UTF-8, NUL bytes, UTF-16, control characters, the size caps, empty files, kinds and overrides,
// and an upload where bad files sit between good ones.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { beforeReading, checkUserFile, checkUserFiles, tooLarge, type CheckedFile } from './check';
import { MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_UPLOAD_FILES } from './limits';

const require = createRequire(import.meta.url);
const utf8 = (s: string) => new TextEncoder().encode(s);
/** The first `n` bytes of a file on disk. */
function head(path: string, n = 4096): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}
const accepted = (c: CheckedFile) => {
  if (c.status !== 'accepted') throw new Error(`expected acceptance, got: ${c.reason}`);
  return c;
};
const rejected = (c: CheckedFile) => {
  if (c.status !== 'rejected') throw new Error(`expected rejection of ${c.name}`);
  return c;
};

describe('checkUserFile: binaries', () => {
  it('names the format of real binary files', () => {
    const png = readFileSync(require.resolve('30-seconds-of-code/logo.png'));
    const wasm = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    const cases: [string, Uint8Array, RegExp][] = [
      ['logo.png', png, /a PNG image/],
      ['backend.wasm', wasm, /a WebAssembly module/],
      ['node', head(process.execPath), /an ELF executable/],
      ['notes.txt.gz', gzipSync(utf8('hello world\n'.repeat(50))), /a gzip-compressed file/],
      ['doc.pdf', utf8('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), /a PDF document/],
      ['a.zip', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0), /a ZIP archive/],
    ];
    for (const [name, bytes, what] of cases) {
      const r = rejected(checkUserFile(name, bytes));
      expect(r.code, name).toBe('binary');
      expect(r.reason, name).toMatch(what);
    }
    // A real PNG is also caught without its magic number, by its NUL bytes.
    const r = rejected(checkUserFile('x.txt', png.subarray(8)));
    expect(r.reason).toMatch(/^Rejected: binary file \(a NUL byte at byte \d+; text files have none\)\.$/);
  });

  it('rejects a file with a NUL byte and says where', () => {
    const bytes = utf8('line one\nline two\n');
    bytes[13] = 0;
    expect(rejected(checkUserFile('a.txt', bytes)).reason).toBe(
      'Rejected: binary file (a NUL byte at byte 13; text files have none).',
    );
  });

  it('tells UTF-16 text apart from other binaries', () => {
    const le = Uint8Array.of(0xff, 0xfe, ...[...'hello there'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(rejected(checkUserFile('a.txt', le)).reason).toMatch(/UTF-16 text; save it as UTF-8/);
    const noBom = le.subarray(2);
    expect(rejected(checkUserFile('a.txt', noBom)).reason).toMatch(/UTF-16/);
  });

  it('rejects text full of control characters, keeps text with a few', () => {
    const noisy = utf8('ab\x01\x02cd\x03\x04ef\x05\x06'.repeat(20));
    const r = rejected(checkUserFile('a.log', noisy));
    expect(r.reason).toBe(
      'Rejected: binary file (120 control characters, 50.0% of the text; text has at most 5.0%).',
    );
    const ansi = utf8('\x1b[31mred\x1b[0m and some ordinary words after it, a line of a log.\n');
    expect(accepted(checkUserFile('a.log', ansi)).kind).toBe('text');
  });

  it('does not take text for a binary because of a short signature', () => {
    for (const t of [
      'MZ is a postcode area.',
      'BZh is not bzip2 here',
      'ID3 tags are metadata',
      'GIF is a format',
    ])
      expect(checkUserFile('a.txt', utf8(t)).status, t).toBe('accepted');
  });
});

describe('checkUserFile: UTF-8', () => {
  it('names the byte offset and bytes of the first bad sequence', () => {
    const bytes = Uint8Array.of(...utf8('café ok '), 0xc3, 0x28, ...utf8(' more'));
    const r = rejected(checkUserFile('bad.txt', bytes));
    expect(r.code).toBe('not-utf8');
    expect(r.reason).toBe(
      'Rejected: not valid UTF-8 — the bytes at offset 9 (0xC3 0x28 0x20 0x6D) are not a UTF-8 character. ' +
        'Save the file as UTF-8 and upload it again.',
    );
  });

  it('rejects Latin-1 text, a surrogate, an overlong form and a truncated end', () => {
    const latin1 = Uint8Array.of(...utf8('na'), 0xef, ...utf8('ve')); // "naïve" in Latin-1
    expect(rejected(checkUserFile('a.txt', latin1)).reason).toMatch(/offset 2 \(0xEF 0x76 0x65\)/);
    expect(rejected(checkUserFile('a.txt', Uint8Array.of(0x61, 0xed, 0xa0, 0x80))).reason).toMatch(
      /offset 1/,
    );
    expect(rejected(checkUserFile('a.txt', Uint8Array.of(0x61, 0x62, 0xc0, 0xaf))).reason).toMatch(
      /offset 2/,
    );
    expect(rejected(checkUserFile('a.txt', Uint8Array.of(0x61, 0xe2, 0x82))).reason).toMatch(
      /offset 1 \(0xE2 0x82\)/,
    );
  });

  it('accepts multi-byte text and drops a byte-order mark', () => {
    const c = accepted(checkUserFile('a.md', Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8('Grüße, 世界 🌍'))));
    expect(c.text).toBe('Grüße, 世界 🌍');
    expect(c.chars).toBe([...c.text].length); // 11 code points, 12 UTF-16 units
    expect(c.chars).toBe(11);
    expect(c.bytes).toBe(3 + utf8('Grüße, 世界 🌍').length);
  });
});

describe('checkUserFile: sizes, names, kinds', () => {
  it('rejects empty and whitespace-only files', () => {
    expect(rejected(checkUserFile('a.txt', new Uint8Array(0)))).toMatchObject({
      code: 'empty',
      reason: 'Rejected: the file is empty.',
    });
    expect(rejected(checkUserFile('a.txt', utf8(' \n\t\n  ')))).toMatchObject({ code: 'empty' });
  });

  it('rejects a file over the per-file cap, naming both sizes', () => {
    const huge = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61);
    const r = rejected(checkUserFile('huge.txt', huge));
    expect(r.code).toBe('too-large');
    expect(r.reason).toBe('Rejected: 5.0 MB is over the 5.0 MB limit per file; split it into smaller files.');
    expect(checkUserFile('max.txt', huge.subarray(1)).status).toBe('accepted');
    // The same verdict from the size alone, which the UI asks before reading a file.
    expect(tooLarge('max.txt', MAX_FILE_BYTES)).toBeNull();
    expect(tooLarge('dvd.iso', 4_700_000_000)?.reason).toBe(
      'Rejected: 4700.0 MB is over the 5.0 MB limit per file; split it into smaller files.',
    );
  });

  it('classifies by extension, with a note for unknown ones, and takes an override', () => {
    const src = utf8('def f(x):\n    return x + 1\n');
    expect(accepted(checkUserFile('pkg/mod.py', src))).toMatchObject({
      name: 'pkg/mod.py',
      kind: 'code',
      detectedKind: 'code',
      documents: 1,
    });
    expect(accepted(checkUserFile('notes.md', src)).kind).toBe('text');
    const odd = accepted(checkUserFile('data.xyz', src));
    expect(odd).toMatchObject({ kind: 'text', detectedKind: 'text' });
    expect(odd.kindNote).toMatch(/unknown extension "\.xyz": kept as text/);
    const forced = accepted(checkUserFile('pkg/mod.py', src, 'text'));
    expect(forced).toMatchObject({ kind: 'text', detectedKind: 'code' });
    expect(forced.kindNote).toBe('set to text by you (detected as code)');
    expect(accepted(checkUserFile('bin/run', utf8('#!/usr/bin/env node\nconsole.log(1)\n'))).kind).toBe(
      'code',
    );
    expect(accepted(checkUserFile('Makefile', utf8('all:\n\tcc -o a a.c\n'))).kind).toBe('code');
  });

  it('normalises folder paths and refuses unusable names', () => {
    expect(accepted(checkUserFile('.\\src\\a.js', utf8('let a = 1;'))).name).toBe('src/a.js');
    expect(rejected(checkUserFile('../etc/x.txt', utf8('x')))).toMatchObject({ code: 'bad-name' });
    expect(rejected(checkUserFile('', utf8('x'))).reason).toBe('Rejected: the file has no name.');
    expect(rejected(checkUserFile('a\u0007.txt', utf8('x'))).code).toBe('bad-name');
  });
});

describe('checkUserFiles (an upload or a folder)', () => {
  it('judges each file on its own: bad files never block good ones', () => {
    const png = readFileSync(require.resolve('30-seconds-of-code/logo.png'));
    const results = checkUserFiles([
      { name: 'a.txt', bytes: utf8('Some words.') },
      { name: 'logo.png', bytes: png },
      { name: 'b.js', bytes: utf8('export const b = 2;') },
      { name: 'bad.txt', bytes: Uint8Array.of(0x61, 0xff) },
      { name: 'a.txt', bytes: utf8('Again.') },
      { name: 'c.py', bytes: utf8('print(1)'), kind: 'text' },
    ]);
    expect(results.map((r) => [r.name, r.status, r.status === 'accepted' ? r.kind : r.code])).toEqual([
      ['a.txt', 'accepted', 'text'],
      ['logo.png', 'rejected', 'binary'],
      ['b.js', 'accepted', 'code'],
      ['bad.txt', 'rejected', 'not-utf8'],
      ['a.txt', 'rejected', 'duplicate'],
      ['c.py', 'accepted', 'text'],
    ]);
  });

  it('skips tool folders and takes at most MAX_UPLOAD_FILES files, without reading them', () => {
    const results = checkUserFiles([
      { name: 'repo/.git/config', bytes: utf8('[core]\n') },
      { name: 'repo/node_modules/x/index.js', bytes: utf8('module.exports = 1;') },
      { name: 'repo/src/git.js', bytes: utf8('// .git is only a word here') },
    ]);
    expect(results.map((r) => [r.name, r.status === 'rejected' ? r.reason : r.kind])).toEqual([
      ['repo/.git/config', 'Skipped: inside .git/ (version-control data).'],
      ['repo/node_modules/x/index.js', 'Skipped: inside node_modules/ (installed packages).'],
      ['repo/src/git.js', 'code'],
    ]);
    const many = Array.from({ length: MAX_UPLOAD_FILES + 2 }, (_, i) => ({
      name: `f${i}.txt`,
      bytes: utf8('x'),
    }));
    const verdicts = checkUserFiles(many);
    expect(verdicts.filter((r) => r.status === 'accepted')).toHaveLength(MAX_UPLOAD_FILES);
    expect(verdicts.at(-1)).toMatchObject({ code: 'too-many', name: `f${MAX_UPLOAD_FILES + 1}.txt` });
    expect(beforeReading('big.txt', MAX_FILE_BYTES + 1, 0)?.code).toBe('too-large');
    expect(beforeReading('a/b.txt', 10, 0)).toBeNull();
  });

  it('keeps the total under the cap, counting kept files and replacements', () => {
    const big = new Uint8Array(MAX_FILE_BYTES).fill(0x62);
    const keptCount = MAX_TOTAL_BYTES / MAX_FILE_BYTES - 1;
    const kept = Array.from({ length: keptCount }, (_, i) => ({ name: `k${i}.txt`, bytes: MAX_FILE_BYTES }));
    const results = checkUserFiles(
      [
        { name: 'new1.txt', bytes: big }, // fills the total exactly
        { name: 'new2.txt', bytes: utf8('one byte too many') },
        { name: 'k0.txt', bytes: utf8('a smaller k0 replaces the big one') },
        { name: 'new3.txt', bytes: utf8('now there is room') },
      ],
      kept,
    );
    expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted', 'accepted']);
    expect((results[1] as { reason: string }).reason).toBe(
      'Rejected: it would bring your files to 50.0 MB, over the 50.0 MB total; delete some files first ' +
        '(this one is 17 bytes).',
    );
  });
});
