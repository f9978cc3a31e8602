#!/usr/bin/env python3
"""Independent checks of the oracle in gpt_oracle.py, so the fixture is not trusted on PyTorch alone.

  /usr/bin/python3 scripts/oracle/gpt_oracle_selftest.py     prints one line per check; exit 1 on failure

Checks (all float64):
  1. F.layer_norm equals the written-out formula (biased variance, eps inside the sqrt).
  2. F.gelu(approximate="tanh") equals 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))) and differs from
     the erf GELU (so the flag is honoured by this torch build).
  3. A from-scratch NumPy forward (per-head loops, explicit causal mask, softmax, cross-entropy via
     log-sum-exp) gives the same logits and loss as the torch forward on the fixture's weights.
  4. Central finite differences of the NumPy loss agree with torch autograd on entries of every
     kind of parameter, and the key third of c_attn.bias really has a zero gradient.
  5. Global-norm clipping and AdamW written out in NumPy (two groups: weight decay on 2-D only)
     reproduce torch's clip_grad_norm_ + torch.optim.AdamW over the 3 steps; clipping is active.
  6. Building the fixture twice gives byte-identical JSON.
Leaves out: float32 behaviour (measured in the fixture's "precision" section instead).
"""
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # keep scripts/oracle free of __pycache__
import gpt_oracle as G  # noqa: E402

FAILS = []


def check(label, ok, detail):
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {detail}")
    if not ok:
        FAILS.append(label)


