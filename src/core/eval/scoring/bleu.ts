// Smoothed BLEU-4, the paper's code-generation metric (PAPER.md §3: CodeXGLUE's `_bleu`, i.e. the
// Google NMT `compute_bleu` with smooth=True, ×100). Written from the formula: clipped n-gram matches
// for n = 1..4 summed over the corpus, precisions smoothed as (matches + 1) / (possible + 1), geometric
// mean, brevity penalty exp(1 − r/c) when the candidate is shorter. The paper tokenised with its model's
// tokenizer; we use a simple regex code tokenizer (identifiers, numbers, string literals, multi-char
// operators, single punctuation), which makes scores comparable across models with different tokenizers.

const TOKEN_RE =
  /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|===|!==|\*\*|=>|==|!=|<=|>=|&&|\|\||\?\?|\+\+|--|[+\-*/%]=|\S/g;

/** Split code into tokens with one regex (whitespace and layout are ignored). */
export function tokenizeCode(code: string): string[] {
  return code.match(TOKEN_RE) ?? [];
}

function ngramCounts(tokens: readonly string[], maxOrder: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let order = 1; order <= maxOrder; order++)
    for (let i = 0; i + order <= tokens.length; i++) {
      const key = `${order}\u0000${tokens.slice(i, i + order).join('\u0001')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  return counts;
}

export interface BleuResult {
  bleu: number;
  precisions: number[];
  brevityPenalty: number;
  ratio: number;
  translationLength: number;
  referenceLength: number;
}

/**
 * Corpus BLEU: `references[i]` are the reference token lists of candidate `translations[i]`
 * (the shortest reference sets the length, n-gram counts are the max over references).
 */
export function computeBleu(
  references: readonly (readonly (readonly string[])[])[],
  translations: readonly (readonly string[])[],
  maxOrder = 4,
  smooth = true,
): BleuResult {
  if (references.length !== translations.length)
    throw new Error(`BLEU: ${references.length} reference sets for ${translations.length} candidates`);
  const matches = new Array<number>(maxOrder).fill(0);
  const possible = new Array<number>(maxOrder).fill(0);
  let referenceLength = 0;
  let translationLength = 0;
  for (const [i, translation] of translations.entries()) {
    const refs = references[i];
    if (refs.length === 0) throw new Error(`BLEU: candidate ${i} has no reference`);
    referenceLength += Math.min(...refs.map((r) => r.length));
    translationLength += translation.length;
    const merged = new Map<string, number>();
    for (const r of refs)
      for (const [k, c] of ngramCounts(r, maxOrder)) merged.set(k, Math.max(merged.get(k) ?? 0, c));
    for (const [k, c] of ngramCounts(translation, maxOrder)) {
      const order = Number(k.slice(0, k.indexOf('\u0000')));
      matches[order - 1] += Math.min(c, merged.get(k) ?? 0);
    }
    for (let order = 1; order <= maxOrder; order++)
      possible[order - 1] += Math.max(0, translation.length - order + 1);
  }
  const precisions = matches.map((m, i) =>
    smooth ? (m + 1) / (possible[i] + 1) : possible[i] > 0 ? m / possible[i] : 0,
  );
  const geoMean =
    Math.min(...precisions) > 0 ? Math.exp(precisions.reduce((s, p) => s + Math.log(p) / maxOrder, 0)) : 0;
  const ratio =
    referenceLength > 0 ? translationLength / referenceLength : translationLength > 0 ? Infinity : 0;
  const brevityPenalty = ratio > 1 ? 1 : ratio > 0 ? Math.exp(1 - 1 / ratio) : 0;
  return {
    bleu: geoMean * brevityPenalty,
    precisions,
    brevityPenalty,
    ratio,
    translationLength,
    referenceLength,
  };
}

/** Smoothed BLEU-4 of one candidate against one reference, both as code text. */
export function codeBleu(reference: string, candidate: string): number {
  return computeBleu([[tokenizeCode(reference)]], [tokenizeCode(candidate)]).bleu;
}

/** The paper's number: corpus smoothed BLEU-4 over all pairs, ×100. */
export function corpusCodeBleu(pairs: readonly { reference: string; candidate: string }[]): number {
  if (pairs.length === 0) return 0;
  const r = computeBleu(
    pairs.map((p) => [tokenizeCode(p.reference)]),
    pairs.map((p) => tokenizeCode(p.candidate)),
  );
  return 100 * r.bleu;
}
