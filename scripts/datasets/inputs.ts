// What the build depends on: the input fingerprint (build version, the build's and the world
// generator's source code, every input file of every source, the frozen eval items) and the
// loader of the eval items' texts for the leak check. Node only.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SourceSpec } from './sources/types';

/** *.jsonl files under dir, sorted (none if dir does not exist). */
export function jsonlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.jsonl')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * The texts of the frozen evaluation items under `dir` (datasets/eval): for each JSONL item, its
 * `context` and `question` joined by a space; an item with neither contributes all its top-level
 * string fields; a bare JSON string is taken as is.
 */
export function loadEvalTexts(dir: string): string[] {
  const texts: string[] = [];
  for (const file of jsonlFiles(dir)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        let item: unknown;
        try {
          item = JSON.parse(line);
        } catch {
          throw new Error(`${file}:${i + 1}: not valid JSON`);
        }
        if (typeof item === 'string') texts.push(item);
        else if (typeof item === 'object' && item !== null) {
          const o = item as Record<string, unknown>;
          // An item leaks when its question appears together with its answer: a question alone
          // can be a fact the world teaches on purpose ("goat : bleats :: ?" vs "The goat bleats.").
          const answer =
            Array.isArray(o.options) && typeof o.answer === 'number' ? o.options[o.answer] : o.answer;
          const parts = [o.context, o.question, typeof o.question === 'string' ? answer : undefined].filter(
            (x): x is string => typeof x === 'string',
          );
          texts.push(
            (parts.length > 0 ? parts : Object.values(o).filter((x) => typeof x === 'string')).join(' '),
          );
        }
      });
  }
  return texts.filter((t) => t.trim() !== '');
}

/** .ts files (not tests) under dir, recursively, sorted. */
function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...codeFiles(p));
    else if (e.endsWith('.ts') && !e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

export function inputHash(opts: {
  repo: string;
  nodeModules: string;
  sources: readonly SourceSpec[];
  evalDir: string;
  buildVersion: number;
}): string {
  const h = createHash('sha256');
  const add = (label: string, file: string) => {
    h.update(`${label}\0${createHash('sha256').update(readFileSync(file)).digest('hex')}\0`);
  };
  h.update(`build ${opts.buildVersion}\0`);
  const code = [
    ...codeFiles(join(opts.repo, 'scripts', 'datasets')),
    ...codeFiles(join(opts.repo, 'src', 'core', 'world')),
    join(opts.repo, 'src', 'core', 'rng.ts'),
  ];
  for (const f of code) add(relative(opts.repo, f), f);
  for (const s of opts.sources) {
    h.update(`source ${s.name} ${s.origin}\0`);
    for (const f of s.inputs(opts.nodeModules)) add(relative(opts.nodeModules, f), f);
  }
  for (const f of jsonlFiles(opts.evalDir)) add(relative(opts.repo, f), f);
  return h.digest('hex');
}
