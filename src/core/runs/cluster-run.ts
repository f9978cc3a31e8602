// A run trained outside the browser by the exported PyTorch study (cli/torch/train.py) brought back
// into the run history: its directory's files (metrics.jsonl in the lab's format, summary.json, the
// final model/ as a Hugging Face GPT-2 directory, and the study's study.json for the recipe) become
// a run record whose metric series are built exactly as a browser run's are (applyTrainEvent), so
// its loss curves overlay on Compare. The model is returned as files for the engine's importHf.
// Everything is checked first; problems are listed together, naming the file and the line.
import type { MetricsEvent, EvalEvent, RunSummary } from '../../contract/train';
import { HF_FILES } from '../hf/errors';
import { readTar } from '../hf/tar';
import { RecipeError, parseRecipe, type Recipe } from '../recipe/recipe';
import { applyTrainEvent, createRunRecord, stageOffsets } from './record';
import type { RunRecord } from './types';

/** The origin label a cluster run carries in the run history. */
export const CLUSTER_ORIGIN = 'PyTorch cluster';
/** Largest model.safetensors the browser is asked to hold (float32 weights; AdamW moments triple it). */
export const BROWSER_MODEL_LIMIT_BYTES = 256 * 1024 * 1024;
/** How many problems one error lists before it says how many more there were. */
const MAX_PROBLEMS = 12;

export interface PickedFile {
  /** The file's path as picked (a folder's relative path, or a path inside a .tar). */
  path: string;
  bytes: Uint8Array;
}

export interface ClusterRun {
  /** The run record (no checkpoints yet: add the name the model was imported under). */
  run: RunRecord;
  recipe: Recipe;
  /** The final model as a Hugging Face GPT-2 directory's files, by file name. */
  model: Record<string, Uint8Array>;
  /** Whether model.safetensors is small enough to load in the browser (BROWSER_MODEL_LIMIT_BYTES). */
  fitsInBrowser: boolean;
  /** The run directory inside what was picked ('' for the top). */
  runDir: string;
  /** Where the recipe came from (e.g. `study.json`). */
  recipeFile: string;
}

export class ClusterRunError extends Error {
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    const more = problems.length - shown.length;
    super(
      `Not a usable cluster run:\n${shown.map((p) => `  - ${p}`).join('\n')}${more > 0 ? `\n  - … and ${more} more` : ''}`,
    );
    this.name = 'ClusterRunError';
  }
}

const utf8 = new TextDecoder('utf-8');
const norm = (path: string) => path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const RUN_FILES = ['metrics.jsonl', 'summary.json', 'study.json', 'recipe.json'];

/**
 * Whether a picked file can matter to a cluster run import (so a picked study folder's token shards,
 * Python files and PyTorch checkpoint are never read): the run's JSON files, model/'s files, a .tar.
 */
export function isClusterRunFile(path: string): boolean {
  const p = norm(path);
  const name = baseOf(p);
  if (RUN_FILES.includes(name) || name.toLowerCase().endsWith('.tar')) return true;
  // model/'s files, or loose ones (picked one by one, so without their folder)
  return (
    (!p.includes('/') || baseOf(dirOf(p)) === 'model') && (Object.values(HF_FILES) as string[]).includes(name)
  );
}

/** Picked files by normalised path, with any .tar unpacked in place (its entries under its folder). */
export function unpackPicked(picked: readonly PickedFile[]): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const p of picked) {
    const path = norm(p.path);
    if (path.toLowerCase().endsWith('.tar')) {
      for (const [inner, bytes] of readTar(p.bytes)) files.set(join(dirOf(path), norm(inner)), bytes);
    } else files.set(path, p.bytes);
  }
  return files;
}

function parseJson(file: string, bytes: Uint8Array | undefined, problems: string[]): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch (e) {
    problems.push(`${file}: not valid JSON (${(e as Error).message})`);
    return undefined;
  }
}

/** The run directory: the one folder holding metrics.jsonl. */
function findRunDir(files: Map<string, Uint8Array>): string {
  const found = [...files.keys()].filter((p) => baseOf(p) === 'metrics.jsonl');
  if (found.length === 0)
    throw new ClusterRunError([
      'no metrics.jsonl: pick the directory train.py wrote (its --out, e.g. run/, holding metrics.jsonl, summary.json and model/), or the study folder that contains it',
    ]);
  if (found.length > 1)
    throw new ClusterRunError([
      `${found.length} metrics.jsonl files (${found.join(', ')}): pick one run directory at a time`,
    ]);
  return dirOf(found[0]);
}

