// safetensors: round trips over dtypes and shapes, deterministic bytes, the exact layout of a
// hand-built file, Python (stdlib struct/json, an independent reader and writer) agreeing with us,
// and every malformed header refused with a message naming the tensor and field.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SafetensorsError, readSafetensors, writeSafetensors, type TensorEntry } from './safetensors';

const sample = (): Record<string, TensorEntry> => ({
  'h.0.attn.c_attn.weight': {
    dtype: 'F32',
    shape: [2, 3],
    data: new Float32Array([1, -2.5, 3, 1e-8, NaN, -0]),
  },
  'wte.weight': { dtype: 'F32', shape: [3, 1], data: new Float32Array([0.1, 0.2, 0.3]) },
  scalar: { dtype: 'F32', shape: [], data: new Float32Array([42]) },
  empty: { dtype: 'F32', shape: [0], data: new Float32Array(0) },
  empty2d: { dtype: 'I32', shape: [2, 0], data: new Int32Array(0) },
  ids: { dtype: 'I32', shape: [4], data: new Int32Array([-1, 0, 2147483647, -2147483648]) },
  u16: { dtype: 'U16', shape: [2, 2], data: new Uint16Array([0, 1, 65535, 300]) },
  half: { dtype: 'F16', shape: [2], data: new Uint16Array([0x3c00, 0xc000]) },
  bf16: { dtype: 'BF16', shape: [1], data: new Uint16Array([0x3f80]) },
  bytes: { dtype: 'U8', shape: [3], data: new Uint8Array([0, 128, 255]) },
  i8: { dtype: 'I8', shape: [2], data: new Int8Array([-128, 127]) },
  f64: { dtype: 'F64', shape: [1, 1], data: new Float64Array([Math.PI]) },
  i64: { dtype: 'I64', shape: [2], data: new BigInt64Array([-(2n ** 62n), 5n]) },
  '10': { dtype: 'U8', shape: [1], data: new Uint8Array([10]) },
  '9': { dtype: 'U8', shape: [1], data: new Uint8Array([9]) },
});

/** A file with a hand-written header text and `dataBytes` zero bytes of data. */
function craft(header: unknown, dataBytes: number, headerText = JSON.stringify(header)): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}
const t = (dtype: unknown, shape: unknown, data_offsets: unknown) => ({ dtype, shape, data_offsets });
const refuse = (bytes: Uint8Array, message: RegExp) => {
  expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
  expect(() => readSafetensors(bytes)).toThrow(message);
};

describe('safetensors round trip', () => {
  it('reads back every dtype and shape, including a scalar and empty tensors, with metadata', () => {
    const tensors = sample();
    const bytes = writeSafetensors(tensors, { format: 'pt', note: 'ünïcode' });
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ format: 'pt', note: 'ünïcode' });
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, entry] of Object.entries(tensors)) {
      const got = back.tensors[name];
      expect(got.dtype, name).toBe(entry.dtype);
      expect(got.shape, name).toEqual(entry.shape);
      expect(got.data.constructor, name).toBe(entry.data.constructor);
      // Byte equality keeps NaN and -0 honest.
      const bytesOf = (d: TensorEntry['data']) =>
        Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
      expect(bytesOf(got.data), name).toEqual(bytesOf(entry.data));
    }
  });

  it('writes identical bytes for the same content, whatever the insertion order, and re-encodes identically', () => {
    const a = sample();
    const b = Object.fromEntries(Object.entries(sample()).reverse());
    const bytesA = writeSafetensors(a, { y: '2', x: '1' });
    const bytesB = writeSafetensors(b, { x: '1', y: '2' });
    expect(bytesB).toEqual(bytesA);
    const back = readSafetensors(bytesA);
    expect(writeSafetensors(back.tensors, back.metadata)).toEqual(bytesA);
  });

  it('lays out a small file exactly as the format specifies', () => {
    const bytes = writeSafetensors({
      b: { dtype: 'I32', shape: [1], data: new Int32Array([-2]) },
      a: { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) },
    });
    const json =
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    const expected = [
      ...[padded.length, 0, 0, 0, 0, 0, 0, 0],
      ...Array.from(padded, (c) => c.charCodeAt(0)),
      ...[0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40], // 1.0f, 2.0f little-endian
      ...[0xfe, 0xff, 0xff, 0xff], // -2 little-endian
    ];
    expect(Array.from(bytes)).toEqual(expected);
    expect((8 + padded.length) % 8).toBe(0);
  });

  it('reads a file at an unaligned byteOffset into aligned, independent arrays', () => {
    const bytes = writeSafetensors(sample());
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const view = shifted.subarray(3);
    const back = readSafetensors(view);
    expect(Array.from(back.tensors['wte.weight'].data as Float32Array)).toEqual(
      Array.from(new Float32Array([0.1, 0.2, 0.3])),
    );
    shifted.fill(0);
    expect(back.tensors.scalar.data[0]).toBe(42);
  });

  it('accepts an unpadded header and a header without __metadata__', () => {
    const file = craft({ x: t('U8', [3], [0, 3]) }, 3);
    file.set([7, 8, 9], file.length - 3);
    const back = readSafetensors(file);
    expect(back.metadata).toEqual({});
    expect(Array.from(back.tensors.x.data as Uint8Array)).toEqual([7, 8, 9]);
  });
});

