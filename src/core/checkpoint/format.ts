// The lab's versioned checkpoint as a small set of files: checkpoint.json (manifest.ts),
// model.safetensors (parameters by their GPT-2-like names, F32) and optimizer.safetensors (AdamW
// moments `m.<param>` and `v.<param>`, F32). Encoding validates before writing, so a broken
// checkpoint is never produced; decoding checks presence, sizes, checksums, version and shapes and
// says what is wrong. Where the files live (OPFS, IndexedDB, a directory) is the stores' job.
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CheckpointError,
  MANIFEST_FILE,
  MODEL_FILE,
  OPTIMIZER_FILE,
  WEIGHT_FILES,
  assertJson,
  readManifest,
  verifyFile,
  writeManifest,
  type CheckpointManifest,
  type FileDigest,
} from './manifest';
import { SafetensorsError, readSafetensors, writeSafetensors, type TensorEntry } from './safetensors';
import { sha256Hex } from './sha256';

export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CheckpointError,
  MANIFEST_FILE,
  MODEL_FILE,
  OPTIMIZER_FILE,
  type CheckpointManifest,
};

/** A float32 tensor, row-major. */
export interface ParamTensor {
  shape: number[];
  data: Float32Array;
}

export interface CheckpointData {
  step: number;
  /** Opaque JSON (the engine's model config, tokenizer, recipe, data cursor, RNG state). */
  config: unknown;
  tokenizer: unknown;
  recipe: unknown;
  dataCursor: unknown;
  rng: unknown;
  optimizer: {
    step: number;
    hyper: unknown;
    /** First and second AdamW moments, one per parameter, same names and shapes as `params`. */
    m: Record<string, ParamTensor>;
    v: Record<string, ParamTensor>;
  };
  params: Record<string, ParamTensor>;
  /** ISO time; set to now by encodeCheckpoint when absent. */
  createdAt?: string;
  notes?: unknown;
}

/** Where decodeCheckpoint finds files: a map, or a loader returning undefined for a missing file. */
export type CheckpointFiles = Map<string, Uint8Array> | ((name: string) => Promise<Uint8Array | undefined>);

const shapeText = (s: number[]): string => `[${s.join(', ')}]`;

function checkTensor(t: ParamTensor, where: string): void {
  if (!(t?.data instanceof Float32Array)) throw new CheckpointError(`${where}: data must be a Float32Array`);
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new CheckpointError(`${where}: shape must be an array of non-negative integers`);
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (n !== t.data.length)
    throw new CheckpointError(
      `${where}: shape ${shapeText(t.shape)} needs ${n} values, data has ${t.data.length}`,
    );
}

/** Every parameter has an m and a v of its shape, and no moment lacks a parameter. */
function checkMoments(
  params: Record<string, ParamTensor>,
  m: Record<string, ParamTensor>,
  v: Record<string, ParamTensor>,
  where: string,
): void {
  for (const [kind, moments] of [
    ['m', m],
    ['v', v],
  ] as const) {
    for (const [name, p] of Object.entries(params)) {
      const mo = Object.prototype.hasOwnProperty.call(moments, name) ? moments[name] : undefined;
      if (!mo)
        throw new CheckpointError(`${where}: missing moment "${kind}.${name}" for parameter "${name}"`);
      if (mo.shape.length !== p.shape.length || mo.shape.some((d, i) => d !== p.shape[i]))
        throw new CheckpointError(
          `${where}: moment "${kind}.${name}" has shape ${shapeText(mo.shape)} but parameter "${name}" has ${shapeText(p.shape)}`,
        );
    }
    for (const name of Object.keys(moments))
      if (!Object.prototype.hasOwnProperty.call(params, name))
        throw new CheckpointError(`${where}: moment "${kind}.${name}" has no parameter "${name}"`);
  }
}

const asEntry = (t: ParamTensor): TensorEntry => ({ dtype: 'F32', shape: t.shape, data: t.data });

