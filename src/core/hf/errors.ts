// The error every Hugging Face export/import problem is reported with: it names the file and,
// where there is one, the field (a config key, a tensor name, a JSON path) that is wrong.

export class HfFormatError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    detail: string,
  ) {
    super(`${file}${field ? ` (${field})` : ''}: ${detail}`);
    this.name = 'HfFormatError';
  }
}

/** The file names of a Hugging Face GPT-2 directory, as transformers expects them. */
export const HF_FILES = {
  config: 'config.json',
  generationConfig: 'generation_config.json',
  model: 'model.safetensors',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
} as const;

/** Every file an export writes, in a fixed order. */
export const HF_FILE_NAMES: readonly string[] = Object.values(HF_FILES);

/** JSON as the export writes it: two-space indentation and a final newline (deterministic). */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

/** Parses a JSON file or throws naming it. */
export function parseJsonFile(file: string, bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HfFormatError(file, null, 'is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HfFormatError(file, null, `is not valid JSON (${(e as Error).message})`);
  }
}
