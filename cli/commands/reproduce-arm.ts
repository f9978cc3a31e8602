// One arm of a study in Node: train it (or resume its own checkpoint, or start from the checkpoint of
// the arm it continues), then run its evaluations, writing into `<dir>/<arm-id>/`: recipe.json,
// metrics.jsonl, summary.json (only once training has finished), checkpoint/, report.json and, for the
// chain-of-thought condition, report-cot.json. Whatever is already there is not redone.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalReport } from '../../src/contract/eval';
import type { RunSummary, TrainEvent } from '../../src/contract/train';
import { parseRecipe } from '../../src/core/recipe/recipe';
import { evalRequests, mergeReports, type ArmEval, type StudyArm } from '../../src/core/study';
import type { EngineService } from '../../workers/engine-service';
import type { ArmCheckpointStore } from './reproduce-store';

export const reportFile = (e: Pick<ArmEval, 'id'>) =>
  e.id === 'main' ? 'report.json' : `report-${e.id}.json`;

/** Reads a JSON file, or undefined if it is absent or unreadable (a half-written file counts as absent). */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Writes JSON through a temporary file and a rename, so a file that exists is whole. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(value, null, 2) + '\n');
  await rename(`${path}.tmp`, path);
}

/** The arm's finished training summary, if it has one. */
export async function finishedSummary(armDir: string): Promise<RunSummary | undefined> {
  const s = await readJson<RunSummary>(join(armDir, 'summary.json'));
  return s && !s.stopped ? s : undefined;
}

export interface ArmRunContext {
  engine: EngineService;
  store: ArmCheckpointStore;
  dir: string;
  log: (line: string) => void;
  /** Test and demo hook: stop (as Ctrl-C would) once this arm has saved a checkpoint at this step or later. */
  stopAt?: { arm: string; step: number };
}

/** Trains the arm unless it has finished; returns its summary and whether it trained now. */
export async function trainArm(
  ctx: ArmRunContext,
  arm: StudyArm,
): Promise<{ summary: RunSummary; trained: boolean }> {
  const armDir = join(ctx.dir, arm.id);
  const done = await finishedSummary(armDir);
  if (done) return { summary: done, trained: false };
  await mkdir(armDir, { recursive: true });
  const recipe = parseRecipe(arm.recipe);
  await writeJson(join(armDir, 'recipe.json'), arm.recipe);
  const saved = new Set((await ctx.store.list()).map((c) => c.name));
  const resume = saved.has(arm.id);
  let from = resume ? `resuming its checkpoint` : 'from scratch';
  if (!resume && arm.initFrom) {
    if (!saved.has(arm.initFrom))
      throw new Error(`arm ${arm.id} starts from ${arm.initFrom}, which has no checkpoint in ${ctx.dir}`);
    from = `from the checkpoint of ${arm.initFrom}`;
  }
  ctx.log(`${arm.id}: training ${from} (${arm.tokens} tokens)`);
  const metrics = createWriteStream(join(armDir, 'metrics.jsonl'), { flags: resume ? 'a' : 'w' });
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'metrics' || e.type === 'eval') {
      const { type, ...rest } = e;
      metrics.write(JSON.stringify({ kind: type === 'metrics' ? 'train' : 'eval', ...rest }) + '\n');
    }
    if (e.type === 'checkpoint' && ctx.stopAt?.arm === arm.id && e.step >= ctx.stopAt.step)
      void ctx.engine.stop(); // before the next step: the run ends on this checkpoint
    if (e.type === 'metrics') {
      if (e.step === e.stageSteps || e.step % (e.windowSteps * 5) === 0)
        ctx.log(
          `${arm.id}: stage ${e.stage} (${e.stageKind}) step ${e.step}/${e.stageSteps} loss ${e.loss.toFixed(3)} ${Math.round(e.tokPerSec)} tok/s`,
        );
    }
  };
  const stop = () => void ctx.engine.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let summary: RunSummary;
  try {
    summary = await ctx.engine.train(recipe, onEvent, {
      checkpointName: arm.id,
      // initFrom: the engine checks the parent's recipe is this one's prefix (workers/train/init-from.ts)
      ...(resume ? { resumeFrom: arm.id } : arm.initFrom ? { initFrom: arm.initFrom } : {}),
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await new Promise<void>((r) => metrics.end(r));
  }
  if (summary.stopped)
    throw new Error(
      `interrupted during ${arm.id} (its last checkpoint is kept): run the same command again to resume`,
    );
  await writeJson(join(armDir, 'summary.json'), summary);
  return { summary, trained: true };
}

/** Runs the arm's evaluations that have no report yet; returns the reports by evaluation id. */
export async function evaluateArm(
  ctx: ArmRunContext,
  arm: StudyArm,
): Promise<Partial<Record<ArmEval['id'], EvalReport>>> {
  const armDir = join(ctx.dir, arm.id);
  const reports: Partial<Record<ArmEval['id'], EvalReport>> = {};
  let loaded = false;
  for (const e of arm.evals) {
    const path = join(armDir, reportFile(e));
    const existing = existsSync(path) ? await readJson<EvalReport>(path) : undefined;
    if (existing) {
      reports[e.id] = existing;
      continue;
    }
    if (!loaded) await ctx.engine.loadCheckpoint(arm.id);
    loaded = true;
    ctx.log(`${arm.id}: evaluating (${e.id}: ${e.tasks.join(', ')}, ≤ ${e.limit} per task and level)`);
    const parts: EvalReport[] = [];
    for (const request of evalRequests(e)) parts.push(await ctx.engine.evaluate(request, () => {}));
    const report = mergeReports(parts);
    await writeJson(path, report);
    reports[e.id] = report;
  }
  return reports;
}
