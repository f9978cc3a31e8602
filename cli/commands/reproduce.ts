// `cli reproduce <preset> --out <dir> [--backend wasm|webgpu|cpu|auto] [--max-arms N] [--stop-at ARM:STEP]`
// (or `--plan`: print the preset's cells, token budgets and expected wall times, and stop):
// the whole study of a preset (src/core/study) in Node, arm after arm with the engine `cli train` and
// `cli eval` use. Each arm writes `<dir>/<arm-id>/` (reproduce-arm.ts); after every arm the tables are
// rewritten from what is on disk: `<dir>/report.md`, `<dir>/report.json` and `<dir>/report.csv`.
// Restarting the same command resumes: finished arms and reports are kept, an interrupted arm
// continues from its last checkpoint. --max-arms trains at most N arms in this invocation;
// --stop-at stops like Ctrl-C once an arm has saved a checkpoint at a step (both for tests and demos).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  STUDY_PRESETS,
  STUDY_PRESET_IDS,
  aggregateStudy,
  estimateStudy,
  expandStudy,
  presetPlanMarkdown,
  reportCsv,
  reportMarkdown,
  type ArmResult,
  type StudyArm,
  type StudyPreset,
  type StudyPresetId,
} from '../../src/core/study';
import type { EvalReport } from '../../src/contract/eval';
import { closeSharedSandbox } from '../../workers/sandbox/node';
import { startNodeEngine } from '../node-engine';
import { backendOption, numberOption, UsageError } from '../args';
import { ArmCheckpointStore } from './reproduce-store';
import {
  evaluateArm,
  finishedSummary,
  readJson,
  reportFile,
  trainArm,
  writeJson,
  type ArmRunContext,
} from './reproduce-arm';

const USAGE = `usage: reproduce <${STUDY_PRESET_IDS.join('|')}> --out <dir> [--backend wasm|webgpu|cpu|auto] [--max-arms N] [--stop-at ARM:STEP]  |  reproduce <preset> --plan`;

/** What `<dir>/study.json` records, so a directory is never resumed with another preset. */
interface StudyFile {
  format: 'codemix-study';
  preset: StudyPresetId;
  arms: string[];
  presetSpec: StudyPreset;
  /** The arms as expanded (what a resumed run must match). */
  armSpecs?: StudyArm[];
}

const runSpec = (arms: StudyArm[]) =>
  JSON.stringify(arms.map(({ id, recipe, initFrom, evals }) => ({ id, recipe, initFrom, evals })));

function parseStopAt(value: string | boolean | undefined): ArmRunContext['stopAt'] {
  if (value === undefined) return undefined;
  const m = typeof value === 'string' ? /^(.+):(\d+)$/.exec(value) : null;
  if (!m) throw new UsageError(`--stop-at must be ARM:STEP, e.g. CODE.s1:4 (got ${JSON.stringify(value)})`);
  return { arm: m[1], step: Number(m[2]) };
}

/** Every arm's results as they are on disk (reports and finished summaries). */
export async function readResults(dir: string, arms: StudyArm[]): Promise<ArmResult[]> {
  return Promise.all(
    arms.map(async (arm) => {
      const reports: ArmResult['reports'] = {};
      for (const e of arm.evals) {
        const r = await readJson<EvalReport>(join(dir, arm.id, reportFile(e)));
        if (r) reports[e.id] = r;
      }
      return { arm, reports, summary: (await finishedSummary(join(dir, arm.id))) ?? null };
    }),
  );
}

/** Rewrites report.md, report.json and report.csv from what is on disk. */
export async function writeStudyReport(
  dir: string,
  preset: StudyPreset,
  arms: StudyArm[],
  extra: Record<string, unknown>,
): Promise<string> {
  const report = aggregateStudy(preset, await readResults(dir, arms));
  const markdown = reportMarkdown(report);
  await writeFile(join(dir, 'report.md'), markdown);
  await writeFile(join(dir, 'report.csv'), reportCsv(report));
  await writeJson(join(dir, 'report.json'), { ...report, estimates: estimateStudy(preset), ...extra });
  return markdown;
}

export async function reproduceCommand(args: {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}) {
  const [name] = args.positionals;
  const out = args.values.out;
  if (!name || (typeof out !== 'string' && args.values.plan !== true)) throw new UsageError(USAGE);
  if (!(STUDY_PRESET_IDS as string[]).includes(name))
    throw new UsageError(`unknown preset "${name}": use one of ${STUDY_PRESET_IDS.join(', ')}`);
  const preset = STUDY_PRESETS[name as StudyPresetId];
  if (args.values.plan === true) {
    process.stdout.write(presetPlanMarkdown(preset));
    return;
  }
  const maxArms = numberOption('max-arms', args.values['max-arms'], Infinity);
  const stopAt = parseStopAt(args.values['stop-at']);
  const dir = resolve(out as string);
  const arms = expandStudy(preset);
  await mkdir(dir, { recursive: true });
  const previous = await readJson<StudyFile>(join(dir, 'study.json'));
  if (previous && previous.preset !== preset.id)
    throw new UsageError(`${dir} holds a study of preset "${previous.preset}": use another --out`);
  // Only what the arms run matters (recipes, evaluations): labels and speed figures may change.
  // A directory written before armSpecs were stored: its arms are its preset's expansion.
  if (previous && runSpec(previous.armSpecs ?? expandStudy(previous.presetSpec)) !== runSpec(arms))
    throw new UsageError(
      `${dir} holds a study of an earlier version of preset "${preset.id}" (its arms changed): use another --out`,
    );
  const study: StudyFile = {
    format: 'codemix-study',
    preset: preset.id,
    arms: arms.map((a) => a.id),
    presetSpec: preset,
    armSpecs: arms,
  };
  await writeJson(join(dir, 'study.json'), study);

  const store = new ArmCheckpointStore(dir);
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`reproduce: ${line}\n`);
  try {
    const { engine, info } = await startNodeEngine({
      backend: backendOption(args.values.backend ?? 'wasm'),
      checkpoints: store,
    });
    const estimate = estimateStudy(preset).find((e) => e.backend === info.backend);
    log(
      `preset ${preset.id}: ${arms.length} arms (${preset.seeds.length} seeds) on ${info.backend}` +
        (estimate
          ? `, expected about ${Math.round(estimate.totalSeconds / 60)} min (${estimate.machine})`
          : ''),
    );
    const ctx: ArmRunContext = { engine, store, dir, log, stopAt };
    const extra = () => ({ backend: info.backend, wallSeconds: (performance.now() - started) / 1000 });
    let trainedNow = 0;
    for (const [i, arm] of arms.entries()) {
      const finished = await finishedSummary(join(dir, arm.id));
      if (!finished && trainedNow >= maxArms) {
        log(`stopping after ${trainedNow} arm(s) (--max-arms): run the same command again to continue`);
        break;
      }
      log(`[${i + 1}/${arms.length}] ${arm.id} — ${arm.label}`);
      const { trained } = await trainArm(ctx, arm);
      if (trained) trainedNow += 1;
      await evaluateArm(ctx, arm);
      await writeStudyReport(dir, preset, arms, extra());
    }
    const markdown = await writeStudyReport(dir, preset, arms, extra());
    process.stdout.write(markdown);
    log(`wrote ${join(dir, 'report.md')}, report.json and report.csv`);
  } finally {
    closeSharedSandbox();
  }
}
