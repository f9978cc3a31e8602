// The user's files as corpora: the held-out split (the built corpora's hash rule, with at least one
// document on each side), the listing beside other corpora, and a tiny training run in the engine
// (cpu backend) from a recipe that names `user-text` and `user-code`.
import { describe, expect, it } from 'vitest';
import { splitOf } from '../../scripts/datasets/split';
import type { MetricsEvent, TrainEvent } from '../../src/contract/train';
import { EngineService } from '../engine-service';
import { MemoryUserFileStore, UserFiles } from '../storage/user-corpora';
import { memoryCorpora } from '../train/memory-corpora';
import { combineCorpora, splitUserSource, userCorpora } from './user-corpora';

const utf8 = (s: string) => new TextEncoder().encode(s);
const builtIn = memoryCorpora([
  { name: 'world', kind: 'text', train: ['The cat sat.'], heldout: ['A dog ran.'], licence: 'MIT' },
]);

describe('splitUserSource', () => {
  it('follows the hash rule when both sides get documents', () => {
    const docs = Array.from({ length: 200 }, (_, i) => `document number ${i}`);
    const split = splitUserSource(docs);
    expect(split.heldout).toEqual(docs.filter((d) => splitOf(d) === 'heldout'));
    expect(split.heldout.length).toBeGreaterThan(0);
    expect(split.train.length + split.heldout.length).toBe(200);
  });

  it('holds out one document of a small source, and none of a single one', () => {
    const docs = ['alpha', 'beta', 'gamma'];
    expect(docs.every((d) => splitOf(d) === 'train')).toBe(true); // so the fallback is exercised
    const split = splitUserSource(docs);
    expect(split.heldout).toHaveLength(1);
    expect([...split.train, ...split.heldout].sort()).toEqual([...docs].sort());
    expect(splitUserSource([...docs].reverse())).toEqual({
      train: [...split.train].reverse(),
      heldout: split.heldout,
    });
    expect(splitUserSource(['only'])).toEqual({ train: ['only'], heldout: [] });
  });
});

describe('userCorpora', () => {
  it('lists one corpus per kind that has files, after the built ones, and reads their documents', async () => {
    const files = new UserFiles(new MemoryUserFileStore());
    const corpora = combineCorpora(builtIn, userCorpora(files));
    expect((await corpora.list()).map((c) => c.name)).toEqual(['world']);
    await expect(corpora.read('user-code', 'train')).rejects.toThrow(
      /unknown corpus "user-code" \(it appears once you add code files on the Data page\)/,
    );
    await files.add([
      { name: 'a.txt', bytes: utf8('First paragraph.\n\nSecond paragraph.') },
      { name: 'b.md', bytes: utf8('Another text file.') },
      { name: 'c.js', bytes: utf8('const c = 3;\n') },
    ]);
    expect(await corpora.list()).toEqual([
      { name: 'world', kind: 'text', licence: 'MIT', bytes: 12, documents: 1 },
      { name: 'user-text', kind: 'text', licence: 'user-provided', bytes: 53, documents: 2 },
      { name: 'user-code', kind: 'code', licence: 'user-provided', bytes: 13, documents: 1 },
    ]);
    const text = [
      ...(await corpora.read('user-text', 'train')),
      ...(await corpora.read('user-text', 'heldout')),
    ];
    expect(text.sort()).toEqual(['Another text file.', 'First paragraph.\n\nSecond paragraph.']);
    expect(await corpora.read('user-code', 'train')).toEqual(['const c = 3;']);

    // A kind change moves the file between corpora; deleting the last code file removes user-code.
    await files.setKind('c.js', 'text');
    expect((await corpora.list()).map((c) => [c.name, c.documents])).toEqual([
      ['world', 1],
      ['user-text', 3],
    ]);
    await files.remove('c.js');
    expect((await corpora.read('user-text', 'train')).length).toBe(1);
  });

  it('lists the built corpora when the user files have no storage', async () => {
    const files = new UserFiles(Promise.reject(new Error('no storage for your files in this browser')));
    const corpora = combineCorpora(builtIn, userCorpora(files));
    expect((await corpora.list()).map((c) => c.name)).toEqual(['world']);
    await expect(files.list()).rejects.toThrow('no storage for your files in this browser');
  });

  it('refuses two corpora of the same name', async () => {
    const clash = memoryCorpora([{ name: 'world', kind: 'code', train: ['x'], heldout: [] }]);
    await expect(combineCorpora(builtIn, clash).list()).rejects.toThrow('two corpora are named "world"');
  });
});

describe('training on your own files', () => {
  it('runs a recipe whose sources are user-text and user-code', async () => {
    const files = new UserFiles(new MemoryUserFileStore());
    const engine = new EngineService({
      gpu: undefined,
      corpora: combineCorpora(builtIn, userCorpora(files)),
      userFiles: files,
    });
    await engine.init({ backend: 'cpu' }, () => {});
    const story = (i: number) => `Story ${i}. The small robot walked to the river and counted ${i} stones.`;
    const results = await engine.addUserFiles([
      { name: 'stories.txt', bytes: utf8(Array.from({ length: 40 }, (_, i) => story(i)).join('\n\n')) },
      {
        name: 'math.js',
        bytes: utf8(
          Array.from({ length: 40 }, (_, i) => `function f${i}(x) {\n  return x + ${i};\n}`).join('\n\n'),
        ),
      },
      { name: 'photo.jpg', bytes: Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16) },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect((await engine.listUserFiles()).map((f) => [f.name, f.kind])).toEqual([
      ['math.js', 'code'],
      ['stories.txt', 'text'],
    ]);
    const events: TrainEvent[] = [];
    const summary = await engine.train(
      {
        name: 'user-data',
        seed: 1,
        model: { preset: 'nano', nLayer: 1, nEmbd: 32, nHead: 2, blockSize: 16 },
        tokenizer: { vocabSize: 300, sampleBytes: 10_000 },
        stages: [
          {
            kind: 'pretrain',
            steps: 6,
            batchSize: 4,
            warmupSteps: 1,
            sources: ['user-text', 'user-code'],
            mix: { type: 'fixed', code: 0.5 },
            logEvery: 1,
            evalEvery: 6,
            evalBatches: 1,
          },
        ],
      },
      (e) => events.push(e),
    );
    expect(summary.steps).toBe(6);
    expect(Object.keys(summary.final.heldout).sort()).toEqual(['user-code', 'user-text']);
    const last = events.filter((e): e is MetricsEvent => e.type === 'metrics').at(-1);
    expect(last?.tokensBySource['user-text']).toBeGreaterThan(0);
    expect(last?.tokensBySource['user-code']).toBeGreaterThan(0);
  });
});
