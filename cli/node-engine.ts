// Builds the engine for Node: Dawn WebGPU, the built corpora read from disk, and a checkpoint
// store in a directory. Used by every CLI command. User files (the lab's "your own data") are held
// in memory here: the API works, but they last only as long as the process.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EngineService } from '../workers/engine-service';
import { nodePlatform } from '../workers/platform/node';
import { generatedCorpora } from '../workers/data/generated-corpora';
import { combineCorpora, userCorpora } from '../workers/data/user-corpora';
import { MemoryUserFileStore, UserFiles } from '../workers/storage/user-corpora';
import type { BackendChoice, EngineInfo } from '../src/contract/backend';
import { describeEngineEvent } from '../src/contract/events';
import type { CheckpointStore } from '../src/core/checkpoint/store';
import { DirCheckpointStore } from './checkpoint-dir-store';
import { runProgram } from '../workers/sandbox/node';

export interface NodeEngineOptions {
  backend: BackendChoice;
  /** Directory that holds checkpoints (a checkpoint is a subdirectory). */
  checkpointRoot?: string;
  /** Another checkpoint store (instead of checkpointRoot), e.g. a study's one per arm directory. */
  checkpoints?: CheckpointStore;
  /** The datasets folder: built corpora in generated/, evaluation sets in eval/ (default: ./datasets). */
  datasetsDir?: string;
}

export async function startNodeEngine(
  options: NodeEngineOptions,
): Promise<{ engine: EngineService; info: EngineInfo }> {
  const datasets = resolve(options.datasetsDir ?? join(process.cwd(), 'datasets'));
  const readDataset = async (path: string) => {
    try {
      return await readFile(join(datasets, path), 'utf8');
    } catch (e) {
      const hint = 'build the corpora with npm run datasets';
      throw new Error(`cannot read ${join(datasets, path)} (${(e as Error).message}); ${hint}`, { cause: e });
    }
  };
  const userFiles = new UserFiles(new MemoryUserFileStore());
  const engine = new EngineService({
    ...nodePlatform(),
    corpora: combineCorpora(
      generatedCorpora((path) => readDataset(`generated/${path}`)),
      userCorpora(userFiles),
    ),
    userFiles,
    readDataset,
    runCode: (code) => runProgram(code, { timeoutMs: 1000 }),
    checkpoints:
      options.checkpoints ??
      (options.checkpointRoot ? new DirCheckpointStore(options.checkpointRoot) : undefined),
  });
  const info = await engine.init({ backend: options.backend }, (event) => {
    process.stderr.write(`engine: ${describeEngineEvent(event)}\n`);
  });
  if (!info.selfTest.passed) {
    throw new Error(
      `the numerics self-test failed on ${info.backend}: ${JSON.stringify(info.selfTest.checks)}`,
    );
  }
  return { engine, info };
}
