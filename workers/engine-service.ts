// The engine behind the contract: the worker exposes it over Comlink, the CLI and tests call it
// in-thread. It owns the tfjs backend, the current model and the training run, and reaches
// corpora and checkpoint storage only through the platform it is given.
// Why one file over 400 lines: it is the EngineApi façade, one short method per contract call that
// delegates to the module doing the work (train/, eval/, playground.ts, study/, storage); splitting
// the class would only scatter the contract's one-to-one map.
import * as tf from '@tensorflow/tfjs-core';
import type {
  CheckpointInfo,
  EngineApi,
  GenerateRequest,
  GpuFaultKind,
  InitOptions,
  LoadedModel,
  ScoreRequest,
  ScoreResult,
  TrainOptions,
} from '../src/contract/api';
import type { EngineInfo } from '../src/contract/backend';
import type { EngineEvent } from '../src/contract/events';
import type { CorpusInfo, CorpusProvider, MixChange, RunSummary, TrainEvent } from '../src/contract/train';
import type { CheckpointStore } from '../src/core/checkpoint/store';
import { countParameters } from '../src/core/config/model';
import { parseRecipe } from '../src/core/recipe/recipe';
import { BpeTokenizer } from '../src/core/tokenizer';
import { checkpointToHf, hfToCheckpoint } from '../src/core/hf';
import { exportTorchStudy } from './export/torch-study';
import { startBackend, type BackendPlatform, type StartedBackend } from './backend';
import { timeTrainingStep } from './auto-backend';
import { runSelfTest } from './self-test';
import { registerEngineKernels } from './model/kernels';
import { GPT } from './model/gpt';
import { DEFAULT_SAMPLING, completeGreedy, generate, scoreContinuation } from './model/generate';
import { RunControl } from './train/control';
import { runTraining } from './train/run';
import { decodeRunCheckpoint, encodeRunCheckpoint } from './train/run-checkpoint';
import { evaluateSuite } from './eval/evaluate';
import type { EvalModel } from './eval/runner';
import type { CodeRunner } from '../src/core/eval';
import type { EvalProgress, EvalReport, EvalRequest } from '../src/contract/eval';
import type { BenchRecord, BenchRequest } from '../src/contract/bench';
import { runBench } from './bench/bench';
import type { UserFileInfo, UserFileKind, UserFileResult, UserFileUpload } from '../src/contract/api';
import type { UserFiles } from './storage/user-corpora';
import { Playground } from './playground';
import type { StudyEvent, StudySnapshot } from '../src/contract/study';
import type { StudyPresetId } from '../src/core/study/types';
import { StudyRunner } from './study/runner';
import { MemoryStudyStore, type StudyStore } from './study/store';
import { defaultStudyStore } from './study/indexeddb-study-store';
import type {
  CompareLossesRequest,
  LossComparison,
  NextTokensRequest,
  NextTokensResult,
  PlaygroundSample,
  TokenLossRequest,
  TokenLossResult,
} from '../src/contract/playground';

export interface EnginePlatform extends BackendPlatform {
  corpora?: CorpusProvider;
  checkpoints?: CheckpointStore;
  /** Reads a file under datasets/ (e.g. `eval/tinyreason6-v1/logic.jsonl`). */
  readDataset?: (path: string) => Promise<string>;
  /** Runs model-written code in the sandbox (QuickJS with time and memory limits). */
  runCode?: CodeRunner;
  /** The user's own files (their corpora are expected among `corpora`, see workers/data/user-corpora.ts). */
  userFiles?: UserFiles;
  /** Where the study queue keeps its state (default: IndexedDB where there is one, else memory). */
  studies?: StudyStore;
}

interface Held {
  model: GPT;
  tokenizer: BpeTokenizer;
  checkpoint: string | null;
  step: number;
}

export class EngineService implements EngineApi {
  private current: EngineInfo | null = null;
  private device: GPUDevice | null = null;
  private readonly platform: EnginePlatform;
  private held: Held | null = null;
  private run: RunControl | null = null;
  private generating = { stop: false };
  private evaluating = { cancel: false };
  private readonly playground: Playground;
  private readonly study: StudyRunner;

