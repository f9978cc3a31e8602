#!/usr/bin/env python3
"""Tokenizes your own corpora with a study's tokenizer.json into the study's shard layout, so that
train.py can pre-train on far more data than the browser holds.

    python3 prepare.py --name my-code --kind code src/ more.jsonl          (then edit the recipe
    python3 prepare.py --name my-text --kind text --add-to-stage 0 books/    or use --add-to-stage)

Documents: every file is one document (UTF-8), except .jsonl files, where every line is one
document: a JSON string, or an object with a "text" field. Each document's tokens are followed by
<|endoftext|>, as in the lab. Every --heldout-every'th document (default 20th) goes to the held-out
split (0: none). Writes data/<name>/{train,heldout}.bin (layout: study_data.py) and registers the
source in study.json (kind, files, bytes per held-out token); --add-to-stage I adds it to stage I's
sources in the recipe too.

The encoder is the lab's byte-level BPE (src/core/tokenizer/bpe.ts), written here from the
tokenizer.json alone: the lab's pre-tokenizer split (GPT-4's pattern as src/core/tokenizer/
pretokenize.ts adapts it, hand-coded below since Python's `re` lacks \\p{L}; special-token text in
documents is plain bytes, never a special token), then merges by rank. It reproduces the lab's ids
exactly, except that Unicode letters/numbers assigned after Python's Unicode version may split
differently.
"""
import argparse
import json
import os
import sys
import unicodedata
from multiprocessing import Pool

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from study_data import ShardWriter  # noqa: E402

SPLITS = ("train", "heldout")

