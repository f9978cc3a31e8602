// The suite's entry point: `generate(task, level, seed, split)` → one Item, deterministic in its
// arguments. GENERATOR_VERSION changes whenever any generator's output changes (frozen sets record it).
import { generateAnalogy } from './tasks/analogy';
import { generateCodegen } from './tasks/codegen';
import { generateCodeqa } from './tasks/codeqa';
import { generateLaw } from './tasks/law';
import { generateLogic } from './tasks/logic';
import { generateScience } from './tasks/science';
import type { Item, Level, Split, TaskId } from './types';

export const GENERATOR_VERSION = 1;

const GENERATORS: Record<TaskId, (level: Level, seed: number, split: Split) => Item> = {
  logic: generateLogic,
  law: generateLaw,
  science: generateScience,
  analogy: generateAnalogy,
  codeqa: generateCodeqa,
  codegen: generateCodegen,
};

export function generate(task: TaskId, level: Level, seed: number, split: Split): Item {
  const make = GENERATORS[task];
  if (!make) throw new Error(`unknown task '${String(task)}'`);
  if (![1, 2, 3, 4].includes(level)) throw new Error(`level must be 1–4, got ${level}`);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`seed must be a non-negative integer, got ${seed}`);
  return make(level, seed, split);
}
