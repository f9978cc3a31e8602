// Extractive-QA scoring in the SQuAD style: answers are normalised (lower case, ASCII punctuation
// removed, the articles a/an/the removed, whitespace collapsed), exact match compares the normalised
// strings, and F1 is the harmonic mean of token precision and recall over the multiset of shared
// tokens (an empty prediction or gold scores 1 only against an empty other side). Also the chance
// baseline of an extractive item: the expected EM and F1 of a span of the gold's length drawn
// uniformly from the document.

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

export function squadNormalise(text: string): string {
  return text
    .toLowerCase()
    .replace(PUNCTUATION, '')
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .join(' ');
}

export const squadTokens = (text: string): string[] => {
  const n = squadNormalise(text);
  return n === '' ? [] : n.split(' ');
};

export function exactMatch(prediction: string, gold: string): boolean {
  return squadNormalise(prediction) === squadNormalise(gold);
}

export function tokenF1(prediction: string, gold: string): number {
  const p = squadTokens(prediction);
  const g = squadTokens(gold);
  if (p.length === 0 || g.length === 0) return p.length === g.length ? 1 : 0;
  const left = new Map<string, number>();
  for (const t of g) left.set(t, (left.get(t) ?? 0) + 1);
  let shared = 0;
  for (const t of p) {
    const k = left.get(t) ?? 0;
    if (k > 0) {
      shared++;
      left.set(t, k - 1);
    }
  }
  if (shared === 0) return 0;
  const precision = shared / p.length;
  const recall = shared / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The first line of a generation, as the answer (generation stops at a newline anyway). */
export const answerLine = (generated: string): string => generated.replace(/^\s+/, '').split('\n')[0];

export function scoreExtractive(
  gold: string,
  generated: string,
): { em: boolean; f1: number; answer: string } {
  const answer = answerLine(generated);
  return { em: exactMatch(answer, gold), f1: tokenF1(answer, gold), answer };
}

/**
 * Chance EM and F1 of an extractive item: the mean over every span of the document (whitespace
 * words, as written) with as many words as the gold answer.
 */
export function spanChance(document: string, gold: string): { em: number; f1: number } {
  const words = document.split(/\s+/).filter((w) => w.length > 0);
  const k = Math.max(1, gold.split(/\s+/).filter((w) => w.length > 0).length);
  const spans = Math.max(0, words.length - k + 1);
  if (spans === 0) return { em: 0, f1: 0 };
  let em = 0;
  let f1 = 0;
  for (let i = 0; i < spans; i++) {
    const span = words.slice(i, i + k).join(' ');
    if (exactMatch(span, gold)) em++;
    f1 += tokenF1(span, gold);
  }
  return { em: em / spans, f1: f1 / spans };
}