describe('safetensors agrees with an independent Python reader and writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-py-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const python = (script: string, ...args: string[]) =>
    execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });

  it('Python reads what we write', () => {
    const path = join(dir, 'ours.safetensors');
    writeFileSync(path, writeSafetensors(sample(), { format: 'pt' }));
    const out = python(
      `import json, struct, sys, array
b = open(sys.argv[1], 'rb').read()
n, = struct.unpack('<Q', b[:8])
h = json.loads(b[8:8 + n])
data = b[8 + n:]
codes = {'F32': 'f', 'I32': 'i', 'U16': 'H', 'U8': 'B', 'F64': 'd', 'I8': 'b'}
res = {'__metadata__': h.pop('__metadata__')}
for k, v in h.items():
    s, e = v['data_offsets']
    if v['dtype'] in codes:
        a = array.array(codes[v['dtype']]); a.frombytes(data[s:e])
        res[k] = [v['shape'], [x if x == x else 'nan' for x in a.tolist()]]
print(json.dumps(res, sort_keys=True))`,
      path,
    );
    const res = JSON.parse(out) as Record<string, unknown>;
    expect(res.__metadata__).toEqual({ format: 'pt' });
    expect(res['h.0.attn.c_attn.weight']).toEqual([
      [2, 3],
      [1, -2.5, 3, Math.fround(1e-8), 'nan', -0],
    ]);
    expect(res.ids).toEqual([[4], [-1, 0, 2147483647, -2147483648]]);
    expect(res.scalar).toEqual([[], [42]]);
    expect(res.empty2d).toEqual([[2, 0], []]);
    expect(res.f64).toEqual([[1, 1], [Math.PI]]);
  });

  it('we read what Python writes', () => {
    const path = join(dir, 'theirs.safetensors');
    python(
      `import json, struct, sys, array
w = array.array('f', [0.5, -1.0, 2.25, 3.0, 4.0, 5.0]).tobytes()
i = array.array('i', [7, -7]).tobytes()
h = {'w': {'dtype': 'F32', 'shape': [2, 3], 'data_offsets': [0, len(w)]},
     'i': {'dtype': 'I32', 'shape': [2], 'data_offsets': [len(w), len(w) + len(i)]},
     '__metadata__': {'format': 'pt'}}
hb = json.dumps(h).encode()
open(sys.argv[1], 'wb').write(struct.pack('<Q', len(hb)) + hb + w + i)`,
      path,
    );
    const back = readSafetensors(new Uint8Array(readFileSync(path)));
    expect(back.metadata).toEqual({ format: 'pt' });
    expect(back.tensors.w.shape).toEqual([2, 3]);
    expect(Array.from(back.tensors.w.data as Float32Array)).toEqual([0.5, -1, 2.25, 3, 4, 5]);
    expect(Array.from(back.tensors.i.data as Int32Array)).toEqual([7, -7]);
  });
});

