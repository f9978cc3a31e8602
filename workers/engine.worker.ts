// Browser entry of the engine: a module worker that builds the browser platform and exposes the
// EngineService over Comlink. Everything else in workers/ is platform-neutral.
import { expose } from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { EngineService } from './engine-service';

const service = new EngineService({
  gpu: self.navigator.gpu,
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
  wasmThreads: self.crossOriginIsolated ? Math.min(self.navigator.hardwareConcurrency || 1, 8) : undefined,
});

expose(service);
