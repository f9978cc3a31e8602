// The shape every corpus source implements: what it is (name, kind, licence, attribution), which
// files it reads (for the build's input fingerprint) and how it turns them into documents.

export type CorpusKind = 'text' | 'code';

export interface Extracted {
  docs: string[];
  /** Why input items were left out, with counts (e.g. { licence: 9, minified: 2 }). */
  skipped: Record<string, number>;
  /** Per-file licence notes and other facts worth recording in the manifest. */
  notes: string[];
  /** Licence/notice text to ship next to the generated files (LICENSE.txt), if any. */
  licenceText: string | null;
}

export interface SourceSpec {
  name: string;
  kind: CorpusKind;
  licence: string;
  /** One-line attribution with the copyright holder. */
  attribution: string;
  /** Package name@version, or the generator's id. */
  origin: string;
  /** Absolute paths of the files the source reads (hashed into the build fingerprint). */
  inputs(nodeModules: string): string[];
  extract(nodeModules: string): Extracted;
}

export function emptyExtracted(): Extracted {
  return { docs: [], skipped: {}, notes: [], licenceText: null };
}

export function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
