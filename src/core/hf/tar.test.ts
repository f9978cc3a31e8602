// The tar writer and reader against GNU tar, the independent reference: tar lists and extracts what
// we write byte for byte, we read what it writes, and damaged archives are refused.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar, writeTar } from './tar';

const files: [string, Uint8Array][] = [
  ['gpt2/config.json', new TextEncoder().encode('{"model_type": "gpt2"}\n')],
  ['gpt2/empty.txt', new Uint8Array(0)],
  ['gpt2/block.bin', Uint8Array.from({ length: 512 }, (_, i) => i % 251)],
  ['gpt2/model.safetensors', Uint8Array.from({ length: 1500 }, (_, i) => (i * 7) % 256)],
];

describe('tar', () => {
  it('GNU tar extracts what we write, byte for byte; equal files give equal archives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codemix-tar-'));
    const archive = writeTar(files);
    expect(archive.length % 512).toBe(0);
    expect(writeTar(files)).toEqual(archive);
    writeFileSync(join(dir, 'a.tar'), archive);
    expect(
      execFileSync('tar', ['-tf', join(dir, 'a.tar')], { encoding: 'utf8' })
        .trim()
        .split('\n'),
    ).toEqual(files.map(([n]) => n));
    execFileSync('tar', ['-xf', join(dir, 'a.tar'), '-C', dir]);
    for (const [name, bytes] of files) expect(new Uint8Array(readFileSync(join(dir, name)))).toEqual(bytes);
    expect(readTar(archive)).toEqual(new Map(files));
  });

  it('reads what GNU tar writes (directories skipped)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codemix-tar-'));
    mkdirSync(join(dir, 'gpt2'));
    for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
    execFileSync('tar', ['-cf', join(dir, 'b.tar'), '-C', dir, 'gpt2']);
    const read = readTar(new Uint8Array(readFileSync(join(dir, 'b.tar'))));
    expect(new Map([...read].sort())).toEqual(new Map([...files].sort()));
  });

  it('refuses damaged archives and impossible names', () => {
    const archive = writeTar(files);
    const flipped = archive.slice();
    flipped[10] ^= 1;
    expect(() => readTar(flipped)).toThrow(/entry at byte 0: header checksum/);
    expect(() => readTar(archive.slice(0, 700))).toThrow(/"gpt2\/config\.json"|truncated/);
    expect(() => readTar(archive.slice(0, 1024 + 100))).toThrow(/truncated|needs \d+ bytes/);
    expect(() => readTar(new Uint8Array(0))).toThrow(/empty/);
    expect(() => readTar(new Uint8Array(100))).toThrow(/truncated/);
    expect(() => writeTar([['x'.repeat(101), new Uint8Array(1)]])).toThrow(/1 to 100 bytes/);
  });
});
