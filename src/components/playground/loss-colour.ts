// Colour scales for the loss view: a sequential one for a token's loss under one checkpoint (pale
// where the model expected the token, deep orange where it was surprised) and a diverging one for
// the difference of two checkpoints (blue where b predicts better than a, red where worse, white
// for no change). Each also picks a text colour that stays readable on its background.

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface LossScale {
  kind: 'loss' | 'diff';
  /** The value at the scale's ends: [0, max] for loss, [−max, max] for diff. */
  max: number;
  background(value: number): string;
  text(value: number): string;
  /** Colours from the low end to the high end, for a legend gradient. */
  stops: string[];
}

const WHITE: Rgb = { r: 255, g: 255, b: 255 };
const ORANGE: Rgb = { r: 217, g: 72, b: 1 }; // surprised
const BLUE: Rgb = { r: 33, g: 102, b: 172 }; // b better
const RED: Rgb = { r: 178, g: 24, b: 43 }; // b worse

const mix = (a: Rgb, b: Rgb, t: number): Rgb => ({
  r: Math.round(a.r + (b.r - a.r) * t),
  g: Math.round(a.g + (b.g - a.g) * t),
  b: Math.round(a.b + (b.b - a.b) * t),
});
export const css = (c: Rgb) => `rgb(${c.r}, ${c.g}, ${c.b})`;

/** WCAG relative luminance of a colour. */
export function luminance(c: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** Black or white, whichever contrasts more with the background. */
export function readableOn(bg: Rgb): string {
  const l = luminance(bg);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#111' : '#fff';
}

const clamp01 = (t: number) => (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0);

/** A scale's top: the 95th percentile of |values| (one wild token does not wash out the rest), > 0. */
export function scaleMax(values: number[]): number {
  const abs = values
    .filter(Number.isFinite)
    .map(Math.abs)
    .sort((a, b) => a - b);
  if (abs.length === 0) return 1;
  const top = abs[Math.min(abs.length - 1, Math.floor(0.95 * (abs.length - 1) + 0.5))];
  return top > 0 ? top : 1;
}

function build(kind: LossScale['kind'], max: number, colour: (v: number) => Rgb): LossScale {
  const lo = kind === 'loss' ? 0 : -max;
  return {
    kind,
    max,
    background: (v) => css(colour(v)),
    text: (v) => readableOn(colour(v)),
    stops: [0, 0.25, 0.5, 0.75, 1].map((t) => css(colour(lo + (max - lo) * t))),
  };
}

/** Sequential: 0 nats white, `max` nats and beyond deep orange. */
export function lossScale(values: number[]): LossScale {
  const max = scaleMax(values);
  return build('loss', max, (v) => mix(WHITE, ORANGE, clamp01(v / max)));
}

/** Diverging around 0: −max blue (b better), 0 white, +max red (b worse). */
export function diffScale(values: number[]): LossScale {
  const max = scaleMax(values);
  return build('diff', max, (v) =>
    v < 0 ? mix(WHITE, BLUE, clamp01(-v / max)) : mix(WHITE, RED, clamp01(v / max)),
  );
}
