// Starting a run from another run's finished stage (a study's tuned arm continues its pre-training
// arm's final checkpoint instead of pre-training again). Allowed only when it changes nothing: the
// checkpoint ends a stage, and its run's recipe — seed, model, tokenizer, attention and every stage up
// to that one — is this recipe's prefix. Then continuing from it gives exactly the run the full recipe
// would (the next stage starts as it would have in one run), which is what makes the sharing honest.
import { parseRecipe, type Recipe } from '../../src/core/recipe/recipe';
import type { RunCheckpoint } from './run-checkpoint';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Why `recipe` cannot start from `checkpoint` (empty when it can). */
export function initFromProblems(recipe: Recipe, checkpoint: RunCheckpoint): string[] {
  const problems: string[] = [];
  // Older checkpoints store the recipe as parsed; parse again so defaults compare equal.
  const parent = parseRecipe(checkpoint.recipe);
  const stage = parent.stages[checkpoint.stage];
  if (!stage || checkpoint.step !== stage.steps)
    problems.push(
      `the checkpoint is at step ${checkpoint.step} of stage ${checkpoint.stage}${stage ? ` (of ${stage.steps})` : ''}: start only from the end of a stage`,
    );
  for (const field of ['seed', 'model', 'tokenizer', 'crossDocumentAttention'] as const)
    if (!same(parent[field], recipe[field]))
      problems.push(
        `${field} differs from the checkpoint's run (${JSON.stringify(parent[field])} there, ${JSON.stringify(recipe[field])} here)`,
      );
  for (let i = 0; i <= checkpoint.stage && i < parent.stages.length; i++)
    if (!same(parent.stages[i], recipe.stages[i]))
      problems.push(`stages.${i} differs from stage ${i} of the checkpoint's run, which it would continue`);
  if (recipe.stages.length <= checkpoint.stage + 1)
    problems.push(
      `the recipe has no stage after stage ${checkpoint.stage}, where the checkpoint ends: nothing to train`,
    );
  return problems;
}

/** The checkpoint as the point to continue from; throws naming every mismatch. */
export function checkInitFrom(recipe: Recipe, checkpoint: RunCheckpoint): RunCheckpoint {
  const problems = initFromProblems(recipe, checkpoint);
  if (problems.length)
    throw new Error(
      `cannot start "${recipe.name}" from the checkpoint of "${checkpoint.recipe.name}":\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return checkpoint;
}
