// Which frozen set under datasets/eval/ holds each task's items: the six reasoning tasks live in
// tinyreason6-v1, the negative-transfer checks in transfer3-v1. A set never changes once committed;
// a changed generator means a new set name (and a new entry here).
import { TASKS, TRANSFER_TASKS } from './types';
import type { EvalTaskId } from './types';

export const EVAL_SETS = {
  'tinyreason6-v1': TASKS,
  'transfer3-v1': TRANSFER_TASKS,
} as const satisfies Record<string, readonly EvalTaskId[]>;

export type EvalSetName = keyof typeof EVAL_SETS;

export function setOf(task: EvalTaskId): EvalSetName {
  for (const [name, tasks] of Object.entries(EVAL_SETS))
    if ((tasks as readonly string[]).includes(task)) return name as EvalSetName;
  throw new Error(`no evaluation set holds the task "${task}"`);
}

/** The path of a task's items under datasets/ (e.g. `eval/transfer3-v1/nli.jsonl`). */
export const itemsPath = (task: EvalTaskId): string => `eval/${setOf(task)}/${task}.jsonl`;
