// The safetensors file format (https://huggingface.co/docs/safetensors): an 8-byte little-endian
// header length, a UTF-8 JSON header {name: {dtype, shape, data_offsets}, __metadata__?: {k: v}},
// then the raw little-endian row-major tensor bytes. One writer and one strict reader, shared by
// the lab's checkpoints and the Hugging Face export/import. Leaves out the 8-bit float dtypes and
// big-endian hosts (refused), and lazy/memory-mapped reading (files are read whole).

/** The dtypes this module reads and writes, with the typed array that holds each. */
export interface DtypeArrays {
  F64: Float64Array;
  F32: Float32Array;
  F16: Uint16Array; // raw IEEE half bits
  BF16: Uint16Array; // raw bfloat16 bits
  I64: BigInt64Array;
  I32: Int32Array;
  I16: Int16Array;
  I8: Int8Array;
  U64: BigUint64Array;
  U32: Uint32Array;
  U16: Uint16Array;
  U8: Uint8Array;
  BOOL: Uint8Array;
}
export type Dtype = keyof DtypeArrays;
export type TensorData = DtypeArrays[Dtype];

/** One tensor: `data.length` must equal the product of `shape` (1 for a scalar, shape []). */
export type TensorEntry = { [D in Dtype]: { dtype: D; shape: number[]; data: DtypeArrays[D] } }[Dtype];

type ArrayCtor = { new (n: number): TensorData; readonly BYTES_PER_ELEMENT: number; name: string };
const CTORS: Record<Dtype, ArrayCtor> = {
  F64: Float64Array,
  F32: Float32Array,
  F16: Uint16Array,
  BF16: Uint16Array,
  I64: BigInt64Array,
  I32: Int32Array,
  I16: Int16Array,
  I8: Int8Array,
  U64: BigUint64Array,
  U32: Uint32Array,
  U16: Uint16Array,
  U8: Uint8Array,
  BOOL: Uint8Array,
};
export const DTYPES = Object.keys(CTORS) as Dtype[];

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`safetensors: ${message}`);
    this.name = 'SafetensorsError';
  }
}

const METADATA = '__metadata__';
const MAX_HEADER = 100_000_000; // the reference implementation's limit
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkHost(): void {
  if (!LITTLE_ENDIAN) throw new SafetensorsError('big-endian hosts are not supported');
}

function isDtype(x: unknown): x is Dtype {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(CTORS, x);
}

/** The element count of a shape, or an error message if the shape is not valid. */
function elementCount(shape: unknown): number | string {
  if (!Array.isArray(shape)) return `must be an array of non-negative integers, got ${JSON.stringify(shape)}`;
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)
      return `must be an array of non-negative integers, got ${JSON.stringify(shape)}`;
    n *= d;
    if (!Number.isSafeInteger(n)) return `${JSON.stringify(shape)} has too many elements`;
  }
  return n;
}

function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  // defineProperty, so a tensor called "__proto__" is stored as data, not as a prototype.
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Names in the order the writer lays them out: by UTF-16 code units, independent of locale. */
function sortedNames(names: string[]): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Serialises tensors (sorted by name, so equal content gives identical bytes) and optional string
 * metadata. The header is padded with spaces so the data section starts 8-byte aligned.
 */