  constructor(platform: EnginePlatform) {
    this.platform = platform;
    this.study = new StudyRunner(
      {
        backend: () => this.requireReady().backend,
        train: (recipe, onEvent, options) => this.train(recipe, onEvent, options),
        stop: () => this.stop(),
        evaluate: (request, onProgress) => this.evaluate(request, onProgress),
        loadCheckpoint: (name) => this.loadCheckpoint(name),
        loadedModel: () => this.loadedModel(),
        listCheckpoints: () => this.listCheckpoints(),
        deleteCheckpoint: (name) => this.deleteCheckpoint(name),
      },
      platform.studies ?? defaultStudyStore() ?? new MemoryStudyStore(),
    );
    this.playground = new Playground({
      held: () => this.held,
      checkpoints: () => this.checkpoints(),
      readDataset: platform.readDataset,
    });
  }

  async init(options: InitOptions, onEvent: (event: EngineEvent) => void): Promise<EngineInfo> {
    const requested = options.backend ?? 'auto';
    let started = await startBackend(requested, this.platform, onEvent);
    registerEngineKernels();
    if (requested === 'auto' && started.backend === 'webgpu' && started.adapter?.isFallbackAdapter) {
      started = await this.fasterOfWebGPUAndWasm(started, onEvent);
    }
    this.device = started.device;
    const selfTest = await runSelfTest();
    this.current = {
      backend: started.backend,
      requested,
      reason: started.reason,
      fallbacks: started.fallbacks,
      adapter: started.adapter,
      wasm: started.wasm,
      selfTest,
      tfjsVersion: tf.version_core,
    };
    return this.current;
  }

  /** On a software adapter, time a step on webgpu and on wasm and keep the faster (TECH.md §1.8). */
  private async fasterOfWebGPUAndWasm(
    webgpu: StartedBackend,
    onEvent: (event: EngineEvent) => void,
  ): Promise<StartedBackend> {
    const gpuMs = await timeTrainingStep();
    let wasm: StartedBackend;
    try {
      wasm = await startBackend('wasm', this.platform, onEvent);
    } catch {
      return { ...webgpu, reason: `${webgpu.reason}; the adapter is software, but wasm is unavailable` };
    }
    const wasmMs = await timeTrainingStep();
    const timing = `one small training step took ${gpuMs.toFixed(0)} ms on webgpu and ${wasmMs.toFixed(0)} ms on wasm`;
    const adapter = webgpu.adapter?.architecture || webgpu.adapter?.vendor || 'unknown';
    if (wasmMs < gpuMs) {
      return { ...wasm, reason: `the WebGPU adapter is software (${adapter}): ${timing}, so wasm` };
    }
    await tf.setBackend('webgpu');
    return { ...webgpu, reason: `the WebGPU adapter is software (${adapter}), but ${timing}, so webgpu` };
  }

  async info(): Promise<EngineInfo | null> {
    return this.current;
  }

  async simulateGpuFault(kind: GpuFaultKind): Promise<boolean> {
    if (!this.device) return false;
    if (kind === 'device-loss') this.device.destroy();
    // A buffer with no usage flags is invalid: the device raises an uncaptured validation error.
    else this.device.createBuffer({ size: 4, usage: 0 });
    // Errors are reported when the device next processes its queue; make that happen now.
    await this.device.queue.onSubmittedWorkDone().catch(() => undefined);
    return true;
  }

  async listCorpora(): Promise<CorpusInfo[]> {
    return this.corpora().list();
  }

  async addUserFiles(files: UserFileUpload[]): Promise<UserFileResult[]> {
    return this.userFiles().add(files);
  }

  async listUserFiles(): Promise<UserFileInfo[]> {
    return this.userFiles().list();
  }

  async setUserFileKind(name: string, kind: UserFileKind): Promise<UserFileInfo> {
    return this.userFiles().setKind(name, kind);
  }

  async deleteUserFile(name: string): Promise<void> {
    return this.userFiles().remove(name);
  }

