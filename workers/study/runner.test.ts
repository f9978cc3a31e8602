// The study queue on the real engine (Node, WASM, smoke preset), through the engine API: a "page"
// is killed while NL.s1 trains just after its step-4 checkpoint; a second engine on the same storage
// finds the study interrupted, continues NL.s1 from step 4 (it runs step 5 only), evaluates it, then
// starts NN.s1 from NL.s1's finished checkpoint; a pause stops NN.s1 in training and leaves it
// pending with its own checkpoint; the stored state is what the engine reports.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { StudyEvent, StudySnapshot, StudyState } from '../../src/contract/study';
import { DirCheckpointStore } from '../../cli/checkpoint-dir-store';
import { EngineService } from '../engine-service';
import { nodePlatform } from '../platform/node';
import { generatedCorpora } from '../data/generated-corpora';
import { runProgram } from '../sandbox/node';
import { parseStudyState } from './queue-logic';
import { MemoryStudyStore, type StudyStore } from './store';

const datasets = resolve(import.meta.dirname, '../../datasets');
const readDataset = (path: string) => readFile(join(datasets, path), 'utf8');
let root = '';

/** A store a "page" writes through until it is killed (its later writes never land). */
function pageStore(shared: StudyStore) {
  let alive = true;
  const store: StudyStore = {
    load: () => shared.load(),
    save: async (s) => (alive ? shared.save(s) : undefined),
    clear: async () => (alive ? shared.clear() : undefined),
  };
  return { store, kill: () => (alive = false) };
}

async function engineOn(studies: StudyStore): Promise<EngineService> {
  const engine = new EngineService({
    ...nodePlatform(),
    corpora: generatedCorpora((path) => readDataset(`generated/${path}`)),
    readDataset,
    runCode: (code) => runProgram(code, { timeoutMs: 1000 }),
    checkpoints: new DirCheckpointStore(root),
    studies,
  });
  await engine.init({ backend: 'wasm' }, () => {});
  return engine;
}

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

it('resumes an interrupted arm from its checkpoint after a reload, and tuned arms start from their parent', async () => {
  root = await mkdtemp(join(tmpdir(), 'study-runner-'));
  const shared = new MemoryStudyStore();

  // Page 1: start the smoke study; freeze the engine right after NL.s1's step-4 checkpoint, then die.
  const page1 = pageStore(shared);
  const engine1 = await engineOn(page1.store);
  let frozen: () => void = () => {};
  const atCheckpoint = new Promise<void>((done) => (frozen = done));
  await engine1.startStudy('smoke', (e: StudyEvent) => {
    if (e.type === 'state' && e.state.arms['NL.s1'].lastCheckpoint?.step === 4) {
      void engine1.pause(); // the training run holds before step 5, as a page does when it is closed
      frozen();
    }
  });
  await atCheckpoint;
  await new Promise((r) => setTimeout(r, 50)); // let the checkpoint's state write land
  page1.kill();

  // Page 2: a new engine on the same storage finds the study running but not live, and resumes it.
  const engine2 = await engineOn(pageStore(shared).store);
  const found = (await engine2.studyState())!;
  expect(found).toMatchObject({ presetId: 'smoke', status: 'running', live: false });
  expect(found.arms['NL.s1']).toMatchObject({ status: 'running', lastCheckpoint: { stage: 0, step: 4 } });

  let pausing: Promise<StudySnapshot> | null = null;
  await engine2.resumeStudy((e: StudyEvent) => {
    if (e.type === 'state' && e.state.arms['NN.s1'].lastCheckpoint && !pausing)
      pausing = engine2.pauseStudy();
  });
  const idle = (await engine2.waitForStudy())!;
  expect(pausing).not.toBeNull();

  const nl = idle.arms['NL.s1'];
  expect(nl.status).toBe('done');
  expect(nl.trainAttempts).toBe(2);
  expect(nl.resumes).toEqual([expect.objectContaining({ stage: 0, step: 4, firstStep: 5 })]);
  expect(nl.summary).toMatchObject({ steps: 1, stopped: false }); // step 5 only: not from scratch
  expect(Object.keys(nl.reports).sort()).toEqual(['cot', 'main']);
  expect(nl.reports.main!.summary.length).toBeGreaterThan(0);

  const nn = idle.arms['NN.s1'];
  expect(nn).toMatchObject({ status: 'pending', trainAttempts: 1, resumes: [], summary: null });
  expect(nn.lastCheckpoint).toEqual({ stage: 1, step: 2 }); // its own stage, started from NL.s1's end
  expect(idle).toMatchObject({ status: 'paused', live: false });
  for (const id of idle.order.filter((x) => x !== 'NL.s1' && x !== 'NN.s1'))
    expect(idle.arms[id]).toMatchObject({ status: 'pending', trainAttempts: 0 });

  const names = (await engine2.listCheckpoints()).map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining([nl.checkpoint, nn.checkpoint]));
  const stored: StudyState = parseStudyState(await shared.load());
  expect({ ...stored, updatedAt: '' }).toEqual({ ...idle, live: undefined, updatedAt: '' });
});
