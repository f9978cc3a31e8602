// Builds the engine for Node: Dawn WebGPU, the built corpora read from disk, and a checkpoint
// store in a directory. Used by every CLI command.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EngineService } from '../workers/engine-service';
import { nodePlatform } from '../workers/platform/node';
import { generatedCorpora } from '../workers/data/generated-corpora';
import type { BackendChoice, EngineInfo } from '../src/contract/backend';
import { describeEngineEvent } from '../src/contract/events';
import { DirCheckpointStore } from './checkpoint-dir-store';

export interface NodeEngineOptions {
  backend: BackendChoice;
  /** Directory that holds checkpoints (a checkpoint is a subdirectory). */
  checkpointRoot?: string;
  /** The built corpora (default: datasets/generated under the working directory). */
  datasetsDir?: string;
}

export async function startNodeEngine(
  options: NodeEngineOptions,
): Promise<{ engine: EngineService; info: EngineInfo }> {
  const datasets = resolve(options.datasetsDir ?? join(process.cwd(), 'datasets', 'generated'));
  const engine = new EngineService({
    ...nodePlatform(),
    corpora: generatedCorpora(async (path) => {
      try {
        return await readFile(join(datasets, path), 'utf8');
      } catch (e) {
        throw new Error(
          `cannot read ${join(datasets, path)} (${(e as Error).message}); build the corpora with npm run datasets`,
          { cause: e },
        );
      }
    }),
    checkpoints: options.checkpointRoot ? new DirCheckpointStore(options.checkpointRoot) : undefined,
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
