#!/usr/bin/env python3
"""An independent GPT-2 in PyTorch, written with Hugging Face's parameter names, for checking the
lab's Hugging Face export (issue 15). It reads an exported directory the way transformers would:
config.json for the architecture, model.safetensors (parsed here by hand: 8-byte little-endian
header length, JSON header, raw little-endian tensors) loaded with load_state_dict(strict=True)
into modules named exactly as GPT2LMHeadModel's (transformer.wte, transformer.h.{i}.attn.c_attn
with Conv1D weights [in, out], …, lm_head tied to transformer.wte), and generation_config.json for
the end-of-text id. Computation in float64: the reference the lab's float32 engine is judged by.

Usage (Debian: apt-get install -y python3-torch; run with /usr/bin/python3):
  /usr/bin/python3 scripts/hf/gpt2_reference.py <exported-dir> < request.json > answer.json
request: {"logits": [[ids…], …] (rows of equal length ≤ n_positions),
          "greedy": {"prompt": [ids…], "maxTokens": N}}   (both optional)
answer:  {"logits": {"shape": [B, T, V], "data": [… row-major …]},
          "greedy": {"ids": [generated ids…], "minMargin": smallest top-1 minus top-2 logit}}
Greedy decoding follows the lab's generate(): the model sees the last n_positions tokens, takes the
arg-max, and stops after maxTokens tokens or before an eos_token_id.
"""
import json
import math
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16}


def read_safetensors(path):
    """The tensors of a safetensors file, by name (independent of the lab's reader)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        t = torch.frombuffer(bytearray(raw[base + start : base + end]), dtype=dtype)
        out[name] = t.reshape(info["shape"]).clone()
    return out


class Conv1D(nn.Module):
    """GPT-2's linear layer: weight [in, out], y = x @ W + b."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_in, n_out))
        self.bias = nn.Parameter(torch.empty(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.n_head = c["n_head"]
        self.c_attn = Conv1D(c["n_embd"], 3 * c["n_embd"])
        self.c_proj = Conv1D(c["n_embd"], c["n_embd"])

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        heads = lambda t: t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        q, k, v = heads(q), heads(k), heads(v)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // self.n_head)
        causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c_fc = Conv1D(c["n_embd"], 4 * c["n_embd"])
        self.c_proj = Conv1D(4 * c["n_embd"], c["n_embd"])

    def forward(self, x):
        return self.c_proj(gelu_new(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        eps = c["layer_norm_epsilon"]
        self.ln_1 = nn.LayerNorm(c["n_embd"], eps=eps)
        self.attn = Attention(c)
        self.ln_2 = nn.LayerNorm(c["n_embd"], eps=eps)
        self.mlp = MLP(c)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = nn.Embedding(c["vocab_size"], c["n_embd"])
        self.wpe = nn.Embedding(c["n_positions"], c["n_embd"])
        self.h = nn.ModuleList([Block(c) for _ in range(c["n_layer"])])
        self.ln_f = nn.LayerNorm(c["n_embd"], eps=c["layer_norm_epsilon"])


class GPT2LMHeadModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        assert c["model_type"] == "gpt2" and c["activation_function"] == "gelu_new"
        assert c.get("tie_word_embeddings", True) and c.get("n_inner") is None
        self.transformer = Transformer(c)

    def forward(self, idx):
        t = self.transformer
        pos = torch.arange(idx.shape[1])
        x = t.wte(idx) + t.wpe(pos)
        for block in t.h:
            x = block(x)
        return F.linear(t.ln_f(x), t.wte.weight)  # lm_head, tied to wte


def load(directory):
    with open(f"{directory}/config.json") as f:
        config = json.load(f)
    model = GPT2LMHeadModel(config)
    tensors = read_safetensors(f"{directory}/model.safetensors")
    model.load_state_dict({k: v.double() for k, v in tensors.items()}, strict=True)
    return model.double().eval(), config


def main():
    directory = sys.argv[1]
    request = json.load(sys.stdin)
    model, config = load(directory)
    with open(f"{directory}/generation_config.json") as f:
        eos = json.load(f).get("eos_token_id")
    answer = {}
    with torch.no_grad():
        if "logits" in request:
            logits = model(torch.tensor(request["logits"], dtype=torch.long))
            answer["logits"] = {"shape": list(logits.shape), "data": logits.flatten().tolist()}
        if "greedy" in request:
            tokens = list(request["greedy"]["prompt"])
            generated, margin = [], float("inf")
            for _ in range(request["greedy"]["maxTokens"]):
                window = tokens[-config["n_positions"] :]
                last = model(torch.tensor([window], dtype=torch.long))[0, -1]
                top = torch.topk(last, 2).values
                margin = min(margin, float(top[0] - top[1]))
                nxt = int(torch.argmax(last))
                if nxt == eos:
                    break
                tokens.append(nxt)
                generated.append(nxt)
            answer["greedy"] = {"ids": generated, "minMargin": margin}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
