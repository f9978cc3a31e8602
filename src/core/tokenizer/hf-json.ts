// Export to Hugging Face's `tokenizer.json` (and a matching `tokenizer_config.json`), so Tokenizers.js,
// Python `tokenizers` and `transformers` reproduce our ids: a BPE model over GPT-2's byte-to-unicode
// alphabet, pre-tokenized by a `Split` with our regex followed by a regex-free `ByteLevel`, decoded
// by a `ByteLevel` decoder, with our special tokens as added tokens. Import is not here.
//
// One behaviour differs by design: Hugging Face always recognises added tokens in input text, which
// is our `encode(text, { allowSpecial: true })`; our default (specials as plain bytes) has no HF twin.

import type { BpeTokenizer } from './bpe';
import { bytesToByteLevel } from './byte-level';
import { EOT_TOKEN } from './format';

export interface HfAddedToken {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

export interface HfTokenizerJson {
  version: '1.0';
  truncation: null;
  padding: null;
  added_tokens: HfAddedToken[];
  normalizer: null;
  pre_tokenizer: {
    type: 'Sequence';
    pretokenizers: [
      { type: 'Split'; pattern: { Regex: string }; behavior: 'Isolated'; invert: false },
      { type: 'ByteLevel'; add_prefix_space: false; trim_offsets: true; use_regex: false },
    ];
  };
  post_processor: { type: 'ByteLevel'; add_prefix_space: false; trim_offsets: false; use_regex: false };
  decoder: { type: 'ByteLevel'; add_prefix_space: false; trim_offsets: true; use_regex: false };
  model: {
    type: 'BPE';
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: null;
    end_of_word_suffix: null;
    fuse_unk: false;
    byte_fallback: false;
    ignore_merges: false;
    vocab: Record<string, number>;
    /** "left right" in byte-level characters (a byte-level token never contains a plain space). */
    merges: string[];
  };
}

/** The `tokenizer.json` object for `tok` (serialise it with JSON.stringify). */
export function toHuggingFaceJson(tok: BpeTokenizer): HfTokenizerJson {
  // A null-prototype object, so that a token spelled "__proto__" is stored as an ordinary key.
  const vocab = Object.create(null) as Record<string, number>;
  const names: string[] = [];
  for (let id = 0; id < tok.numOrdinaryTokens; id++) {
    const name = bytesToByteLevel(tok.tokenBytes(id));
    names.push(name);
    vocab[name] = id;
  }
  const specialIds = new Set(tok.specialTokens.map((s) => tok.specialId(s)));
  tok.specialTokens.forEach((s) => {
    // HF looks added tokens up by their text in the same table as the model's tokens.
    if (s in vocab) {
      throw new Error(
        `special token ${JSON.stringify(s)} has the same text as ordinary token ${vocab[s]}; Hugging Face cannot tell them apart`,
      );
    }
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...specialIds].map((id) => ({
      id,
      content: tok.specialTokens[id - tok.numOrdinaryTokens],
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: tok.pattern }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: tok.merges.map(([a, b]) => `${names[a]} ${names[b]}`),
    },
  };
}

export interface HfTokenizerConfig {
  tokenizer_class: 'PreTrainedTokenizerFast';
  model_max_length: number;
  bos_token: string | null;
  eos_token: string | null;
  pad_token: string | null;
  unk_token: null;
  add_bos_token: false;
  add_eos_token: false;
  add_prefix_space: false;
  clean_up_tokenization_spaces: false;
}

/**
 * The `tokenizer_config.json` to ship beside it. `clean_up_tokenization_spaces` must be false: its
 * default (true) makes HF's decode rewrite " ." to "." and so on, which breaks exact round trips.
 */
export function toHuggingFaceConfig(tok: BpeTokenizer, modelMaxLength: number): HfTokenizerConfig {
  if (!(Number.isInteger(modelMaxLength) && modelMaxLength > 0)) {
    throw new Error(`modelMaxLength must be a positive integer, got ${modelMaxLength}`);
  }
  const has = (s: string): string | null => (tok.specialTokens.includes(s) ? s : null);
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: modelMaxLength,
    bos_token: has(EOT_TOKEN),
    eos_token: has(EOT_TOKEN),
    pad_token: has('<|pad|>'),
    unk_token: null,
    add_bos_token: false,
    add_eos_token: false,
    add_prefix_space: false,
    clean_up_tokenization_spaces: false,
  };
}
