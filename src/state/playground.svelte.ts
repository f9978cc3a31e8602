// The Playground page's state: saved checkpoints and the model the engine holds, a streaming
// generation with stop, the next token's probabilities after the prompt (debounced; an answer to
// an older prompt is dropped), and per-token losses under one checkpoint or the difference of two.
// Only plain data comes back from the engine; the UI thread never runs a model.
import { proxy, type Remote } from 'comlink';
import type { CheckpointInfo, EngineApi, GenerateRequest, LoadedModel } from '../contract/api';
import type {
  LossComparison,
  NextTokensResult,
  PlaygroundSample,
  TokenLossResult,
} from '../contract/playground';

/** How long typing must pause before the next-token probabilities are asked for. */
export const PEEK_DELAY_MS = 250;

export class PlaygroundState {
  checkpoints = $state.raw<CheckpointInfo[]>([]);
  /** The model generate() uses (null before one is trained or loaded). */
  loaded = $state.raw<LoadedModel | null>(null);
  samples = $state.raw<PlaygroundSample[]>([]);
  /** What is being done now ("Loading …"), or null. */
  busy = $state<string | null>(null);
  error = $state<string | null>(null);

  output = $state('');
  generating = $state(false);

  next = $state.raw<NextTokensResult | null>(null);
  nextError = $state<string | null>(null);
  /** The prompt the shown probabilities belong to. */
  nextFor = $state<string | null>(null);

  losses = $state.raw<TokenLossResult | null>(null);
  comparison = $state.raw<LossComparison | null>(null);

  readonly #engineOf: () => Remote<EngineApi> | null;
  #peekTimer: ReturnType<typeof setTimeout> | null = null;
  #peekSeq = 0;
  /** Held for the length of a generate() call: a dropped Comlink proxy can hang the call. */
  #onText: ((piece: string) => void) | null = null;

  /** `engine` gives the engine's API (e.g. `() => lab.engine`), null before it starts. */
  constructor(engine: () => Remote<EngineApi> | null) {
    this.#engineOf = engine;
  }

  #engine(): Remote<EngineApi> {
    const engine = this.#engineOf();
    if (!engine) throw new Error('the engine is not started');
    return engine;
  }

  async #doing<T>(label: string, work: () => Promise<T>): Promise<T | undefined> {
    this.busy = label;
    this.error = null;
    try {
      return await work();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return undefined;
    } finally {
      this.busy = null;
    }
  }

  /** Reads the saved checkpoints, the loaded model and the sample texts. */
  async refresh(): Promise<void> {
    await this.#doing('Reading checkpoints…', async () => {
      const engine = this.#engine();
      this.checkpoints = (await engine.listCheckpoints()).filter((c) => !c.problem);
      this.loaded = await engine.loadedModel();
    });
    if (this.samples.length === 0) {
      try {
        this.samples = await this.#engine().playgroundSamples();
      } catch {
        this.samples = []; // without the evaluation sets the picker just stays empty
      }
    }
  }

  /** Makes checkpoint `name` the model to generate with. */
  async load(name: string): Promise<void> {
    await this.#doing(`Loading ${name}…`, async () => {
      this.loaded = await this.#engine().loadCheckpoint(name);
      this.next = null;
    });
  }

  async generate(request: GenerateRequest): Promise<void> {
    if (this.generating) return;
    this.output = '';
    this.error = null;
    this.generating = true;
    this.#onText = proxy((piece: string) => {
      this.output += piece;
    });
    try {
      await this.#engine().generate(request, this.#onText);
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.generating = false;
      this.#onText = null;
    }
  }

  async stop(): Promise<void> {
    await this.#engine().stopGenerating();
  }

  /** Asks for the next token's probabilities after `text` once typing pauses. */
  peekSoon(text: string, topN = 10): void {
    if (this.#peekTimer) clearTimeout(this.#peekTimer);
    this.#peekTimer = setTimeout(() => void this.peek(text, topN), PEEK_DELAY_MS);
  }

  async peek(text: string, topN = 10): Promise<void> {
    const seq = ++this.#peekSeq;
    try {
      const result = await this.#engine().nextTokens({ text, topN });
      if (seq !== this.#peekSeq) return; // the prompt changed meanwhile
      this.next = result;
      this.nextFor = text;
      this.nextError = null;
    } catch (e) {
      if (seq !== this.#peekSeq) return;
      this.next = null;
      this.nextError = e instanceof Error ? e.message : String(e);
    }
  }

  /** Colours `text` by each token's loss under checkpoint `a`, or by b − a when `b` is given. */
  async colour(text: string, a: string, b: string | null): Promise<void> {
    await this.#doing(b ? `Scoring under ${a} and ${b}…` : `Scoring under ${a}…`, async () => {
      const engine = this.#engine();
      if (b) {
        this.comparison = await engine.compareLosses({ text, a, b });
        this.losses = null;
      } else {
        this.losses = await engine.tokenLosses({ text, checkpoint: a });
        this.comparison = null;
      }
    });
  }

  dispose(): void {
    if (this.#peekTimer) clearTimeout(this.#peekTimer);
    this.#peekSeq++;
  }
}
