// The Learn page's steps from its content files: one Markdown file per step, named `NN-slug.md`
// and ordered by NN; the first level-1 heading is the step's title, the rest its body. Directive
// lines name the interactive parts (`::experiment <id>`, `::schedule <id>`), checked against what
// the page can show so a typo in a content file is caught by the tests, not by a reader.
import { parseMarkdown, plainText, type Block } from './markdown';

export interface LearnStep {
  /** The file's slug (`01-question.md` → `question`), used in links such as `#/learn?step=question`. */
  id: string;
  title: string;
  blocks: Block[];
}

/** Build the steps from `{ path: text }` (paths may carry folders; only the file name counts). */
export function buildSteps(files: Record<string, string>): LearnStep[] {
  const named = Object.entries(files).map(([path, text]) => {
    const file = path.split('/').pop() ?? path;
    const m = file.match(/^(\d{2})-([a-z0-9-]+)\.md$/);
    if (!m) throw new Error(`Learn content: "${file}" should be named NN-slug.md (e.g. 01-question.md)`);
    return { order: Number(m[1]), id: m[2], file, text };
  });
  named.sort((a, b) => a.order - b.order);
  const seen = new Set<string>();
  return named.map(({ id, file, text }) => {
    if (seen.has(id)) throw new Error(`Learn content: two steps are called "${id}"`);
    seen.add(id);
    const blocks = parseMarkdown(text);
    const at = blocks.findIndex((b) => b.type === 'heading' && b.level === 1);
    const heading = blocks[at];
    if (!heading || heading.type !== 'heading')
      throw new Error(`Learn content: "${file}" needs a "# Title" line for its step title`);
    return { id, title: plainText(heading.children), blocks: blocks.filter((_, i) => i !== at) };
  });
}

/** Every directive of the steps, with the step it is in. */
export function directivesOf(steps: readonly LearnStep[]): { step: string; name: string; arg: string }[] {
  return steps.flatMap((s) =>
    s.blocks.flatMap((b) => (b.type === 'directive' ? [{ step: s.id, name: b.name, arg: b.arg }] : [])),
  );
}

/** The index of a step named in a `?step=` value (an id or a 1-based number), or 0. */
export function stepIndex(steps: readonly LearnStep[], wanted: string | null): number {
  if (!wanted) return 0;
  const byId = steps.findIndex((s) => s.id === wanted);
  if (byId >= 0) return byId;
  const n = Number(wanted);
  return Number.isInteger(n) && n >= 1 && n <= steps.length ? n - 1 : 0;
}

/** Directives that name no known part: `known` lists, per directive name, the arguments it takes. */
export function directiveProblems(
  steps: readonly LearnStep[],
  known: Record<string, readonly string[]>,
): string[] {
  return directivesOf(steps).flatMap(({ step, name, arg }) => {
    const args = known[name];
    if (!args)
      return [`step "${step}": unknown directive "::${name}" (known: ${Object.keys(known).join(', ')})`];
    if (!args.includes(arg))
      return [`step "${step}": "::${name} ${arg}" names nothing (known: ${args.join(', ') || 'none'})`];
    return [];
  });
}