describe('safetensors refuses malformed files', () => {
  it('too short, or a header length beyond the file', () => {
    refuse(new Uint8Array(5), /5 bytes, shorter than the 8-byte header length/);
    const big = craft({}, 0);
    new DataView(big.buffer).setBigUint64(0, 1000n, true);
    refuse(big, /header length 1000 reaches beyond the end of the file/);
    new DataView(big.buffer).setBigUint64(0, 2n ** 63n, true);
    refuse(big, /reaches beyond the end of the file/);
  });

  it('a header that is not UTF-8, not JSON, or not an object', () => {
    refuse(
      craft(null, 0, '{"a\xff"}').map((b, i) => (i === 11 ? 0xff : b)),
      /header is not valid UTF-8/,
    );
    refuse(craft(null, 0, '{"a": '), /header is not valid JSON/);
    refuse(craft([], 0), /header must be a JSON object/);
    refuse(craft(null, 0, 'null'), /header must be a JSON object/);
    refuse(craft(null, 0, ' {}'), /header must begin with '\{'/);
  });

  it('bad dtype, shape or fields, naming the tensor', () => {
    refuse(craft({ w: t('F8_E4M3', [1], [0, 1]) }, 1), /tensor "w": dtype "F8_E4M3" is not one of/);
    refuse(craft({ w: t(7, [1], [0, 1]) }, 1), /tensor "w": dtype 7 is not one of/);
    refuse(
      craft({ w: t('U8', 3, [0, 3]) }, 3),
      /tensor "w": shape must be an array of non-negative integers/,
    );
    refuse(
      craft({ w: t('U8', [-1], [0, 0]) }, 0),
      /tensor "w": shape must be an array of non-negative integers/,
    );
    refuse(craft({ w: t('U8', [1.5], [0, 1]) }, 1), /tensor "w": shape must be/);
    refuse(craft({ w: t('U8', ['2'], [0, 2]) }, 2), /tensor "w": shape must be/);
    refuse(craft({ w: 5 }, 0), /tensor "w": header entry must be an object/);
    refuse(craft({ w: { ...t('U8', [1], [0, 1]), extra: 1 } }, 1), /tensor "w": unknown field "extra"/);
  });

  it('bad data_offsets, naming the tensor', () => {
    refuse(craft({ w: t('U8', [1], [0]) }, 1), /tensor "w": data_offsets must be \[start, end\]/);
    refuse(craft({ w: t('U8', [1], 'x') }, 1), /tensor "w": data_offsets must be/);
    refuse(craft({ w: t('U8', [1], [-1, 0]) }, 1), /tensor "w": data_offsets must be/);
    refuse(craft({ w: t('U8', [0], [2, 1]) }, 2), /tensor "w": data_offsets must be .* start <= end/);
    refuse(
      craft({ w: t('U8', [4], [0, 4]) }, 3),
      /tensor "w": data_offsets \[0, 4\] reach beyond the data section \(3 bytes\)/,
    );
  });

  it('a size that disagrees with shape times itemsize', () => {
    refuse(
      craft({ w: t('F32', [2, 3], [0, 20]) }, 20),
      /tensor "w": data_offsets \[0, 20\] hold 20 bytes but shape \[2,3\] of F32 needs 24/,
    );
  });

  it('overlapping offsets, gaps, and trailing bytes', () => {
    refuse(
      craft({ a: t('U8', [4], [0, 4]), b: t('U8', [2], [2, 4]) }, 4),
      /tensor "b": .* overlap tensor "a"/,
    );
    refuse(
      craft({ a: t('U8', [2], [0, 2]), b: t('U8', [2], [3, 5]) }, 5),
      /tensor "b": .* leave a gap of 1 bytes/,
    );
    refuse(craft({ a: t('U8', [2], [1, 3]) }, 3), /tensor "a": .* leave a gap of 1 bytes/);
    refuse(craft({ a: t('U8', [2], [0, 2]) }, 5), /3 trailing bytes after the last tensor/);
    refuse(craft({}, 1), /1 trailing bytes/);
  });

  it('__metadata__ that is not an object of strings', () => {
    refuse(craft({ __metadata__: { step: 3 } }, 0), /__metadata__ "step": value must be a string, got 3/);
    refuse(craft({ __metadata__: ['x'] }, 0), /__metadata__ must be an object of strings/);
  });

  it('the writer refuses data that does not fit its dtype or shape', () => {
    const bad = (e: TensorEntry) => () => writeSafetensors({ w: e });
    expect(bad({ dtype: 'F32', shape: [2], data: new Int32Array(2) } as unknown as TensorEntry)).toThrow(
      /tensor "w": dtype F32 needs a Float32Array/,
    );
    expect(bad({ dtype: 'F32', shape: [2, 2], data: new Float32Array(3) })).toThrow(
      /tensor "w": data has 3 elements but shape \[2,2\] needs 4/,
    );
    expect(bad({ dtype: 'F32', shape: [-3], data: new Float32Array(0) })).toThrow(
      /tensor "w": shape must be/,
    );
    expect(() => writeSafetensors({}, { k: 1 as unknown as string })).toThrow(
      /__metadata__ "k": value must be a string/,
    );
  });
});
