// Builds the real-code track datasets/eval/realcode-v1/ from documented examples in npm packages,
// keeping only examples that hold when executed in the QuickJS sandbox:
// - codegen.jsonl: 30-seconds-of-code snippets (CC0-1.0) as description → function items in the
//   MultiPL-E layout (prompt = doc comment + signature, tests = the README's example calls);
// - codeqa.jsonl: lodash JSDoc examples (MIT) as "what does the last statement evaluate to?" items;
// - manifest.json (counts, sha256), SOURCES.md (which functions to keep out of the pretraining corpus,
//   and the attribution to add to LICENSES.md).
//   npx tsx scripts/eval/realcode.ts [--check]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getQuickJS } from 'quickjs-emscripten';
import { runInQuickJs } from '../../workers/sandbox/quickjs-runner';
import { DEFAULT_RUN_OPTIONS } from '../../workers/sandbox/types';
import { formatJson } from './frozen-set';
import { parseLodashModule, parseThirtySeconds } from './realcode-sources';
import type { DocExample } from './realcode-sources';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const REALCODE_DIR = join(ROOT, 'datasets/eval/realcode-v1');
const THIRTY = '30-seconds-of-code@1.2.3';
const LODASH = 'lodash@4.18.1';

export interface RealCodegenItem {
  task_id: string;
  source: string;
  license: string;
  category: string;
  entryPoint: string;
  description: string;
  prompt: string;
  reference: string;
  tests: string;
  testCount: number;
}

export interface RealCodeqaItem {
  task_id: string;
  source: string;
  license: string;
  function: string;
  context: string;
  question: string;
  answer: string;
  /** Needs lodash loaded as `_` (run after node_modules/lodash/lodash.js). */
  tests: string;
}

export const CODEQA_QUESTION = 'What does the last statement evaluate to?';
const SKIP_CATEGORIES = new Set(['Browser', 'Node']);
/** Code whose result depends on chance, time or state is not a fair item. */
const NONDETERMINISTIC =
  /Math\.random|\bDate\b|performance|setTimeout|_\.(random|sample|sampleSize|shuffle|now|uniqueId|delay|defer|debounce|throttle)\b/;

type Runner = (code: string, timeoutMs?: number) => ReturnType<typeof runInQuickJs>['result'];

/** Prompt (doc comment + signature) and completion of a snippet, or undefined for unusual shapes. */
export function splitSignature(name: string, code: string): { signature: string; body: string } | undefined {
  const m =
    code.match(new RegExp(`^const ${name} = (?:async )?(?:\\([^)\\n]*\\)|\\w+) =>(?: \\{)?`)) ??
    code.match(new RegExp(`^function ${name}\\([^)\\n]*\\) \\{`));
  if (!m) return undefined;
  return { signature: m[0], body: code.slice(m[0].length) };
}

export function buildCodegen(readme: string, run: Runner): RealCodegenItem[] {
  const items: RealCodegenItem[] = [];
  for (const s of parseThirtySeconds(readme)) {
    if (SKIP_CATEGORIES.has(s.category) || s.examples.length === 0 || NONDETERMINISTIC.test(s.code)) continue;
    const parts = splitSignature(s.name, s.code);
    if (!parts) continue;
    const checks = s.examples.filter((e) => {
      const r = run(`${s.code}\nrequire('node:assert').deepStrictEqual(${e.call}, (${e.result}));`);
      return r.outcome === 'passed' && r.asserts.passed === 1;
    });
    if (checks.length === 0) continue;
    const tests = [
      "const assert = require('node:assert');",
      ...checks.map((e) => `assert.deepStrictEqual(${e.call}, (${e.result}));`),
    ].join('\n');
    const prompt = `// ${s.description}\n${parts.signature}`;
    const full = run(`${prompt}${parts.body}\n${tests}\n`);
    if (full.outcome !== 'passed' || full.asserts.passed !== checks.length) continue;
    items.push({
      task_id: `30s/${s.name}`,
      source: `${THIRTY} README.md#${s.name.toLowerCase()}`,
      license: 'CC0-1.0',
      category: s.category,
      entryPoint: s.name,
      description: s.description,
      prompt,
      reference: parts.body,
      tests: `${tests}\n`,
      testCount: checks.length,
    });
  }
  return items;
}

const codeqaTest = (e: DocExample) =>
  `${e.setup ? `${e.setup}\n` : ''}require('node:assert').deepStrictEqual((${e.expr}), (${e.result}));`;