# The pattern the split below implements (src/core/tokenizer/pretokenize.ts DEFAULT_PATTERN).
LAB_PATTERN = (
    "'(?:[sdmtSDMT]|[lL]{2}|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\p{White_Space}\\p{L}\\p{N}]+[\\r\\n]*"
    "|\\p{White_Space}*[\\r\\n]|\\p{White_Space}+(?!\\P{White_Space})|\\p{White_Space}+"
)
WHITE_SPACE = frozenset(chr(c) for c in [*range(9, 14), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
                                         0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
CONTRACTIONS = {"s", "d", "m", "t", "ll", "ve", "re"}


def is_letter(c):
    return unicodedata.category(c)[0] == "L"


def is_number(c):
    return unicodedata.category(c)[0] == "N"


def other(c):
    return c not in WHITE_SPACE and not is_letter(c) and not is_number(c)


def match_at(s, i):
    """End of the pattern's match at i (the pattern matches at every position, so chunks tile the text)."""
    n, c = len(s), s[i]
    if c == "'":  # 's 'd 'm 't 'll 've 're, any case
        for k in (3, 2):
            if s[i + 1 : i + k].lower() in CONTRACTIONS and i + k <= n:
                return i + k
    if c not in "\r\n" and not is_letter(c) and not is_number(c) and i + 1 < n and is_letter(s[i + 1]):
        i += 1  # one leading non-letter (e.g. a space) joins the word
        c = s[i]
    if is_letter(c):
        j = i + 1
        while j < n and is_letter(s[j]):
            j += 1
        return j
    if is_number(c):
        j = i + 1
        while j < n and j < i + 3 and is_number(s[j]):
            j += 1
        return j
    k = i + 1 if c == " " else i
    if k < n and other(s[k]):  # punctuation run, optional leading space, then newlines
        j = k + 1
        while j < n and other(s[j]):
            j += 1
        while j < n and s[j] in "\r\n":
            j += 1
        return j
    j = i  # c is white space: its run is [i, j)
    while j < n and s[j] in WHITE_SPACE:
        j += 1
    last_newline = max(s.rfind("\r", i, j), s.rfind("\n", i, j))
    if last_newline >= 0:
        return last_newline + 1
    if j == n or j - 1 == i:
        return j
    return j - 1  # leave the last space to the next word


def split(text):
    out, i = [], 0
    while i < len(text):
        j = match_at(text, i)
        out.append(text[i:j])
        i = j
    return out


def byte_to_char():
    """GPT-2's byte ↔ printable character map (src/core/tokenizer/byte-level.ts)."""
    printable = lambda b: 0x21 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF  # noqa: E731
    out, nxt = [], 256
    for b in range(256):
        if printable(b):
            out.append(chr(b))
        else:
            out.append(chr(nxt))
            nxt += 1
    return out


class Encoder:
    """Byte-level BPE from a tokenizer.json the lab exported."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            tok = json.load(f)
        steps = tok.get("pre_tokenizer", {}).get("pretokenizers", [])
        pattern = steps[0].get("pattern", {}).get("Regex") if steps else None
        if pattern != LAB_PATTERN:
            raise SystemExit(f"{path}: pre_tokenizer pattern {pattern!r} is not the lab's; this encoder implements only that one")
        vocab = tok["model"]["vocab"]
        self.byte_ids = [vocab[c] for c in byte_to_char()]
        self.ranks = {}
        for rank, m in enumerate(tok["model"]["merges"]):
            a, b = m.split(" ") if isinstance(m, str) else m
            self.ranks[(vocab[a], vocab[b])] = (rank, vocab[a + b])
        self.specials = {t["content"]: t["id"] for t in tok["added_tokens"]}
        self.eot = self.specials["<|endoftext|>"]
        self.vocab_size = max(list(vocab.values()) + list(self.specials.values())) + 1
        self.cache = {}

    def encode_chunk(self, chunk):
        ids = [self.byte_ids[b] for b in chunk.encode("utf-8")]
        while len(ids) >= 2:
            best = min((self.ranks.get(p, (1 << 30, 0)) for p in zip(ids, ids[1:])), default=(1 << 30, 0))
            if best[0] == 1 << 30:
                break
            pair = next(p for p in zip(ids, ids[1:]) if self.ranks.get(p, (None,))[0] == best[0])
            out, i = [], 0
            while i < len(ids):
                if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
                    out.append(best[1])
                    i += 2
                else:
                    out.append(ids[i])
                    i += 1
            ids = out
        return ids

    def encode(self, text):
        out = []
        for chunk in split(text):
            ids = self.cache.get(chunk)
            if ids is None:
                ids = self.encode_chunk(chunk)
                if len(chunk) <= 256:
                    self.cache[chunk] = ids
            out.extend(ids)
        return out


def documents(paths):
    """(path, text) for every document under the given files and directories, in sorted order."""
    files = []
    for p in paths:
        if os.path.isdir(p):
            for d, _, names in sorted(os.walk(p)):
                files += [os.path.join(d, n) for n in sorted(names)]
        else:
            files.append(p)
    for path in files:
        with open(path, encoding="utf-8") as f:
            if path.endswith(".jsonl"):
                for n, line in enumerate(f, 1):
                    if line.strip():
                        doc = json.loads(line)
                        if isinstance(doc, dict):
                            if "text" not in doc:
                                raise SystemExit(f"{path}:{n}: a JSON object needs a \"text\" field")
                            doc = doc["text"]
                        yield doc
            else:
                yield f.read()


_encoder = None


def _init(path):
    global _encoder
    _encoder = Encoder(path)


def _encode(doc):
    """A document's ids and its UTF-8 size (for bytes per held-out token)."""
    return _encoder.encode(doc), len(doc.encode("utf-8"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="files and directories of documents")
    p.add_argument("--name", required=True, help="the source's name in the recipe")
    p.add_argument("--kind", choices=["text", "code"], required=True)
    p.add_argument("--study", default=here, help="the exported study directory (default: this file's)")
    p.add_argument("--heldout-every", type=int, default=20, help="every N-th document is held out (0: none)")
    p.add_argument("--add-to-stage", type=int, action="append", default=[], help="add the source to stage I")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = p.parse_args()
    tok_path = os.path.join(args.study, "tokenizer.json")
    enc = Encoder(tok_path)
    out_dir = os.path.join(args.study, "data", args.name)
    os.makedirs(out_dir, exist_ok=True)
    # Streamed: documents are read, encoded (in order, by a pool of workers) and appended one by one.
    writers = {split: ShardWriter(os.path.join(out_dir, f"{split}.bin"), enc.vocab_size) for split in SPLITS}
    pool = Pool(args.workers, initializer=_init, initargs=(tok_path,)) if args.workers > 1 else None
    _init(tok_path)
    encoded = pool.imap(_encode, documents(args.inputs), chunksize=64) if pool else map(_encode, documents(args.inputs))
    held_bytes, count = 0, 0
    for i, (ids, nbytes) in enumerate(encoded):
        held = args.heldout_every > 0 and i % args.heldout_every == args.heldout_every - 1
        writers["heldout" if held else "train"].append(np.array(ids + [enc.eot], dtype=np.int64))
        held_bytes += nbytes + 1 if held else 0  # + 1 for <|endoftext|>, as the lab counts
        count += 1
    if pool:
        pool.close()
    for w in writers.values():
        w.close()
    if count == 0:
        raise SystemExit("no documents found in " + " ".join(args.inputs))
    study_path = os.path.join(args.study, "study.json")
    with open(study_path) as f:
        study = json.load(f)
    heldout_tokens = writers["heldout"].count
    study["sources"][args.name] = {
        "kind": args.kind,
        "train": f"data/{args.name}/train.bin",
        "heldout": f"data/{args.name}/heldout.bin",
        "tokens": {"train": writers["train"].count, "heldout": heldout_tokens},
        "bytesPerToken": held_bytes / heldout_tokens if heldout_tokens else 1,
    }
    for i in args.add_to_stage:
        stage, info = study["recipe"]["stages"][i], study["stages"][i]
        if stage["kind"] != "pretrain":
            raise SystemExit(f"--add-to-stage {i}: stage {i} is {stage['kind']}, sources belong to pretrain stages")
        for names in (stage["sources"], info["sources"]):
            if args.name not in names:
                names.append(args.name)
    with open(study_path, "w") as f:
        json.dump(study, f, indent=2)
        f.write("\n")
    print(json.dumps({"source": args.name, "documents": count, **study["sources"][args.name]["tokens"]}))


if __name__ == "__main__":
    main()
