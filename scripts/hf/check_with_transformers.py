#!/usr/bin/env python3
"""Checks an exported directory with Hugging Face transformers itself (not part of `npm test`:
transformers is not a Debian package; run it wherever transformers >= 4.40 and torch are installed).

  python3 scripts/hf/check_with_transformers.py <exported-dir> "<prompt>" [max_new_tokens]

Loads the directory as GPT2LMHeadModel and its tokenizer with AutoTokenizer, reports missing or
unexpected weights and whether the LM head is tied, prints the greedy continuation as JSON (compare
it with `npm run cli -- generate <checkpoint-dir> --prompt "<prompt>" --max-tokens N --temperature 0`),
and the largest difference between transformers' logits and scripts/hf/gpt2_reference.py's.
"""
import json
import os
import subprocess
import sys

import torch
from transformers import AutoTokenizer, GPT2LMHeadModel


def main():
    directory, prompt = sys.argv[1], sys.argv[2]
    max_new = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    model, info = GPT2LMHeadModel.from_pretrained(directory, output_loading_info=True)
    tied = model.lm_head.weight.data_ptr() == model.transformer.wte.weight.data_ptr()
    print(f"loading info: {info}; lm_head tied to wte: {tied}")
    tok = AutoTokenizer.from_pretrained(directory)
    ids = tok(prompt)["input_ids"]
    out = model.generate(
        torch.tensor([ids]),
        max_new_tokens=max_new,
        do_sample=False,
        attention_mask=torch.ones(1, len(ids), dtype=torch.long),
    )
    print("greedy:", json.dumps(tok.decode(out[0])))
    reference = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gpt2_reference.py")
    ref = subprocess.run(
        ["/usr/bin/python3", reference, directory],
        input=json.dumps({"logits": [ids]}),
        capture_output=True,
        text=True,
        check=True,
    )
    want = torch.tensor(json.loads(ref.stdout)["logits"]["data"], dtype=torch.float64)
    with torch.no_grad():
        got = model(torch.tensor([ids])).logits.double().flatten()
    print(f"max |transformers - reference| logits: {float((got - want).abs().max()):.3e}")


if __name__ == "__main__":
    main()