export function writeSafetensors(
  tensors: Record<string, TensorEntry>,
  metadata?: Record<string, string>,
): Uint8Array {
  checkHost();
  const names = sortedNames(Object.keys(tensors));
  const parts: string[] = [];
  if (metadata && Object.keys(metadata).length > 0) {
    const meta = sortedNames(Object.keys(metadata)).map((k) => {
      if (typeof metadata[k] !== 'string')
        throw new SafetensorsError(`__metadata__ "${k}": value must be a string, got ${typeof metadata[k]}`);
      return `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`;
    });
    parts.push(`"${METADATA}":{${meta.join(',')}}`);
  }
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    if (name === METADATA) throw new SafetensorsError(`"${METADATA}" cannot name a tensor`);
    if (!isDtype(t.dtype)) throw new SafetensorsError(`tensor "${name}": unknown dtype ${String(t.dtype)}`);
    const ctor = CTORS[t.dtype];
    if (!(t.data instanceof ctor))
      throw new SafetensorsError(`tensor "${name}": dtype ${t.dtype} needs a ${ctor.name} as data`);
    const n = elementCount(t.shape);
    if (typeof n === 'string') throw new SafetensorsError(`tensor "${name}": shape ${n}`);
    if (t.data.length !== n)
      throw new SafetensorsError(
        `tensor "${name}": data has ${t.data.length} elements but shape ${JSON.stringify(t.shape)} needs ${n}`,
      );
    const end = offset + t.data.byteLength;
    parts.push(
      `${JSON.stringify(name)}:{"dtype":"${t.dtype}","shape":${JSON.stringify(t.shape)},"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let p = 8 + headerLen;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), p);
    p += d.byteLength;
  }
  return out;
}

interface Placed {
  name: string;
  entry: { dtype: Dtype; shape: number[] };
  start: number;
  end: number;
}

/** Checks one header entry and returns where its bytes lie; throws naming the tensor and field. */
function checkEntry(name: string, raw: unknown, dataLength: number): Placed {
  const where = `tensor "${name}"`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SafetensorsError(`${where}: header entry must be an object`);
  const info = raw as Record<string, unknown>;
  for (const key of Object.keys(info))
    if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets')
      throw new SafetensorsError(`${where}: unknown field "${key}"`);
  if (!isDtype(info.dtype))
    throw new SafetensorsError(
      `${where}: dtype ${JSON.stringify(info.dtype)} is not one of ${DTYPES.join(', ')}`,
    );
  const n = elementCount(info.shape);
  if (typeof n === 'string') throw new SafetensorsError(`${where}: shape ${n}`);
  const offs = info.data_offsets;
  if (
    !Array.isArray(offs) ||
    offs.length !== 2 ||
    !offs.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0) ||
    offs[0] > offs[1]
  )
    throw new SafetensorsError(
      `${where}: data_offsets must be [start, end] with 0 <= start <= end, got ${JSON.stringify(offs)}`,
    );
  const [start, end] = offs as [number, number];
  if (end > dataLength)
    throw new SafetensorsError(
      `${where}: data_offsets [${start}, ${end}] reach beyond the data section (${dataLength} bytes)`,
    );
  const need = n * CTORS[info.dtype].BYTES_PER_ELEMENT;
  if (end - start !== need)
    throw new SafetensorsError(
      `${where}: data_offsets [${start}, ${end}] hold ${end - start} bytes but shape ` +
        `${JSON.stringify(info.shape)} of ${info.dtype} needs ${need}`,
    );
  return { name, entry: { dtype: info.dtype, shape: info.shape as number[] }, start, end };
}

/**
 * Parses and validates a whole safetensors file. Every tensor's data is copied into a fresh typed
 * array (so views are aligned and independent of `bytes`).
 */
export function readSafetensors(bytes: Uint8Array): {
  tensors: Record<string, TensorEntry>;
  metadata: Record<string, string>;
} {
  checkHost();
  if (bytes.length < 8)
    throw new SafetensorsError(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(bytes.length - 8))
    throw new SafetensorsError(
      `header length ${declared} reaches beyond the end of the file (${bytes.length - 8} bytes after the length)`,
    );
  const headerLen = Number(declared);
  if (headerLen > MAX_HEADER)
    throw new SafetensorsError(`header length ${headerLen} exceeds the ${MAX_HEADER}-byte limit`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new SafetensorsError('header must be a JSON object');
  // As the reference implementation requires: the JSON starts at once (padding may only follow it).
  if (text[0] !== '{') throw new SafetensorsError("header must begin with '{' (found leading whitespace)");

  const dataStart = 8 + headerLen;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const placed: Placed[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw new SafetensorsError('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string')
          throw new SafetensorsError(`__metadata__ "${k}": value must be a string, got ${JSON.stringify(v)}`);
        setOwn(metadata, k, v);
      }
    } else {
      placed.push(checkEntry(name, raw, dataLength));
    }
  }

  // The tensors must tile the data section exactly: no overlap, no gap, nothing left over.
  const byOffset = [...placed].sort((a, b) => a.start - b.start || a.end - b.end);
  let cursor = 0;
  let previous: Placed | undefined;
  for (const p of byOffset) {
    if (p.start < cursor)
      throw new SafetensorsError(
        `tensor "${p.name}": data_offsets [${p.start}, ${p.end}] overlap tensor "${previous?.name}" (ends at ${cursor})`,
      );
    if (p.start > cursor)
      throw new SafetensorsError(
        `tensor "${p.name}": data_offsets [${p.start}, ${p.end}] leave a gap of ${p.start - cursor} bytes before it`,
      );
    cursor = p.end;
    previous = p;
  }
  if (cursor !== dataLength)
    throw new SafetensorsError(
      `${dataLength - cursor} trailing bytes after the last tensor (data section is ${dataLength} bytes, tensors cover ${cursor})`,
    );

  const tensors: Record<string, TensorEntry> = {};
  for (const p of placed) {
    const ctor = CTORS[p.entry.dtype];
    const data = new ctor((p.end - p.start) / ctor.BYTES_PER_ELEMENT);
    new Uint8Array(data.buffer).set(bytes.subarray(dataStart + p.start, dataStart + p.end));
    setOwn(tensors, p.name, { dtype: p.entry.dtype, shape: [...p.entry.shape], data } as TensorEntry);
  }
  return { tensors, metadata };
}
