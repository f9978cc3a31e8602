// Multiple-choice scoring: build the log-likelihood requests for an item under a protocol, then turn
// the engine's answers into option scores (higher is better for every protocol) and a prediction.
// Ties (e.g. a model that gives every option the same log-prob) are broken by a seeded draw per item,
// never by "first option", which would bias accuracy away from chance.
import { Rng } from '../../rng';
import type { AnyItem } from '../types';
import { spanChance } from './squad';
import { hashString } from '../util';
import type { BuildOptions, McProtocol, ScoringRequest, ScoringResult } from './requests';
import { commonPrompt, optionText, paperPair } from './templates';

export const CALIBRATION_CONTEXT = 'Answer:';

export function buildScoringRequests(
  item: AnyItem,
  protocol: McProtocol,
  options: BuildOptions = {},
): { requests: ScoringRequest[] } {
  if (item.format !== 'mc') throw new Error(`${item.id}: format '${item.format}' is not multiple choice`);
  if (protocol === 'paper') return { requests: item.options.map((o) => paperPair(item, o, options.cot)) };
  const context = commonPrompt(item, options.cot);
  const said = item.options.map((o) => ` ${optionText(item, o)}`);
  const requests = said.map((continuation) => ({ context, continuation }));
  if (protocol === 'calibrated')
    requests.push(...said.map((continuation) => ({ context: CALIBRATION_CONTEXT, continuation })));
  return { requests };
}

export interface McScore {
  prediction: number;
  correct: boolean;
  /** One score per option, higher is better (mean log-prob for 'paper' and 'mean'). */
  optionScores: number[];
  /** How many options shared the best score (1 = no tie). */
  tiedAt: number;
}

/** Relative tolerance under which two option scores count as tied. */
const TIE_EPS = 1e-9;

export function scoreMc(item: AnyItem, results: readonly ScoringResult[], protocol: McProtocol): McScore {
  const n = item.options.length;
  const expected = protocol === 'calibrated' ? 2 * n : n;
  if (results.length !== expected)
    throw new Error(
      `${item.id}: ${protocol} needs ${expected} results for ${n} options, got ${results.length}`,
    );
  for (const [i, r] of results.entries()) {
    if (!(r.tokens >= 1)) throw new Error(`${item.id}: result ${i} has ${r.tokens} tokens (need ≥ 1)`);
    if (Number.isNaN(r.logprobSum) || r.logprobSum > 1e-6)
      throw new Error(`${item.id}: result ${i} has log-prob ${r.logprobSum} (must be ≤ 0)`);
  }
  const optionScores = item.options.map((_, i) => {
    const r = results[i];
    switch (protocol) {
      case 'paper':
      case 'mean':
        return r.logprobSum / r.tokens;
      case 'sum':
        return r.logprobSum;
      case 'calibrated':
        return r.logprobSum - results[n + i].logprobSum;
    }
  });
  const best = Math.max(...optionScores);
  const tied = optionScores
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s === best || Math.abs(s - best) <= TIE_EPS * Math.max(1, Math.abs(best)))
    .map(({ i }) => i);
  const prediction =
    tied.length === 1 ? tied[0] : tied[new Rng(hashString(`${item.id}/${protocol}`)).int(tied.length)];
  return { prediction, correct: prediction === item.answer, optionScores, tiedAt: tied.length };
}

/**
 * Chance accuracy of an item: 1/#options for multiple choice; for extractive QA the exact-match rate
 * of a random span of the gold's length (scoring/squad.ts); 0 for other generation formats.
 */
export function chanceOf(item: AnyItem): number {
  if (item.format === 'mc') return 1 / item.options.length;
  if (item.task === 'extractive') return spanChance(item.context, String(item.answer)).em;
  return 0;
}
