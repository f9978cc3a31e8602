// Node entry for the step profiler (profile.ts): prints where one training step's time goes.
//   bash workers/bench/profile.sh [preset] [backend] [batchSize]
// (bundles this file with the CLI's Vite config, like scripts/cli.sh, then runs it).
import { PRESET_NAMES, type PresetName } from '../../src/core/config/model';
import { startBackend } from '../backend';
import { registerEngineKernels } from '../model/kernels';
import { nodePlatform } from '../platform/node';
import { formatProfile, profileTrainStep } from './profile';

async function main(): Promise<void> {
  const [preset = 'micro', backend = 'wasm', batch = '16'] = process.argv.slice(2);
  if (!PRESET_NAMES.includes(preset as PresetName)) throw new Error(`unknown preset "${preset}"`);
  if (backend !== 'wasm' && backend !== 'cpu' && backend !== 'webgpu')
    throw new Error(`backend must be wasm, cpu or webgpu, not "${backend}"`);
  await startBackend(backend, nodePlatform(), () => {});
  registerEngineKernels();
  const p = await profileTrainStep(preset as PresetName, { batchSize: Number(batch) });
  process.stdout.write(formatProfile(p) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`profile: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
