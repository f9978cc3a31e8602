// The token-shard file layout of a PyTorch study export (read by cli/torch/study_data.py): a
// 32-byte header, then the elements, all little-endian. One layout for token streams (uint16, like
// nanoGPT's train.bin), loss masks (uint8) and example lengths (uint32).
//
//   offset  size  field
//        0     8  magic   "CMXSHARD" (ASCII)
//        8     4  version uint32 = 1
//       12     4  dtype   uint32: 1 = uint16, 2 = uint8, 3 = uint32
//       16     8  count   uint64: number of elements after the header
//       24     4  vocab   uint32: vocabulary size for token shards (0 otherwise)
//       28     4  zero    uint32 (reserved)
//       32     -  count elements of dtype

export const SHARD_MAGIC = 'CMXSHARD';
export const SHARD_VERSION = 1;
export const SHARD_HEADER_BYTES = 32;

export type ShardDtype = 'uint16' | 'uint8' | 'uint32';
const CODES: Record<ShardDtype, number> = { uint16: 1, uint8: 2, uint32: 3 };
const SIZES: Record<ShardDtype, number> = { uint16: 2, uint8: 1, uint32: 4 };
const MAX: Record<ShardDtype, number> = { uint16: 0xffff, uint8: 0xff, uint32: 0xffffffff };

/** A shard of `values` in `dtype`; throws naming the first value that does not fit. */
export function encodeShard(values: ArrayLike<number>, dtype: ShardDtype, vocab = 0): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(SHARD_HEADER_BYTES + n * SIZES[dtype]);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = SHARD_MAGIC.charCodeAt(i);
  view.setUint32(8, SHARD_VERSION, true);
  view.setUint32(12, CODES[dtype], true);
  view.setBigUint64(16, BigInt(n), true);
  view.setUint32(24, vocab, true);
  const at = SHARD_HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(Number.isInteger(v) && v >= 0 && v <= MAX[dtype]))
      throw new Error(`shard value ${v} at index ${i} does not fit in ${dtype}`);
    if (dtype === 'uint16') view.setUint16(at + 2 * i, v, true);
    else if (dtype === 'uint8') out[at + i] = v;
    else view.setUint32(at + 4 * i, v, true);
  }
  return out;
}

/** The elements of a shard, after checking its header (the inverse of encodeShard). */
export function decodeShard(
  bytes: Uint8Array,
  name = 'shard',
): { dtype: ShardDtype; vocab: number; values: number[] } {
  if (bytes.length < SHARD_HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 8)) !== SHARD_MAGIC)
    throw new Error(`${name}: not a codemix shard (no ${SHARD_MAGIC} header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== SHARD_VERSION)
    throw new Error(`${name}: shard version ${version}, expected ${SHARD_VERSION}`);
  const dtype = (Object.keys(CODES) as ShardDtype[]).find((d) => CODES[d] === view.getUint32(12, true));
  if (!dtype) throw new Error(`${name}: unknown dtype code ${view.getUint32(12, true)}`);
  const count = Number(view.getBigUint64(16, true));
  if (bytes.length !== SHARD_HEADER_BYTES + count * SIZES[dtype])
    throw new Error(`${name}: header says ${count} elements but the file has ${bytes.length} bytes`);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = SHARD_HEADER_BYTES + i * SIZES[dtype];
    values.push(
      dtype === 'uint16'
        ? view.getUint16(at, true)
        : dtype === 'uint8'
          ? bytes[at]
          : view.getUint32(at, true),
    );
  }
  return { dtype, vocab: view.getUint32(24, true), values };
}
