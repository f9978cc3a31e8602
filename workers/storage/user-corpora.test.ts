// The user's files through `UserFiles`: in Node over the memory store (the Node engine's), and in
// real headless Chromium over OPFS (sync access handles and writable streams) and IndexedDB, where
// a QuotaExceededError is injected mid-upload: that file is rejected with a clear message, the
// others are kept, nothing half-written remains, and a kept file of that name is unchanged.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserFileResult } from '../../src/core/data/user-files/types';
import type { StoreScenarioKind } from './user-corpora-fixture';
import { MemoryUserFileStore, UserFiles } from './user-corpora';

const utf8 = (s: string) => new TextEncoder().encode(s);
const summary = (results: UserFileResult[]) =>
  results.map((r) => (r.status === 'accepted' ? [r.file.name, r.file.kind, r.replaced] : [r.name, r.code]));

describe('UserFiles over the memory store', () => {
  it('checks each file, keeps the good ones, replaces by name, changes kinds and deletes', async () => {
    const files = new UserFiles(new MemoryUserFileStore());
    const results = await files.add([
      { name: 'notes.txt', bytes: utf8('Some notes.\n\nMore notes.') },
      { name: 'lib/a.js', bytes: utf8('export const a = 1;\n') },
      { name: 'blob.bin', bytes: Uint8Array.of(1, 2, 0, 3) },
      { name: 'latin1.txt', bytes: Uint8Array.of(0x63, 0x61, 0x66, 0xe9) },
    ]);
    expect(summary(results)).toEqual([
      ['notes.txt', 'text', false],
      ['lib/a.js', 'code', false],
      ['blob.bin', 'binary'],
      ['latin1.txt', 'not-utf8'],
    ]);
    expect(files.version).toBe(2);
    expect((await files.list()).map((f) => [f.name, f.kind, f.bytes, f.documents])).toEqual([
      ['lib/a.js', 'code', 20, 1],
      ['notes.txt', 'text', 24, 1],
    ]);

    const again = await files.add([{ name: 'notes.txt', bytes: utf8('Replaced.') }]);
    expect(summary(again)).toEqual([['notes.txt', 'text', true]]);
    expect(await files.readText('notes.txt')).toBe('Replaced.');

    expect(await files.setKind('lib/a.js', 'text')).toMatchObject({
      kind: 'text',
      detectedKind: 'code',
      kindNote: 'set to text by you (detected as code)',
    });
    expect((await files.setKind('lib/a.js', 'code')).kindNote).toBeUndefined();
    await expect(files.setKind('lib/a.js', 'prose' as 'text')).rejects.toThrow(
      /"text" or "code", not "prose"/,
    );
    await files.remove('lib/a.js');
    await expect(files.remove('lib/a.js')).rejects.toMatchObject({ code: 'not-found' });
    expect((await files.list()).map((f) => f.name)).toEqual(['notes.txt']);
  });

  it('keeps the unknown-extension note and an upload-time override', async () => {
    const files = new UserFiles(new MemoryUserFileStore());
    const [r] = await files.add([{ name: 'data.weird', bytes: utf8('plain words'), kind: 'code' }]);
    expect(r).toMatchObject({ status: 'accepted', file: { kind: 'code', detectedKind: 'text' } });
    const back = await files.setKind('data.weird', 'text');
    expect(back.kindNote).toMatch(/unknown extension "\.weird"/);
  });

  it('keeps its list up to date, and reloads it when another engine says it changed the files', async () => {
    const store = new MemoryUserFileStore();
    const mine = new UserFiles(store, 'test-user-files');
    const theirs = new UserFiles(store, 'test-user-files');
    try {
      expect(await theirs.list()).toEqual([]); // now cached
      await mine.add([{ name: 'x.txt', bytes: utf8('from another tab') }]);
      await expect.poll(() => theirs.version).toBe(1);
      expect((await theirs.list()).map((f) => f.name)).toEqual(['x.txt']);
      // Without a channel, a direct change to the store is not seen: the list is a cache.
      const alone = new UserFiles(store);
      await alone.list();
      await store.remove('x.txt');
      expect((await alone.list()).map((f) => f.name)).toEqual(['x.txt']);
    } finally {
      mine.close();
      theirs.close();
    }
  });

  it('reports a store that failed to open on first use', async () => {
    const files = new UserFiles(Promise.reject(new Error('no storage for your files in this browser')));
    await expect(files.list()).rejects.toThrow(/no storage for your files/);
  });
});

// ---- the browser stores, in Chromium ----

