#!/usr/bin/env python3
"""Makes scripts/hf/fixtures/foreign-gpt2/: a small GPT-2 made entirely by Hugging Face's own tools,
not by the lab — a byte-level BPE trained with `tokenizers` (its own numbering: the special token
first, the 256 byte characters in the ByteLevel alphabet's order, then merges), a randomly
initialised GPT2LMHeadModel saved with `save_pretrained` — plus expected.json: a prompt, its ids
under that tokenizer, and transformers' own greedy continuation (ids and decoded text). The lab's
import must reproduce that continuation (cli/hf-import.test.ts). Needs transformers and tokenizers
(not Debian packages), so the fixture is committed (its JSON files then formatted by prettier);
run this only to remake it:

  python3 scripts/hf/make_foreign_fixture.py
"""
import json
import os

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "foreign-gpt2")
ROOT = os.path.dirname(os.path.dirname(HERE))
PROMPT = "The river of the north"


def main():
    with open(os.path.join(ROOT, "datasets", "generated", "world", "train.jsonl")) as f:
        texts = [json.loads(line) for line in f.read().split("\n")[:400] if line]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=320,
        special_tokens=["<|endoftext|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(texts, trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|endoftext|>", bos_token="<|endoftext|>")
    torch.manual_seed(0)
    config = GPT2Config(
        vocab_size=tok.get_vocab_size(), n_positions=32, n_embd=32, n_layer=1, n_head=2,
        bos_token_id=0, eos_token_id=0, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
        initializer_range=0.3,
    )  # fmt: skip
    model = GPT2LMHeadModel(config).eval()
    model.save_pretrained(OUT)
    fast.save_pretrained(OUT)
    ids = fast(PROMPT)["input_ids"]
    out = model.generate(
        torch.tensor([ids]), max_new_tokens=16, do_sample=False,
        attention_mask=torch.ones(1, len(ids), dtype=torch.long),
    )  # fmt: skip
    new = out[0, len(ids):].tolist()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"prompt": PROMPT, "promptIds": ids, "greedyIds": new, "greedyText": fast.decode(new)}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
