// The versioned checkpoint: exact round trip, byte-identical re-encoding, checksums that agree with
// node:crypto, and every damaged input (missing, truncated, any flipped bit, wrong version or
// format, wrong shapes, missing moments) rejected with a message that names the problem.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_VERSION,
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  type CheckpointData,
  type ParamTensor,
} from './format';
import { readManifest, writeManifest } from './manifest';
import { readSafetensors, writeSafetensors, type TensorEntry } from './safetensors';
import { Rng } from '../rng';

function tensor(rng: Rng, shape: number[]): ParamTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from(rng.normals(n, 0.02)) };
}

function sampleCheckpoint(): CheckpointData {
  const rng = new Rng(11);
  const shapes: Record<string, number[]> = {
    'wte.weight': [6, 4],
    'wpe.weight': [3, 4],
    'h.0.ln_1.weight': [4],
    'h.0.attn.c_attn.weight': [4, 12],
    'h.0.attn.c_attn.bias': [12],
    'ln_f.bias': [4],
  };
  const make = () => Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, tensor(rng, s)]));
  return {
    step: 17,
    createdAt: '2025-01-02T03:04:05.000Z',
    config: { vocabSize: 6, blockSize: 3, nLayer: 1, nHead: 1, nEmbd: 4, dropout: 0 },
    tokenizer: { version: 1, merges: [[104, 105]], special: { '<|doc|>': 5 } },
    recipe: { name: 'tiny', stages: [{ steps: 20, mix: { code: 0.3, text: 0.7 } }] },
    dataCursor: { code: 123, text: 456 },
    rng: 987654321,
    optimizer: {
      step: 17,
      hyper: { lr: 3e-4, betas: [0.9, 0.95], eps: 1e-8, weightDecay: 0.1 },
      m: make(),
      v: make(),
    },
    params: make(),
    notes: 'résumé test',
  };
}

const clone = (files: Map<string, Uint8Array>) =>
  new Map<string, Uint8Array>([...files].map(([k, v]) => [k, v.slice()]));

