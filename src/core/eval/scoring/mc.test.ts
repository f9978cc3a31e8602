// Multiple-choice scoring: an oracle scores 100% under every protocol, a scorer that gives every
// option the same log-prob lands on chance (ties are broken by a seeded draw, not "first option"),
// and the protocols rank differently when they should.
import { describe, expect, it } from 'vitest';
import { generate } from '../generate';
import { wilson } from '../stats';
import { LEVELS, TASKS } from '../types';
import type { Item } from '../types';
import { buildScoringRequests, chanceOf, scoreMc } from './mc';
import { MC_PROTOCOLS } from './requests';
import type { ScoringResult } from './requests';

const mcItems = (seeds: number): Item[] =>
  TASKS.filter((t) => t !== 'codegen').flatMap((task) =>
    LEVELS.flatMap((level) => Array.from({ length: seeds }, (_, s) => generate(task, level, s, 'eval'))),
  );

describe('scoreMc', () => {
  it('gives an oracle that puts all probability on the gold answer 100% under every protocol', () => {
    for (const protocol of MC_PROTOCOLS)
      for (const item of mcItems(10)) {
        const { requests } = buildScoringRequests(item, protocol);
        const n = item.options.length;
        const results = requests.map((_, i) => ({
          logprobSum: i < n ? (i === item.answer ? -0.01 : -40) : -5,
          tokens: 3,
        }));
        expect(scoreMc(item, results, protocol).correct, `${protocol} ${item.id}`).toBe(true);
      }
  });

  it('puts a uniform scorer at chance: accuracy within its 95% interval of the chance level', () => {
    const items = mcItems(60);
    for (const protocol of MC_PROTOCOLS) {
      let correct = 0;
      const predictions = new Set<number>();
      let chance = 0;
      for (const item of items) {
        const { requests } = buildScoringRequests(item, protocol);
        const s = scoreMc(
          item,
          requests.map(() => ({ logprobSum: -7, tokens: 4 })),
          protocol,
        );
        expect(s.tiedAt).toBe(item.options.length);
        if (s.correct) correct++;
        predictions.add(s.prediction);
        chance += chanceOf(item);
      }
      chance /= items.length;
      const [lo, hi] = wilson(correct, items.length);
      expect(chance, protocol).toBeGreaterThanOrEqual(lo);
      expect(chance, protocol).toBeLessThanOrEqual(hi);
      expect(predictions.size).toBeGreaterThan(2);
    }
  });

  it('breaks the same tie the same way every time', () => {
    const item = generate('science', 4, 3, 'eval');
    const tie = item.options.map(() => ({ logprobSum: -3, tokens: 2 }));
    expect(scoreMc(item, tie, 'sum').prediction).toBe(scoreMc(item, tie, 'sum').prediction);
  });

  it('ranks by sum, by per-token mean and by calibrated score as defined', () => {
    const item = generate('law', 4, 1, 'eval');
    expect(item.options).toHaveLength(4);
    // option 0: short and likely in total; option 1: long, lower total but higher per token.
    const base: ScoringResult[] = item.options.map((_, i) =>
      i === 0
        ? { logprobSum: -4, tokens: 1 }
        : i === 1
          ? { logprobSum: -6, tokens: 6 }
          : { logprobSum: -30, tokens: 3 },
    );
    expect(scoreMc(item, base, 'sum').prediction).toBe(0);
    expect(scoreMc(item, base, 'mean').prediction).toBe(1);
    expect(scoreMc(item, base, 'paper').prediction).toBe(1);
    // calibrated = conditional − unconditional: [-4+1, -6+20, -30+60, -30+20] = [-3, 14, 30, -10]
    const uncond = [-1, -20, -60, -20].map((logprobSum) => ({ logprobSum, tokens: 1 }));
    const calibrated = scoreMc(item, [...base, ...uncond], 'calibrated');
    expect(calibrated.optionScores).toEqual([-3, 14, 30, -10]);
    expect(calibrated.prediction).toBe(2);
  });

  it('rejects malformed engine results with a clear message', () => {
    const item = generate('logic', 1, 0, 'eval');
    expect(() => scoreMc(item, [{ logprobSum: -1, tokens: 1 }], 'sum')).toThrow(/needs 2 results/);
    expect(() =>
      scoreMc(
        item,
        item.options.map(() => ({ logprobSum: -1, tokens: 0 })),
        'mean',
      ),
    ).toThrow(/tokens/);
    expect(() =>
      scoreMc(
        item,
        item.options.map(() => ({ logprobSum: 2, tokens: 1 })),
        'sum',
      ),
    ).toThrow(/log-prob/);
  });
});

