// `cli bench [--preset P] [--backend B] [--steps N]`: one JSON line per backend (a BenchRecord:
// tokPerSec, msPerStep, kernelsPerStep, mfu, peakGflops, peakMemory, threads, adapter) for
// steady-state training steps, measured by the engine's bench() (workers/bench/bench.ts), as the
// browser bench and the Train page do. Without --backend it measures wasm, and webgpu when the
// adapter is a hardware GPU (a software adapter such as SwiftShader takes many seconds per step:
// ask for it explicitly).
import { PRESET_NAMES, type PresetName } from '../../src/core/config/model';
import type { BackendName } from '../../src/contract/backend';
import { startNodeEngine } from '../node-engine';
import { backendOption, numberOption, UsageError } from '../args';

export async function benchCommand(args: { values: Record<string, string | boolean | undefined> }) {
  const preset = (args.values.preset ?? 'micro') as PresetName;
  if (!PRESET_NAMES.includes(preset))
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}`);
  const steps = numberOption('steps', args.values.steps, 20);
  const asked = args.values.backend === undefined ? undefined : backendOption(args.values.backend);
  const backends: BackendName[] = asked && asked !== 'auto' ? [asked] : ['wasm', 'webgpu'];
  for (const backend of backends) {
    let engine;
    try {
      ({ engine } = await startNodeEngine({ backend }));
    } catch (e) {
      process.stderr.write(`bench: ${backend} unavailable: ${(e as Error).message}\n`);
      continue;
    }
    const info = await engine.info();
    if (!asked && backend === 'webgpu' && info?.adapter?.isFallbackAdapter) {
      process.stderr.write(
        `bench: skipping webgpu on a software adapter (${info.adapter.architecture}); pass --backend webgpu to measure it\n`,
      );
      continue;
    }
    process.stdout.write(JSON.stringify(await engine.bench({ preset, steps })) + '\n');
  }
}
