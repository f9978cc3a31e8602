// The embedding backward on WebGPU (EMBEDDING_GRAD of names.ts): dTable [V, C] = Σ over positions n
// with ids[n] = v of dy[n], summed in position order — deterministic, unlike tfjs's
// UnsortedSegmentSum (a float compare-exchange loop whose order varies, TECH.md §1.3.7).
// Two programs, no atomics:
//  1. sort: the slot of position n in the order of (id, position) is the number of positions
//     before it in that order; each thread counts over the ids (tiled through workgroup memory)
//     and writes its position to its slot → order [N] i32. O(N²) compares, cheap for N ≤ 16k.
//  2. gather-sum: one thread per (v, c) binary-searches v's run in the sorted ids and sums dy down
//     the run. Ids outside [0, V) are sorted but never summed (their gradient is dropped).
import { EMBEDDING_GRAD } from '../names';
import { expectDtype, expectShape, groupsFor, program, registerWebGPUKernel, run, WG_INDEX } from './program';

const SORT_W = 256;
const SUM_W = 64;

function sortProgram(N: number) {
  return program({
    key: `cmEmbeddingSort_${SORT_W}`,
    inputs: ['ids'],
    outputShape: [N],
    workgroups: groupsFor(N, SORT_W),
    workgroupSize: SORT_W,
    code: /* wgsl */ `
      ${WG_INDEX}
      var<workgroup> tile : array<i32, ${SORT_W}>;
      fn main(index : i32) {
        let N = uniforms.idsShape;
        let tid = i32(localId.x);
        let n = wgIndex() * ${SORT_W} + tid;
        let mine = ids[min(n, N - 1)];
        var slot = 0;
        for (var t0 = 0; t0 < N; t0 += ${SORT_W}) {
          tile[tid] = ids[min(t0 + tid, N - 1)];
          workgroupBarrier();
          let count = min(${SORT_W}, N - t0);
          for (var k = 0; k < count; k++) {
            let other = tile[k];
            if (other < mine || (other == mine && t0 + k < n)) { slot++; }
          }
          workgroupBarrier();
        }
        if (n < N) { result[slot] = n; }
      }`,
  });
}

function sumProgram(V: number, C: number) {
  return program({
    key: `cmEmbeddingSum_${SUM_W}`,
    inputs: ['ids', 'dy', 'order'],
    outputShape: [V, C],
    workgroups: groupsFor(V * C, SUM_W),
    workgroupSize: SUM_W,
    size: true,
    code: /* wgsl */ `
      ${WG_INDEX}
      fn main(index : i32) {
        let e = wgIndex() * ${SUM_W} + i32(localId.x);
        if (e < uniforms.size) {
          let N = uniforms.idsShape;
          let C = uniforms.dyShape[1];
          let v = e / C;
          let c = e % C;
          var lo = 0;
          var hi = N;
          while (lo < hi) {
            let mid = (lo + hi) / 2;
            if (ids[order[mid]] < v) { lo = mid + 1; } else { hi = mid; }
          }
          var acc = 0.0;
          for (var k = lo; k < N; k++) {
            let n = order[k];
            if (ids[n] != v) { break; }
            acc += dy[n * C + c];
          }
          result[e] = acc;
        }
      }`,
  });
}

export function registerEmbeddingGradKernel(): void {
  registerWebGPUKernel(EMBEDDING_GRAD, (backend, { ids, dy }, attrs) => {
    expectDtype(EMBEDDING_GRAD, 'ids', ids, 'int32');
    expectShape(EMBEDDING_GRAD, 'ids', ids, 1);
    expectShape(EMBEDDING_GRAD, 'dy', dy, 2);
    const [N, C] = dy.shape;
    const V = attrs.numRows;
    if (!Number.isInteger(V) || (V as number) <= 0) {
      throw new Error(`${EMBEDDING_GRAD}: attr numRows must be a positive integer, got ${String(V)}`);
    }
    if (ids.shape[0] !== N) {
      throw new Error(`${EMBEDDING_GRAD}: ids has ${ids.shape[0]} entries but dy has ${N} rows`);
    }
    const order = run(backend, sortProgram(N), [ids], [], 'int32');
    const out = run(backend, sumProgram(V as number, C), [ids, dy, order]);
    backend.disposeData(order.dataId);
    return out;
  });
}
