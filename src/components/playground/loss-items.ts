// What the loss view shows for each stretch of text, from one checkpoint's token losses or from a
// comparison of two: the text, the value that sets its colour, and the numbers spelled out (for
// hover, focus, screen readers and the table).
import type { LossComparison, TokenLossResult } from '../../contract/playground';

export interface LossItem {
  text: string;
  /** Loss (one checkpoint) or b − a (two), in nats. */
  value: number;
  /** The numbers in words, e.g. "loss 2.31 nats, p = 0.099". */
  detail: string;
  /** Table columns after the token. */
  columns: number[];
}

const f = (x: number) => x.toFixed(2);

export function itemsFromLosses(r: TokenLossResult): LossItem[] {
  return r.pieces.map((p) => ({
    text: p.text,
    value: p.loss,
    detail: `loss ${f(p.loss)} nats, p = ${Math.exp(-p.loss).toPrecision(2)}`,
    columns: [p.loss, Math.exp(-p.loss)],
  }));
}

export function itemsFromComparison(c: LossComparison): LossItem[] {
  return c.segments.map((s) => ({
    text: s.text,
    value: s.diff,
    detail: `${c.a.checkpoint} ${f(s.lossA)}, ${c.b.checkpoint} ${f(s.lossB)}, difference ${s.diff >= 0 ? '+' : ''}${f(s.diff)} nats`,
    columns: [s.lossA, s.lossB, s.diff],
  }));
}

/** A piece of text as it can be read aloud or in a table: spaces and line breaks shown. */
export const visibleText = (t: string) => t.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥') || '∅';
