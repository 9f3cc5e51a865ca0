"""Predict-then-verify on the held-out split: the share of executions avoided against the accuracy of the
settled labels, over thresholds on the expected number of wrong labels per triple.

    python benchmarks/rmrf_predict_then_verify.py --data data/labels --model-dir runs/rmrf/classical

A triple is executed when its ``Prediction.expected_errors`` (sum over the three targets of min(p, 1 - p))
exceeds the threshold; its recorded labels then replace the prediction. Label accuracy is the mean over the three
targets of the share of settled labels that are right.

The operating point is chosen without the test split: the model is refitted in project-level folds over train +
validation (``--folds``), and ``choose_threshold`` picks, on those out-of-fold predictions, the threshold avoiding
most executions with at most ``--max-loss - --margin`` label accuracy lost. That threshold is then read off the
test curve once. The margin itself is checked on train + validation only: the projects are dealt into
``--groups`` groups, the threshold is chosen on the other groups' out-of-fold predictions and scored on each
group in turn (``margin_check``). The best point of the test curve is reported too, as hindsight.

Two curves. ``static``: the model from ``--model-dir`` predicts the whole test split once. ``retrain`` (classical
models: they refit in seconds): the test split in batches of ``--batch-size`` in a seeded order, the model refitted
on train + validation + every label executed so far after each batch (``predict_then_verify``). Executions are
replayed from the recorded labels (``RecordedExecution``): no sandbox runs; the seconds they would have cost are
summed from the recorded costs. Writes ``benchmarks/results/rmrf_predict_then_verify.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.labeling.records import LabelledTriple  # noqa: E402
from execrl.rmrf.base import Prediction, load_model  # noqa: E402
from execrl.rmrf.command import sample  # noqa: E402
from execrl.rmrf.data import Dataset, load_dataset  # noqa: E402
from execrl.rmrf.verify import (  # noqa: E402
    RecordedExecution,
    Tradeoff,
    choose_threshold,
    curve,
    operating_point,
    out_of_fold_predictions,
    predict_then_verify,
    tradeoff,
)

RESULTS = Path(__file__).parent / "results" / "rmrf_predict_then_verify.json"
THRESHOLDS = [-1.0] + [round(0.01 * i, 2) for i in range(151)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/labels"))
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--max-loss", type=float, default=0.02)
    parser.add_argument("--margin", type=float, default=0.0025, help="kept below --max-loss when choosing")
    parser.add_argument("--folds", type=int, default=5, help="project-level folds over train + validation")
    parser.add_argument("--groups", type=int, default=6, help="project groups of the margin check")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--retrain-thresholds", default="", help="thresholds run with retraining, besides the "
                                                                 "chosen one (comma-separated)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    rows = list(dataset.test)
    model = load_model(args.model_dir)
    static = curve(rows, model.predict([r.triple for r in rows]), THRESHOLDS)
    known = [*dataset.train, *dataset.validation]
    oof, _ = out_of_fold_predictions(lambda: load_model(args.model_dir), known, args.folds)
    chosen = choose_threshold(known, oof, args.max_loss, args.margin)
    held = curve(rows, model.predict([r.triple for r in rows]), [chosen.threshold])[0] if chosen else None
    hindsight = operating_point(static, args.max_loss)
    report: dict[str, object] = {
        "n_test": len(rows), "n_known": len(known), "model_dir": str(args.model_dir), "max_loss": args.max_loss,
        "margin": args.margin, "chosen_out_of_fold": chosen.to_json() if chosen else None,
        "chosen_read_off_test": held.to_json() if held else None,
        "test_curve_best_hindsight": hindsight.to_json() if hindsight else None,
        "margin_check": margin_check(known, oof, args), "static": [p.to_json() for p in static]}
    print(f"chosen on out-of-fold train + validation: {report['chosen_out_of_fold']}")
    print(f"read off the test split: {report['chosen_read_off_test']}")
    if model.kind == "classical":
        extra = [float(t) for t in args.retrain_thresholds.split(",") if t]
        report["retrain"] = retrain_curve(args, dataset, rows, ([chosen.threshold] if chosen else []) + extra)
    print_table(static, "static")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def margin_check(rows: list[LabelledTriple], oof: list[Prediction],
                 args: argparse.Namespace) -> list[dict[str, object]]:
    """For each margin, the threshold chosen on all project groups but one, scored on that one: how far a
    threshold chosen on some projects strays on others (train + validation only)."""
    projects = sorted({r.triple.project for r in rows}, key=lambda name: hashlib.sha256(name.encode()).hexdigest())
    group = {project: index % args.groups for index, project in enumerate(projects)}
    report = []
    for margin in sorted({0.0, 0.0025, 0.005, args.margin}):
        scored = []
        for k in range(args.groups):
            inside = [(r, p) for r, p in zip(rows, oof, strict=True) if group[r.triple.project] != k]
            outside = [(r, p) for r, p in zip(rows, oof, strict=True) if group[r.triple.project] == k]
            pick = choose_threshold([r for r, _ in inside], [p for _, p in inside], args.max_loss, margin)
            threshold = pick.threshold if pick else -1.0
            scored.append(curve([r for r, _ in outside], [p for _, p in outside], [threshold])[0])
        losses = [1 - p.label_accuracy for p in scored]
        report.append({"margin": margin, "mean_avoided": round(sum(p.avoided for p in scored) / len(scored), 4),
                       "mean_loss": round(sum(losses) / len(losses), 4), "max_loss": round(max(losses), 4),
                       "groups_in_goal": sum(p.avoided >= 0.6 and 1 - p.label_accuracy <= args.max_loss
                                             for p in scored), "groups": len(scored)})
        print(f"margin check: {report[-1]}")
    return report


def retrain_curve(args: argparse.Namespace, dataset: Dataset, rows: list[LabelledTriple],
                  thresholds: list[float]) -> list[dict[str, object]]:
    truths = {r.triple.triple_id: r.labels for r in rows}
    ordered = list(sample(tuple(rows), len(rows), args.seed + 1))
    points: list[dict[str, object]] = []
    for threshold in thresholds:
        model = load_model(args.model_dir)
        execute = RecordedExecution(rows)
        verdicts = predict_then_verify(model, [r.triple for r in ordered], execute, threshold,
                                       train=dataset.train, validation=dataset.validation,
                                       batch_size=args.batch_size)
        point = tradeoff(verdicts, truths, threshold)
        points.append({**point.to_json(), "execution_seconds": round(execute.seconds, 1)})
        print(f"retrain threshold {threshold}: {points[-1]}")
    return points


def print_table(points: list[Tradeoff], name: str) -> None:
    print(f"| {name} threshold | executed | avoided | label accuracy | all three right |")
    print("|---|---|---|---|---|")
    for p in points[:1] + points[1::10] + [points[-1]]:
        print(f"| {p.threshold} | {p.executed}/{p.n} | {p.avoided:.1%} | {p.label_accuracy:.2%} | "
              f"{p.exact_accuracy:.2%} |")


if __name__ == "__main__":
    sys.exit(main())
