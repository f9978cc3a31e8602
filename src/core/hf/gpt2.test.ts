// The Hugging Face GPT-2 directory: what the export writes (names, layouts, config fields), that
// export → import → export gives the same bytes, and that every malformed input is refused with a
// message naming the file and field.
import { describe, expect, it } from 'vitest';
import { PRESETS, type ModelConfig } from '../config/model';
import { readSafetensors, writeSafetensors, type TensorEntry } from '../checkpoint/safetensors';
import { trainBpe, type TokenizerJson } from '../tokenizer';
import { Rng } from '../rng';
import { HF_FILES, HfFormatError } from './errors';
import { exportGpt2, importGpt2, type LabModel } from './gpt2';
import { checkpointToHf, hfToCheckpoint, modelToCheckpoint } from './checkpoint';
import { parameterShapes } from '../config/model';

const TEXT =
  'function add(a, b) {\n  return a + b;\n}\nThe cat sat on the mat. The dog sat on the log.\n'.repeat(20);

function tinyModel(overrides: Partial<ModelConfig> = {}): LabModel {
  const tok = trainBpe([TEXT], { vocabSize: 300 });
  const config: ModelConfig = { ...PRESETS.nano, vocabSize: tok.vocabSize, blockSize: 16, ...overrides };
  const rng = new Rng(3);
  const params = Object.fromEntries(
    parameterShapes(config).map(([name, shape]) => [
      name,
      {
        shape,
        data: rng.normals(
          shape.reduce((a, b) => a * b, 1),
          0.1,
        ),
      },
    ]),
  );
  return { config, tokenizer: tok.toJSON(), params };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const json = (b: Uint8Array) => JSON.parse(text(b)) as Record<string, unknown>;
const bytesOf = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** The files with one replaced (or removed, for undefined). */
function edit(files: Map<string, Uint8Array>, name: string, bytes: Uint8Array | undefined) {
  const out = new Map(files);
  if (bytes) out.set(name, bytes);
  else out.delete(name);
  return out;
}

describe('Hugging Face GPT-2 export', () => {
  const model = tinyModel();
  const files = exportGpt2(model);

  it('writes the five files with GPT-2 names, Conv1D layouts and config fields', () => {
    expect([...files.keys()]).toEqual([
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const cfg = json(files.get(HF_FILES.config)!);
    expect(cfg).toMatchObject({
      model_type: 'gpt2',
      architectures: ['GPT2LMHeadModel'],
      activation_function: 'gelu_new',
      vocab_size: model.config.vocabSize,
      n_positions: 16,
      n_ctx: 16,
      n_embd: 64,
      n_layer: 2,
      n_head: 2,
      layer_norm_epsilon: 1e-5,
      tie_word_embeddings: true,
      resid_pdrop: 0,
      embd_pdrop: 0,
      attn_pdrop: 0,
    });
    const eot = model.config.vocabSize - 5; // <|endoftext|> is the first special token
    expect(cfg.bos_token_id).toBe(eot);
    expect(cfg.eos_token_id).toBe(eot);
    expect(json(files.get(HF_FILES.generationConfig)!)).toEqual({
      bos_token_id: eot,
      eos_token_id: eot,
      pad_token_id: eot + 1,
    });
    const st = readSafetensors(files.get(HF_FILES.model)!);
    expect(st.metadata).toEqual({ format: 'pt' });
    expect(st.tensors['transformer.h.1.attn.c_attn.weight'].shape).toEqual([64, 192]);
    expect(st.tensors['transformer.h.0.mlp.c_fc.weight'].shape).toEqual([64, 256]);
    expect(st.tensors['transformer.h.0.mlp.c_proj.weight'].shape).toEqual([256, 64]);
    expect(st.tensors['transformer.ln_f.bias'].shape).toEqual([64]);
    expect(st.tensors['lm_head.weight']).toBeUndefined(); // tied: transformers re-ties it
    expect(Object.keys(st.tensors)).toHaveLength(2 + 12 * 2 + 2);
    expect(st.tensors['transformer.wte.weight'].data).toEqual(model.params['wte.weight'].data);
    expect(json(files.get(HF_FILES.tokenizerConfig)!)).toMatchObject({ model_max_length: 16 });
  });

  it('export → import → export gives byte-identical files, and the same model', async () => {
    const back = importGpt2(files);
    expect(back.config).toEqual(model.config);
    expect(back.tokenizer).toEqual(model.tokenizer);
    for (const [k, t] of Object.entries(model.params)) expect(back.params[k]).toEqual(t);
    const again = exportGpt2(back);
    for (const [name, bytes] of files) expect(again.get(name), name).toEqual(bytes);
    // Through a lab checkpoint too (what the CLI and the engine do).
    const viaCheckpoint = await checkpointToHf(await hfToCheckpoint(Object.fromEntries(files)));
    for (const [name, bytes] of files) expect(viaCheckpoint.get(name), name).toEqual(bytes);
  });

  it('refuses the PanGu-α query layer, naming it', async () => {
    const m = tinyModel({ queryLayer: true });
    expect(() => exportGpt2(m)).toThrow(/query layer \(model\.queryLayer: true\)/);
    const ckpt = await modelToCheckpoint(m);
    await expect(checkpointToHf(ckpt)).rejects.toThrow(/PanGu-α's query layer/);
  });

  it('refuses a tokenizer that disagrees with the model', () => {
    const m = tinyModel();
    const tokenizer: TokenizerJson = { ...m.tokenizer, merges: m.tokenizer.merges.slice(0, -1) };
    expect(() => exportGpt2({ ...m, tokenizer })).toThrow(/config.json \(vocab_size\).*tokenizer has/);
  });
});

describe('Hugging Face GPT-2 import refuses malformed directories, naming file and field', () => {
  const files = exportGpt2(tinyModel());
  const cfg = json(files.get(HF_FILES.config)!);
  const tokJson = json(files.get(HF_FILES.tokenizer)!);
  const tensors = readSafetensors(files.get(HF_FILES.model)!).tensors;
  const withTensors = (t: Record<string, TensorEntry>) =>
    edit(files, HF_FILES.model, writeSafetensors(t, { format: 'pt' }));
  const withConfig = (patch: Record<string, unknown>) =>
    edit(files, HF_FILES.config, bytesOf({ ...cfg, ...patch }));
  const withTokenizer = (patch: (t: Record<string, unknown>) => void) => {
    const t = structuredClone(tokJson);
    patch(t);
    return edit(files, HF_FILES.tokenizer, bytesOf(t));
  };

  const cases: [string, Map<string, Uint8Array>, RegExp][] = [
    ['no config.json', edit(files, HF_FILES.config, undefined), /^config\.json: is missing/],
    ['no model.safetensors', edit(files, HF_FILES.model, undefined), /^model\.safetensors: is missing/],
    ['no tokenizer.json', edit(files, HF_FILES.tokenizer, undefined), /^tokenizer\.json: is missing/],
    [
      'config.json not JSON',
      edit(files, HF_FILES.config, bytesOf('x').slice(1)),
      /^config\.json: is not valid JSON/,
    ],
    [
      'a bert model',
      withConfig({ model_type: 'bert' }),
      /config\.json \(model_type\): is "bert"; only "gpt2"/,
    ],
    [
      'another architecture',
      withConfig({ architectures: ['GPT2ForSequenceClassification'] }),
      /config\.json \(architectures\)/,
    ],
    ['relu', withConfig({ activation_function: 'relu' }), /config\.json \(activation_function\): is "relu"/],
    ['another eps', withConfig({ layer_norm_epsilon: 1e-6 }), /config\.json \(layer_norm_epsilon\)/],
    ['a wider MLP', withConfig({ n_inner: 100 }), /config\.json \(n_inner\)/],
    ['untied', withConfig({ tie_word_embeddings: false }), /config\.json \(tie_word_embeddings\)/],
    [
      'layer-scaled attention',
      withConfig({ scale_attn_by_inverse_layer_idx: true }),
      /\(scale_attn_by_inverse_layer_idx\)/,
    ],
    [
      'n_embd missing',
      withConfig({ n_embd: undefined }),
      /config\.json \(n_embd\): must be a positive integer/,
    ],
    [
      'heads not dividing',
      withConfig({ n_head: 3 }),
      /config\.json: the lab cannot hold this model: n_embd \(64\) must be divisible by n_head \(3\)/,
    ],
    ['n_ctx disagreeing', withConfig({ n_ctx: 32 }), /config\.json \(n_ctx\)/],
    [
      'vocab_size padded',
      withConfig({ vocab_size: 320 }),
      /config\.json \(vocab_size\): is 320 but tokenizer\.json has/,
    ],
    [
      'n_layer larger than the weights',
      withConfig({ n_layer: 3 }),
      /model\.safetensors \(transformer\.h\.2\.ln_1\.weight\): is missing \(config\.json has .*n_layer 3/,
    ],
    [
      'n_embd disagreeing with the weights',
      withConfig({ n_embd: 32, n_head: 2 }),
      /model\.safetensors \(transformer\.wte\.weight\): has shape \[\d+, 64\] but config\.json has .*n_embd 32.*must be \[\d+, 32\]/,
    ],
    [
      'n_positions disagreeing with the weights',
      withConfig({ n_positions: 32, n_ctx: 32 }),
      /model\.safetensors \(transformer\.wpe\.weight\): has shape \[16, 64\] .*n_positions 32/,
    ],
    [
      'an unknown tensor',
      withTensors({ ...tensors, 'transformer.h.0.attn.q_proj.weight': tensors['transformer.ln_f.bias'] }),
      /model\.safetensors \(transformer\.h\.0\.attn\.q_proj\.weight\): is not a parameter/,
    ],
    [
      'an untied lm_head',
      withTensors({
        ...tensors,
        'lm_head.weight': {
          ...tensors['transformer.wte.weight'],
          data: new Float32Array(tensors['transformer.wte.weight'].data.length),
        },
      } as Record<string, TensorEntry>),
      /model\.safetensors \(lm_head\.weight\): differs from transformer\.wte\.weight/,
    ],
    [
      'integer weights',
      withTensors({
        ...tensors,
        'transformer.ln_f.bias': { dtype: 'I32', shape: [64], data: new Int32Array(64) },
      }),
      /model\.safetensors \(transformer\.ln_f\.bias\): has dtype I32/,
    ],
    [
      'a truncated safetensors file',
      edit(files, HF_FILES.model, files.get(HF_FILES.model)!.slice(0, -4)),
      /^model\.safetensors: safetensors: .*reach beyond the data section/,
    ],
    [
      'a WordPiece tokenizer',
      withTokenizer((t) => ((t.model as Record<string, unknown>).type = 'WordPiece')),
      /tokenizer\.json \(model\.type\): must be "BPE"/,
    ],
    [
      'a normalizer',
      withTokenizer((t) => (t.normalizer = { type: 'NFC' })),
      /tokenizer\.json \(normalizer\)/,
    ],
    ['no decoder', withTokenizer((t) => (t.decoder = null)), /tokenizer\.json \(decoder\)/],
    [
      'a prefix space',
      withTokenizer(
        (t) => (t.pre_tokenizer = { type: 'ByteLevel', add_prefix_space: true, use_regex: true }),
      ),
      /tokenizer\.json \(pre_tokenizer\.add_prefix_space\)/,
    ],
    [
      'a merge of tokens not yet made',
      withTokenizer((t) => ((t.model as { merges: string[] }).merges[0] = 'zz qq')),
      /tokenizer\.json \(model\.merges\[0\]\): "zz qq": both tokens must be bytes or made by earlier merges/,
    ],
    [
      'merges out of order',
      withTokenizer((t) => {
        const merges = (t.model as { merges: string[] }).merges;
        const late = merges.findIndex((m) => m.split(' ')[0].length > 1);
        merges.unshift(...merges.splice(late, 1));
      }),
      /tokenizer\.json \(model\.merges\[0\]\): .*must be bytes or made by earlier merges/,
    ],
    [
      'a vocabulary token no merge makes',
      withTokenizer((t) => ((t.model as { vocab: Record<string, number> }).vocab['zqzq'] = 305)),
      /tokenizer\.json \(model\.vocab\["zqzq"\]\): \(id 305\) is neither a byte nor made by any merge/,
    ],
    [
      'a byte missing',
      withTokenizer((t) => delete (t.model as { vocab: Record<string, number> }).vocab['Ā']),
      /tokenizer\.json \(model\.vocab\): lacks byte 0 \("Ā"\)/,
    ],
    [
      'ids with a gap',
      withTokenizer((t) => ((t.added_tokens as { id: number }[]).at(-1)!.id += 10)),
      /tokenizer\.json \(model\.vocab\): ids must be 0\.\.\d+ without gaps; missing \d+/,
    ],
    [
      'two added tokens with one id',
      withTokenizer((t) => ((t.added_tokens as { id: number }[])[0].id += 1)),
      /tokenizer\.json \(added_tokens\): two added tokens share an id/,
    ],
    [
      'tokenizer_config.json not an object',
      edit(files, HF_FILES.tokenizerConfig, bytesOf([1])),
      /^tokenizer_config\.json: must be a JSON object/,
    ],
  ];

  it.each(cases)('%s', (_name, bad, message) => {
    let error: unknown;
    try {
      importGpt2(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HfFormatError);
    expect((error as Error).message).toMatch(message);
  });

  it('reads what transformers writes: no prefix, lm_head equal to wte, mask buffers, F16 weights', () => {
    const t: Record<string, TensorEntry> = {};
    for (const [name, e] of Object.entries(tensors)) t[name.replace('transformer.', '')] = e;
    t['lm_head.weight'] = tensors['transformer.wte.weight'];
    t['h.0.attn.bias'] = { dtype: 'F32', shape: [1, 1, 16, 16], data: new Float32Array(256) };
    t['h.0.attn.masked_bias'] = { dtype: 'F32', shape: [], data: new Float32Array(1) };
    const half = Uint16Array.from({ length: 64 }, (_, i) => (i % 2 ? 0x3c00 : 0xc000)); // 1, -2
    t['ln_f.weight'] = { dtype: 'F16', shape: [64], data: half };
    const m = importGpt2(withTensors(t));
    expect(Array.from(m.params['ln_f.weight'].data.slice(0, 4))).toEqual([-2, 1, -2, 1]);
    expect(m.params['h.1.mlp.c_fc.weight'].data).toEqual(tensors['transformer.h.1.mlp.c_fc.weight'].data);
  });

  it('renumbers a tokenizer numbered another way, moving the embedding rows along', () => {
    const original = importGpt2(files);
    const V = original.config.vocabSize;
    const rng = new Rng(99);
    const newId = Int32Array.from({ length: V }, (_, i) => i);
    for (let i = V - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [newId[i], newId[j]] = [newId[j], newId[i]];
    }
    // The added tokens keep their relative order (the lab orders its special tokens by id).
    const specials = (tokJson.added_tokens as { id: number }[]).map((a) => a.id);
    const slots = specials.map((id) => newId[id]).sort((a, b) => a - b);
    specials.forEach((id, i) => (newId[id] = slots[i]));
    const shuffled = withTokenizer((t) => {
      const vocab = (t.model as { vocab: Record<string, number> }).vocab;
      for (const k of Object.keys(vocab)) vocab[k] = newId[vocab[k]];
      for (const a of t.added_tokens as { id: number }[]) a.id = newId[a.id];
    });
    const wte = tensors['transformer.wte.weight'];
    const C = wte.shape[1];
    const moved = new Float32Array(wte.data.length);
    for (let id = 0; id < V; id++)
      moved.set(wte.data.subarray(id * C, (id + 1) * C) as Float32Array, newId[id] * C);
    const renumbered = new Map(shuffled);
    renumbered.set(
      HF_FILES.model,
      writeSafetensors(
        { ...tensors, 'transformer.wte.weight': { ...wte, data: moved } } as Record<string, TensorEntry>,
        {
          format: 'pt',
        },
      ),
    );
    const back = importGpt2(renumbered);
    expect(back.tokenizer).toEqual(original.tokenizer);
    expect(back.params).toEqual(original.params);
    const again = exportGpt2(back);
    for (const [name, bytes] of files) expect(again.get(name), name).toEqual(bytes);
  });

  it("reads GPT-2's own ByteLevel pre-tokenizer (its regex)", () => {
    const m = importGpt2(
      withTokenizer(
        (t) => (t.pre_tokenizer = { type: 'ByteLevel', add_prefix_space: false, use_regex: true }),
      ),
    );
    expect(m.tokenizer.pattern).toContain("'s|'t|'re");
  });
});
