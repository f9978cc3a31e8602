// The suite's entry point: `generate(task, level, seed, split)` → one Item, deterministic in its
// arguments. GENERATOR_VERSION changes whenever any generator's output changes (frozen sets record it).
// The negative-transfer checks have their own `generateTransfer` and TRANSFER_GENERATOR_VERSION, so
// the six tasks' version (and their frozen set) is untouched by them; `generateAny` serves both.
import { generateAnalogy } from './tasks/analogy';
import { generateCodegen } from './tasks/codegen';
import { generateCodeqa } from './tasks/codeqa';
import { generateLaw } from './tasks/law';
import { generateLogic } from './tasks/logic';
import { generateScience } from './tasks/science';
import { generateExtractive } from './tasks/extractive';
import { generateNli } from './tasks/nli';
import { generateReading } from './tasks/reading';
import { TASKS } from './types';
import type { AnyItem, EvalTaskId, Item, Level, Split, TaskId, TransferTaskId } from './types';

export const GENERATOR_VERSION = 1;
export const TRANSFER_GENERATOR_VERSION = 1;

const GENERATORS: Record<TaskId, (level: Level, seed: number, split: Split) => Item> = {
  logic: generateLogic,
  law: generateLaw,
  science: generateScience,
  analogy: generateAnalogy,
  codeqa: generateCodeqa,
  codegen: generateCodegen,
};

const TRANSFER_GENERATORS: {
  [T in TransferTaskId]: (level: Level, seed: number, split: Split) => Item<T>;
} = {
  reading: generateReading,
  nli: generateNli,
  extractive: generateExtractive,
};

function checkArgs(level: Level, seed: number): void {
  if (![1, 2, 3, 4].includes(level)) throw new Error(`level must be 1–4, got ${level}`);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`seed must be a non-negative integer, got ${seed}`);
}

export function generate(task: TaskId, level: Level, seed: number, split: Split): Item {
  const make = GENERATORS[task];
  if (!make) throw new Error(`unknown task '${String(task)}'`);
  checkArgs(level, seed);
  return make(level, seed, split);
}

export function generateTransfer(
  task: TransferTaskId,
  level: Level,
  seed: number,
  split: Split,
): Item<TransferTaskId> {
  const make = TRANSFER_GENERATORS[task] as (
    level: Level,
    seed: number,
    split: Split,
  ) => Item<TransferTaskId>;
  if (!make) throw new Error(`unknown transfer task '${String(task)}'`);
  checkArgs(level, seed);
  return make(level, seed, split);
}

/** An item of any task, reasoning or transfer. */
export function generateAny(task: EvalTaskId, level: Level, seed: number, split: Split): AnyItem {
  return (TASKS as readonly string[]).includes(task)
    ? generate(task as TaskId, level, seed, split)
    : generateTransfer(task as TransferTaskId, level, seed, split);
}