  async train(
    recipeInput: unknown,
    onEvent: (event: TrainEvent) => void,
    options: TrainOptions = {},
  ): Promise<RunSummary> {
    const info = this.requireReady();
    if (this.run) throw new Error('a training run is already in progress');
    const recipe = parseRecipe(recipeInput);
    const store = this.platform.checkpoints;
    const name = options.checkpointName ?? recipe.name;
    const resumeFrom = options.resumeFrom
      ? await decodeRunCheckpoint(await this.checkpoints().load(options.resumeFrom))
      : undefined;
    const initFrom =
      options.initFrom && !resumeFrom
        ? await decodeRunCheckpoint(await this.checkpoints().load(options.initFrom))
        : undefined;
    this.run = new RunControl();
    try {
      const result = await runTraining({
        recipe,
        corpora: this.corpora(),
        onEvent,
        control: this.run,
        resumeFrom,
        initFrom,
        backend: info.backend,
        saveCheckpoint: store
          ? async (checkpoint) => {
              const files = await encodeRunCheckpoint(checkpoint);
              await store.save(name, files);
              return { name, bytes: [...files.values()].reduce((n, f) => n + f.byteLength, 0) };
            }
          : undefined,
      });
      this.hold({
        model: result.model,
        tokenizer: BpeTokenizer.fromJSON(result.tokenizerJson),
        checkpoint: store ? name : null,
        step: result.summary.steps,
      });
      return result.summary;
    } catch (error) {
      onEvent({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      this.run = null;
    }
  }

  async pause(): Promise<void> {
    this.run?.pause();
  }

  async resume(): Promise<void> {
    this.run?.resume();
  }

  async stop(): Promise<void> {
    this.run?.stop();
  }

  async setMix(change: MixChange): Promise<void> {
    if (!this.run) throw new Error('nothing is training: the mix can change only during a run');
    this.run.requestMixChange(change);
  }

  async bench(request: BenchRequest): Promise<BenchRecord> {
    const info = this.requireReady();
    if (this.run) throw new Error('a training run is in progress: benchmark when it has finished');
    return runBench(request, { adapter: info.adapter, threads: info.wasm?.threads ?? null });
  }

  async generate(request: GenerateRequest, onText: (piece: string) => void): Promise<string> {
    const held = this.requireModel();
    const flag = { stop: false };
    this.generating = flag;
    return generate(
      held.model,
      held.tokenizer,
      request.prompt,
      { ...DEFAULT_SAMPLING, ...definedOnly(request) },
      onText,
      () => flag.stop,
    );
  }

  async stopGenerating(): Promise<void> {
    this.generating.stop = true;
  }

  async score(requests: ScoreRequest[]): Promise<ScoreResult[]> {
    const held = this.requireModel();
    const out: ScoreResult[] = [];
    for (const r of requests)
      out.push(await scoreContinuation(held.model, held.tokenizer, r.context, r.continuation));
    return out;
  }

  async loadedModel(): Promise<LoadedModel | null> {
    if (!this.held) return null;
    const cfg = this.held.model.config;
    return {
      checkpoint: this.held.checkpoint,
      params: countParameters(cfg),
      vocabSize: cfg.vocabSize,
      blockSize: cfg.blockSize,
      step: this.held.step,
    };
  }

  async nextTokens(request: NextTokensRequest): Promise<NextTokensResult> {
    this.requireReady();
    return this.playground.nextTokens(request);
  }

  async tokenLosses(request: TokenLossRequest): Promise<TokenLossResult> {
    this.requireReady();
    return this.playground.tokenLosses(request);
  }

  async compareLosses(request: CompareLossesRequest): Promise<LossComparison> {
    this.requireReady();
    return this.playground.compareLosses(request);
  }

  async playgroundSamples(): Promise<PlaygroundSample[]> {
    return this.playground.samples();
  }

  async evaluate(
    request: EvalRequest,
    onProgress: (p: EvalProgress) => void = () => {},
  ): Promise<EvalReport> {
    const held = this.requireModel();
    const { readDataset, runCode } = this.platform;
    if (!readDataset || !runCode)
      throw new Error('this engine was started without the evaluation sets or the sandbox');
    const model: EvalModel = {
      score: (requests) => this.score(requests),
      complete: (prompt, stop, maxTokens) =>
        completeGreedy(held.model, held.tokenizer, prompt, stop, maxTokens),
      vocabSize: held.model.config.vocabSize,
    };
    const deps = { model, readDataset, runCode, corpora: this.platform.corpora };
    const flag = { cancel: false };
    this.evaluating = flag;
    return evaluateSuite(deps, request, onProgress, () => flag.cancel);
  }

  async cancelEvaluation(): Promise<void> {
    this.evaluating.cancel = true;
  }

  async listCheckpoints(): Promise<CheckpointInfo[]> {
    return this.checkpoints().list();
  }

  async loadCheckpoint(name: string): Promise<LoadedModel> {
    this.requireReady();
    const c = await decodeRunCheckpoint(await this.checkpoints().load(name));
    this.hold({
      model: GPT.fromWeights(c.config, c.params),
      tokenizer: BpeTokenizer.fromJSON(c.tokenizer),
      checkpoint: name,
      step: c.step,
    });
    return (await this.loadedModel())!;
  }

  async exportCheckpoint(name: string): Promise<Record<string, Uint8Array>> {
    return Object.fromEntries(await this.checkpoints().load(name));
  }

  async importCheckpoint(name: string, files: Record<string, Uint8Array>): Promise<CheckpointInfo> {
    const map = new Map(Object.entries(files));
    await decodeRunCheckpoint(map); // refuses a damaged or foreign upload before anything is stored
    await this.checkpoints().save(name, map);
    const found = (await this.checkpoints().list()).find((c) => c.name === name);
    if (!found) throw new Error(`checkpoint "${name}" was saved but is not listed`);
    return found;
  }

  async exportHf(name: string): Promise<Record<string, Uint8Array>> {
    return Object.fromEntries(await checkpointToHf(await this.checkpoints().load(name)));
  }

  async importHf(name: string, files: Record<string, Uint8Array>): Promise<CheckpointInfo> {
    return this.importCheckpoint(name, Object.fromEntries(await hfToCheckpoint(files)));
  }

  async exportTorchStudy(recipe: unknown): Promise<Record<string, Uint8Array>> {
    return exportTorchStudy(parseRecipe(recipe), this.corpora());
  }

  async deleteCheckpoint(name: string): Promise<void> {
    await this.checkpoints().remove(name);
  }

  async startStudy(presetId: StudyPresetId, onEvent: (event: StudyEvent) => void): Promise<StudySnapshot> {
    this.requireReady();
    return this.study.start(presetId, onEvent);
  }

  async studyState(): Promise<StudySnapshot | null> {
    return this.study.current();
  }

  async pauseStudy(): Promise<StudySnapshot> {
    return this.study.pause();
  }

  async resumeStudy(onEvent: (event: StudyEvent) => void): Promise<StudySnapshot> {
    this.requireReady();
    return this.study.resume(onEvent);
  }

  async reorderStudy(armIds: string[]): Promise<StudySnapshot> {
    return this.study.reorder(armIds);
  }

  async waitForStudy(): Promise<StudySnapshot | null> {
    return this.study.idle();
  }

  async discardStudy(deleteCheckpoints: boolean): Promise<void> {
    return this.study.discard(deleteCheckpoints);
  }

  private hold(next: Held): void {
    if (this.held && this.held.model !== next.model) this.held.model.dispose();
    this.held = next;
  }

  private requireReady(): EngineInfo {
    if (!this.current) throw new Error('the engine is not initialised: call init() first');
    return this.current;
  }

  private requireModel(): Held {
    if (!this.held) throw new Error('no model is loaded: train one or load a checkpoint first');
    return this.held;
  }

  private corpora(): CorpusProvider {
    if (!this.platform.corpora) throw new Error('this engine was started without corpora');
    return this.platform.corpora;
  }

  private userFiles(): UserFiles {
    if (!this.platform.userFiles)
      throw new Error('this engine was started without storage for your own files');
    return this.platform.userFiles;
  }

  private checkpoints(): CheckpointStore {
    if (!this.platform.checkpoints) throw new Error('this engine was started without checkpoint storage');
    return this.platform.checkpoints;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
