"""The data side of an exported codemix-lab study, in plain Python + NumPy: token shards, the lab's
seeded generator, mixing schedules, and the two batchers (pre-training windows, packed instruction
examples). Each is a line-for-line port of the lab's TypeScript (named below), so that a study run
here draws the very same batches the lab would draw from the same shards and seed.

Shard layout (one file per token stream; all integers little-endian):
    offset  size  field
         0     8  magic   b"CMXSHARD"
         8     4  version uint32 = 1
        12     4  dtype   uint32: 1 = uint16, 2 = uint8, 3 = uint32
        16     8  count   uint64: number of elements after the header
        24     4  vocab   uint32: vocabulary size for token shards (0 otherwise)
        28     4  zero    uint32 (reserved)
        32     -  count elements of dtype, little-endian
Token streams are uint16 (vocabularies up to 65,536): every document's tokens followed by
<|endoftext|>, like nanoGPT's train.bin but with a header so a reader can check what it got.
"""
import math
import os
import struct

import numpy as np

SHARD_MAGIC = b"CMXSHARD"
SHARD_VERSION = 1
SHARD_HEADER_BYTES = 32
DTYPES = {1: np.dtype("<u2"), 2: np.dtype("u1"), 3: np.dtype("<u4")}
DTYPE_CODES = {np.dtype("<u2"): 1, np.dtype("u1"): 2, np.dtype("<u4"): 3}


def read_shard(path):
    """The elements of a shard as a read-only NumPy array (memory-mapped), after checking its header."""
    with open(path, "rb") as f:
        header = f.read(SHARD_HEADER_BYTES)
    if len(header) < SHARD_HEADER_BYTES or header[:8] != SHARD_MAGIC:
        raise ValueError(f"{path}: not a codemix shard (the file must start with {SHARD_MAGIC!r})")
    version, code, count, _vocab, _zero = struct.unpack("<IIQII", header[8:32])
    if version != SHARD_VERSION:
        raise ValueError(f"{path}: shard version {version}, this reader knows version {SHARD_VERSION}")
    if code not in DTYPES:
        raise ValueError(f"{path}: unknown dtype code {code} (1 = uint16, 2 = uint8, 3 = uint32)")
    dtype = DTYPES[code]
    expected = SHARD_HEADER_BYTES + count * dtype.itemsize
    with open(path, "rb") as f:
        size = f.seek(0, 2)
    if size != expected:
        raise ValueError(f"{path}: header says {count} elements ({expected} bytes), file has {size} bytes")
    if count == 0:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r", offset=SHARD_HEADER_BYTES, shape=(count,))


def write_shard(path, values, dtype="<u2", vocab=0):
    """Writes `values` as a shard of `dtype` (uint16 tokens by default)."""
    dtype = np.dtype(dtype)
    arr = np.asarray(values)
    if arr.size and (arr.min() < 0 or arr.max() > np.iinfo(dtype).max):
        raise ValueError(f"{path}: values from {arr.min()} to {arr.max()} do not fit in {dtype}")
    with open(path, "wb") as f:
        f.write(SHARD_MAGIC + struct.pack("<IIQII", SHARD_VERSION, DTYPE_CODES[dtype], arr.size, vocab, 0))
        f.write(arr.astype(dtype).tobytes())


class ShardWriter:
    """Appends token arrays to a shard without holding them (the count goes into the header at close)."""

    def __init__(self, path, vocab, dtype="<u2"):
        self.path, self.dtype, self.vocab, self.count = path, np.dtype(dtype), vocab, 0
        self.file = open(path, "wb")
        self.file.write(b"\0" * SHARD_HEADER_BYTES)

    def append(self, values):
        arr = np.asarray(values)
        if arr.size and (arr.min() < 0 or arr.max() > np.iinfo(self.dtype).max):
            raise ValueError(f"{self.path}: values from {arr.min()} to {arr.max()} do not fit in {self.dtype}")
        self.file.write(arr.astype(self.dtype).tobytes())
        self.count += arr.size

    def close(self):
        self.file.seek(0)
        code = DTYPE_CODES[self.dtype]
        self.file.write(SHARD_MAGIC + struct.pack("<IIQII", SHARD_VERSION, code, self.count, self.vocab, 0))
        self.file.close()


