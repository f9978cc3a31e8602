import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { PAPER_PHASES, type MixSchedule, type PaperStrategy } from '../schedule';
import {
  InstructBatcher,
  encodeInstructionSet,
  type EncodedInstruction,
  type InstructBatcherState,
} from './batches';
import type { ChatTokenizer } from './chat-template';
import type { ExampleKind, InstructionExample } from './types';

// A character tokenizer: one id per UTF-16 unit (+ 10), specials 1..5, so rows can be read back.
const [EOT, PAD, USER, ASSISTANT, END] = [1, 2, 3, 4, 5];
const SPECIALS: Record<string, number> = {
  '<|endoftext|>': EOT,
  '<|pad|>': PAD,
  '<|user|>': USER,
  '<|assistant|>': ASSISTANT,
  '<|end|>': END,
};
const tok: ChatTokenizer = {
  encode: (text) => [...text].map((ch) => ch.charCodeAt(0) + 10),
  specialId: (name) => SPECIALS[name],
};

function examples(n: number, seed: number, codeEvery = 3): InstructionExample[] {
  const rng = new Rng(seed);
  const word = () => 'abcdefgh'.slice(0, 1 + rng.int(8));
  return Array.from({ length: n }, (_, i) => {
    const kind: ExampleKind = i % codeEvery === 0 ? 'code' : 'text';
    const instruction = Array.from({ length: 1 + rng.int(6) }, word).join(' ');
    const response = Array.from({ length: 1 + rng.int(4) }, word).join(kind === 'code' ? ';' : ' ');
    return { id: `x${i}`, task: 'general', kind, source: 'world-fact', instruction, response };
  });
}

const encoded = encodeInstructionSet(tok, examples(120, 1));
const dims = { B: 4, T: 48, seed: 5, padId: PAD };

/** Expected weight of each target, read off the tokens alone: 1 from after <|assistant|> to its <|end|>. */
function expectedWeights(seq: number[]): number[] {
  const w: number[] = [];
  let inResponse = false;
  for (const id of seq) {
    if (id === ASSISTANT) {
      w.push(0);
      inResponse = true;
    } else if (inResponse) {
      w.push(1);
      if (id === END) inResponse = false;
    } else w.push(0);
  }
  return w;
}

describe('InstructBatcher rows', () => {
  it('targets are the inputs shifted by one, weights the response mask aligned to the targets', () => {
    const b = new InstructBatcher(encoded, dims);
    for (let step = 0; step < 5; step++) {
      const { batch } = b.next({ text: 0.7, code: 0.3 });
      expect(batch.idx.length).toBe(dims.B * dims.T);
      for (let r = 0; r < dims.B; r++) {
        const row = (a: ArrayLike<number>) => Array.from(a).slice(r * dims.T, (r + 1) * dims.T);
        const [idx, targets, weights, segments] = [
          row(batch.idx),
          row(batch.targets),
          row(batch.weights),
          row(batch.segments),
        ];
        for (let t = 0; t + 1 < dims.T; t++) expect(targets[t]).toBe(idx[t + 1]);
        const seq = [...idx, targets[dims.T - 1]]; // the T + 1 tokens of the row
        expect(weights).toEqual(expectedWeights(seq).slice(1));
        expect(seq[0]).toBe(USER); // rows start with a whole example
        // segments: a new example after each <|endoftext|>; padding has weight 0
        let seg = 0;
        idx.forEach((id, t) => {
          expect(segments[t]).toBe(seg);
          if (id === EOT) seg++;
          if (id === PAD) expect(weights[t]).toBe(0);
        });
      }
    }
  });

  it('packs whole examples: the rows of one epoch hold every example of a kind exactly once', () => {
    const text = encoded.filter((e) => e.kind === 'text');
    const b = new InstructBatcher(text, { ...dims, B: 1, T: 96 }); // long enough for every example
    expect(b.truncated).toBe(0);
    const seen: string[] = [];
    while (b.getState().cursor.text.epoch === 0) {
      const { batch } = b.next({ text: 1 });
      const ids = Array.from(batch.idx);
      ids.push(batch.targets[batch.T - 1]);
      let start = ids.indexOf(USER);
      while (start >= 0) {
        const end = ids.indexOf(EOT, start);
        expect(end).toBeGreaterThan(start);
        seen.push(ids.slice(start, end + 1).join(','));
        start = ids.indexOf(USER, end);
      }
    }
    // (the last row may go on into the next epoch)
    expect(seen.slice(0, text.length).sort()).toEqual(text.map((e) => e.ids.join(',')).sort());
  });

  it('cuts long prompts from the left, keeps the response, and drops what cannot fit', () => {
    const long = encodeInstructionSet(tok, [
      {
        id: 'l',
        task: 'logic',
        kind: 'text',
        source: 'logic',
        instruction: 'x'.repeat(100),
        response: 'RESP',
      },
      { id: 'd', task: 'logic', kind: 'text', source: 'logic', instruction: 'y', response: 'z'.repeat(60) },
      { id: 's', task: 'logic', kind: 'text', source: 'logic', instruction: 'ok', response: 'fine' },
    ]);
    const b = new InstructBatcher(long, { B: 1, T: 20, seed: 1, padId: PAD });
    expect(b.truncated).toBe(1);
    expect(b.dropped).toBe(1);
    const rows = [0, 1].map(() => {
      const { batch } = b.next({ text: 1 });
      return [...Array.from(batch.idx), batch.targets[batch.T - 1]];
    });
    const cut = rows.find(
      (r) => r.length === 21 && r.filter((id) => id === 'x'.charCodeAt(0) + 10).length > 0,
    )!;
    expect(cut[0]).toBe(USER);
    expect(cut.slice(-7)).toEqual([END, ASSISTANT, ...tok.encode('RESP'), END, EOT].slice(-7));
    expect(cut.filter((id) => id === 'x'.charCodeAt(0) + 10).length).toBe(21 - 9);
  });
});