export function buildCodeqa(lodashDir: string, run: Runner): RealCodeqaItem[] {
  const candidates: { name: string; index: number; example: DocExample }[] = [];
  const files = readdirSync(lodashDir).filter(
    (f) => /^[a-z]\w*\.js$/.test(f) && !/^(lodash|core)(\.min)?\.js$/.test(f),
  );
  for (const f of files.sort()) {
    const doc = parseLodashModule(f.slice(0, -3), readFileSync(join(lodashDir, f), 'utf8'));
    doc?.examples.forEach((example, index) => {
      if (!NONDETERMINISTIC.test(`${example.setup}\n${example.expr}`))
        candidates.push({ name: doc.name, index, example });
    });
  }
  // One run: load lodash once, then try each example in its own function scope.
  const checks = candidates.map(
    (c, i) =>
      `try { new Function(${JSON.stringify(codeqaTest(c.example))})(); console.log('PASS ${i}'); } catch (e) {}`,
  );
  const lodash = readFileSync(join(lodashDir, 'lodash.js'), 'utf8');
  const passes = () => {
    const r = run(`${lodash}\n${checks.join('\n')}`, 30_000);
    return new Set([...r.stdout.matchAll(/^PASS (\d+)$/gm)].map((m) => Number(m[1])));
  };
  const [first, second] = [passes(), passes()];
  const passed = new Set([...first].filter((i) => second.has(i)));
  return candidates
    .filter((_, i) => passed.has(i))
    .map((c) => ({
      task_id: `lodash/${c.name}#${c.index + 1}`,
      source: `${LODASH} lodash/${c.name}.js @example`,
      license: 'MIT',
      function: c.name,
      context: `${c.example.setup ? `${c.example.setup}\n\n` : ''}${c.example.expr};`,
      question: CODEQA_QUESTION,
      answer: c.example.result,
      tests: codeqaTest(c.example),
    }));
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sourcesText(codegen: RealCodegenItem[], codeqa: RealCodeqaItem[]): string {
  const fns = [...new Set(codeqa.map((i) => i.function))];
  return `# realcode-v1: sources, attribution, and what the pretraining corpus must leave out

## Attribution (add to LICENSES.md)

- **30-seconds-of-code** 1.2.3 (npm), © 30-seconds contributors, released under CC0-1.0
  (https://github.com/30-seconds/30-seconds-of-code). Used: ${codegen.length} snippets' descriptions, code and
  example calls from README.md, as code-generation items (codegen.jsonl). No attribution is required by CC0;
  we credit the source anyway.
- **lodash** 4.18.1 (npm), Copyright OpenJS Foundation and other contributors, MIT licence
  (https://github.com/lodash/lodash). Used: ${codeqa.length} @example statements and documented results from the
  JSDoc of ${fns.length} functions (lodash/<name>.js), as code-QA items (codeqa.jsonl). The MIT notice in
  node_modules/lodash/LICENSE must accompany this file.

## Keep out of the pretraining and instruction corpora

30-seconds-of-code snippets (in README.md, dist/_30s*.js, snippets_archive/, vscode_snippets/snippets.json):
${codegen.map((i) => i.entryPoint).join(', ')}

lodash functions whose JSDoc examples are items (lodash/<name>.js, and their doc comments inside
lodash.js, core.js and fp/): ${fns.join(', ')}
`;
}

export async function buildRealcode(): Promise<Map<string, string>> {
  const qjs = await getQuickJS();
  const run: Runner = (code, timeoutMs = 1000) =>
    runInQuickJs(qjs, code, { ...DEFAULT_RUN_OPTIONS, timeoutMs, memoryBytes: 256 * 1024 * 1024 }).result;
  const codegen = buildCodegen(
    readFileSync(join(ROOT, 'node_modules/30-seconds-of-code/README.md'), 'utf8'),
    run,
  );
  const codeqa = buildCodeqa(join(ROOT, 'node_modules/lodash'), run);
  const files = new Map<string, string>();
  files.set('codegen.jsonl', `${codegen.map((i) => JSON.stringify(i)).join('\n')}\n`);
  files.set('codeqa.jsonl', `${codeqa.map((i) => JSON.stringify(i)).join('\n')}\n`);
  files.set('SOURCES.md', sourcesText(codegen, codeqa));
  const manifest = {
    name: 'realcode-v1',
    version: 1,
    sources: [THIRTY, LODASH],
    files: Object.fromEntries(
      [...files].map(([name, text]) => [name, { bytes: Buffer.byteLength(text), sha256: sha256(text) }]),
    ),
    counts: { codegen: codegen.length, codeqa: codeqa.length },
  };
  files.set('manifest.json', await formatJson(manifest));
  return files;
}

async function main(): Promise<void> {
  const files = await buildRealcode();
  if (process.argv.includes('--check')) {
    const stale = [...files].filter(([name, text]) => {
      try {
        return readFileSync(join(REALCODE_DIR, name), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    if (stale.length > 0) throw new Error(`stale or missing: ${stale.map(([n]) => n).join(', ')}`);
    console.log('realcode-v1: up to date');
    return;
  }
  mkdirSync(REALCODE_DIR, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(REALCODE_DIR, name), text);
  console.log(`realcode-v1: wrote ${[...files.keys()].join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
