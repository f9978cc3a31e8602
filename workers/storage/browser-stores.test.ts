// The browser checkpoint stores (OPFS with sync access handles, OPFS with writable streams,
// IndexedDB) run in a real dedicated worker in headless Chromium: a tiny local server hands the
// browser these TypeScript modules transpiled one by one, and browser-fixture.ts reports what it
// saw. Chromium is Debian's (installed by scripts/ensure-system-packages.sh, as for the e2e tests).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioKind } from './browser-fixture';

const repo = resolve(import.meta.dirname, '../..');
let server: Server;
let browser: Browser;
let page: Page;
let origin: string;

const transpiled = new Map<string, string>();

async function serve(path: string): Promise<{ type: string; body: string } | undefined> {
  if (path === '/') return { type: 'text/html', body: '<!doctype html><title>stores</title>' };
  const rel = normalize(decodeURIComponent(path.replace(/^\/mod\//, ''))).replace(/^(\.\.[/\\])+/, '');
  if (!path.startsWith('/mod/') || !/^(src|workers)[/\\]/.test(rel)) return undefined;
  if (!transpiled.has(rel)) {
    const source = await readFile(join(repo, `${rel}.ts`), 'utf8').catch(() => undefined);
    if (source === undefined) return undefined;
    const options = {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    };
    transpiled.set(rel, ts.transpileModule(source, { compilerOptions: options }).outputText);
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
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  page = await browser.newPage();
  await page.goto(`${origin}/`);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

async function scenario(kind: ScenarioKind): Promise<Record<string, unknown>> {
  const reply = await page.evaluate(
    (kind) =>
      new Promise<{ ok: boolean; obs?: Record<string, unknown>; error?: string }>((done, fail) => {
        const w = new Worker('/mod/workers/storage/browser-fixture', { type: 'module' });
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

const quotaMessage =
  /^storage is full: \d+\.\d MB needed, \d+\.\d MB free; checkpoint "a" was not saved and the previously saved one is unchanged/;

describe.each(['opfs', 'opfs-stream', 'indexeddb'] as const)('browser checkpoint store: %s', (kind) => {
  it('saves, replaces, survives a quota error and leftovers, and removes', async () => {
    const obs = await scenario(kind);
    expect(obs.kind).toBe(kind === 'indexeddb' ? 'indexeddb' : 'opfs');
    expect(obs.empty).toEqual([]);
    expect(obs.listed).toEqual([
      ['a', 1, obs.bBytes],
      ['b', 7, obs.bBytes],
    ]);
    expect(obs.sameBytes).toBe(true);
    expect(obs.replaced).toBe(2);
    expect(obs.quotaError).toMatchObject({ name: 'CheckpointStoreError', code: 'storage-full' });
    expect((obs.quotaError as { message: string }).message).toMatch(quotaMessage);
    expect(obs.afterQuota).toBe(2);
    expect(obs.afterResave).toBe(4);
    expect(obs.big).toEqual([1 << 18, Math.fround(5 + 12345 / (1 << 18))]);
    expect(obs.afterRemove).toEqual([['a', 4]]);
    expect(obs.loadMissing).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/no checkpoint named "b"/),
    });
    expect(obs.removeMissing).toMatchObject({ code: 'not-found' });
    expect(obs.badName).toMatchObject({ code: 'bad-name' });
    expect(obs.chosen).toBe('OPFS (origin private file system)');
    if (kind === 'indexeddb')
      expect(obs.fallback).toEqual(['indexeddb', 'IndexedDB, because OPFS is not available here']);
    if (kind !== 'indexeddb') {
      // One generation directory per checkpoint; nothing left of replaced or failed saves.
      expect(obs.entriesAfterReplace).toEqual(['a@000000000002.R', 'b@000000000001.R']);
      expect(obs.entriesAfterQuota).toEqual(['a@000000000002.R', 'b@000000000001.R']);
      expect(obs.interruptedLoad).toBe(2);
      expect(obs.interruptedList).toEqual([
        ['a', 2],
        ['b', 7],
      ]);
      expect(obs.entriesAfterResave).toEqual(['a@1000000000000.R', 'b@000000000001.R']);
      expect(obs.entriesAtEnd).toEqual(['a@1000000000000.R']);
    }
  });
});