describe('InstructBatcher state', () => {
  it('is deterministic for a seed and differs for another', () => {
    const run = (seed: number) => {
      const b = new InstructBatcher(encoded, { ...dims, seed });
      return Array.from({ length: 6 }, () => Array.from(b.next({ text: 0.6, code: 0.4 }).batch.idx));
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('a batcher resumed from its (JSON round-tripped) state draws the same next batches', () => {
    const a = new InstructBatcher(encoded, dims);
    for (let i = 0; i < 37; i++) a.next({ text: 0.5, code: 0.5 }); // past an epoch of code
    const saved = JSON.parse(JSON.stringify(a.getState())) as InstructBatcherState;
    expect(saved.cursor.code.epoch).toBeGreaterThan(0);
    const b = new InstructBatcher(encoded, dims, saved);
    for (let i = 0; i < 8; i++) {
      const share = i / 8;
      const x = a.nextForShare(share);
      const y = b.nextForShare(share);
      expect(y.rowSources).toEqual(x.rowSources);
      expect(y.batch).toEqual(x.batch);
    }
    expect(b.getState()).toEqual(a.getState());
  });

  it('counts the loss tokens it hands out per kind exactly', () => {
    const b = new InstructBatcher(encoded, dims);
    const sums = { text: 0, code: 0 };
    for (let i = 0; i < 10; i++) {
      const { batch, rowSources } = b.next({ text: 0.5, code: 0.5 });
      rowSources.forEach((kind, r) => {
        for (let t = 0; t < batch.T; t++) sums[kind] += batch.weights[r * batch.T + t];
      });
    }
    expect(b.getState().tokens).toEqual(sums);
  });

  it('knows the natural code share of its set (by tokens)', () => {
    const b = new InstructBatcher(encoded, { ...dims, T: 96 });
    const len = (k: ExampleKind) => encoded.filter((e) => e.kind === k).reduce((n, e) => n + e.ids.length, 0);
    expect(b.naturalCodeShare).toBeCloseTo(len('code') / (len('code') + len('text')), 12);
  });

  it('refuses a weight on a kind the set does not have', () => {
    const textOnly = encoded.filter((e: EncodedInstruction) => e.kind === 'text');
    const b = new InstructBatcher(textOnly, dims);
    expect(() => b.next({ text: 0.7, code: 0.3 })).toThrow(/'code'/);
    expect(b.next({ text: 1 }).rowSources.every((k) => k === 'text')).toBe(true);
  });
});

describe('InstructBatcher follows a text:code schedule', () => {
  // The paper's phases as code shares, written out independently of schedule.ts.
  const PHASE_SHARES: Record<PaperStrategy, number[]> = {
    uniform: [3 / 8, 3 / 8, 3 / 8, 3 / 8],
    'stepwise-increase': [0.3, 0.3, 0.4, 0.5],
    'stepwise-decrease': [0.5, 0.4, 0.3, 0.3],
  };
  const TOTAL = 800;
  const scheduled = (strategy: PaperStrategy, step: number) =>
    PHASE_SHARES[strategy][Math.floor((4 * step) / TOTAL)];

  it.each(Object.keys(PAPER_PHASES) as PaperStrategy[])(
    '%s: realised code share within ±2 points of the schedule over every 200-step window',
    (strategy) => {
      const schedule: MixSchedule = { type: 'paper', strategy };
      const b = new InstructBatcher(encoded, { ...dims, B: 8 });
      const codeRows: number[] = [];
      for (let step = 0; step < TOTAL; step++) {
        const { rowSources, share } = b.nextScheduled(schedule, step, TOTAL);
        expect(share).toBeCloseTo(scheduled(strategy, step), 12);
        codeRows.push(rowSources.filter((k) => k === 'code').length);
      }
      for (let start = 0; start + 200 <= TOTAL; start += 25) {
        let realised = 0;
        let wanted = 0;
        for (let s = start; s < start + 200; s++) {
          realised += codeRows[s] / 8;
          wanted += scheduled(strategy, s);
        }
        expect(Math.abs(realised - wanted) / 200).toBeLessThanOrEqual(0.02);
      }
    },
  );
});
