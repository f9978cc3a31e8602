"""The lab's GPT-2 in PyTorch, with Hugging Face's parameter names (GPT2LMHeadModel), matching
workers/model/gpt.ts: token + position embeddings -> n_layer pre-LayerNorm blocks (causal
self-attention with biases, then an MLP 4x wide with tanh-GELU, transformers' "gelu_new") ->
final LayerNorm (eps 1e-5) -> LM head tied to the token embedding. Linear layers use GPT-2's Conv1D
layout: weight [in, out], y = x @ W + b. Attention is causal, and with `segments` [B, T] a position
attends only to earlier positions of its own segment (a document or an instruction example).
Shapes: B batch, T time, C = n_embd, H = n_head, hs = C / H, V = vocab_size.
Also a small safetensors reader/writer (the format: 8-byte little-endian header length, a JSON
header {name: {dtype, shape, data_offsets}}, then the raw little-endian tensor bytes).
"""
import json
import math
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LAYER_NORM_EPS = 1e-5
MASKED = -1e9  # the lab's additive mask value


class Conv1D(nn.Module):
    """GPT-2's linear layer: weight [in, out], bias [out]."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(n_in, n_out))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight).reshape(*x.shape[:-1], -1)


class Attention(nn.Module):
    def __init__(self, C, H):
        super().__init__()
        self.H = H
        self.c_attn = Conv1D(C, 3 * C)
        self.c_proj = Conv1D(C, C)

    def forward(self, x, mask):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)  # [B, T, C] each
        heads = lambda t: t.view(B, T, self.H, C // self.H).transpose(1, 2)  # noqa: E731  [B, H, T, hs]
        q, k, v = heads(q), heads(k), heads(v)
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // self.H))  # [B, H, T, T]
        probs = F.softmax(scores + mask, dim=-1)  # mask [T, T] or [B, 1, T, T], additive
        y = (probs @ v).transpose(1, 2).reshape(B, T, C)
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self, C):
        super().__init__()
        self.c_fc = Conv1D(C, 4 * C)
        self.c_proj = Conv1D(4 * C, C)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, C, H, dropout):
        super().__init__()
        self.ln_1 = nn.LayerNorm(C, eps=LAYER_NORM_EPS)
        self.attn = Attention(C, H)
        self.ln_2 = nn.LayerNorm(C, eps=LAYER_NORM_EPS)
        self.mlp = MLP(C)
        self.drop = nn.Dropout(dropout)  # the lab drops out after each residual branch (none inside attention)

    def forward(self, x, mask):
        x = x + self.drop(self.attn(self.ln_1(x), mask))
        return x + self.drop(self.mlp(self.ln_2(x)))


class Transformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        C = cfg["n_embd"]
        self.wte = nn.Embedding(cfg["vocab_size"], C)
        self.wpe = nn.Embedding(cfg["n_positions"], C)
        self.drop = nn.Dropout(cfg.get("embd_pdrop", 0.0))
        self.h = nn.ModuleList([Block(C, cfg["n_head"], cfg.get("resid_pdrop", 0.0)) for _ in range(cfg["n_layer"])])
        self.ln_f = nn.LayerNorm(C, eps=LAYER_NORM_EPS)


class GPT(nn.Module):
    """GPT2LMHeadModel's structure and names; `lm_head.weight` is `transformer.wte.weight` (tied)."""

    def __init__(self, cfg):
        super().__init__()
        if cfg.get("activation_function", "gelu_new") not in ("gelu_new", "gelu_pytorch_tanh"):
            raise ValueError(f"config.json activation_function {cfg['activation_function']!r}: only tanh GELU")
        self.cfg = cfg
        self.transformer = Transformer(cfg)
        self.lm_head = nn.Linear(cfg["n_embd"], cfg["vocab_size"], bias=False)
        self.lm_head.weight = self.transformer.wte.weight

    def logits(self, idx, segments=None):
        """Logits [B, T, V] for ids idx [B, T]; segments [B, T] restricts attention to a segment."""
        B, T = idx.shape
        tr = self.transformer
        pos = torch.arange(T, device=idx.device)
        x = tr.drop(tr.wte(idx) + tr.wpe(pos))  # [B, T, C]
        causal = torch.triu(torch.full((T, T), MASKED, device=idx.device), diagonal=1)  # [T, T]
        mask = causal
        if segments is not None:
            other = (segments[:, :, None] != segments[:, None, :]).to(x.dtype) * MASKED  # [B, T, T]
            mask = (other + causal)[:, None]  # [B, 1, T, T]
        for block in tr.h:
            x = block(x, mask)
        return self.lm_head(tr.ln_f(x))

    def forward(self, idx, targets, weights, segments=None):
        return self.loss_sum(idx, targets, weights, segments)

    def loss_sum(self, idx, targets, weights, segments=None):
        """Σ weight · cross-entropy over the positions (the caller divides by the batch's Σ weight)."""
        logits = self.logits(idx, segments)
        ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
        return (ce * weights.reshape(-1)).sum()

    def hf_state(self):
        """Parameters by Hugging Face name (lm_head left out: it is wte), as contiguous float32 CPU tensors."""
        return {k: v.detach().float().cpu().contiguous() for k, v in self.state_dict().items() if k != "lm_head.weight"}

    def load_hf_state(self, tensors):
        missing = [k for k in self.state_dict() if k != "lm_head.weight" and k not in tensors]
        if missing:
            raise ValueError(f"model.safetensors lacks {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}")
        own = self.state_dict()
        for name, t in tensors.items():
            if name in own and tuple(own[name].shape) != tuple(t.shape):
                raise ValueError(f"model.safetensors: {name} has shape {list(t.shape)}, config.json needs {list(own[name].shape)}")
        self.load_state_dict({k: v for k, v in tensors.items() if k in own}, strict=False)


SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64}


def read_safetensors(path):
    """{name: float32 tensor} from a .safetensors file (F32, F16 or F64 tensors)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in SAFETENSORS_DTYPES:
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, this reader takes F32, F16, F64")
        start, end = info["data_offsets"]
        arr = np.frombuffer(data[base + start : base + end], dtype=SAFETENSORS_DTYPES[info["dtype"]])
        out[name] = torch.from_numpy(arr.astype(np.float32).reshape(info["shape"]))
    return out


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} as F32 safetensors, names sorted, header padded to 8 bytes."""
    header, blobs, at = {}, [], 0
    for name in sorted(tensors):
        blob = tensors[name].detach().float().cpu().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [at, at + len(blob)]}
        blobs.append(blob)
        at += len(blob)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for blob in blobs:
            f.write(blob)