/** Replaces a weight file and fixes the manifest's size and checksums, as a careful forger would. */
async function forge(files: Map<string, Uint8Array>, name: string, bytes: Uint8Array) {
  const out = clone(files);
  const manifest = await readManifest(out.get('checkpoint.json') as Uint8Array);
  out.set(name, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  manifest.files[name as 'model.safetensors'] = { bytes: bytes.length, sha256 };
  out.set('checkpoint.json', await writeManifest(manifest));
  return out;
}

/** Rewrites checkpoint.json's JSON directly (its self-checksum is left as it was). */
function editManifest(files: Map<string, Uint8Array>, edit: (m: Record<string, unknown>) => void) {
  const out = clone(files);
  const m = JSON.parse(new TextDecoder().decode(out.get('checkpoint.json'))) as Record<string, unknown>;
  edit(m);
  out.set('checkpoint.json', new TextEncoder().encode(JSON.stringify(m)));
  return out;
}

async function rejection(files: Parameters<typeof decodeCheckpoint>[0]): Promise<string> {
  try {
    await decodeCheckpoint(files);
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return (e as Error).message;
  }
  throw new Error('decodeCheckpoint accepted a damaged checkpoint');
}

describe('checkpoint encode/decode', () => {
  it('round-trips exactly, from a map or a loader', async () => {
    const c = sampleCheckpoint();
    const files = await encodeCheckpoint(c);
    expect([...files.keys()]).toEqual(['model.safetensors', 'optimizer.safetensors', 'checkpoint.json']);
    expect(await decodeCheckpoint(files)).toEqual(c);
    expect(await decodeCheckpoint(async (name) => files.get(name))).toEqual(c);
  });

  it('re-encodes a decoded checkpoint to identical bytes', async () => {
    const files = await encodeCheckpoint(sampleCheckpoint());
    const again = await encodeCheckpoint(await decodeCheckpoint(files));
    for (const [name, bytes] of files) expect(again.get(name), name).toEqual(bytes);
  });

  it('writes the documented manifest and safetensors files that stand on their own', async () => {
    const c = sampleCheckpoint();
    const files = await encodeCheckpoint(c);
    const m = JSON.parse(new TextDecoder().decode(files.get('checkpoint.json')));
    expect(m.format).toBe('codemix-checkpoint');
    expect(m.version).toBe(CHECKPOINT_VERSION);
    expect(m.step).toBe(17);
    expect(m.optimizer).toEqual({ step: 17, hyper: c.optimizer.hyper });
    for (const name of ['model.safetensors', 'optimizer.safetensors']) {
      const bytes = files.get(name) as Uint8Array;
      expect(m.files[name]).toEqual({
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
    const model = readSafetensors(files.get('model.safetensors') as Uint8Array);
    expect(Object.keys(model.tensors).sort()).toEqual(Object.keys(c.params).sort());
    const opt = readSafetensors(files.get('optimizer.safetensors') as Uint8Array);
    expect(opt.tensors['m.wte.weight'].data).toEqual(c.optimizer.m['wte.weight'].data);
    expect(opt.tensors['v.h.0.attn.c_attn.bias'].data).toEqual(c.optimizer.v['h.0.attn.c_attn.bias'].data);
  });

  it('sets createdAt when absent', async () => {
    const c = sampleCheckpoint();
    delete c.createdAt;
    const back = await decodeCheckpoint(await encodeCheckpoint(c));
    expect(Date.parse(back.createdAt as string)).toBeGreaterThan(Date.parse('2024-01-01'));
  });
});

describe('checkpoint decode rejects damage with a message that says what is wrong', () => {
  it('a missing file', async () => {
    const files = await encodeCheckpoint(sampleCheckpoint());
    for (const name of files.keys()) {
      const partial = clone(files);
      partial.delete(name);
      expect(await rejection(partial)).toBe(`the checkpoint is incomplete: ${name} is missing`);
    }
  });

  it('a truncated or extended file', async () => {
    const files = await encodeCheckpoint(sampleCheckpoint());
    for (const name of ['model.safetensors', 'optimizer.safetensors']) {
      const cut = clone(files);
      const full = files.get(name) as Uint8Array;
      cut.set(name, full.slice(0, full.length - 5));
      expect(await rejection(cut)).toBe(
        `${name} is truncated: ${full.length - 5} of ${full.length} bytes (the save was interrupted or the copy is incomplete)`,
      );
      const longer = clone(files);
      longer.set(name, new Uint8Array([...full, 0]));
      expect(await rejection(longer)).toMatch(
        new RegExp(`^${name} is ${full.length + 1} bytes but checkpoint.json records`),
      );
    }
    const cut = clone(files);
    cut.set('checkpoint.json', (files.get('checkpoint.json') as Uint8Array).slice(0, 100));
    expect(await rejection(cut)).toMatch(/^checkpoint.json is not valid JSON .* the file is damaged$/);
  });

  it('any single flipped bit in any file', async () => {
    // A smaller checkpoint keeps the exhaustive search quick; 1e-8 can flip to 1E-8, equal as JSON.
    const p = (x: number) => ({ shape: [2], data: new Float32Array([x, -x]) });
    const files = await encodeCheckpoint({
      ...sampleCheckpoint(),
      tokenizer: { merges: [[104, 105]] },
      recipe: { name: 'tiny' },
      params: { 'wte.weight': p(1) },
      optimizer: { step: 3, hyper: { eps: 1e-8 }, m: { 'wte.weight': p(2) }, v: { 'wte.weight': p(3) } },
    });
    for (const [name, bytes] of files) {
      const messages = new Set<string>();
      // Every bit of the manifest; one bit per byte (rotating) of the weight files, all under one checksum.
      const bits = name === 'checkpoint.json' ? [0, 1, 2, 3, 4, 5, 6, 7] : [];
      for (let i = 0; i < bytes.length; i++) {
        for (const bit of bits.length ? bits : [i % 8]) {
          const flipped = new Map(files);
          const copy = bytes.slice();
          copy[i] ^= 1 << bit;
          flipped.set(name, copy);
          const message = await rejection(flipped);
          expect(message, `${name} byte ${i} bit ${bit}`).toContain(name);
          messages.add(message.replace(/[0-9a-f]{12}…/g, '…').replace(/\d+/g, 'N'));
        }
      }
      if (name !== 'checkpoint.json')
        expect([...messages]).toEqual([
          `${name} is corrupted: checksum mismatch (SHA-N …, checkpoint.json records …)`,
        ]);
      else expect([...messages].some((m) => m.startsWith('checkpoint.json is corrupted'))).toBe(true);
    }
  });

  it('a wrong version or format, reported before anything version-specific', async () => {
    const files = await encodeCheckpoint(sampleCheckpoint());
    expect(await rejection(editManifest(files, (m) => (m.version = 2)))).toBe(
      'checkpoint.json: checkpoint format version 2 is not supported (this build reads version 1)',
    );
    expect(await rejection(editManifest(files, (m) => delete m.version))).toMatch(
      /format version undefined is not supported/,
    );
    expect(await rejection(editManifest(files, (m) => (m.format = 'safetensors')))).toBe(
      'checkpoint.json: format is "safetensors", expected "codemix-checkpoint"; this is not a lab checkpoint',
    );
    expect(await rejection(editManifest(files, (m) => (m.step = 18)))).toMatch(
      /^checkpoint.json is corrupted/,
    );
  });

  it('a manifest missing required fields (with a valid checksum)', async () => {
    const files = await encodeCheckpoint(sampleCheckpoint());
    const manifest = (await readManifest(files.get('checkpoint.json') as Uint8Array)) as unknown as Record<
      string,
      unknown
    >;
    const without = async (key: string) => {
      const m = { ...manifest };
      delete m[key];
      const out = clone(files);
      out.set('checkpoint.json', await writeManifest(m as never));
      return rejection(out);
    };
    expect(await without('tokenizer')).toBe('checkpoint.json: tokenizer is missing');
    expect(await without('step')).toBe('checkpoint.json: step must be a non-negative integer');
    expect(await without('files')).toBe('checkpoint.json: files must be an object');
  });

  it('moments whose shape differs from their parameter, missing or stray moments, wrong tensors', async () => {
    const c = sampleCheckpoint();
    const files = await encodeCheckpoint(c);
    const opt = readSafetensors(files.get('optimizer.safetensors') as Uint8Array).tensors;
    const withOpt = (edit: (t: Record<string, TensorEntry>) => void) => {
      const t = { ...opt };
      edit(t);
      return forge(files, 'optimizer.safetensors', writeSafetensors(t));
    };
    expect(
      await rejection(await withOpt((t) => (t['v.wpe.weight'] = { ...t['v.wpe.weight'], shape: [4, 3] }))),
    ).toBe(
      'optimizer.safetensors: moment "v.wpe.weight" has shape [4, 3] but parameter "wpe.weight" has [3, 4]',
    );
    expect(await rejection(await withOpt((t) => delete t['m.ln_f.bias']))).toBe(
      'optimizer.safetensors: missing moment "m.ln_f.bias" for parameter "ln_f.bias"',
    );
    expect(await rejection(await withOpt((t) => (t['v.h.9.mlp'] = t['v.ln_f.bias'])))).toBe(
      'optimizer.safetensors: moment "v.h.9.mlp" has no parameter "h.9.mlp"',
    );
    expect(await rejection(await withOpt((t) => (t['step'] = t['v.ln_f.bias'])))).toBe(
      'optimizer.safetensors: unexpected tensor "step" (moments are named m.<param> and v.<param>)',
    );
    const model = readSafetensors(files.get('model.safetensors') as Uint8Array).tensors;
    const ints = writeSafetensors({
      ...model,
      'ln_f.bias': { dtype: 'I32', shape: [4], data: new Int32Array(4) },
    });
    expect(await rejection(await forge(files, 'model.safetensors', ints))).toBe(
      'model.safetensors: tensor "ln_f.bias" is I32, expected F32',
    );
    const broken = (files.get('model.safetensors') as Uint8Array).slice(0, 40);
    expect(await rejection(await forge(files, 'model.safetensors', broken))).toMatch(
      /^model.safetensors: safetensors: header length \d+ reaches beyond the end of the file/,
    );
  });
});

describe('checkpoint encode refuses state it cannot store faithfully', () => {
  const refuse = async (edit: (c: CheckpointData) => void, message: string | RegExp) => {
    const c = sampleCheckpoint();
    edit(c);
    await expect(encodeCheckpoint(c)).rejects.toThrow(message);
    await expect(encodeCheckpoint(c)).rejects.toBeInstanceOf(CheckpointError);
  };

  it('missing or misshapen moments and parameters', async () => {
    await refuse(
      (c) => delete c.optimizer.v['wte.weight'],
      'optimizer: missing moment "v.wte.weight" for parameter "wte.weight"',
    );
    await refuse(
      (c) => (c.optimizer.m['wpe.weight'].shape = [12]),
      'optimizer: moment "m.wpe.weight" has shape [12]',
    );
    await refuse(
      (c) => (c.params['wte.weight'].shape = [5, 4]),
      'parameter "wte.weight": shape [5, 4] needs 20 values, data has 24',
    );
    await refuse(
      (c) => (c.params['ln_f.bias'] = { shape: [4], data: [1, 2, 3, 4] as unknown as Float32Array }),
      'parameter "ln_f.bias": data must be a Float32Array',
    );
  });

  it('opaque state that JSON would change', async () => {
    await refuse(
      (c) => ((c.config as Record<string, unknown>).nEmbd = NaN),
      'config.nEmbd: NaN cannot be stored in JSON',
    );
    await refuse(
      (c) => (c.recipe = { at: new Date() }),
      'recipe.at: a Date cannot be stored in JSON (use plain objects)',
    );
    await refuse((c) => (c.dataCursor = [1, undefined]), 'dataCursor[1]: undefined cannot be stored in JSON');
    await refuse((c) => (c.tokenizer = undefined), 'tokenizer is missing (use null for "none")');
    await refuse((c) => (c.step = -1), 'step must be a non-negative integer, got -1');
  });
});
