// A lab model ↔ the files of a Hugging Face GPT-2 directory (config.json, generation_config.json,
// model.safetensors, tokenizer.json, tokenizer_config.json) that transformers loads as
// GPT2LMHeadModel and Tokenizers.js / tokenizers load as-is. Export is deterministic (same model,
// same bytes), so export → import → export reproduces every file byte for byte.
import type { ModelConfig } from '../config/model';
import { readSafetensors, SafetensorsError, writeSafetensors } from '../checkpoint/safetensors';
import { BpeTokenizer, EOT_TOKEN, type TokenizerJson } from '../tokenizer';
import { toHuggingFaceConfig, toHuggingFaceJson } from '../tokenizer/hf-json';
import { fromGpt2Config, toGenerationConfig, toGpt2Config, type SpecialIds } from './config';
import { HF_FILES, HfFormatError, jsonBytes, parseJsonFile } from './errors';
import { fromGpt2Tensors, toGpt2Tensors, type Float32Tensor } from './params';
import { readHfTokenizer } from './tokenizer';

/** What a GPT-2 directory holds, in the lab's terms. */
export interface LabModel {
  config: ModelConfig;
  tokenizer: TokenizerJson;
  /** Parameters by lab name (`wte.weight`, `h.0.attn.c_attn.weight`, …), Conv1D layout [in, out]. */
  params: Record<string, Float32Tensor>;
}

/** A directory's files by name: a Map, or a plain object (what crosses the engine boundary). */
export type HfFiles = Map<string, Uint8Array> | Record<string, Uint8Array>;

function specialIds(tok: BpeTokenizer): SpecialIds {
  const id = (s: string) => (tok.specialTokens.includes(s) ? tok.specialId(s) : null);
  return { eos: id(EOT_TOKEN), pad: id('<|pad|>') };
}

/**
 * The five files of the Hugging Face GPT-2 directory for a lab model, in a fixed order. Refuses
 * (HfFormatError) a model GPT-2 cannot express (the PanGu-α query layer) or whose tokenizer and
 * config disagree on the vocabulary size.
 */
export function exportGpt2(model: LabModel): Map<string, Uint8Array> {
  const tok = BpeTokenizer.fromJSON(model.tokenizer);
  const ids = specialIds(tok);
  const config = toGpt2Config(model.config, ids); // refuses the query layer first
  if (tok.vocabSize !== model.config.vocabSize)
    throw new HfFormatError(
      HF_FILES.config,
      'vocab_size',
      `the model has ${model.config.vocabSize} token embeddings but its tokenizer has ${tok.vocabSize} tokens`,
    );
  const tensors = toGpt2Tensors(model.config, model.params);
  return new Map([
    [HF_FILES.config, jsonBytes(config)],
    [HF_FILES.generationConfig, jsonBytes(toGenerationConfig(ids))],
    [HF_FILES.model, writeSafetensors(tensors, { format: 'pt' })],
    [HF_FILES.tokenizer, jsonBytes(toHuggingFaceJson(tok))],
    [HF_FILES.tokenizerConfig, jsonBytes(toHuggingFaceConfig(tok, model.config.blockSize))],
  ]);
}

function fileOf(files: HfFiles, name: string): Uint8Array | undefined {
  if (files instanceof Map) return files.get(name);
  return Object.prototype.hasOwnProperty.call(files, name) ? files[name] : undefined;
}

function required(files: HfFiles, name: string, why: string): Uint8Array {
  const bytes = fileOf(files, name);
  if (!bytes) throw new HfFormatError(name, null, `is missing: a GPT-2 directory needs it (${why})`);
  return bytes;
}

/**
 * Reads a Hugging Face GPT-2 directory (this lab's export, or any GPT-2 with a byte-level BPE
 * tokenizer.json, renumbered the lab's way with the embedding rows moved along) into a lab model. Every problem is an HfFormatError naming
 * the file and field: unsupported model_type/architecture, a missing file, a malformed
 * model.safetensors, tensors whose shapes disagree with config.json, a tokenizer of another kind.
 */
export function importGpt2(files: HfFiles): LabModel {
  const config = fromGpt2Config(
    parseJsonFile(HF_FILES.config, required(files, HF_FILES.config, 'the model architecture')),
  );
  const modelBytes = required(files, HF_FILES.model, 'the weights');
  const tokBytes = required(
    files,
    HF_FILES.tokenizer,
    'the tokenizer; vocab.json/merges.txt alone are not read',
  );
  for (const optional of [HF_FILES.generationConfig, HF_FILES.tokenizerConfig]) {
    const bytes = fileOf(files, optional);
    if (!bytes) continue;
    const json = parseJsonFile(optional, bytes);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new HfFormatError(optional, null, 'must be a JSON object');
  }
  const { tokenizer, labId, identity } = readHfTokenizer(parseJsonFile(HF_FILES.tokenizer, tokBytes));
  const tokSize = labId.length;
  if (tokSize !== config.vocabSize)
    throw new HfFormatError(
      HF_FILES.config,
      'vocab_size',
      `is ${config.vocabSize} but ${HF_FILES.tokenizer} has ${tokSize} tokens (the lab needs one embedding per token, no padding)`,
    );
  let tensors;
  try {
    tensors = readSafetensors(modelBytes).tensors;
  } catch (e) {
    if (e instanceof SafetensorsError) throw new HfFormatError(HF_FILES.model, null, e.message);
    throw e;
  }
  const params = fromGpt2Tensors(config, tensors);
  if (!identity) params['wte.weight'] = renumberRows(params['wte.weight'], labId);
  return { config, tokenizer, params };
}

/** The embedding with row `id` moved to row `labId[id]` (the LM head is tied, so logits follow). */
function renumberRows(wte: Float32Tensor, labId: Int32Array): Float32Tensor {
  const C = wte.shape[1];
  const data = new Float32Array(wte.data.length);
  labId.forEach((to, from) => data.set(wte.data.subarray(from * C, (from + 1) * C), to * C));
  return { shape: wte.shape, data };
}