/** The recipe: study.json (or recipe.json) in the run directory or the folder above it. */
function findRecipe(
  files: Map<string, Uint8Array>,
  runDir: string,
  problems: string[],
): { recipe: Recipe | null; file: string } {
  const dirs = [runDir, ...(runDir ? [dirOf(runDir)] : [])];
  for (const dir of dirs)
    for (const name of ['study.json', 'recipe.json']) {
      const file = join(dir, name);
      if (!files.has(file)) continue;
      const value = parseJson(file, files.get(file), problems);
      if (value === undefined) return { recipe: null, file };
      const raw = name === 'study.json' && isObject(value) ? value.recipe : value;
      if (name === 'study.json' && (!isObject(value) || value.format !== 'codemix-torch-study'))
        problems.push(`${file}: not a codemix-lab PyTorch study (its "format" is not "codemix-torch-study")`);
      try {
        return { recipe: parseRecipe(raw), file };
      } catch (e) {
        if (!(e instanceof RecipeError)) throw e;
        const at = name === 'study.json' ? 'recipe.' : '';
        problems.push(...e.problems.map((p) => `${file}: ${at}${p}`));
        return { recipe: null, file };
      }
    }
  problems.push(
    `no study.json: the recipe is in the exported study's study.json — pick the study folder (with study.json and the run directory inside), or add study.json to the picked files`,
  );
  return { recipe: null, file: '' };
}

type Line = Record<string, unknown>;
const TRAIN_NUMBERS = ['loss', 'lr', 'codeShare', 'realisedCodeShare', 'tokPerSec', 'stageSteps'];

/** metrics.jsonl's lines, checked: each a JSON object of kind train or eval with the lab's fields. */
export function parseMetricsLines(
  text: string,
  file = 'metrics.jsonl',
): { lines: Line[]; problems: string[] } {
  const lines: Line[] = [];
  const problems: string[] = [];
  const rows = text.split('\n');
  rows.forEach((row, i) => {
    const at = `${file} line ${i + 1}`;
    if (!row.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (e) {
      const last = rows.slice(i + 1).every((r) => !r.trim());
      problems.push(
        `${at}: not JSON (${(e as Error).message})${last ? ' — the last line is cut short: was the run still writing?' : ''}`,
      );
      return;
    }
    if (!isObject(value)) {
      problems.push(`${at}: not a JSON object`);
      return;
    }
    const wholeStep = (k: string, min: number) => {
      const v = value[k];
      if (!(typeof v === 'number' && Number.isInteger(v) && v >= min))
        problems.push(
          `${at}: "${k}" must be a whole number ≥ ${min} (found ${JSON.stringify(v) ?? 'nothing'})`,
        );
    };
    if (value.kind === 'train') {
      wholeStep('stage', 0);
      wholeStep('step', 1);
      for (const k of TRAIN_NUMBERS)
        if (!(typeof value[k] === 'number' && Number.isFinite(value[k])))
          problems.push(
            `${at}: "${k}" must be a finite number (found ${JSON.stringify(value[k]) ?? 'nothing'})`,
          );
    } else if (value.kind === 'eval') {
      wholeStep('stage', 0);
      wholeStep('step', 1);
      for (const split of ['heldout', 'train']) {
        const losses = value[split];
        if (!isObject(losses)) {
          problems.push(`${at}: "${split}" must be an object of losses by source`);
          continue;
        }
        for (const [source, v] of Object.entries(losses))
          if (!(isObject(v) && typeof v.loss === 'number'))
            problems.push(`${at}: "${split}.${source}.loss" must be a number`);
      }
    } else {
      problems.push(`${at}: "kind" must be "train" or "eval" (found ${JSON.stringify(value.kind)})`);
      return;
    }
    lines.push(value);
  });
  if (lines.length === 0 && problems.length === 0) problems.push(`${file}: empty (the run logged nothing)`);
  return { lines, problems };
}

/** The stages the lines report must be the recipe's (same count of steps per stage). */
function checkStages(lines: Line[], recipe: Recipe, problems: string[]): void {
  const seen = new Set<number>();
  for (const l of lines) {
    if (l.kind !== 'train' || seen.has(l.stage as number)) continue;
    seen.add(l.stage as number);
    const stage = recipe.stages[l.stage as number];
    if (!stage)
      problems.push(
        `metrics.jsonl: stage ${String(l.stage)} is logged but the recipe has ${recipe.stages.length} stage(s): is study.json from another study?`,
      );
    else if (stage.steps !== l.stageSteps)
      problems.push(
        `metrics.jsonl: stage ${String(l.stage)} has ${String(l.stageSteps)} steps, the recipe's has ${stage.steps}: is study.json from another study?`,
      );
  }
}

/** summary.json as a RunSummary (bytes per token from study.json's sources, where it has them). */
function readSummary(
  value: unknown,
  study: unknown,
  recipeName: string | undefined,
  file: string,
  problems: string[],
): RunSummary | null {
  if (value === undefined) {
    problems.push(
      `${file}: missing — train.py writes it with model/ when the run ends (a run still going, or killed, has neither)`,
    );
    return null;
  }
  if (!isObject(value)) return (problems.push(`${file}: not a JSON object`), null);
  for (const k of ['steps', 'tokens'])
    if (typeof value[k] !== 'number') problems.push(`${file}: "${k}" must be a number`);
  const final = isObject(value.final) ? value.final : {};
  const sources = isObject(study) && isObject(study.sources) ? study.sources : {};
  const bytesPerToken: Record<string, number> = {};
  for (const [name, s] of Object.entries(sources))
    if (isObject(s) && typeof s.bytesPerToken === 'number') bytesPerToken[name] = s.bytesPerToken;
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    name: typeof value.name === 'string' ? value.name : (recipeName ?? 'cluster run'),
    // train.py reports "pytorch": not a browser backend, kept as written (the record's backend is null).
    backend: (typeof value.backend === 'string' ? value.backend : 'pytorch') as RunSummary['backend'],
    steps: num(value.steps),
    tokens: num(value.tokens),
    wallSeconds: num(value.wallSeconds),
    params: num(value.params),
    vocabSize: num(value.vocabSize),
    final: {
      heldout: (isObject(final.heldout) ? final.heldout : {}) as RunSummary['final']['heldout'],
      train: (isObject(final.train) ? final.train : {}) as RunSummary['final']['train'],
    },
    bytesPerToken,
    stopped: value.stopped === true,
  };
}

