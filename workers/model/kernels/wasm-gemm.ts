// Small 2-D matmuls (and row softmaxes) on the wasm backend's own XNNPACK path, over scratch memory on its heap, for
// kernels that need many little GEMMs (attention: a few per batch row and head). tfjs-wasm's
// BatchMatMul takes tensor ids; we register ids for heap ranges, call it with batch 1 and no
// transpose flags (the only case it sends to XNNPACK, TECH.md §1.7), then unregister them.
// XNNPACK caches an operator with the pre-packed right operand under that operand's id, so every
// GEMM gets a fresh id for its right operand and unregistering it drops the cached operator:
// a stale packed copy of reused scratch memory can never be used.
// All offsets and sizes are in float32 elements, into `heap()`; the heap may grow (and its views
// detach) whenever wasm allocates, so take `heap()` again after `gemm` and `alloc`.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface WasmExports {
  BatchMatMul(
    aId: number,
    aShape: number,
    aRank: number,
    bId: number,
    bShape: number,
    bRank: number,
    transposeA: number,
    transposeB: number,
    outId: number,
  ): void;
  Softmax(xId: number, outId: number, channels: number, batch: number): void;
  register_tensor(id: number, size: number, offset: number): void;
  dispose_data(id: number): void;
}

interface WasmModule {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  asm: WasmExports;
}

export class WasmGemm {
  private readonly backend: { dataIdNextNumber: number };
  private readonly mod: WasmModule;
  private readonly asm: WasmExports;
  private view: Float32Array;
  /** Byte address of 6 int32 slots: a's shape [1, M, K] then b's [1, K, N]. */
  private readonly shapes: number;

  constructor(backend: BackendWasm) {
    this.backend = backend as unknown as { dataIdNextNumber: number };
    this.mod = (backend as unknown as { wasm: WasmModule }).wasm;
    this.asm = this.mod.asm;
    if (
      ['BatchMatMul', 'Softmax', 'register_tensor', 'dispose_data'].some(
        (f) => typeof (this.asm as unknown as Record<string, unknown>)?.[f] !== 'function',
      )
    ) {
      throw new Error(
        'the wasm backend does not export BatchMatMul/Softmax/register_tensor as expected (tfjs 4.22)',
      );
    }
    this.shapes = this.mod._malloc(24);
    this.view = new Float32Array(this.mod.HEAPU8.buffer);
  }

  /** The whole heap as float32 (refreshed if the heap grew). */
  heap(): Float32Array {
    if (this.view.buffer !== this.mod.HEAPU8.buffer) this.view = new Float32Array(this.mod.HEAPU8.buffer);
    return this.view;
  }

  /** Element offset of a tensor's data on the heap. */
  offsetOf(backend: BackendWasm, dataId: object): number {
    return (backend.getMemoryOffset(dataId) as number) >>> 2;
  }

  /** `floats` elements of scratch (16-byte aligned); free with `free`. Returns an element offset. */
  alloc(floats: number): number {
    const ptr = this.mod._malloc(floats * 4 + 16);
    if (!ptr) throw new Error(`WasmGemm.alloc: the wasm heap has no room for ${floats} floats`);
    const aligned = ((ptr + 15) & ~15) >>> 2;
    this.owners.set(aligned, ptr);
    return aligned;
  }

  private readonly owners = new Map<number, number>();

  free(offset: number): void {
    const ptr = this.owners.get(offset);
    if (ptr === undefined) throw new Error(`WasmGemm.free: ${offset} was not allocated here`);
    this.owners.delete(offset);
    this.mod._free(ptr);
  }

  /** out [M, N] = a [M, K] · b [K, N], all row-major at element offsets on the heap. */
  gemm(a: number, M: number, K: number, b: number, N: number, out: number): void {
    const { asm } = this;
    const aId = this.backend.dataIdNextNumber++;
    const bId = this.backend.dataIdNextNumber++;
    const outId = this.backend.dataIdNextNumber++;
    asm.register_tensor(aId, M * K, a << 2);
    asm.register_tensor(bId, K * N, b << 2);
    asm.register_tensor(outId, M * N, out << 2);
    const shapes = new Int32Array(this.mod.HEAPU8.buffer, this.shapes, 6);
    shapes[0] = 1;
    shapes[1] = M;
    shapes[2] = K;
    shapes[3] = 1;
    shapes[4] = K;
    shapes[5] = N;
    asm.BatchMatMul(aId, this.shapes, 3, bId, this.shapes + 12, 3, 0, 0, outId);
    asm.dispose_data(aId);
    asm.dispose_data(bId); // also deletes the XNNPACK operator cached for this right operand
    asm.dispose_data(outId);
  }

  /** out [rows, cols] = row-wise softmax of x [rows, cols] (XNNPACK's, SIMD exp); x and out distinct. */
  softmax(x: number, rows: number, cols: number, out: number): void {
    const { asm } = this;
    const xId = this.backend.dataIdNextNumber++;
    const outId = this.backend.dataIdNextNumber++;
    asm.register_tensor(xId, rows * cols, x << 2);
    asm.register_tensor(outId, rows * cols, out << 2);
    asm.Softmax(xId, outId, cols, rows);
    asm.dispose_data(xId);
    asm.dispose_data(outId);
  }
}

const instances = new WeakMap<object, WasmGemm>();

/** The GEMM helper of a wasm backend instance (made once per backend). */
export function wasmGemm(backend: BackendWasm): WasmGemm {
  let g = instances.get(backend);
  if (!g) {
    g = new WasmGemm(backend);
    instances.set(backend, g);
  }
  return g;
}
