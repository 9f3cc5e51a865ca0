"""Every run-free model on the held-out projects: train each regime, evaluate it on the test split, print the
README's table.

    python benchmarks/rmrf_table.py --data data/labels --out runs/rmrf [--only classical,lora-minilm] [--steps 100]

Regimes (name: ``execrl rmrf`` options): classical; zero-shot-smollm2 (raw P(yes)); zero-shot-smollm2-calibrated;
lora-minilm, finetune-minilm, lora-smollm2, finetune-smollm2 (``--steps`` x ``--batch-size`` examples of
``--max-length`` tokens). Each regime is one ``execrl rmrf train`` + ``execrl rmrf evaluate`` (the same functions,
in this process, one after the other), so the table can be rebuilt as the dataset grows. Rows are appended to
``<out>/results.jsonl``; a regime whose model directory already holds a model is not trained again unless
``--retrain``. ``--train-only`` trains now and leaves evaluation to a later run (the test split's projects are
fixed by the builder, so a model trained on an early snapshot can be scored on the grown test split).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.rmrf.base import MODEL_FILE  # noqa: E402
from execrl.rmrf.command import Args, evaluate_command, train  # noqa: E402

REGIMES: dict[str, dict[str, object]] = {
    "classical": {"model": "classical"},
    "zero-shot-smollm2": {"model": "zero-shot", "backbone": "smollm2"},
    "zero-shot-smollm2-calibrated": {"model": "zero-shot", "backbone": "smollm2", "calibrate": True},
    "lora-minilm": {"model": "lora", "backbone": "minilm"},
    "finetune-minilm": {"model": "finetune", "backbone": "minilm"},
    "lora-smollm2": {"model": "lora", "backbone": "smollm2"},
    "finetune-smollm2": {"model": "finetune", "backbone": "smollm2"},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/labels"))
    parser.add_argument("--out", type=Path, default=Path("runs/rmrf"))
    parser.add_argument("--only", default=",".join(REGIMES), help="comma-separated regimes")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--limit", type=int, default=None, help="evaluate on a seeded sample of the test split")
    parser.add_argument("--retrain", action="store_true")
    parser.add_argument("--train-only", action="store_true", help="train the regimes, evaluate later (on more data)")
    args = parser.parse_args()
    for name in args.only.split(","):
        if name not in REGIMES:
            parser.error(f"unknown regime {name!r}: choose from {', '.join(REGIMES)}")
        options = {"data": args.data, "model_dir": args.out / name, "steps": args.steps,
                   "batch_size": args.batch_size, "max_length": args.max_length, **REGIMES[name]}
        if args.retrain or not (args.out / name / MODEL_FILE).is_file():
            train(Args("train", **options))
        if args.train_only:
            continue
        evaluate_command(Args("evaluate", **options, name=name, limit=args.limit,
                              results=args.out / "results.jsonl"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
