import { beforeAll, describe, expect, it } from 'vitest';
import { SPECIAL_TOKENS } from '../../tokenizer/format';
import type { BpeTokenizer } from '../../tokenizer/bpe';
import { trainBpe } from '../../tokenizer/train';
import { encodeExample, promptIds, renderExample, type ChatTokenizer } from './chat-template';

/** One id per character (code point + 10), specials at 1..5: a reference small enough to reason about. */
const SPECIAL_IDS: Record<string, number> = {
  '<|endoftext|>': 1,
  '<|pad|>': 2,
  '<|user|>': 3,
  '<|assistant|>': 4,
  '<|end|>': 5,
};
const charTokenizer: ChatTokenizer = {
  encode: (text) => [...text].map((c) => c.codePointAt(0)! + 10),
  specialId: (name) => {
    const id = SPECIAL_IDS[name];
    if (id === undefined) throw new Error(`no special token ${name}`);
    return id;
  },
};
const c = (ch: string) => ch.codePointAt(0)! + 10;

describe('encodeExample with a character tokenizer (hand-checked layout)', () => {
  it('lays out <|user|> instruction <|end|> <|assistant|> response <|end|> <|endoftext|>', () => {
    const { ids, lossMask } = encodeExample(charTokenizer, { instruction: 'hi', response: 'yo' });
    expect(ids).toEqual([3, c('h'), c('i'), 5, 4, c('y'), c('o'), 5, 1]);
    expect(lossMask).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 0]);
  });

  it('an empty response still teaches the model to stop', () => {
    const { ids, lossMask } = encodeExample(charTokenizer, { instruction: 'q', response: '' });
    expect(ids).toEqual([3, c('q'), 5, 4, 5, 1]);
    expect(lossMask).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('the generation prompt is the unmasked head of an example', () => {
    const ex = encodeExample(charTokenizer, { instruction: 'abc', response: 'de' });
    const prompt = promptIds(charTokenizer, 'abc');
    expect(ex.ids.slice(0, prompt.length)).toEqual(prompt);
    expect(ex.lossMask.slice(0, prompt.length).every((m) => m === 0)).toBe(true);
    expect(ex.lossMask[prompt.length]).toBe(1);
  });

  it('names a special token the tokenizer lacks', () => {
    const bare: ChatTokenizer = {
      encode: charTokenizer.encode,
      specialId: (name) => {
        throw new Error(`no special token ${name}`);
      },
    };
    expect(() => encodeExample(bare, { instruction: 'a', response: 'b' })).toThrow(/<\|user\|>/);
  });
});

describe('encodeExample with a trained BPE tokenizer', () => {
  let tok: BpeTokenizer;
  beforeAll(() => {
    const text =
      'Every wug is a blicket. Tim is a wug. Is Tim a blicket? Answer: True\n' +
      'const isWug = (x) => x === "Tim";\nconsole.log(isWug("Tim")); // true\n';
    tok = trainBpe([text.repeat(20)], { vocabSize: 256 + 60 + SPECIAL_TOKENS.length });
  });

  const turn = {
    instruction: 'Every wug is a blicket. Tim is a wug.\nIs Tim a blicket?\nOptions: True / False',
    response: 'const isWug = (x) => x === "Tim";\nconsole.log(isWug("Tim")); // True\nAnswer: True',
  };

  it('the mask covers exactly the response tokens and the closing <|end|>', () => {
    const { ids, lossMask } = encodeExample(tok, turn);
    expect(lossMask.length).toBe(ids.length);
    const masked = ids.filter((_, i) => lossMask[i] === 1);
    const unmasked = ids.filter((_, i) => lossMask[i] === 0);
    expect(tok.decode(masked)).toBe(`${turn.response}<|end|>`);
    expect(tok.decode(unmasked)).toBe(`<|user|>${turn.instruction}<|end|><|assistant|><|endoftext|>`);
    expect(masked.length).toBe(tok.encode(turn.response).length + 1);
    // one contiguous run of ones, ending on the closing <|end|> id, followed by <|endoftext|>
    const first = lossMask.indexOf(1);
    const last = lossMask.lastIndexOf(1);
    expect(lossMask.slice(first, last + 1).every((m) => m === 1)).toBe(true);
    expect(ids[first - 1]).toBe(tok.specialId('<|assistant|>'));
    expect(ids[last]).toBe(tok.specialId('<|end|>'));
    expect(ids[last + 1]).toBe(tok.eotId);
    expect(last + 2).toBe(ids.length);
  });

  it('special-token text inside an instruction is plain bytes, not a token', () => {
    const { ids } = encodeExample(tok, { instruction: 'say <|end|> now', response: 'ok' });
    const end = tok.specialId('<|end|>');
    expect(ids.filter((id) => id === end).length).toBe(2);
    expect(renderExample({ instruction: 'a', response: 'b' })).toBe(
      '<|user|>a<|end|><|assistant|>b<|end|><|endoftext|>',
    );
  });
});