/** A human label of where the run ran, from summary.json (`PyTorch cluster · cuda × 8`). */
function originLabel(summary: unknown): string {
  if (!isObject(summary)) return CLUSTER_ORIGIN;
  const device = typeof summary.device === 'string' ? summary.device : null;
  const world = typeof summary.world === 'number' ? summary.world : null;
  if (!device) return CLUSTER_ORIGIN;
  return `${CLUSTER_ORIGIN} · ${device}${world && world > 1 ? ` × ${world}` : ''}`;
}

export interface ReadClusterRunOptions {
  /** The new run's id. */
  id: string;
  /** ISO time of the import (default now). */
  now?: string;
  /** Model size the browser takes (default BROWSER_MODEL_LIMIT_BYTES). */
  browserLimitBytes?: number;
}

/**
 * A cluster run directory's files (loose, a folder's, or a .tar) → its run record and model files.
 * Throws ClusterRunError listing every problem (missing metrics.jsonl, malformed lines by number,
 * no recipe, a missing model or summary).
 */
export function readClusterRun(picked: readonly PickedFile[], options: ReadClusterRunOptions): ClusterRun {
  const files = unpackPicked(picked);
  const runDir = findRunDir(files);
  const problems: string[] = [];
  const at = (name: string) => join(runDir, name);

  const { lines, problems: lineProblems } = parseMetricsLines(
    utf8.decode(files.get(at('metrics.jsonl'))),
    at('metrics.jsonl'),
  );
  problems.push(...lineProblems);
  const { recipe, file: recipeFile } = findRecipe(files, runDir, problems);
  const summaryRaw = parseJson(at('summary.json'), files.get(at('summary.json')), problems);
  const studyRaw =
    recipeFile && baseOf(recipeFile) === 'study.json'
      ? parseJson(recipeFile, files.get(recipeFile), [])
      : undefined;

  const model: Record<string, Uint8Array> = {};
  for (const name of Object.values(HF_FILES)) {
    const bytes = files.get(at(`model/${name}`)) ?? (runDir ? undefined : files.get(name)); // loose picks
    if (bytes) model[name] = bytes;
  }
  const needed = [HF_FILES.config, HF_FILES.model, HF_FILES.tokenizer];
  const missing = needed.filter((n) => !model[n]);
  if (missing.length === needed.length)
    problems.push(
      `${at('model/')}: missing — train.py writes the final model there (config.json, model.safetensors, tokenizer.json) when the run ends`,
    );
  else if (missing.length) problems.push(`${at('model/')}: missing ${missing.join(', ')}`);

  if (recipe) checkStages(lines, recipe, problems);
  const summary = readSummary(summaryRaw, studyRaw, recipe?.name, at('summary.json'), problems);
  if (!recipe || !summary || problems.length) throw new ClusterRunError(problems);

  const run = createRunRecord({ id: options.id, recipe, backend: null, createdAt: options.now });
  run.name = `${summary.name} (PyTorch)`;
  run.origin = originLabel(summaryRaw);
  const offsets = stageOffsets(recipe);
  for (const l of lines) {
    // train.py writes the lab's metrics and eval lines (with `kind` for `type`): fold them in as a
    // browser run's events are folded, so the series have the same keys, steps and downsampling.
    const { kind, ...rest } = l;
    const event = (kind === 'train' ? { type: 'metrics', ...rest } : { type: 'eval', ...rest }) as
      MetricsEvent | EvalEvent;
    if (offsets[event.stage] === undefined) continue;
    applyTrainEvent(run, event);
  }
  run.summary = summary;
  run.status = summary.stopped ? 'stopped' : 'done';
  run.updatedAt = run.createdAt;
  return {
    run,
    recipe,
    model,
    fitsInBrowser: model[HF_FILES.model].length <= (options.browserLimitBytes ?? BROWSER_MODEL_LIMIT_BYTES),
    runDir,
    recipeFile,
  };
}

/** A checkpoint name for the run's model that is not taken (`<recipe>-pytorch`, `-2`, …). */
export function clusterCheckpointName(run: RunRecord, taken: readonly string[]): string {
  const base =
    `${(run.summary?.name ?? run.name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '')}`.slice(
      0,
      80,
    ) || 'cluster-run';
  let name = `${base}-pytorch`;
  for (let k = 2; taken.includes(name); k++) name = `${base}-pytorch-${k}`;
  return name;
}