const repo = resolve(import.meta.dirname, '../..');
let server: Server;
let browser: Browser;
let page: Page;
const transpiled = new Map<string, string>();

/** Serves repository modules under /mod/, transpiled one by one (imports are extensionless). */
async function serve(path: string): Promise<{ type: string; body: string } | undefined> {
  if (path === '/') return { type: 'text/html', body: '<!doctype html><title>user files</title>' };
  const rel = normalize(decodeURIComponent(path.replace(/^\/mod\//, ''))).replace(/^(\.\.[/\\])+/, '');
  if (!path.startsWith('/mod/') || !/^(src|workers|scripts)[/\\]/.test(rel)) return undefined;
  if (!transpiled.has(rel)) {
    const source = await readFile(join(repo, `${rel}.ts`), 'utf8').catch(() => undefined);
    if (source === undefined) return undefined;
    const compilerOptions = {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    };
    transpiled.set(rel, ts.transpileModule(source, { compilerOptions }).outputText);
  }
  return { type: 'text/javascript', body: transpiled.get(rel) as string };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    serve(new URL(req.url ?? '/', 'http://x').pathname).then(
      (r) => {
        res.writeHead(r ? 200 : 404, { 'content-type': r?.type ?? 'text/plain' });
        res.end(r?.body ?? 'not found');
      },
      (e: Error) => {
        res.writeHead(500);
        res.end(e.message);
      },
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

async function scenario(kind: StoreScenarioKind): Promise<Record<string, unknown>> {
  const reply = await page.evaluate(
    (kind) =>
      new Promise<{ ok: boolean; obs?: Record<string, unknown>; error?: string }>((done, fail) => {
        const w = new Worker('/mod/workers/storage/user-corpora-fixture', { type: 'module' });
        w.onmessage = (e) => {
          done(e.data);
          w.terminate();
        };
        w.onerror = (e) => fail(new Error(`worker failed: ${e.message}`));
        w.postMessage(kind);
      }),
    kind,
  );
  if (!reply.ok) throw new Error(reply.error);
  return reply.obs as Record<string, unknown>;
}

const quotaReason =
  /^Not kept: the browser's storage is full \(16 bytes needed, \d+\.\d MB free\); "src\/b\.py" was not saved and your other files are unchanged\. Delete some files or checkpoints to make room\.$/;

describe.each(['opfs', 'opfs-stream', 'indexeddb'] as const)('browser user-file store: %s', (kind) => {
  it('keeps, lists, re-kinds, survives a quota error and leftovers, and deletes', async () => {
    const obs = await scenario(kind);
    expect(obs.kind).toBe(kind === 'indexeddb' ? 'indexeddb' : 'opfs');
    expect(obs.empty).toEqual([]);
    expect(obs.first).toEqual([
      ['a.txt', 'text', false],
      ['src/b.py', 'code', false],
      ['c.png', 'binary'],
    ]);
    expect(obs.listed).toEqual([
      ['a.txt', 'text', 11],
      ['src/b.py', 'code', 9],
    ]);
    expect(obs.kindChanged).toEqual(['src/b.py', 'text', 'code']);
    expect(obs.reopened).toEqual([
      ['a.txt', 'text', 11],
      ['src/b.py', 'text', 9],
    ]);
    // The quota error hits the second file of the upload: the first and third are kept.
    const quota = obs.quota as (string | boolean)[][];
    expect(quota[0]).toEqual(['a.txt', 'text', true]);
    expect(quota[1][0]).toBe('src/b.py');
    expect(quota[1][1]).toBe('storage-full');
    expect(quota[1][2]).toMatch(quotaReason);
    expect(quota[2]).toEqual(['d.md', 'text', false]);
    expect(obs.afterQuota).toEqual({ b: 'def f():\n', a: 'Replaced A.' });
    expect(obs.removed).toEqual([['d.md', 'text', 10]]);
    expect(obs.missing).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/^no file named "a\.txt" in browser storage/),
    });
    if (kind !== 'indexeddb') {
      expect(obs.entriesAfterQuota).toBe(3); // one generation directory per kept file, no leftovers
      // A newer, uncommitted generation of a.txt (an interrupted write) is ignored, then removed with it.
      expect(obs.interrupted).toEqual({ names: ['a.txt', 'd.md', 'src/b.py'], a: 'Replaced A.' });
      expect(obs.entriesAtEnd).toBe(1);
    }
    expect(obs.chosen).toBe('OPFS (origin private file system)');
    if (kind === 'indexeddb')
      expect(obs.fallback).toEqual(['indexeddb', 'IndexedDB, because OPFS is not available here']);
  });
});
