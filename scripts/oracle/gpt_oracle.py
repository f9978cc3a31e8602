#!/usr/bin/env python3
"""PyTorch correctness oracle for the lab's GPT engine (issue 9, item 8).

For one tiny config with fixed (non-random-looking but deterministic) weights and inputs it computes
with PyTorch: the logits, the loss, the gradient of the loss w.r.t. every parameter, and then 3
training steps (zero grads, loss, backward, clip_grad_norm_(1.0), torch.optim.AdamW) on the same
batch, recording each step's loss and pre-clip global gradient norm, and every parameter after the
3 steps. Everything is computed twice: in float64 (the reference, stored at the top level) and in
float32 (stored under "float32", plus the float32-vs-float64 differences under "precision", so the
engine's tolerances can be chosen from measured figures).

Usage (Debian: apt-get install -y python3-torch; always run with /usr/bin/python3):
  /usr/bin/python3 scripts/oracle/gpt_oracle.py [OUT.json]       write the fixture (stdout without OUT)
  /usr/bin/python3 scripts/oracle/gpt_oracle.py --check FIXTURE  recompute; exit 1 naming the first
      value that differs (float64 fields: beyond 1e-6 relative; float32 fields: beyond 1e-3 relative,
      as float32 summation order may vary between CPUs/BLAS builds; the float32 paramsAfter of the
      zeroGradSlices are skipped: they are rounding noise amplified by AdamW). Relative means
      |got - want| <= tol * max(|want|, 1e-3 * max|tensor|), so near-zero entries are judged
      against their tensor's scale.
  /usr/bin/python3 scripts/oracle/gpt_oracle_selftest.py          independent checks of this model

The committed fixture is workers/model/__fixtures__/gpt-oracle.json. Its format:
  about, config {vocabSize, blockSize, nLayer, nHead, nEmbd, batchSize, seqLen, dropout, lnEps},
  optimizer {lr, betas, eps, weightDecay, clip, steps, decayParams, noDecayParams},
  idx, targets: [B][T] ints;
  params, grads, paramsAfter: {name: {shape, data}}, data flattened row-major (C order);
  logits {shape [B,T,V], data}; loss (mean cross-entropy over B*T); steps [{loss, gradNorm,
  clipCoef, clipped}] (loss before that step's update, global L2 norm of all grads before clipping);
  adamAfter {name: {expAvg, expAvgSq}} for two parameters after step 3 (AdamW exp_avg, exp_avg_sq);
  zeroGradSlices {name: [start, end)}: flat ranges with an exactly-zero true gradient (the key third
  of each c_attn bias); a float32 engine's paramsAfter there is AdamW-amplified rounding noise (up
  to lr per step), so compare those entries loosely or not at all;
  float32 {logits, loss, grads, steps, paramsAfter, adamAfter} the same run in float32 (values
  written as the shortest decimal that round-trips to the float32, i.e. Math.fround(x) recovers it);
  precision {quantity: {maxAbs, maxRel}}: float32 vs float64 (maxRel = maxAbs / max|float64|).
Parameters are dyadic rationals (multiples of 2^-12), so float32 and float64 runs start from
exactly the same weights. Linear weights use GPT-2's Conv1D layout [in, out]: y = x @ W + b.

Left out: dropout (0 here), the PanGu query layer, gradient accumulation, LR schedules.
Deterministic: no torch RNG (weights come from a small integer PRNG below), one thread.
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

CONFIG = {"vocabSize": 23, "blockSize": 8, "nLayer": 2, "nHead": 2, "nEmbd": 16, "batchSize": 3,
          "seqLen": 8, "dropout": 0.0, "lnEps": 1e-5}
OPTIM = {"lr": 1e-2, "betas": [0.9, 0.95], "eps": 1e-8, "weightDecay": 0.1, "clip": 1.0, "steps": 3}
ADAM_RECORDED = ["h.0.mlp.c_fc.bias", "wpe.weight"]
GRID = 4096  # parameters are multiples of 1/GRID: exact in float32 and float64

# Per-parameter init: (kind, scale). "w": scale * z; "ln": 1 + scale * z; z ~ roughly N(0, 1).
# Weights are deliberately larger than GPT-2's 0.02 so every path matters to the outputs.
INIT = {"wte.weight": ("w", 0.3), "wpe.weight": ("w", 0.2),
        "ln_1.weight": ("ln", 0.1), "ln_1.bias": ("w", 0.05),
        "attn.c_attn.weight": ("w", 0.3), "attn.c_attn.bias": ("w", 0.05),
        "attn.c_proj.weight": ("w", 0.2), "attn.c_proj.bias": ("w", 0.05),
        "ln_2.weight": ("ln", 0.1), "ln_2.bias": ("w", 0.05),
        "mlp.c_fc.weight": ("w", 0.25), "mlp.c_fc.bias": ("w", 0.05),
        "mlp.c_proj.weight": ("w", 0.15), "mlp.c_proj.bias": ("w", 0.05),
        "ln_f.weight": ("ln", 0.1), "ln_f.bias": ("w", 0.05)}


def param_shapes(cfg):
    """Ordered {name: shape} in GPT-2 naming."""
    V, C, L = cfg["vocabSize"], cfg["nEmbd"], cfg["nLayer"]
    shapes = {"wte.weight": [V, C], "wpe.weight": [cfg["blockSize"], C]}
    for i in range(L):
        p = f"h.{i}."
        shapes.update({p + "ln_1.weight": [C], p + "ln_1.bias": [C],
                       p + "attn.c_attn.weight": [C, 3 * C], p + "attn.c_attn.bias": [3 * C],
                       p + "attn.c_proj.weight": [C, C], p + "attn.c_proj.bias": [C],
                       p + "ln_2.weight": [C], p + "ln_2.bias": [C],
                       p + "mlp.c_fc.weight": [C, 4 * C], p + "mlp.c_fc.bias": [4 * C],
                       p + "mlp.c_proj.weight": [4 * C, C], p + "mlp.c_proj.bias": [C]})
    shapes.update({"ln_f.weight": [C], "ln_f.bias": [C]})
    return shapes


class SplitMix64:
    """Tiny integer PRNG (SplitMix64), seeded per stream so streams are independent of order."""

    def __init__(self, seed_text):
        h = 0xCBF29CE484222325  # FNV-1a 64 of the stream name
        for byte in seed_text.encode():
            h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
        self.state = h

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def normalish(self):
        """Irwin-Hall: sum of 12 uniforms on [0,1) minus 6 (mean 0, std 1), integer arithmetic only."""
        return sum(self.next() >> 11 for _ in range(12)) / float(1 << 53) - 6.0

    def int(self, n):
        return self.next() % n


def make_params(cfg):
    """{name: (shape, [float])}: deterministic values on the 1/GRID grid."""
    out = {}
    for name, shape in param_shapes(cfg).items():
        kind, scale = INIT[name.split(".", 2)[-1] if name.startswith("h.") else name]
        rng = SplitMix64("param:" + name)
        n = math.prod(shape)
        vals = []
        for _ in range(n):
            v = scale * rng.normalish() + (1.0 if kind == "ln" else 0.0)
            vals.append(round(v * GRID) / GRID)
        out[name] = (shape, vals)
    return out


def make_batch(cfg):
    rng = SplitMix64("batch")
    B, T, V = cfg["batchSize"], cfg["seqLen"], cfg["vocabSize"]
    idx = [[rng.int(V) for _ in range(T)] for _ in range(B)]
    tgt = [[rng.int(V) for _ in range(T)] for _ in range(B)]
    return idx, tgt


def forward(P, idx, cfg):
    """Logits [B,T,V] from params P {name: tensor} and idx [B,T] (long)."""
    B, T = idx.shape
    C, H, eps = cfg["nEmbd"], cfg["nHead"], cfg["lnEps"]
    hs = C // H
    x = P["wte.weight"][idx] + P["wpe.weight"][:T]  # [B,T,C]
    causal = torch.ones(T, T, dtype=torch.bool).triu(1)  # True where key j > query i
    for i in range(cfg["nLayer"]):
        p = f"h.{i}."
        a = F.layer_norm(x, (C,), P[p + "ln_1.weight"], P[p + "ln_1.bias"], eps)
        qkv = a @ P[p + "attn.c_attn.weight"] + P[p + "attn.c_attn.bias"]  # [B,T,3C]
        q, k, v = (t.reshape(B, T, H, hs).transpose(1, 2) for t in qkv.split(C, dim=-1))  # [B,H,T,hs]
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hs)  # [B,H,T,T]
        att = att.masked_fill(causal, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)  # heads concatenated in order
        x = x + y @ P[p + "attn.c_proj.weight"] + P[p + "attn.c_proj.bias"]
        m = F.layer_norm(x, (C,), P[p + "ln_2.weight"], P[p + "ln_2.bias"], eps)
        h = F.gelu(m @ P[p + "mlp.c_fc.weight"] + P[p + "mlp.c_fc.bias"], approximate="tanh")  # [B,T,4C]
        x = x + h @ P[p + "mlp.c_proj.weight"] + P[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (C,), P["ln_f.weight"], P["ln_f.bias"], eps)
    return x @ P["wte.weight"].T  # tied head, no bias


def loss_fn(logits, targets):
    V = logits.shape[-1]
    return F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1))  # mean over B*T


def leaf_params(init, dtype):
    return {name: torch.tensor(vals, dtype=dtype).reshape(shape).requires_grad_(True)
            for name, (shape, vals) in init.items()}


def run(dtype, cfg=CONFIG, opt_cfg=OPTIM):
    """One full oracle run in dtype; returns tensors and figures (not yet serialised)."""
    torch.set_num_threads(1)
    init = make_params(cfg)
    idx_l, tgt_l = make_batch(cfg)
    idx, tgt = torch.tensor(idx_l), torch.tensor(tgt_l)
    P = leaf_params(init, dtype)
    names = list(P)
    logits = forward(P, idx, cfg)
    loss = loss_fn(logits, tgt)
    loss.backward()
    grads = {n: P[n].grad.detach().clone() for n in names}
    res = {"idx": idx_l, "targets": tgt_l, "init": init, "logits": logits.detach(), "loss": loss.item(),
           "grads": grads}

    decay = [P[n] for n in names if P[n].dim() >= 2]
    no_decay = [P[n] for n in names if P[n].dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": opt_cfg["weightDecay"]},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=opt_cfg["lr"], betas=tuple(opt_cfg["betas"]), eps=opt_cfg["eps"])
    steps = []
    for _ in range(opt_cfg["steps"]):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(forward(P, idx, cfg), tgt)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(list(P.values()), opt_cfg["clip"]).item()
        coef = opt_cfg["clip"] / (norm + 1e-6)
        steps.append({"loss": loss.item(), "gradNorm": norm, "clipCoef": min(coef, 1.0), "clipped": coef < 1.0})
        opt.step()
    res["steps"] = steps
    res["paramsAfter"] = {n: P[n].detach().clone() for n in names}
    res["adamAfter"] = {n: {"expAvg": opt.state[P[n]]["exp_avg"].clone(),
                            "expAvgSq": opt.state[P[n]]["exp_avg_sq"].clone()} for n in ADAM_RECORDED}
    res["decayNames"] = [n for n in names if P[n].dim() >= 2]
    res["noDecayNames"] = [n for n in names if P[n].dim() < 2]
    return res


# ---- serialisation: plain JSON, numbers as shortest round-trip decimals ----

class Num:
    """A number already formatted as JSON text."""

    def __init__(self, text):
        self.text = text


def fmt(x, f32):
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x} in the oracle output")
    return Num(str(np.float32(x)) if f32 else repr(x))


def tensor_json(t, f32):
    return {"shape": list(t.shape), "data": [fmt(v, f32) for v in t.reshape(-1).tolist()]}


def to_text(obj, indent=0):
    """JSON with structure indented and each number array on one line."""
    pad, pad1 = "  " * indent, "  " * (indent + 1)
    if isinstance(obj, Num):
        return obj.text
    if isinstance(obj, dict):
        items = [f"{pad1}{json.dumps(k)}: {to_text(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}" if items else "{}"
    if isinstance(obj, list):
        if all(isinstance(v, (Num, int, float, str, bool)) for v in obj):
            return "[" + ", ".join(to_text(v) for v in obj) + "]"
        return "[\n" + ",\n".join(pad1 + to_text(v, indent + 1) for v in obj) + "\n" + pad + "]"
    if isinstance(obj, float):
        return to_text(fmt(obj, False))
    return json.dumps(obj)


def zero_grad_slices(cfg):
    """{name: (start, end)}: flat ranges whose gradient is exactly 0 in exact arithmetic: the key third
    of each c_attn bias (q.(k_j + b) adds q.b to every score of a softmax row, which softmax ignores)."""
    C = cfg["nEmbd"]
    return {f"h.{i}.attn.c_attn.bias": (C, 2 * C) for i in range(cfg["nLayer"])}


def diff_stats(a, b):
    """float32 result a vs float64 result b."""
    a, b = torch.as_tensor(a, dtype=torch.float64), torch.as_tensor(b, dtype=torch.float64)
    mx = (a - b).abs().max().item()
    return {"maxAbs": mx, "maxRel": mx / max(b.abs().max().item(), 1e-300)}


def build_fixture():
    r64, r32 = run(torch.float64), run(torch.float32)
    for n, (shape, vals) in r64["init"].items():  # the grid makes both runs start identically
        assert torch.equal(torch.tensor(vals, dtype=torch.float32).double(), torch.tensor(vals)), n

    def section(r, f32):
        return {"logits": tensor_json(r["logits"], f32), "loss": fmt(r["loss"], f32),
                "grads": {n: tensor_json(g, f32) for n, g in r["grads"].items()},
                "steps": [{"loss": fmt(s["loss"], f32), "gradNorm": fmt(s["gradNorm"], f32),
                           "clipCoef": fmt(s["clipCoef"], f32), "clipped": s["clipped"]} for s in r["steps"]],
                "paramsAfter": {n: tensor_json(p, f32) for n, p in r["paramsAfter"].items()},
                "adamAfter": {n: {k: tensor_json(t, f32) for k, t in m.items()} for n, m in r["adamAfter"].items()}}

    zero = zero_grad_slices(CONFIG)

    def cat(d, skip_zero=False):
        parts = []
        for n, t in d.items():
            t = t.reshape(-1).double()
            if skip_zero and n in zero:
                t = torch.cat([t[: zero[n][0]], t[zero[n][1]:]])
            parts.append(t)
        return torch.cat(parts)

    def per_tensor(a, b):
        return {n: diff_stats(a[n], b[n]) for n in b}

    pa32, pa64 = r32["paramsAfter"], r64["paramsAfter"]
    prec = {"note": "float32 run minus float64 run; maxRel = maxAbs / max|float64|. paramsAfter excludes "
                    "zeroGradSlices (see paramsAfterZeroGradSlices): their gradient is 0 in exact arithmetic, "
                    "so AdamW turns float32 rounding noise (~1e-9) into updates of up to lr per step; "
                    "paramsAfterPerTensor includes them.",
            "logits": diff_stats(r32["logits"], r64["logits"]),
            "loss": diff_stats(r32["loss"], r64["loss"]),
            "stepLosses": diff_stats([s["loss"] for s in r32["steps"]], [s["loss"] for s in r64["steps"]]),
            "gradNorms": diff_stats([s["gradNorm"] for s in r32["steps"]], [s["gradNorm"] for s in r64["steps"]]),
            "grads": diff_stats(cat(r32["grads"]), cat(r64["grads"])),
            "paramsAfter": diff_stats(cat(pa32, True), cat(pa64, True)),
            "paramsAfterZeroGradSlices": diff_stats(torch.cat([pa32[n].reshape(-1)[a:b].double() for n, (a, b) in zero.items()]),
                                                    torch.cat([pa64[n].reshape(-1)[a:b] for n, (a, b) in zero.items()])),
            "gradsPerTensor": per_tensor(r32["grads"], r64["grads"]),
            "paramsAfterPerTensor": per_tensor(pa32, pa64)}
    about = ("PyTorch correctness oracle for the GPT engine (issue 9 item 8). Made by "
             "scripts/oracle/gpt_oracle.py with torch " + torch.__version__ + " (Debian python3-torch), "
             "CPU, 1 thread. Top-level results are float64; 'float32' holds the same run in float32; "
             "'precision' the float32-vs-float64 differences. Data arrays are row-major; linear weights "
             "are [in, out] (y = x @ W + b); logits = ln_f(x) @ wte^T. See the script's header for the format.")
    sec64 = section(r64, False)
    fixture = {"about": about, "config": CONFIG,
               "optimizer": {**OPTIM, "decayParams": r64["decayNames"], "noDecayParams": r64["noDecayNames"]},
               "idx": r64["idx"], "targets": r64["targets"],
               "params": {n: {"shape": shape, "data": [fmt(v, False) for v in vals]}
                          for n, (shape, vals) in r64["init"].items()},
               "logits": sec64["logits"], "loss": sec64["loss"], "grads": sec64["grads"], "steps": sec64["steps"],
               "paramsAfter": sec64["paramsAfter"], "adamAfter": sec64["adamAfter"],
               "zeroGradSlices": {n: list(ab) for n, ab in zero.items()},
               "float32": section(r32, True), "precision": prec}
    return to_text(fixture) + "\n"


# ---- --check ----

TOL64, TOL32 = 1e-6, 1e-3


def compare(got, want, path, tol, fails, zero):
    """Appends to fails every number in got farther from want than tol * max(|want|, 1e-3 * max|array|).
    zero {name: [start, end)}: flat ranges of float32.paramsAfter[name].data left out (noise)."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or set(got) != set(want):
            fails.append(f"{path}: keys differ")
            return
        for k in want:
            if path == "" and k in ("about", "precision"):
                continue  # the torch version string and the measured float32 noise may change
            compare(got[k], want[k], f"{path}.{k}", TOL32 if k == "float32" else tol, fails, zero)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            fails.append(f"{path}: length {len(got) if isinstance(got, list) else got!r} != {len(want)}")
            return
        skip = (0, 0)
        if path.startswith(".float32.paramsAfter.") and path.endswith(".data"):
            skip = tuple(zero.get(path[len(".float32.paramsAfter."):-len(".data")], (0, 0)))
        nums = [abs(w) for w in want if isinstance(w, (int, float)) and not isinstance(w, bool)]
        scale = 1e-3 * max(nums, default=0.0)
        for i, (g, w) in enumerate(zip(got, want)):
            if skip[0] <= i < skip[1]:
                continue
            if isinstance(w, (int, float)) and not isinstance(w, bool):
                if not isinstance(g, (int, float)) or abs(g - w) > tol * max(abs(w), scale):
                    fails.append(f"{path}[{i}]: recomputed {g!r}, fixture has {w!r}")
            else:
                compare(g, w, f"{path}[{i}]", tol, fails, zero)
    elif isinstance(want, float) and isinstance(got, (int, float)) and not isinstance(got, bool):
        if abs(got - want) > tol * abs(want):
            fails.append(f"{path}: recomputed {got!r}, fixture has {want!r}")
    elif got != want:
        fails.append(f"{path}: recomputed {got!r}, fixture has {want!r}")


def main(argv):
    if argv[:1] == ["--check"] and len(argv) == 2:
        with open(argv[1]) as f:
            want = json.load(f)
        got = json.loads(build_fixture())
        fails = []
        compare(got, want, "", TOL64, fails, want.get("zeroGradSlices", {}))
        if fails:
            print(f"gpt_oracle --check: {argv[1]} is NOT what the script computes ({len(fails)} differences); "
                  "first ones:\n  " + "\n  ".join(fails[:10]), file=sys.stderr)
            return 1
        print(f"gpt_oracle --check: {argv[1]} matches (float64 within {TOL64:g}, float32 within {TOL32:g} relative)")
        return 0
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: gpt_oracle.py [OUT.json] | --check FIXTURE.json", file=sys.stderr)
        return 2
    text = build_fixture()
    if argv:
        with open(argv[0], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
