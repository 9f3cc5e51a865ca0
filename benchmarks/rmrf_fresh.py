"""The run-free model and predict-then-verify on projects built after every choice was fixed: a second held-out set.

    execrl label build --sources benchmarks/fresh_projects --languages python,go --pairs-per-project 3 \\
        --out data/labels-fresh
    python benchmarks/rmrf_fresh.py --data data/labels --fresh data/labels-fresh

Why: the first held-out split (262 triples, 7 projects) has been read many times while the model, the deferral
rule and the margin were tuned, so a choice that looks good on it may be hindsight. The projects of
``benchmarks/fresh_projects/`` are in none of the shipped lists and were labelled only after this script was
written; the protocol below was fixed before reading any of their labels:

- the classical model is fitted on every labelled row of ``--data`` (train, validation and test: 56 projects);
- the deferral threshold is chosen by ``choose_threshold`` (at most ``--max-loss`` - ``--margin`` lost) on
  out-of-fold predictions over the same rows (project-level folds), exactly as for the first split;
- every fresh row is scored once: F1 per target at the model's own thresholds, the predict-then-verify curve,
  the chosen threshold read off it, and the same threshold with retraining (batches of ``--batch-size``, the model
  refitted on the known rows plus every label executed so far).

Writes ``benchmarks/results/rmrf_fresh.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rmrf_predict_then_verify import THRESHOLDS  # noqa: E402

from execrl.labeling.records import LabelledTriple  # noqa: E402
from execrl.rmrf.classical import ClassicalModel  # noqa: E402
from execrl.rmrf.command import sample  # noqa: E402
from execrl.rmrf.data import load_dataset, split_summary  # noqa: E402
from execrl.rmrf.metrics import MARKDOWN_HEADER, evaluate  # noqa: E402
from execrl.rmrf.verify import (  # noqa: E402
    RecordedExecution,
    choose_threshold,
    curve,
    operating_point,
    out_of_fold_predictions,
    predict_then_verify,
    tradeoff,
)

RESULTS = Path(__file__).parent / "results" / "rmrf_fresh.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/labels"))
    parser.add_argument("--fresh", type=Path, default=Path("data/labels-fresh"))
    parser.add_argument("--max-loss", type=float, default=0.02)
    parser.add_argument("--margin", type=float, default=0.0025)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    known, fresh = known_and_fresh(args.data, args.fresh)
    model = ClassicalModel()
    model.fit(known, [])
    evaluation, predictions = evaluate(model, "classical (fitted on all 1st-build rows)", "fresh", fresh)
    oof, _ = out_of_fold_predictions(ClassicalModel, known, args.folds)
    chosen = choose_threshold(known, oof, args.max_loss, args.margin)
    threshold = chosen.threshold if chosen else -1.0
    static = curve(fresh, predictions, THRESHOLDS)
    hindsight = operating_point(static, args.max_loss)
    report = {
        "n_known": len(known), "n_fresh": len(fresh), "fresh_projects": sorted({r.triple.project for r in fresh}),
        "positives": split_summary(fresh), "evaluation": evaluation.to_json(), "max_loss": args.max_loss,
        "margin": args.margin, "chosen_out_of_fold": chosen.to_json() if chosen else None,
        "chosen_read_off_fresh": curve(fresh, predictions, [threshold])[0].to_json(),
        "retrain_at_chosen": retrained(args, model, known, fresh, threshold),  # refits ``model``: last
        "fresh_curve_best_hindsight": hindsight.to_json() if hindsight else None,
        "static": [p.to_json() for p in static]}
    print(MARKDOWN_HEADER)
    print(evaluation.markdown_row())
    for key in ("chosen_out_of_fold", "chosen_read_off_fresh", "retrain_at_chosen", "fresh_curve_best_hindsight"):
        print(f"{key}: {report[key]}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def known_and_fresh(data: Path, fresh_dir: Path) -> tuple[list[LabelledTriple], list[LabelledTriple]]:
    """Every row of both builds; a project in both would make the fresh set not fresh."""
    first, second = load_dataset(data), load_dataset(fresh_dir)
    known, fresh = list(first.rows), list(second.rows)
    shared = {r.triple.project for r in known} & {r.triple.project for r in fresh}
    if shared:
        raise SystemExit(f"projects in both {data} and {fresh_dir}: {sorted(shared)}")
    return known, fresh


def retrained(args: argparse.Namespace, model: ClassicalModel, known: list[LabelledTriple],
              fresh: list[LabelledTriple], threshold: float) -> dict[str, object]:
    """Predict-then-verify from ``model`` (fitted on ``known``), which it refits batch by batch."""
    ordered = list(sample(tuple(fresh), len(fresh), args.seed + 1))
    execute = RecordedExecution(fresh)
    verdicts = predict_then_verify(model, [r.triple for r in ordered], execute, threshold, train=known,
                                   batch_size=args.batch_size)
    point = tradeoff(verdicts, {r.triple.triple_id: r.labels for r in fresh}, threshold)
    return {**point.to_json(), "execution_seconds": round(execute.seconds, 1)}


if __name__ == "__main__":
    sys.exit(main())
