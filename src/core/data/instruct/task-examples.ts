// Instruction examples from the reasoning suite's TRAIN split: drawing items (seeds far above any the
// frozen set or its train probe uses, never an item that asks what a frozen evaluation item asks, no
// question twice within a set) and turning one into an example, answered in words (rationale_text, text
// arm) or in code (rationale_code, code arm). Leaves out which slots get which form (arms.ts).
import { generate } from '../../eval/generate';
import { goldText, type Item, type Level, type TaskId } from '../../eval/types';
import type { Rng } from '../../rng';
import { isEvalItem, stemHash } from './hygiene';
import type { Family, InstructionExample } from './types';

/**
 * Train-split item seeds are drawn from [ITEM_SEED_BASE, ITEM_SEED_BASE + ITEM_SEED_SPAN):
 * scripts/eval/freeze.ts uses eval seeds from 0 and train seeds 0..399 (its duplicate probe).
 */
export const ITEM_SEED_BASE = 1_000_000;
export const ITEM_SEED_SPAN = 1_000_000_000;

/** Draws before a repeated (but never an evaluation) item is accepted. */
const MAX_TRIES = 64;

export interface DrawnItem {
  item: Item;
  seed: number;
  hash: string;
}

/**
 * A fresh train-split item of `task` at `level`: never one with the stem of a frozen evaluation
 * item; not one whose stem is in `used` unless MAX_TRIES draws found nothing new (small item
 * spaces, e.g. science L1). The caller adds the stem (`hash`) to `used` if it keeps the item.
 */
export function drawItem(
  task: TaskId,
  level: Level,
  rng: Rng,
  used: ReadonlySet<string>,
  evalStems?: ReadonlySet<string>,
): DrawnItem {
  let repeat: DrawnItem | undefined;
  for (let tries = 0; tries < 4 * MAX_TRIES; tries++) {
    const seed = ITEM_SEED_BASE + rng.int(ITEM_SEED_SPAN);
    const item = generate(task, level, seed, 'train');
    if (isEvalItem(item, evalStems)) continue;
    const hash = stemHash(item);
    if (!used.has(hash)) return { item, seed, hash };
    repeat ??= { item, seed, hash };
    if (tries >= MAX_TRIES) return repeat;
  }
  if (repeat) return repeat;
  throw new Error(
    `no train-split ${task} L${level} item outside the evaluation set in ${4 * MAX_TRIES} draws`,
  );
}

/** The question as the model sees it: context, question, and the options when there are any. */
export function itemInstruction(item: Item): string {
  const lines = [item.context, item.question].filter((s) => s.trim().length > 0);
  if (item.options.length > 0) lines.push(`Options: ${item.options.join(' / ')}`);
  return lines.join('\n');
}

const withAnswer = (reasoning: string, gold: string): string =>
  /Answer: [^\n]*$/.test(reasoning) ? reasoning : `${reasoning}\nAnswer: ${gold}`;

const itemId = (d: DrawnItem): string => `${d.item.task}/L${d.item.level}/${d.seed}`;

/** A reasoning item answered in words: the worked rationale ending in "Answer: …". */
export function textExample(d: DrawnItem, family: Family): InstructionExample {
  return {
    id: itemId(d),
    task: family,
    kind: 'text',
    source: d.item.task,
    instruction: itemInstruction(d.item),
    response: withAnswer(d.item.rationale_text.trim(), goldText(d.item)),
  };
}

/**
 * An item answered in code: the same instruction, the rationale as JavaScript, then the answer.
 * Code generation items instead ask for the function described by the prompt's comment lines and
 * are answered with the whole reference function.
 */
export function codeExample(d: DrawnItem, family: Family): InstructionExample {
  const { item } = d;
  const base = { id: `${itemId(d)}:code`, task: family, kind: 'code' as const, source: item.task };
  if (item.format === 'codegen') {
    const prompt = item.prompt ?? '';
    const lines = prompt.trimEnd().split('\n');
    const signature = lines.pop() ?? '';
    const spec = lines.map((l) => l.replace(/^\/\/ ?/, '')).join('\n');
    return {
      ...base,
      instruction: `Write the JavaScript function ${item.entryPoint ?? ''}:\n${spec}`,
      response: `${signature}\n${String(item.answer)}`.trimEnd(),
    };
  }
  return {
    ...base,
    instruction: itemInstruction(item),
    response: `${item.rationale_code.trim()}\nAnswer: ${goldText(item)}`,
  };
}
