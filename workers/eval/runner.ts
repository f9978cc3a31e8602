// Runs the reasoning suite (src/core/eval) against a model: multiple-choice items by ranking the
// options' log-likelihoods (the paper's protocol or the common one), short answers by greedy
// generation and exact match, code generation by greedy generation, execution in the sandbox
// (pass@1) and smoothed BLEU-4, extractive QA by greedy generation, exact match and token F1. The
// model is reached through two functions, so the same runner serves the browser worker and the CLI.
import {
  bleuOf,
  buildGenerationRequest,
  buildScoringRequests,
  chanceOf,
  scoreExact,
  scoreExtractive,
  scoreMc,
  scorePass,
  setOf,
  spanChance,
  summarise,
  type AnyItem,
  type CodeRunner,
  type Level,
  type McProtocol,
} from '../../src/core/eval';
import type { ScoreRequest, ScoreResult } from '../../src/contract/api';
import type { EvalProgress, EvalReport, EvalRequest, ItemReport } from '../../src/contract/eval';
import { nextTask } from '../next-task';

/** An evaluation stopped by cancelEvaluation(): says how far it got. */
export class EvalCancelledError extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
    readonly phase: 'items' | 'heldout',
  ) {
    super(
      `evaluation cancelled after ${done} of ${total} ${phase === 'items' ? 'items' : 'held-out documents'}`,
    );
    this.name = 'EvalCancelledError';
  }
}

/** Checked between items and held-out documents: true once the evaluation should stop. */
export type CancelCheck = () => boolean;

/**
 * Between two pieces of work: one macrotask, so a cancel request queued for the engine is handled
 * (on wasm and cpu a readback resolves as a microtask), then throws if it asked to stop.
 */
export async function checkCancel(
  cancelled: CancelCheck,
  done: number,
  total: number,
  phase: 'items' | 'heldout',
): Promise<void> {
  await nextTask();
  if (cancelled()) throw new EvalCancelledError(done, total, phase);
}

export interface EvalModel {
  score(requests: ScoreRequest[]): Promise<ScoreResult[]>;
  /** Greedy continuation of `prompt`, stopping at any of `stop` (cut off) or after maxTokens. */
  complete(prompt: string, stop: string[], maxTokens: number): Promise<string>;
  /** The model's vocabulary size (a uniform guess's loss is ln V). */
  vocabSize: number;
}

export async function runEval(
  model: EvalModel,
  items: AnyItem[],
  request: EvalRequest,
  runCode: CodeRunner,
  onProgress: (p: EvalProgress) => void = () => {},
  cancelled: CancelCheck = () => false,
): Promise<EvalReport> {
  const started = performance.now();
  const protocol: McProtocol = request.protocol ?? 'paper';
  const cot = request.cot ?? false;
  const reports: ItemReport[] = [];
  for (const [i, item] of items.entries()) {
    await checkCancel(cancelled, i, items.length, 'items');
    reports.push(await evalItem(model, item, protocol, cot, request.maxNewTokens, runCode));
    onProgress({ phase: 'items', done: i + 1, total: items.length, task: item.task });
  }
  const summary = summarise(
    reports.map((r) => ({
      task: r.task,
      level: r.level as Level,
      correct: r.correct,
      chance: r.chance,
      bleu: r.bleu,
      f1: r.f1,
      f1Chance: r.f1Chance,
    })),
  );
  return {
    suite: [...new Set(items.map((i) => setOf(i.task)))].join('+'),
    protocol,
    cot,
    summary,
    items: reports,
    seconds: (performance.now() - started) / 1000,
  };
}

async function evalItem(
  model: EvalModel,
  item: AnyItem,
  protocol: McProtocol,
  cot: boolean,
  maxNewTokens: number | undefined,
  runCode: CodeRunner,
): Promise<ItemReport> {
  const base = {
    id: item.id,
    task: item.task,
    level: item.level,
    format: item.format,
    options: item.options,
    chance: chanceOf(item),
  };
  if (item.format === 'mc') {
    const { requests } = buildScoringRequests(item, protocol, { cot });
    const results = await model.score(requests);
    const scored = scoreMc(item, results, protocol);
    return {
      ...base,
      prompt: requests[0].context,
      scores: scored.optionScores,
      prediction: scored.prediction,
      correct: scored.correct,
    };
  }
  const gen = buildGenerationRequest(item, { cot });
  const text = await model.complete(
    gen.prompt,
    gen.stop,
    Math.min(gen.maxNewTokens, maxNewTokens ?? Infinity),
  );
  if (item.task === 'extractive') {
    const scored = scoreExtractive(String(item.answer), text);
    return {
      ...base,
      prompt: gen.prompt,
      scores: [],
      prediction: text,
      correct: scored.em,
      f1: scored.f1,
      f1Chance: spanChance(item.context, String(item.answer)).f1,
    };
  }
  if (item.format === 'exact') {
    return {
      ...base,
      prompt: gen.prompt,
      scores: [],
      prediction: text,
      correct: scoreExact(item, text).correct,
    };
  }
  const { passed, verdict } = await scorePass(item, text, runCode);
  const execution = {
    outcome: verdict.outcome,
    error: verdict.error,
    stdout: (verdict as { stdout?: string }).stdout,
  };
  return {
    ...base,
    prompt: gen.prompt,
    scores: [],
    prediction: text,
    correct: passed,
    bleu: bleuOf(item, text),
    execution,
  };
}
