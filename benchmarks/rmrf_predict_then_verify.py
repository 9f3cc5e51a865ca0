"""Predict-then-verify on the held-out split: the share of executions avoided against the accuracy of the
settled labels, over confidence thresholds.

    python benchmarks/rmrf_predict_then_verify.py --data data/labels --model-dir runs/rmrf/classical
    python benchmarks/rmrf_predict_then_verify.py --data data/labels --model-dir runs/rmrf/classical-cv --out-of-fold

With ``--out-of-fold`` the static curve is drawn over every row from the out-of-fold predictions that
``execrl rmrf crossval`` wrote (each row predicted by a model that never saw its project): with a small dataset
that is the curve over all rows instead of over the few in the test split.

Two curves. ``static``: the model trained on the train split predicts the whole test split once; a triple below
the threshold is executed (its recorded labels replace the prediction). ``retrain`` (classical models only: they
refit in seconds): the test split is processed in batches of ``--batch-size`` in a seeded order, and the model is
refitted on train + every label executed so far after each batch (``predict_then_verify``). Executions are
replayed from the labels the dataset recorded (``RecordedExecution``), so no sandbox runs; the seconds they would
have cost are summed from the recorded costs. The operating point is the threshold avoiding most executions with
at most ``--max-loss`` label accuracy lost: chosen on the test curve itself (optimistic), and chosen on the
validation projects' curve then read off the test curve (the figure to quote).
Writes ``benchmarks/results/rmrf_predict_then_verify.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.labeling.records import LabelledTriple  # noqa: E402
from execrl.rmrf.base import TARGETS, Prediction, load_model  # noqa: E402
from execrl.rmrf.command import OUT_OF_FOLD, sample  # noqa: E402
from execrl.rmrf.data import Dataset, load_dataset  # noqa: E402
from execrl.rmrf.verify import (  # noqa: E402
    RecordedExecution,
    Tradeoff,
    curve,
    operating_point,
    predict_then_verify,
    tradeoff,
)

RESULTS = Path(__file__).parent / "results" / "rmrf_predict_then_verify.json"
THRESHOLDS = [round(0.5 + 0.01 * i, 2) for i in range(51)] + [1.01]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/labels"))
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--max-loss", type=float, default=0.02)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--retrain-thresholds", default="0.8,0.9,0.95", help="thresholds run with retraining")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out-of-fold", action="store_true", help="every row, from crossval's predictions")
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    if args.out_of_fold:
        rows = [*dataset.train, *dataset.validation, *dataset.test]
        static = curve(rows, out_of_fold(args.model_dir, rows), THRESHOLDS)
        print_table(static, "out-of-fold")
        best = operating_point(static, args.max_loss)
        print(f"operating point (at most {args.max_loss:.0%} accuracy lost): {best.to_json() if best else None}")
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps({"n": len(rows), "out_of_fold": [p.to_json() for p in static],
                                       "operating_point": best.to_json() if best else None}, indent=2) + "\n")
        return 0
    rows = list(sample(dataset.test, None, args.seed))
    model = load_model(args.model_dir)
    static = curve(rows, model.predict([r.triple for r in rows]), THRESHOLDS)
    report: dict[str, object] = {"n_test": len(rows), "n_train": len(dataset.train), "model_dir": str(args.model_dir),
                                 "static": [p.to_json() for p in static]}
    best = operating_point(static, args.max_loss)
    report["static_operating_point"] = best.to_json() if best else None
    # The honest operating point: the threshold chosen on the validation projects, read off the test curve.
    validation = list(dataset.validation)
    chosen = operating_point(curve(validation, model.predict([r.triple for r in validation]), THRESHOLDS),
                             args.max_loss)
    held = next((p for p in static if chosen is not None and p.threshold == chosen.threshold), None)
    report["threshold_from_validation"] = {"validation": chosen.to_json() if chosen else None,
                                           "test": held.to_json() if held else None}
    print(f"threshold chosen on validation: {report['threshold_from_validation']}")
    if model.kind == "classical":
        report["retrain"] = retrain_curve(args, dataset, rows)
    print_table(static, "static")
    print(f"operating point (at most {args.max_loss:.0%} accuracy lost): {report['static_operating_point']}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def out_of_fold(model_dir: Path, rows: list[LabelledTriple]) -> list[Prediction]:
    found = {}
    for line in (model_dir / OUT_OF_FOLD).read_text().splitlines():
        row = json.loads(line)
        found[row["triple_id"]] = Prediction.of([row[t.value] for t in TARGETS])
    return [found[r.triple.triple_id] for r in rows]


def retrain_curve(args: argparse.Namespace, dataset: Dataset, rows: list[LabelledTriple]) -> list[dict[str, object]]:
    truths = {r.triple.triple_id: r.labels for r in rows}
    ordered = list(sample(tuple(rows), len(rows), args.seed + 1))
    points: list[dict[str, object]] = []
    for threshold in (float(t) for t in args.retrain_thresholds.split(",")):
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
    for p in points[::5] + [points[-1]]:
        print(f"| {p.threshold} | {p.executed}/{p.n} | {p.avoided:.1%} | {p.label_accuracy:.2%} | "
              f"{p.exact_accuracy:.2%} |")


if __name__ == "__main__":
    sys.exit(main())