class Rng:
    """mulberry32, exactly as src/core/rng.ts: a 32-bit state, floats in [0, 1)."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def int(self, n):
        return math.floor(self.next() * n)


# ---- mixing schedules (src/core/data/schedule.ts) -------------------------------------------------

PAPER_PHASES = {
    "uniform": [(5, 3), (5, 3), (5, 3), (5, 3)],
    "stepwise-increase": [(7, 3), (7, 3), (6, 4), (5, 5)],
    "stepwise-decrease": [(5, 5), (6, 4), (7, 3), (7, 3)],
}


def code_share(schedule, step, total_steps):
    """Share of code (0..1) at 0-based `step` of a stage of `total_steps` steps."""
    progress = 0 if total_steps <= 1 else min(1, max(0, step / (total_steps - 1)))
    kind = schedule["type"]
    if kind == "fixed":
        return schedule["code"]
    if kind == "paper":
        phase = min(3, math.floor((4 * step) / max(1, total_steps)))
        text, code = PAPER_PHASES[schedule["strategy"]][phase]
        return code / (text + code)
    if kind == "linear":
        return schedule["from"] + (schedule["to"] - schedule["from"]) * progress
    if kind == "cosine":
        return schedule["from"] + (schedule["to"] - schedule["from"]) * 0.5 * (1 - math.cos(math.pi * progress))
    if kind == "piecewise":
        pts = schedule["points"]
        if progress <= pts[0][0]:
            return pts[0][1]
        for i in range(1, len(pts)):
            x1, y1 = pts[i]
            x0, y0 = pts[i - 1]
            if progress <= x1:
                return y1 if x1 == x0 else y0 + ((y1 - y0) * (progress - x0)) / (x1 - x0)
        return pts[-1][1]
    raise ValueError(f"unknown mix schedule type {kind!r}")


def source_weights(sources, share):
    """Weights over sources (summing to 1): code sources split `share`, text sources the rest, by size."""
    text_total = sum(s["size"] for s in sources if s["kind"] == "text")
    code_total = sum(s["size"] for s in sources if s["kind"] == "code")
    code_part = 0 if code_total == 0 else (1 if text_total == 0 else share)
    out = {}
    for s in sources:
        kind_total = code_total if s["kind"] == "code" else text_total
        kind_part = code_part if s["kind"] == "code" else 1 - code_part
        out[s["name"]] = (kind_part * s["size"]) / kind_total if kind_total > 0 else 0
    return out


def learning_rate(peak, warmup, total, min_ratio, step):
    """Warm-up then cosine, as src/core/train/lr-schedule.ts, for 0-based `step`."""
    floor = peak * min_ratio
    if step < warmup:
        return (peak * (step + 1)) / warmup
    decay_steps = max(1, total - warmup)
    progress = min(1, (step - warmup) / decay_steps)
    return floor + 0.5 * (peak - floor) * (1 + math.cos(math.pi * progress))


# ---- batches --------------------------------------------------------------------------------------


def empty_batch(B, T):
    return {
        "idx": np.zeros((B, T), dtype=np.int64),
        "targets": np.zeros((B, T), dtype=np.int64),
        "weights": np.zeros((B, T), dtype=np.float32),
        "segments": None,
    }


def document_segments(idx, eot):
    """Segment ids [B, T]: a new document starts after every <|endoftext|> (src/core/data/batch.ts)."""
    is_eot = (idx == eot).astype(np.int64)
    return np.cumsum(is_eot, axis=1) - is_eot


class Batcher:
    """Pre-training windows with rows allotted by accumulated credit (src/core/data/batcher.ts)."""

    def __init__(self, sources, B, T, seed, state=None):
        for s in sources:
            if len(s["train"]) < T + 1:
                raise ValueError(f"source {s['name']!r} has {len(s['train'])} training tokens, fewer than one window ({T + 1})")
        self.sources, self.B, self.T = sources, B, T
        zero = lambda: {s["name"]: 0 for s in sources}  # noqa: E731
        self.state = state or {"rng": seed & 0xFFFFFFFF, "credit": zero(), "rows": zero(), "tokens": zero()}
        self.rng = Rng(0)
        self.rng.state = self.state["rng"]

    def next(self, weights):
        B, T = self.B, self.T
        batch = empty_batch(B, T)
        credit = self.state["credit"]
        for s in self.sources:
            credit[s["name"]] = credit.get(s["name"], 0) + weights.get(s["name"], 0) * B
        row_sources = []
        for row in range(B):
            best = self.sources[0]
            for s in self.sources:
                if credit[s["name"]] > credit[best["name"]] + 1e-12:
                    best = s
            credit[best["name"]] -= 1
            start = self.rng.int(len(best["train"]) - T)
            window = np.asarray(best["train"][start : start + T + 1], dtype=np.int64)
            batch["idx"][row], batch["targets"][row], batch["weights"][row] = window[:-1], window[1:], 1
            row_sources.append(best["name"])
            self.state["rows"][best["name"]] += 1
            self.state["tokens"][best["name"]] += T
        self.state["rng"] = self.rng.state
        return batch, row_sources


def heldout_batches(tokens, B, T, count):
    """`count` fixed batches of B evenly spaced windows (src/core/data/batcher.ts heldoutBatches)."""
    windows = max(1, (len(tokens) - 1) // T)
    out = []
    for k in range(count):
        batch = empty_batch(B, T)
        for row in range(B):
            w = ((k * B + row) * windows) // (count * B) % windows
            start = min(w * T, len(tokens) - T - 1)
            window = np.asarray(tokens[start : start + T + 1], dtype=np.int64)
            batch["idx"][row], batch["targets"][row], batch["weights"][row] = window[:-1], window[1:], 1
        out.append(batch)
    return out


KINDS = ("text", "code")


def mix_seed(seed, kind, epoch):
    """A 32-bit seed from (seed, kind, epoch), as src/core/data/instruct/batches.ts."""
    h = (seed ^ 0x9E3779B9) & 0xFFFFFFFF
    for v in (kind, epoch):
        h = ((h ^ v) * 0x85EBCA6B) & 0xFFFFFFFF
        h = ((h ^ (h >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF
        h = (h ^ (h >> 16)) & 0xFFFFFFFF
    return h


class InstructBatcher:
    """Rows of whole instruction examples of one kind, then <|pad|> (src/core/data/instruct/batches.ts).
    `pools[kind]` is a list of (ids, loss_mask) pairs, already fitted to T + 1 tokens by the export."""

    def __init__(self, pools, B, T, seed, pad_id, state=None):
        self.pools, self.B, self.T, self.seed, self.pad_id = pools, B, T, seed & 0xFFFFFFFF, pad_id
        self.perms = {}
        per_kind = lambda make: {k: make() for k in KINDS}  # noqa: E731
        self.state = state or {
            "cursor": per_kind(lambda: {"epoch": 0, "pos": 0}),
            "credit": per_kind(lambda: 0),
            "rows": per_kind(lambda: 0),
            "examples": per_kind(lambda: 0),
            "tokens": per_kind(lambda: 0),
        }

    def order(self, kind, epoch):
        cached = self.perms.get(kind)
        if cached and cached[0] == epoch:
            return cached[1]
        n = len(self.pools[kind])
        order = list(range(n))
        rng = Rng(mix_seed(self.seed, KINDS.index(kind), epoch))
        for i in range(n - 1, 0, -1):
            j = rng.int(i + 1)
            order[i], order[j] = order[j], order[i]
        self.perms[kind] = (epoch, order)
        return order

    def next(self, weights):
        B, T = self.B, self.T
        for k in KINDS:
            if weights.get(k, 0) > 0 and not self.pools[k]:
                raise ValueError(f"weight {weights[k]} for {k!r} examples, but the set has none")
        batch = empty_batch(B, T)
        batch["segments"] = np.zeros((B, T), dtype=np.int64)
        credit = self.state["credit"]
        for k in KINDS:
            credit[k] += weights.get(k, 0) * B
        row_sources = []
        for row in range(B):
            open_kinds = [k for k in KINDS if self.pools[k]]
            kind = open_kinds[0]
            for k in open_kinds:
                if credit[k] > credit[kind] + 1e-12:
                    kind = k
            credit[kind] -= 1
            self.fill_row(batch, row, kind)
            row_sources.append(kind)
        return batch, row_sources

    def fill_row(self, batch, row, kind):
        T = self.T
        pool, cursor = self.pools[kind], self.state["cursor"][kind]
        ids, mask, seg, segment = [], [], [], 0
        while True:
            ex_ids, ex_mask = pool[self.order(kind, cursor["epoch"])[cursor["pos"]]]
            if len(ids) + len(ex_ids) > T + 1:
                break
            ids += list(ex_ids)
            mask += list(ex_mask)
            seg += [segment] * len(ex_ids)
            segment += 1
            self.state["examples"][kind] += 1
            cursor["pos"] += 1
            if cursor["pos"] == len(pool):
                cursor["epoch"], cursor["pos"] = cursor["epoch"] + 1, 0
        pad = T + 1 - len(ids)
        ids, mask, seg = ids + [self.pad_id] * pad, mask + [0] * pad, seg + [segment] * pad
        batch["idx"][row] = ids[:T]
        batch["targets"][row] = ids[1:]
        batch["weights"][row] = mask[1:]
        batch["segments"][row] = seg[:T]
        self.state["rows"][kind] += 1
        self.state["tokens"][kind] += int(sum(mask[1:]))


def load_pool(ids_path, mask_path, lengths_path):
    """An instruction pool from its three shards: ids and loss masks concatenated, and each example's length."""
    ids, mask, lengths = read_shard(ids_path), read_shard(mask_path), read_shard(lengths_path)
    if len(ids) != len(mask) or int(np.sum(lengths, dtype=np.int64)) != len(ids):
        raise ValueError(f"{ids_path}: ids, loss mask and example lengths disagree")
    out, at = [], 0
    for n in lengths.tolist():
        out.append((ids[at : at + n].tolist(), mask[at : at + n].tolist()))
        at += n
    return out


def load_batches(root, spec):
    """Fixed batches exported by the lab (replay steps, instruction eval sets): [{idx, targets, weights, segments}]."""
    n, B, T = spec["count"], spec["B"], spec["T"]
    arr = {f: read_shard(os.path.join(root, spec[f])).astype(np.int64).reshape(n, B, T)
           for f in ("idx", "targets", "weights") + (("segments",) if spec.get("segments") else ())}
    return [
        {
            "idx": arr["idx"][i],
            "targets": arr["targets"][i],
            "weights": arr["weights"][i].astype(np.float32),
            "segments": arr["segments"][i] if "segments" in arr else None,
        }
        for i in range(n)
    ]


def same_batch(a, b):
    seg = (a["segments"] is None) == (b["segments"] is None) and (
        a["segments"] is None or np.array_equal(a["segments"], b["segments"]))
    return seg and all(np.array_equal(a[f], b[f]) for f in ("idx", "targets", "weights"))
