// `checkpoint.json`, the manifest of a versioned checkpoint: format name and version, step,
// the opaque JSON state (model config, tokenizer, recipe, data cursor, RNG, optimizer hyper-
// parameters), and the size and SHA-256 of each weight file. The manifest carries its own checksum
// (`manifestSha256`, over the compact JSON of every other field) and must be laid out exactly as
// written, so a flipped bit anywhere in it is caught too (hand-edited manifests are refused). Leaves the weight files themselves to format.ts.
import { sha256Hex } from './sha256';

export const CHECKPOINT_FORMAT = 'codemix-checkpoint';
export const CHECKPOINT_VERSION = 1;
export const SUPPORTED_CHECKPOINT_VERSIONS: readonly number[] = [1];
export const MANIFEST_FILE = 'checkpoint.json';
export const MODEL_FILE = 'model.safetensors';
export const OPTIMIZER_FILE = 'optimizer.safetensors';
export const WEIGHT_FILES = [MODEL_FILE, OPTIMIZER_FILE] as const;

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** checkpoint.json as stored (version 1). The opaque fields are any JSON. */
export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  createdAt: string;
  step: number;
  config: unknown;
  tokenizer: unknown;
  recipe: unknown;
  dataCursor: unknown;
  rng: unknown;
  optimizer: { step: number; hyper: unknown };
  files: Record<(typeof WEIGHT_FILES)[number], FileDigest>;
  notes?: unknown;
}

const OPAQUE = ['config', 'tokenizer', 'recipe', 'dataCursor', 'rng'] as const;

/**
 * Throws unless `value` survives JSON unchanged (finite numbers, strings, booleans, null, arrays,
 * plain objects; `undefined` object properties are dropped as JSON drops them). `path` names it.
 */
export function assertJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CheckpointError(`${path}: ${value} cannot be stored in JSON`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (v === undefined) throw new CheckpointError(`${path}[${i}]: undefined cannot be stored in JSON`);
      assertJson(v, `${path}[${i}]`);
    });
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      throw new CheckpointError(
        `${path}: a ${value.constructor?.name ?? 'class instance'} cannot be stored in JSON (use plain objects)`,
      );
    for (const [k, v] of Object.entries(value)) if (v !== undefined) assertJson(v, `${path}.${k}`);
    return;
  }
  throw new CheckpointError(`${path}: a ${typeof value} cannot be stored in JSON`);
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** The one text of checkpoint.json for a manifest: pretty-printed, its own checksum last. */
const layout = (body: object, manifestSha256: string): string =>
  JSON.stringify({ ...body, manifestSha256 }, null, 2) + '\n';

/** The bytes of checkpoint.json for a manifest. */
export async function writeManifest(manifest: CheckpointManifest): Promise<Uint8Array> {
  const body = JSON.stringify(manifest);
  const manifestSha256 = await sha256Hex(new TextEncoder().encode(body));
  return new TextEncoder().encode(layout(JSON.parse(body) as object, manifestSha256));
}

/**
 * Parses and checks checkpoint.json: JSON, format, version (before anything version-specific),
 * self-checksum, then the fields version 1 requires. Throws a CheckpointError saying what is wrong.
 */
export async function readManifest(bytes: Uint8Array): Promise<CheckpointManifest> {
  const where = MANIFEST_FILE;
  let parsed: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`${where} is not valid JSON (${(e as Error).message}); the file is damaged`);
  }
  if (!isObject(parsed)) throw new CheckpointError(`${where} must hold a JSON object`);
  if (parsed.format !== CHECKPOINT_FORMAT)
    throw new CheckpointError(
      `${where}: format is ${JSON.stringify(parsed.format)}, expected "${CHECKPOINT_FORMAT}"; this is not a lab checkpoint`,
    );
  if (typeof parsed.version !== 'number' || !SUPPORTED_CHECKPOINT_VERSIONS.includes(parsed.version))
    throw new CheckpointError(
      `${where}: checkpoint format version ${JSON.stringify(parsed.version)} is not supported ` +
        `(this build reads version ${SUPPORTED_CHECKPOINT_VERSIONS.join(', ')})`,
    );
  const { manifestSha256, ...rest } = parsed;
  if (typeof manifestSha256 !== 'string') throw new CheckpointError(`${where}: manifestSha256 is missing`);
  const actual = await sha256Hex(new TextEncoder().encode(JSON.stringify(rest)));
  // The text must also be exactly as written: a flip such as 1e-8 -> 1E-8 parses the same but is damage.
  if (actual !== manifestSha256 || text !== layout(rest, manifestSha256))
    throw new CheckpointError(
      `${where} is corrupted: its contents do not match its manifestSha256 (the file was altered or damaged)`,
    );
  return checkFields(rest);
}

function checkFields(m: Record<string, unknown>): CheckpointManifest {
  const where = MANIFEST_FILE;
  const fail = (field: string, what: string): never => {
    throw new CheckpointError(`${where}: ${field} ${what}`);
  };
  if (typeof m.createdAt !== 'string') fail('createdAt', 'must be a string');
  if (!isCount(m.step)) fail('step', 'must be a non-negative integer');
  for (const k of OPAQUE) if (!(k in m)) fail(k, 'is missing');
  const opt = m.optimizer;
  if (!isObject(opt)) return fail('optimizer', 'must be an object');
  if (!isCount(opt.step)) fail('optimizer.step', 'must be a non-negative integer');
  if (!('hyper' in opt)) fail('optimizer.hyper', 'is missing');
  if (!isObject(m.files)) return fail('files', 'must be an object');
  for (const name of WEIGHT_FILES) {
    const f = m.files[name];
    if (!isObject(f)) return fail(`files["${name}"]`, 'is missing');
    if (!isCount(f.bytes)) fail(`files["${name}"].bytes`, 'must be a non-negative integer');
    if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256))
      fail(`files["${name}"].sha256`, 'must be 64 lowercase hex digits');
  }
  return m as unknown as CheckpointManifest;
}

/** Checks a weight file against the manifest's size and checksum; throws naming the file. */
export async function verifyFile(name: string, bytes: Uint8Array, expected: FileDigest): Promise<void> {
  if (bytes.length < expected.bytes)
    throw new CheckpointError(
      `${name} is truncated: ${bytes.length} of ${expected.bytes} bytes (the save was interrupted or the copy is incomplete)`,
    );
  if (bytes.length > expected.bytes)
    throw new CheckpointError(
      `${name} is ${bytes.length} bytes but ${MANIFEST_FILE} records ${expected.bytes}; the file was altered`,
    );
  const actual = await sha256Hex(bytes);
  if (actual !== expected.sha256)
    throw new CheckpointError(
      `${name} is corrupted: checksum mismatch (SHA-256 ${actual.slice(0, 12)}…, ` +
        `${MANIFEST_FILE} records ${expected.sha256.slice(0, 12)}…)`,
    );
}
