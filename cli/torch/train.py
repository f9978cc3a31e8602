#!/usr/bin/env python3
"""Runs an exported codemix-lab study (npm run cli -- export-torch) with PyTorch DistributedDataParallel.

It implements the lab's training semantics (workers/train/*.ts), so a run here continues the lab's
experiment at a larger scale: the same GPT-2 (gpt.py), the same initial weights
(init/model.safetensors), AdamW (betas 0.9/0.95, eps 1e-8, bias correction, decoupled weight decay
on 2-D weights only) after clipping the global gradient norm, linear warm-up then cosine decay,
gradient accumulation, the stage's mixing schedule per step with rows allotted to sources by
accumulated credit (exact per-source token counts), every stage in order (pretrain on corpus
windows; instruct on packed instruction examples with the response-only loss mask, fresh AdamW
moments), held-out evaluation, checkpoints with resume, and metrics.jsonl in the lab's format.

Launch (one process per GPU, or per CPU rank with --device cpu):
    torchrun --nproc_per_node 8 train.py --out run/
    MASTER_ADDR=host MASTER_PORT=29500 WORLD_SIZE=2 RANK=0 LOCAL_RANK=0 python3 train.py --out run/  (and RANK=1 …)
    python3 train.py --out run/                       (one process, no torch.distributed)
NCCL on GPUs, gloo on CPU. Every rank draws the whole batch (it is cheap and deterministic) and
computes its share of the rows; losses are normalised by the whole micro-batch's loss weight, so
any number of ranks computes the same step as one.
Options: --replay (use the lab's exported first batches), --resume, --stop-after N (total steps),
--device cpu|cuda, --study DIR (default: this file's directory).
"""
import argparse
import json
import math
import os
import shutil
import sys
import time
from contextlib import nullcontext

import numpy as np
import torch
import torch.distributed as dist

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt import GPT, read_safetensors, write_safetensors  # noqa: E402
from study_data import (  # noqa: E402
    Batcher,
    InstructBatcher,
    code_share,
    document_segments,
    heldout_batches,
    learning_rate,
    load_batches,
    load_pool,
    read_shard,
    same_batch,
    source_weights,
)

BETAS, EPS = (0.9, 0.95), 1e-8  # the lab's DEFAULT_ADAMW (workers/train/optim.ts)


def stage_data(study, stage_index, root, state):
    """What a stage draws from: {sources, kinds, natural, weights_for, next, tokens, state, eval_sets, bpt}."""
    recipe, info = study["recipe"], study["stages"][stage_index]
    stage, T = recipe["stages"][stage_index], info["T"]
    cross = recipe["crossDocumentAttention"]
    eot = study["tokenizer"]["eotId"]
    shard = lambda rel: read_shard(os.path.join(root, rel))  # noqa: E731
    with_segments = lambda b: b if cross else {**b, "segments": document_segments(b["idx"], eot)}  # noqa: E731

    def lm_eval_sets(names):
        out = []
        for name in names:
            src = study["sources"][name]
            train, held = shard(src["train"]), shard(src["heldout"])
            held = held if len(held) >= T + 1 else train
            fixed = lambda tokens: [  # noqa: E731
                with_segments(b) for b in heldout_batches(tokens, stage["batchSize"], T, stage["evalBatches"])
            ]
            out.append({"source": name, "heldout": fixed(held), "train": fixed(train)})
        return out

    if stage["kind"] == "pretrain":
        sources = []
        for n in info["sources"]:
            train = shard(study["sources"][n]["train"])
            sources.append({"name": n, "kind": study["sources"][n]["kind"], "train": train, "size": len(train)})
        total = sum(s["size"] for s in sources)
        batcher = Batcher(sources, stage["batchSize"], T, info["seed"], state)

        def draw(weights):
            batch, rows = batcher.next(weights)
            return with_segments(batch), rows

        return {
            "sources": [s["name"] for s in sources],
            "kinds": {s["name"]: s["kind"] for s in sources},
            "natural": sum(s["size"] for s in sources if s["kind"] == "code") / total if total else 0,
            "weights_for": lambda share: source_weights(sources, share),
            "next": draw,
            "tokens": lambda: dict(batcher.state["tokens"]),
            "state": lambda: batcher.state,
            "eval_sets": lm_eval_sets(info["sources"]),
            "bpt": {n: study["sources"][n]["bytesPerToken"] for n in info["sources"]},
        }

    # instruct: rows of packed examples of one kind, response-only loss mask
    pools = {k: (load_pool(*(os.path.join(root, p[f]) for f in ("ids", "mask", "lengths"))) if p else [])
             for k, p in info["pools"].items()}
    batcher = InstructBatcher(pools, stage["batchSize"], T, info["seed"], study["tokenizer"]["padId"], state)
    kinds = ["text", "code"] if stage["arm"] == "code" else ["text"]
    name = {"text": "instruct/text", "code": "instruct/code"}

    def draw(weights):
        batch, rows = batcher.next({k: weights.get(name[k], 0) for k in kinds})
        if cross:
            batch = {**batch, "segments": None}
        return batch, [name[k] for k in rows]

    def weights_for(share):
        return {name[k]: w for k, w in zip(kinds, [1 - share, share] if stage["arm"] == "code" else [1])}

    eval_sets = lm_eval_sets(info["heldoutSources"])
    for e in info["evalSets"]:
        eval_sets.append({"source": e["source"], "heldout": load_batches(root, e["heldout"]),
                          "train": load_batches(root, e["train"]) if e["train"] else []})
    return {
        "sources": [name[k] for k in kinds],
        "kinds": {name[k]: k for k in kinds},
        "natural": info["naturalCodeShare"],
        "weights_for": weights_for,
        "next": draw,
        "tokens": lambda: {name[k]: batcher.state["tokens"][k] for k in kinds},
        "state": lambda: batcher.state,
        "eval_sets": eval_sets,
        "bpt": info["bytesPerToken"],
    }


def new_window():
    """What a metrics line sums over: loss, steps, rows per source, scheduled code share, start time."""
    return {"loss": 0.0, "steps": 0, "rows": {}, "share": 0.0, "t0": time.time()}