def np_ln(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def np_gelu(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def np_forward(P, idx, cfg):
    """Logits [B,T,V]; P {name: ndarray float64}, idx [B,T] ints. Written from the spec only."""
    B, T = idx.shape
    C, H, eps = cfg["nEmbd"], cfg["nHead"], cfg["lnEps"]
    hs = C // H
    x = np.stack([np.stack([P["wte.weight"][idx[b, t]] + P["wpe.weight"][t] for t in range(T)]) for b in range(B)])
    for i in range(cfg["nLayer"]):
        p = f"h.{i}."
        a = np_ln(x, P[p + "ln_1.weight"], P[p + "ln_1.bias"], eps)
        qkv = a @ P[p + "attn.c_attn.weight"] + P[p + "attn.c_attn.bias"]
        y = np.zeros((B, T, C))
        for b in range(B):
            for h in range(H):
                cols = slice(h * hs, (h + 1) * hs)
                q, k, v = qkv[b, :, cols], qkv[b, :, C:][:, cols], qkv[b, :, 2 * C:][:, cols]
                for t in range(T):
                    s = np.array([q[t] @ k[j] / math.sqrt(hs) for j in range(t + 1)])  # keys 0..t only
                    e = np.exp(s - s.max())
                    y[b, t, cols] = (e / e.sum()) @ v[: t + 1]
        x = x + y @ P[p + "attn.c_proj.weight"] + P[p + "attn.c_proj.bias"]
        m = np_ln(x, P[p + "ln_2.weight"], P[p + "ln_2.bias"], eps)
        x = x + np_gelu(m @ P[p + "mlp.c_fc.weight"] + P[p + "mlp.c_fc.bias"]) @ P[p + "mlp.c_proj.weight"] \
            + P[p + "mlp.c_proj.bias"]
    return np_ln(x, P["ln_f.weight"], P["ln_f.bias"], eps) @ P["wte.weight"].T


def np_loss(P, idx, tgt, cfg):
    z = np_forward(P, idx, cfg).reshape(-1, cfg["vocabSize"])
    zmax = z.max(-1, keepdims=True)
    lse = (zmax + np.log(np.exp(z - zmax).sum(-1, keepdims=True)))[:, 0]
    return float(np.mean(lse - z[np.arange(z.shape[0]), tgt.reshape(-1)]))


def main():
    torch.set_num_threads(1)
    cfg, oc = G.CONFIG, G.OPTIM
    gen = torch.Generator().manual_seed(1234)

    # 1. LayerNorm
    x = torch.randn(5, 7, cfg["nEmbd"], generator=gen, dtype=torch.float64) * 3 + 1
    w, b = torch.randn(cfg["nEmbd"], generator=gen, dtype=torch.float64), torch.randn(cfg["nEmbd"], generator=gen, dtype=torch.float64)
    d = np.abs(F.layer_norm(x, (cfg["nEmbd"],), w, b, cfg["lnEps"]).numpy() - np_ln(x.numpy(), w.numpy(), b.numpy(), cfg["lnEps"])).max()
    check("layer_norm formula", d < 1e-12, f"max diff {d:.1e}")

    # 2. GELU tanh
    x = torch.linspace(-6, 6, 1001, dtype=torch.float64)
    d = np.abs(F.gelu(x, approximate="tanh").numpy() - np_gelu(x.numpy())).max()
    d_erf = (F.gelu(x, approximate="tanh") - F.gelu(x)).abs().max().item()
    check("gelu tanh formula", d < 1e-12 and d_erf > 1e-4, f"max diff {d:.1e}; differs from erf GELU by {d_erf:.1e}")

    # 3. Independent forward
    init = G.make_params(cfg)
    idx_l, tgt_l = G.make_batch(cfg)
    idx, tgt = np.array(idx_l), np.array(tgt_l)
    Pn = {n: np.array(v, dtype=np.float64).reshape(s) for n, (s, v) in init.items()}
    Pt = G.leaf_params(init, torch.float64)
    logits = G.forward(Pt, torch.tensor(idx_l), cfg)
    loss = G.loss_fn(logits, torch.tensor(tgt_l))
    loss.backward()
    d = np.abs(logits.detach().numpy() - np_forward(Pn, idx, cfg)).max()
    dl = abs(loss.item() - np_loss(Pn, idx, tgt, cfg))
    check("numpy forward = torch forward", d < 1e-12 and dl < 1e-13,
          f"logits max diff {d:.1e}, loss diff {dl:.1e} (loss {loss.item():.6f}, ln(V) = {math.log(cfg['vocabSize']):.6f})")

    # 4. Finite differences of the NumPy loss vs torch autograd
    C = cfg["nEmbd"]
    probes = [("wte.weight", 5), ("wte.weight", 22 * C + 3), ("wpe.weight", 7 * C + 15), ("h.0.ln_1.weight", 4),
              ("h.0.ln_1.bias", 9), ("h.0.attn.c_attn.weight", 13 * 3 * C + 2), ("h.0.attn.c_attn.bias", 3),
              ("h.0.attn.c_attn.bias", 2 * C + 6), ("h.1.attn.c_proj.weight", 17), ("h.1.attn.c_proj.bias", 11),
              ("h.1.ln_2.weight", 0), ("h.1.mlp.c_fc.weight", 200), ("h.1.mlp.c_fc.bias", 63),
              ("h.0.mlp.c_proj.weight", 4 * C * C - 1), ("h.0.mlp.c_proj.bias", 1), ("ln_f.weight", 15), ("ln_f.bias", 2)]
    eps = 1e-5
    worst = 0.0
    for name, k in probes:
        Pp = {n: v.copy() for n, v in Pn.items()}
        Pm = {n: v.copy() for n, v in Pn.items()}
        Pp[name].reshape(-1)[k] += eps
        Pm[name].reshape(-1)[k] -= eps
        fd = (np_loss(Pp, idx, tgt, cfg) - np_loss(Pm, idx, tgt, cfg)) / (2 * eps)
        ag = Pt[name].grad.reshape(-1)[k].item()
        err = abs(fd - ag) / max(abs(ag), 1e-3)
        worst = max(worst, err)
        if err > 1e-6:
            check(f"finite difference {name}[{k}]", False, f"fd {fd!r} vs autograd {ag!r}")
    check("finite differences vs autograd", worst <= 1e-6, f"{len(probes)} entries, worst rel err {worst:.1e}")
    kb = max(Pt[f"h.{i}.attn.c_attn.bias"].grad[C:2 * C].abs().max().item() for i in range(cfg["nLayer"]))
    check("key-bias gradient is zero", kb < 1e-14, f"max |grad| {kb:.1e} (rounding noise only)")

    # 5. Clipping + AdamW written out, vs torch.optim over the same 3 steps
    ref = G.run(torch.float64)
    names = list(Pn)
    Pw = {n: Pn[n].copy() for n in names}
    m = {n: np.zeros_like(v) for n, v in Pw.items()}
    v2 = {n: np.zeros_like(v) for n, v in Pw.items()}
    (b1, b2), lr = oc["betas"], oc["lr"]
    for step in range(1, oc["steps"] + 1):
        Pt = {n: torch.tensor(a).requires_grad_(True) for n, a in Pw.items()}
        G.loss_fn(G.forward(Pt, torch.tensor(idx_l), cfg), torch.tensor(tgt_l)).backward()
        g = {n: Pt[n].grad.numpy().copy() for n in names}
        norm = math.sqrt(sum(float((a ** 2).sum()) for a in g.values()))
        coef = min(oc["clip"] / (norm + 1e-6), 1.0)
        check(f"step {step} grad norm, clipping active", abs(norm - ref["steps"][step - 1]["gradNorm"]) < 1e-12 and coef < 1,
              f"norm {norm:.6f} (torch {ref['steps'][step - 1]['gradNorm']:.6f}), coef {coef:.4f}")
        for n in names:
            gn = g[n] * coef
            wd = oc["weightDecay"] if Pw[n].ndim >= 2 else 0.0
            Pw[n] = Pw[n] * (1 - lr * wd)
            m[n] = b1 * m[n] + (1 - b1) * gn
            v2[n] = b2 * v2[n] + (1 - b2) * gn * gn
            mhat, vhat = m[n] / (1 - b1 ** step), v2[n] / (1 - b2 ** step)
            Pw[n] = Pw[n] - lr * mhat / (np.sqrt(vhat) + oc["eps"])
    zero = G.zero_grad_slices(cfg)
    diff = {n: np.abs(Pw[n] - ref["paramsAfter"][n].numpy()).reshape(-1) for n in names}
    dz = max(diff[n][a:b].max() for n, (a, b) in zero.items())
    for n, (a, b) in zero.items():
        diff[n][a:b] = 0  # zero-gradient entries: AdamW scales their 1e-17 rounding noise by lr / eps
    d = max(x.max() for x in diff.values())
    moved = max(np.abs(Pw[n] - Pn[n]).max() for n in names)
    check("numpy clip+AdamW = torch", d < 1e-13 and dz < 1e-9,
          f"params after 3 steps max diff {d:.1e}, {dz:.1e} on the zero-gradient key biases (params moved up to {moved:.3f})")
    dm = max(np.abs(m[n] - ref["adamAfter"][n]["expAvg"].numpy()).max() for n in G.ADAM_RECORDED)
    check("AdamW moments", dm < 1e-14, f"exp_avg max diff {dm:.1e}")

    # 6. Determinism
    check("deterministic JSON", G.build_fixture() == G.build_fixture(), "two builds byte-identical")
    print("selftest:", "FAILED " + ", ".join(FAILS) if FAILS else "all checks passed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