describe('buildScoringRequests', () => {
  it('common protocols score " option" after a prompt ending in "Answer:"', () => {
    const item = generate('logic', 2, 4, 'eval');
    const { requests } = buildScoringRequests(item, 'sum');
    expect(requests.map((r) => r.continuation)).toEqual(item.options.map((o) => ` ${o}`));
    expect(requests[0].context.endsWith('Answer:')).toBe(true);
    expect(requests[0].context).toContain(item.context);
    expect(buildScoringRequests(item, 'calibrated').requests).toHaveLength(2 * item.options.length);
  });

  it("the paper's templates put the candidate in the conditioning prefix and score the passage", () => {
    for (const task of ['logic', 'law', 'science'] as const) {
      const item = generate(task, 2, 5, 'eval');
      const { requests } = buildScoringRequests(item, 'paper');
      requests.forEach((r, i) => {
        expect(r.context).toContain(item.options[i]);
        expect(r.continuation).toContain(item.question);
      });
      expect(new Set(requests.map((r) => r.continuation)).size).toBe(1);
    }
    const science = generate('science', 1, 0, 'eval');
    expect(buildScoringRequests(science, 'paper').requests[0].context).toMatch(
      /^Lecture: .*\nanswer: .* can answer the following question:$/s,
    );
  });

  it("CosQA-style items: '<query>? Answered code is correct:' / 'wrong:' then the code", () => {
    let item: Item | undefined;
    for (let s = 0; !item; s++) {
      const it = generate('codeqa', 2, s, 'eval');
      if (it.variant === 'match') item = it;
    }
    const { requests } = buildScoringRequests(item, 'paper');
    expect(requests.map((r) => r.context).sort()).toEqual([
      `${item.question}? Answered code is correct:`,
      `${item.question}? Answered code is wrong:`,
    ]);
    expect(requests[0].continuation).toBe(` ${item.context}`);
  });

  it('analogies fill the option into the right-hand side of the relation', () => {
    const item = generate('analogy', 2, 0, 'eval');
    const { requests } = buildScoringRequests(item, 'paper');
    const [left, right] = item.question.split(' :: ');
    expect(requests[0].context).toBe(
      `The reasoning relationship: ${left}, the analogy reasoning relationship:`,
    );
    expect(requests[0].continuation).toBe(` ${right.replace('?', item.options[0])}`);
  });

  it('the CoT condition puts the gold rationale in the input, and only there', () => {
    const item = generate('science', 3, 2, 'eval');
    for (const protocol of MC_PROTOCOLS) {
      const plain = buildScoringRequests(item, protocol).requests;
      const cot = buildScoringRequests(item, protocol, { cot: true }).requests;
      expect(cot[0].context).toContain(item.rationale_text);
      expect(plain[0].context).not.toContain(item.rationale_text);
      expect(cot.map((r) => r.continuation)).toEqual(plain.map((r) => r.continuation));
    }
  });

  it('refuses code generation items', () => {
    expect(() => buildScoringRequests(generate('codegen', 1, 0, 'eval'), 'sum')).toThrow(
      /not multiple choice/,
    );
  });
});
