// The chat template for instruction tuning, as token ids (special tokens by id, never parsed from text):
//
//   <|user|> {instruction} <|end|> <|assistant|> {response} <|end|> <|endoftext|>
//
// with nothing else between the pieces (no newlines, no role names as text). The loss mask is 1 on
// the response tokens and on the closing <|end|> (so the model learns to stop), 0 on everything the
// model is given: <|user|>, the instruction, its <|end|>, <|assistant|>, and the final
// <|endoftext|> (a document separator for packing, not something to predict). Generation starts
// from `promptIds` and stops at <|end|>. Leaves out batching (batches.ts).
import type { ChatTurn } from './types';

export const USER_TOKEN = '<|user|>';
export const ASSISTANT_TOKEN = '<|assistant|>';
export const END_TOKEN = '<|end|>';
export const EOT = '<|endoftext|>';
export const PAD_TOKEN = '<|pad|>';

/** What the template needs from a tokenizer (BpeTokenizer has it). */
export interface ChatTokenizer {
  encode(text: string): number[];
  specialId(name: string): number;
}

export interface EncodedExample {
  ids: number[];
  /** 1 where the token is one the model must learn to produce (response + closing <|end|>). */
  lossMask: number[];
}

export interface TemplateIds {
  user: number;
  assistant: number;
  end: number;
  eot: number;
  pad: number;
}

/** The ids of the template's special tokens (throws naming a token the tokenizer lacks). */
export function templateIds(tokenizer: ChatTokenizer): TemplateIds {
  return {
    user: tokenizer.specialId(USER_TOKEN),
    assistant: tokenizer.specialId(ASSISTANT_TOKEN),
    end: tokenizer.specialId(END_TOKEN),
    eot: tokenizer.specialId(EOT),
    pad: tokenizer.specialId(PAD_TOKEN),
  };
}

/** The prompt a model is given at generation time: <|user|> instruction <|end|> <|assistant|>. */
export function promptIds(tokenizer: ChatTokenizer, instruction: string): number[] {
  const t = templateIds(tokenizer);
  return [t.user, ...tokenizer.encode(instruction), t.end, t.assistant];
}

/** One example as ids with its loss mask (same length). */
export function encodeExample(tokenizer: ChatTokenizer, turn: ChatTurn): EncodedExample {
  const t = templateIds(tokenizer);
  const prompt = promptIds(tokenizer, turn.instruction);
  const answer = [...tokenizer.encode(turn.response), t.end];
  const ids = [...prompt, ...answer, t.eot];
  const lossMask = [...prompt.map(() => 0), ...answer.map(() => 1), 0];
  return { ids, lossMask };
}

/** The template as text, for logs and for showing an example in the UI (not for encoding). */
export function renderExample(turn: ChatTurn): string {
  return `${USER_TOKEN}${turn.instruction}${END_TOKEN}${ASSISTANT_TOKEN}${turn.response}${END_TOKEN}${EOT}`;
}
