// The Train page's quick run: a built-in one-stage pre-training recipe from a few choices (preset,
// steps, batch size, sources), logged every other step so the page updates live.
import { PRESETS, type PresetName } from '../../core/config/model';
import type { RecipeInput } from '../../core/recipe/recipe';
import type { CorpusInfo } from '../../contract/train';

export interface QuickRunChoice {
  preset: PresetName;
  steps: number;
  batchSize: number;
  sources: string[];
}

/** The sources a quick run starts with: the lab's small world text and snippet code, when shipped. */
const PREFERRED = ['world', '30-seconds-of-code'];

/** One text and one code corpus (the preferred ones when present), or whatever exists. */
export function defaultSources(corpora: CorpusInfo[]): string[] {
  const pick = (kind: CorpusInfo['kind']) =>
    corpora.find((c) => c.kind === kind && PREFERRED.includes(c.name)) ??
    corpora.find((c) => c.kind === kind);
  return [pick('text'), pick('code')].filter((c): c is CorpusInfo => c !== undefined).map((c) => c.name);
}

/** Tokenizer size and BPE sample for a preset: small enough that preparing takes seconds. */
function tokenizerFor(preset: PresetName): { vocabSize: number; sampleBytes: number } {
  if (preset === 'nano') return { vocabSize: 300, sampleBytes: 40_000 };
  return { vocabSize: PRESETS[preset].vocabSize, sampleBytes: 200_000 };
}

/** The recipe of a quick run. A code share of 30% when both kinds are chosen, else the sources as they come. */
export function quickRecipe(choice: QuickRunChoice, corpora: CorpusInfo[]): RecipeInput {
  if (choice.sources.length === 0) throw new Error('choose at least one source to train on');
  const kinds = new Set(choice.sources.map((s) => corpora.find((c) => c.name === s)?.kind));
  const steps = choice.steps;
  return {
    name: `quick-${choice.preset}`,
    seed: 1,
    model: { preset: choice.preset },
    tokenizer: tokenizerFor(choice.preset),
    stages: [
      {
        kind: 'pretrain',
        steps,
        batchSize: choice.batchSize,
        lr: choice.preset === 'nano' ? 1e-2 : 3e-3,
        warmupSteps: Math.min(20, Math.floor(steps / 10)),
        sources: choice.sources,
        ...(kinds.has('text') && kinds.has('code') ? { mix: { type: 'fixed' as const, code: 0.3 } } : {}),
        // Every other step: the loop yields to pause/stop messages only between unlogged steps on
        // backends whose readback does not wait (wasm, cpu).
        logEvery: 2,
        evalEvery: steps,
        evalBatches: 1,
      },
    ],
  };
}
