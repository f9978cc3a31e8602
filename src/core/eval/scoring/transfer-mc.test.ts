// Multiple-choice scoring of the transfer checks (reading comprehension, entailment): an oracle scores
// 100% under every protocol, a uniform scorer lands on chance, and the templates are the paper's C3 and
// OCNLI ones (the candidate conditions the scored passage) with entailment said through verbalisers.
import { describe, expect, it } from 'vitest';
import { generateTransfer } from '../generate';
import { wilson } from '../stats';
import { LEVELS } from '../types';
import type { AnyItem } from '../types';
import { buildScoringRequests, chanceOf, scoreMc } from './mc';
import { MC_PROTOCOLS } from './requests';
import { commonPrompt, paperPair } from './templates';

const items = (seeds: number): AnyItem[] =>
  (['reading', 'nli'] as const).flatMap((task) =>
    LEVELS.flatMap((level) =>
      Array.from({ length: seeds }, (_, s) => generateTransfer(task, level, s, 'eval')),
    ),
  );

describe('transfer multiple choice', () => {
  it('gives an oracle 100% under every protocol', () => {
    for (const protocol of MC_PROTOCOLS)
      for (const item of items(10)) {
        const { requests } = buildScoringRequests(item, protocol);
        const n = item.options.length;
        const results = requests.map((_, i) => ({
          logprobSum: i < n ? (i === item.answer ? -0.01 : -40) : -5,
          tokens: 3,
        }));
        expect(scoreMc(item, results, protocol).correct, `${protocol} ${item.id}`).toBe(true);
      }
  });

  // Four protocols, each a separate seeded draw: checked at the 99.9% level so that one unlucky draw in
  // twenty does not fail a correct scorer (the 95% interval would, by design, one time in twenty).
  it('puts a uniform scorer within its 99.9% interval of chance', () => {
    const all = items(80);
    for (const protocol of MC_PROTOCOLS) {
      let correct = 0;
      let chance = 0;
      for (const item of all) {
        const { requests } = buildScoringRequests(item, protocol);
        if (
          scoreMc(
            item,
            requests.map(() => ({ logprobSum: -7, tokens: 4 })),
            protocol,
          ).correct
        )
          correct++;
        chance += chanceOf(item);
      }
      const [lo, hi] = wilson(correct, all.length, 3.2905);
      expect(chance / all.length).toBeGreaterThanOrEqual(lo);
      expect(chance / all.length).toBeLessThanOrEqual(hi);
    }
  });

  it('uses the C3 and OCNLI templates and the entailment verbalisers', () => {
    const r = generateTransfer('reading', 2, 1, 'eval');
    const pair = paperPair(r, r.options[0]);
    expect(pair.context).toBe(`Question: ${r.question}\nAnswer: ${r.options[0]} comes from the passage:`);
    expect(pair.continuation).toBe(` ${r.context}`);
    const n = generateTransfer('nli', 1, 2, 'eval');
    expect(n.options).toEqual(['entailment', 'neutral', 'contradiction']);
    const paper = buildScoringRequests(n, 'paper').requests;
    expect(paper.map((q) => q.context.split('? ').pop())).toEqual(['Yes,', 'Maybe,', 'No,']);
    expect(paper.every((q) => q.continuation === ` ${n.question}`)).toBe(true);
    expect(paper[0].context).toBe(`${n.context.replace(/\.$/, '')}? Yes,`);
    const common = buildScoringRequests(n, 'calibrated').requests;
    expect(common.map((q) => q.continuation)).toEqual([
      ' True',
      ' Neither',
      ' False',
      ' True',
      ' Neither',
      ' False',
    ]);
    expect(common[0].context).toBe(commonPrompt(n));
    expect(commonPrompt(n)).toBe(`${n.context}\nQuestion: ${n.question} True, False or Neither?\nAnswer:`);
  });

  it('refuses to rank an extractive item', () => {
    const e = generateTransfer('extractive', 1, 0, 'eval');
    expect(() => buildScoringRequests(e, 'paper')).toThrow(/not multiple choice/);
  });
});
