// The `general` family's two pools: natural-language instructions (world facts and stories, and
// with corpora WordNet definitions and Factbook fields) for the text arm, and programming
// instructions (the suite's train-split code QA and code generation items, and with corpora
// 30-seconds-of-code and locutus) for the code arm's replaced slots. Each draw picks a source by
// weight among those available. Filtering (eval names, repeats, code in the text arm) is arms.ts's job.
import type { TaskId } from '../../eval/types';
import type { Level } from '../../eval/types';
import type { Rng } from '../../rng';
import { Ctx } from '../../world';
import {
  factbookExample,
  locutusExample,
  parseLocutus,
  parseSnippet,
  snippetExample,
  wordnetExample,
  type InstructCorpora,
  type LocutusFunction,
  type Snippet,
} from './corpus-examples';
import { codeExample, drawItem } from './task-examples';
import type { ExampleSource, InstructionExample } from './types';
import { worldFactExample, worldStoryExample } from './world-examples';

/** Relative weights of the general family's sources (renormalised over the available ones). */
export const GENERAL_TEXT_WEIGHTS: Partial<Record<ExampleSource, number>> = {
  'world-fact': 0.3,
  'world-story': 0.3,
  wordnet: 0.2,
  factbook: 0.2,
};
export const GENERAL_CODE_WEIGHTS: Partial<Record<ExampleSource, number>> = {
  codeqa: 0.3,
  codegen: 0.3,
  '30-seconds-of-code': 0.2,
  locutus: 0.2,
};

type Maker = (rng: Rng, n: number) => InstructionExample | undefined;

const NONE: ReadonlySet<string> = new Set();

type Entry = readonly [ExampleSource, number, Maker];

function pickWeighted(rng: Rng, makers: readonly Entry[]): Entry {
  const total = makers.reduce((s, m) => s + m[1], 0);
  let r = rng.next() * total;
  for (const m of makers) {
    if (r < m[1]) return m;
    r -= m[1];
  }
  return makers[makers.length - 1];
}

export class GeneralSources {
  private readonly ctx: Ctx;
  private readonly snippets: Snippet[];
  private readonly locutus: LocutusFunction[];
  private readonly textMakers: [ExampleSource, number, Maker][];
  private readonly codeMakers: [ExampleSource, number, Maker][];

  /**
   * `worldSeed` seeds the world text context; `evalStems` overrides the evaluation stems to keep
   * out. Repeats are the caller's to refuse (code QA and generation items never meet the reasoning
   * families' items).
   */
  constructor(
    corpora: InstructCorpora,
    worldSeed: number,
    private readonly evalStems?: ReadonlySet<string>,
  ) {
    this.ctx = new Ctx(worldSeed, 'train');
    this.snippets = (corpora.thirtySeconds ?? []).map(parseSnippet).filter((s) => s !== undefined);
    this.locutus = (corpora.locutus ?? []).map(parseLocutus).filter((f) => f !== undefined);
    const docs = (list: readonly string[] | undefined) => list ?? [];
    const wordnet = docs(corpora.wordnet);
    const factbook = docs(corpora.factbook);
    const text: [ExampleSource, Maker, boolean][] = [
      ['world-fact', (_r, n) => worldFactExample(this.ctx, n), true],
      ['world-story', (_r, n) => worldStoryExample(this.ctx, n), true],
      [
        'wordnet',
        (r, n) => wordnetExample(wordnet[r.int(wordnet.length)], `wordnet/${n}`),
        wordnet.length > 0,
      ],
      [
        'factbook',
        (r, n) => factbookExample(factbook[r.int(factbook.length)], r, `factbook/${n}`),
        factbook.length > 0,
      ],
    ];
    const code: [ExampleSource, Maker, boolean][] = [
      ['codeqa', (r) => this.suiteCode('codeqa', r), true],
      ['codegen', (r) => this.suiteCode('codegen', r), true],
      [
        '30-seconds-of-code',
        (r, n) => snippetExample(this.snippets[r.int(this.snippets.length)], r, `30s/${n}`),
        this.snippets.length > 0,
      ],
      [
        'locutus',
        (r, n) => locutusExample(this.locutus[r.int(this.locutus.length)], r, `locutus/${n}`),
        this.locutus.length > 0,
      ],
    ];
    const keep = (list: [ExampleSource, Maker, boolean][], weights: Partial<Record<ExampleSource, number>>) =>
      list
        .filter(([, , ok]) => ok)
        .map(([s, make]): [ExampleSource, number, Maker] => [s, weights[s] ?? 0, make]);
    this.textMakers = keep(text, GENERAL_TEXT_WEIGHTS);
    this.codeMakers = keep(code, GENERAL_CODE_WEIGHTS);
  }

  /** The sources each pool draws from, with their weights. */
  get sources(): { text: [ExampleSource, number][]; code: [ExampleSource, number][] } {
    const list = (m: [ExampleSource, number, Maker][]) => m.map(([s, w]): [ExampleSource, number] => [s, w]);
    return { text: list(this.textMakers), code: list(this.codeMakers) };
  }

  /** A natural-language candidate (undefined when the drawn document did not parse). */
  text(rng: Rng, n: number): InstructionExample | undefined {
    return pickWeighted(rng, this.textMakers)[2](rng, n);
  }

  /** A source for a programming slot, drawn by weight. */
  codeSource(rng: Rng): ExampleSource {
    return pickWeighted(rng, this.codeMakers)[0];
  }

  /** A programming candidate from `source` (one of `sources.code`). */
  code(rng: Rng, n: number, source: ExampleSource): InstructionExample | undefined {
    const maker = this.codeMakers.find((m) => m[0] === source);
    if (!maker)
      throw new Error(`no code source "${source}" (have: ${this.codeMakers.map((m) => m[0]).join(', ')})`);
    return maker[2](rng, n);
  }

  private suiteCode(task: TaskId, rng: Rng): InstructionExample {
    const level = (1 + rng.int(4)) as Level;
    return codeExample(drawItem(task, level, rng, NONE, this.evalStems), 'general');
  }
}