class Runner:
    def __init__(self, args):
        self.args = args
        self.root = os.path.abspath(args.study)
        with open(os.path.join(self.root, "study.json")) as f:
            self.study = json.load(f)
        if self.study.get("format") != "codemix-torch-study":
            raise SystemExit(f"{self.root}/study.json is not a codemix-torch-study export")
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        local = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = torch.cuda.is_available() and args.device != "cpu"
        self.device = torch.device(f"cuda:{local}" if cuda else "cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        if self.world > 1:
            dist.init_process_group("nccl" if cuda else "gloo", init_method="env://")
        with open(os.path.join(self.root, "init", "config.json")) as f:
            self.config = json.load(f)
        torch.manual_seed(self.study["recipe"]["seed"])
        self.model = GPT(self.config).to(self.device)
        init = read_safetensors(os.path.join(self.root, "init", "model.safetensors"))
        self.weight_names = sorted(init)
        self.model.load_hf_state(init)
        self.net = (torch.nn.parallel.DistributedDataParallel(self.model, device_ids=[local] if cuda else None)
                    if self.world > 1 else self.model)
        self.replay = self.load_replay() if args.replay else {}
        self.replay_checked = self.replay_mismatches = 0
        os.makedirs(args.out, exist_ok=True)

    def load_replay(self):
        spec = self.study.get("replay")
        if not spec:
            raise SystemExit("--replay: this study was exported without --replay-batches")
        out = {}
        for part in spec["stages"]:
            batches = load_batches(self.root, part["batches"])
            A = part["accumSteps"]
            for s in range(part["steps"]):
                out[(part["stage"], s)] = (batches[s * A : (s + 1) * A], part["rowSources"][s])
        return out

    def optimizer(self, stage):
        decay = [p for p in self.model.parameters() if p.dim() == 2]
        rest = [p for p in self.model.parameters() if p.dim() != 2]
        groups = [{"params": decay, "weight_decay": stage["weightDecay"]}, {"params": rest, "weight_decay": 0.0}]
        return torch.optim.AdamW(groups, lr=stage["lr"], betas=BETAS, eps=EPS, foreach=False)

    def tensors(self, batch, rows):
        """This rank's rows of a batch as tensors: idx, targets, weights [rows, T] (and segments or None)."""

        def t(a, dtype):
            return torch.as_tensor(np.ascontiguousarray(a[rows]), dtype=dtype, device=self.device)

        seg = batch["segments"]
        return (t(batch["idx"], torch.long), t(batch["targets"], torch.long), t(batch["weights"], torch.float32),
                None if seg is None else t(seg, torch.long))

    def train_step(self, opt, micro, lr, clip):
        """Forward/backward over the micro-batches (this rank's rows), clip, AdamW; returns (loss, norm)."""
        opt.zero_grad(set_to_none=True)
        loss = torch.zeros((), device=self.device)
        for k, batch in enumerate(micro):
            B = batch["idx"].shape[0]
            if B < self.world:
                raise SystemExit(f"batchSize {B} is smaller than the {self.world} ranks")
            rows = np.array_split(np.arange(B), self.world)[self.rank]
            total = max(float(np.sum(batch["weights"], dtype=np.float32)), 1e-9)  # the whole micro-batch's Σ weight
            last = k == len(micro) - 1
            with nullcontext() if last or self.world == 1 else self.net.no_sync():
                part = self.net(*self.tensors(batch, rows)) / total
                # DDP averages gradients over ranks: × world makes it their sum, / micro-batches their mean.
                (part * (self.world / len(micro))).backward()
            loss += part.detach()
        if self.world > 1:
            dist.all_reduce(loss)
        params = list(self.model.parameters())
        if clip > 0:
            norm = torch.nn.utils.clip_grad_norm_(params, clip)
        else:
            norm = torch.sqrt(sum((p.grad.float() ** 2).sum() for p in params))
        for group in opt.param_groups:
            group["lr"] = lr
        opt.step()
        return float(loss) / len(micro), float(norm)

    @torch.no_grad()
    def evaluate(self, data):
        self.model.eval()
        out = {"heldout": {}, "train": {}}
        for e in data["eval_sets"]:
            for split in ("heldout", "train"):
                if not e[split]:
                    continue
                losses = []
                for b in e[split]:
                    rows = np.arange(b["idx"].shape[0])
                    total = max(float(np.sum(b["weights"], dtype=np.float32)), 1e-9)
                    losses.append(float(self.model.loss_sum(*self.tensors(b, rows))) / total)
                loss = float(np.mean(losses))
                out[split][e["source"]] = {"loss": loss, "bitsPerByte": loss / math.log(2) / data["bpt"][e["source"]]}
        self.model.train()
        return out

    def save(self, stage, step, tokens, opt, data):
        """A checkpoint of everything a resumed run needs (written by rank 0, atomically)."""
        if self.rank != 0:
            return
        state = {"stage": stage, "step": step, "tokens": tokens, "model": self.model.state_dict(),
                 "optimizer": opt.state_dict(), "data": data["state"]()}
        torch.save(state, self.ckpt_path + ".tmp")
        os.replace(self.ckpt_path + ".tmp", self.ckpt_path)

    def write(self, record):
        if self.rank == 0:
            self.metrics.write(json.dumps(record) + "\n")
            self.metrics.flush()

    def run(self):
        args, recipe = self.args, self.study["recipe"]
        self.ckpt_path = os.path.join(args.out, "checkpoint.pt")
        resume = None
        if args.resume and os.path.exists(self.ckpt_path):
            resume = torch.load(self.ckpt_path, map_location=self.device)
            self.model.load_state_dict(resume["model"])
        self.metrics = None
        if self.rank == 0:
            self.metrics = open(os.path.join(args.out, "metrics.jsonl"), "a" if resume else "w")
        self.started, self.last_eval = time.time(), {}
        self.tokens = resume["tokens"] if resume else 0
        # Optimiser steps of the whole run so far (for --stop-after).
        self.done_steps = 0
        if resume:
            self.done_steps = sum(s["steps"] for s in recipe["stages"][: resume["stage"]]) + resume["step"]
        opt, stopped = None, False
        for stage_index in range(resume["stage"] if resume else 0, len(recipe["stages"])):
            stage = recipe["stages"][stage_index]
            resumed = resume if resume and resume["stage"] == stage_index else None
            if opt is None or (stage["kind"] == "instruct" and not resumed):
                opt = self.optimizer(stage)  # instruction tuning starts from fresh moments, as in the lab
                if resumed:
                    opt.load_state_dict(resumed["optimizer"])
            opt.param_groups[0]["weight_decay"] = stage["weightDecay"]
            stopped = self.run_stage(stage_index, opt, resumed)
            if stopped:
                break
        self.finish(stopped)

    def run_stage(self, stage_index, opt, resumed):
        """One stage's steps (workers/train/stage-loop.ts); returns True when --stop-after stopped it."""
        stage = self.study["recipe"]["stages"][stage_index]
        data = stage_data(self.study, stage_index, self.root, resumed["data"] if resumed else None)
        start = step = resumed["step"] if resumed else 0
        schedule = stage.get("mix") or {"type": "fixed", "code": data["natural"]}
        tokens_per_step = stage["batchSize"] * stage["accumSteps"] * self.study["stages"][stage_index]["T"]

        def lr_at(s):
            return learning_rate(stage["lr"], stage["warmupSteps"], stage["steps"], stage["minLrRatio"], s)

        window = new_window()
        stopping = False
        while step < stage["steps"] and not stopping:
            share = code_share(schedule, step, stage["steps"])
            weights = data["weights_for"](share)
            drawn = [data["next"](weights) for _ in range(stage["accumSteps"])]
            micro, row_sources = [b for b, _ in drawn], [r for _, rows in drawn for r in rows]
            if (stage_index, step) in self.replay:
                micro, row_sources = self.replayed(stage_index, step, micro, row_sources)
            for r in row_sources:
                window["rows"][r] = window["rows"].get(r, 0) + 1
            window["share"] += sum(weights[s] for s in data["sources"] if data["kinds"][s] == "code")
            loss, norm = self.train_step(opt, micro, lr_at(step), stage["gradClip"])
            window["loss"] += loss
            window["steps"] += 1
            step += 1
            self.done_steps += 1
            last = step == stage["steps"]
            stopping = self.args.stop_after is not None and self.done_steps >= self.args.stop_after
            if step % stage["logEvery"] == 0 or last or stopping:
                seconds = max(time.time() - window["t0"], 1e-9)
                figures = {"gradNorm": norm, "lr": lr_at(step - 1), "tokPerSec": window["steps"] * tokens_per_step / seconds,
                           "codeShare": share, "mix": weights}
                self.write(self.metrics_record(stage_index, stage, step, window, data, figures))
                window = new_window()
            if step % stage["evalEvery"] == 0 or last:
                if self.rank == 0:
                    self.last_eval = self.evaluate(data)
                    self.write({"kind": "eval", "stage": stage_index, "stageKind": stage["kind"], "step": step,
                                **self.last_eval})
                if self.world > 1:
                    dist.barrier()
            if (stage["checkpointEvery"] > 0 and step % stage["checkpointEvery"] == 0) or last or stopping:
                self.save(stage_index, step, self.tokens + tokens_per_step * (step - start), opt, data)
        self.tokens += tokens_per_step * (step - start)
        return stopping

    def replayed(self, stage_index, step, micro, row_sources):
        """The lab's batches for this step, counting whether this script drew the very same ones."""
        replayed, replayed_rows = self.replay[(stage_index, step)]
        self.replay_checked += 1
        same = len(micro) == len(replayed) and all(same_batch(a, b) for a, b in zip(micro, replayed))
        if not (same and replayed_rows == row_sources):
            self.replay_mismatches += 1
        return replayed, replayed_rows

    def metrics_record(self, stage_index, stage, step, window, data, step_figures):
        """A `kind: "train"` line with the fields of the lab's metrics event (src/contract/train.ts)."""
        rows = sum(window["rows"].values())
        by_source = {s: window["rows"].get(s, 0) for s in data["sources"]}
        realised = {s: by_source[s] / max(1, rows) for s in data["sources"]}
        code_rows = sum(by_source[s] for s in data["sources"] if data["kinds"][s] == "code")
        bytes_per_token = sum(realised[s] * data["bpt"][s] for s in data["sources"])
        mean = window["loss"] / window["steps"]
        return {
            "kind": "train", "stage": stage_index, "stageKind": stage["kind"], "step": step,
            "stageSteps": stage["steps"], "windowSteps": window["steps"], "loss": mean,
            "bitsPerByte": mean / math.log(2) / max(bytes_per_token, 1e-9),
            **step_figures,  # gradNorm, lr, tokPerSec, codeShare, mix
            "realisedMix": realised, "rowsBySource": by_source,
            "scheduledCodeShare": window["share"] / window["steps"], "realisedCodeShare": code_rows / max(1, rows),
            "tokensBySource": data["tokens"](), "numTensors": 0, "elapsedSec": time.time(),
        }

    def finish(self, stopped):
        """Rank 0 writes the final model as a Hugging Face GPT-2 directory (model/) and summary.json."""
        if self.rank == 0:
            self.metrics.close()
            model_dir = os.path.join(self.args.out, "model")
            os.makedirs(model_dir, exist_ok=True)
            state = self.model.hf_state()
            write_safetensors(os.path.join(model_dir, "model.safetensors"),
                              {n: state[n] for n in self.weight_names}, {"format": "pt"})
            for name in ("init/config.json", "init/generation_config.json", "tokenizer.json", "tokenizer_config.json"):
                if os.path.exists(os.path.join(self.root, name)):
                    shutil.copy(os.path.join(self.root, name), model_dir)
            summary = {
                "name": self.study["recipe"]["name"], "backend": "pytorch", "device": str(self.device),
                "world": self.world, "steps": self.done_steps, "tokens": self.tokens,
                "wallSeconds": time.time() - self.started, "params": sum(p.numel() for p in self.model.parameters()),
                "vocabSize": self.config["vocab_size"], "final": self.last_eval, "stopped": stopped,
                "replayedSteps": self.replay_checked, "replayMismatches": self.replay_mismatches,
            }
            with open(os.path.join(self.args.out, "summary.json"), "w") as f:
                json.dump(summary, f, indent=2)
            print(json.dumps(summary))
        if self.world > 1:
            dist.barrier()
            dist.destroy_process_group()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--study", default=here, help="the exported study directory (default: this file's)")
    p.add_argument("--out", default=os.path.join(here, "run"), help="where metrics, checkpoints and the model go")
    p.add_argument("--replay", action="store_true", help="train the first steps on the lab's exported batches")
    p.add_argument("--resume", action="store_true", help="continue from <out>/checkpoint.pt when it exists")
    p.add_argument("--stop-after", type=int, default=None, help="stop (with a checkpoint) after N steps in all")
    p.add_argument("--device", choices=["cuda", "cpu"], default="cuda", help="cuda when available (default)")
    Runner(p.parse_args()).run()


if __name__ == "__main__":
    main()