/** Serialises a checkpoint into its files (weights first, checkpoint.json last). */
export async function encodeCheckpoint(c: CheckpointData): Promise<Map<string, Uint8Array>> {
  if (!Number.isSafeInteger(c.step) || c.step < 0)
    throw new CheckpointError(`step must be a non-negative integer, got ${c.step}`);
  if (!Number.isSafeInteger(c.optimizer?.step) || c.optimizer.step < 0)
    throw new CheckpointError(`optimizer.step must be a non-negative integer, got ${c.optimizer?.step}`);
  for (const k of ['config', 'tokenizer', 'recipe', 'dataCursor', 'rng'] as const) {
    if (c[k] === undefined) throw new CheckpointError(`${k} is missing (use null for "none")`);
    assertJson(c[k], k);
  }
  assertJson(c.optimizer.hyper ?? null, 'optimizer.hyper');
  if (c.notes !== undefined) assertJson(c.notes, 'notes');
  const model: Record<string, TensorEntry> = {};
  const moments: Record<string, TensorEntry> = {};
  for (const [name, t] of Object.entries(c.params)) {
    checkTensor(t, `parameter "${name}"`);
    model[name] = asEntry(t);
  }
  for (const kind of ['m', 'v'] as const)
    for (const [name, t] of Object.entries(c.optimizer[kind] ?? {})) {
      checkTensor(t, `moment "${kind}.${name}"`);
      moments[`${kind}.${name}`] = asEntry(t);
    }
  checkMoments(c.params, c.optimizer.m ?? {}, c.optimizer.v ?? {}, 'optimizer');

  const weights = new Map<string, Uint8Array>([
    [MODEL_FILE, writeSafetensors(model, { format: CHECKPOINT_FORMAT, kind: 'model' })],
    [OPTIMIZER_FILE, writeSafetensors(moments, { format: CHECKPOINT_FORMAT, kind: 'optimizer' })],
  ]);
  const files = {} as Record<(typeof WEIGHT_FILES)[number], FileDigest>;
  for (const name of WEIGHT_FILES) {
    const bytes = weights.get(name) as Uint8Array;
    files[name] = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
  }
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    createdAt: c.createdAt ?? new Date().toISOString(),
    step: c.step,
    config: c.config,
    tokenizer: c.tokenizer,
    recipe: c.recipe,
    dataCursor: c.dataCursor,
    rng: c.rng,
    optimizer: { step: c.optimizer.step, hyper: c.optimizer.hyper ?? null },
    files,
    ...(c.notes !== undefined ? { notes: c.notes } : {}),
  };
  weights.set(MANIFEST_FILE, await writeManifest(manifest));
  return weights;
}

async function loadFile(get: (name: string) => Promise<Uint8Array | undefined>, name: string) {
  const bytes = await get(name);
  if (!bytes) throw new CheckpointError(`the checkpoint is incomplete: ${name} is missing`);
  return bytes;
}

function readWeights(name: string, bytes: Uint8Array): Record<string, ParamTensor> {
  let tensors: Record<string, TensorEntry>;
  try {
    tensors = readSafetensors(bytes).tensors;
  } catch (e) {
    if (e instanceof SafetensorsError) throw new CheckpointError(`${name}: ${e.message}`);
    throw e;
  }
  const out: Record<string, ParamTensor> = {};
  for (const [k, t] of Object.entries(tensors)) {
    if (t.dtype !== 'F32') throw new CheckpointError(`${name}: tensor "${k}" is ${t.dtype}, expected F32`);
    out[k] = { shape: t.shape, data: t.data };
  }
  return out;
}

/** Reads and checks a checkpoint's files; throws a CheckpointError that says what is wrong. */
export async function decodeCheckpoint(files: CheckpointFiles): Promise<CheckpointData> {
  const get = typeof files === 'function' ? files : async (name: string) => files.get(name);
  const manifest = await readManifest(await loadFile(get, MANIFEST_FILE));
  const weights: Partial<Record<string, Uint8Array>> = {};
  for (const name of WEIGHT_FILES) {
    const bytes = await loadFile(get, name);
    await verifyFile(name, bytes, manifest.files[name]);
    weights[name] = bytes;
  }
  const params = readWeights(MODEL_FILE, weights[MODEL_FILE] as Uint8Array);
  const moments = readWeights(OPTIMIZER_FILE, weights[OPTIMIZER_FILE] as Uint8Array);
  const m: Record<string, ParamTensor> = {};
  const v: Record<string, ParamTensor> = {};
  for (const [k, t] of Object.entries(moments)) {
    const kind = k.slice(0, 2);
    if (kind === 'm.') m[k.slice(2)] = t;
    else if (kind === 'v.') v[k.slice(2)] = t;
    else
      throw new CheckpointError(
        `${OPTIMIZER_FILE}: unexpected tensor "${k}" (moments are named m.<param> and v.<param>)`,
      );
  }
  checkMoments(params, m, v, OPTIMIZER_FILE);
  const data: CheckpointData = {
    step: manifest.step,
    config: manifest.config,
    tokenizer: manifest.tokenizer,
    recipe: manifest.recipe,
    dataCursor: manifest.dataCursor,
    rng: manifest.rng,
    optimizer: { step: manifest.optimizer.step, hyper: manifest.optimizer.hyper, m, v },
    params,
    createdAt: manifest.createdAt,
  };
  if (manifest.notes !== undefined) data.notes = manifest.notes;
  return data;
}
