"""How far the run-free labels can go: the classical model's out-of-fold F1 per target, and what coverage and kill
F1 would be if whether a candidate runs were known exactly.

    python benchmarks/rmrf_ceiling.py --data data/labels

A candidate that does not run raises neither coverage nor kills, so both targets inherit every mistake on
``compiles_and_runs``. This separates the two: on train + validation, every row is predicted by a classical model
fitted without its project (``out_of_fold_predictions``, project-level folds; the test split is not read); for
coverage and kills, the model's P(target | runs) is then scored on the rows that truly run, every other row being
a certain negative. F1 is taken at the best threshold of each column, so these figures are ceilings (hindsight on
purpose): a model whose average stays below 0.75 here cannot reach 0.75 at thresholds it has to choose.
Writes ``benchmarks/results/rmrf_ceiling.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.rmrf.base import TARGETS, Target, truth  # noqa: E402
from execrl.rmrf.classical import ClassicalModel  # noqa: E402
from execrl.rmrf.data import load_dataset  # noqa: E402
from execrl.rmrf.verify import out_of_fold_predictions  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "rmrf_ceiling.json"


def best_f1(probabilities: Sequence[float], truths: Sequence[bool]) -> float:
    """F1 at the threshold that maximises it (a ceiling, not an operating point)."""
    ranked = sorted(zip(probabilities, truths, strict=True), key=lambda pair: -pair[0])
    positives, true_positives, best = sum(truths), 0, 0.0
    for flagged, (_, is_positive) in enumerate(ranked, start=1):
        true_positives += is_positive
        best = max(best, 2 * true_positives / (flagged + positives)) if positives else 0.0
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/labels"))
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    rows = [*dataset.train, *dataset.validation]
    predictions, _ = out_of_fold_predictions(ClassicalModel, rows, args.folds)
    report: dict[str, object] = {"rows": len(rows), "folds": args.folds}
    for target in TARGETS:
        truths = [truth(row.labels, target) for row in rows]
        report[f"{target.value}_best_f1"] = best_f1([p.probability(target) for p in predictions], truths)
    runs = [p.probability(Target.RUNS) for p in predictions]
    for target in (Target.COVERAGE, Target.KILLS):
        # Non-running rows: score 0 (a certain negative); running rows: P(target) / P(runs) = P(target | runs).
        known = [p.probability(target) / max(run, 1e-9) if row.labels.compiles_and_runs else 0.0
                 for row, p, run in zip(rows, predictions, runs, strict=True)]
        report[f"{target.value}_best_f1_runs_known"] = best_f1(known, [truth(r.labels, target) for r in rows])
    report["average_best_f1"] = sum(report[f"{t.value}_best_f1"] for t in TARGETS) / 3  # type: ignore[misc]
    report["average_best_f1_runs_known"] = (1.0 + report["coverage_rises_best_f1_runs_known"]  # type: ignore[operator]
                                            + report["kill_rises_best_f1_runs_known"]) / 3
    print(json.dumps(report, indent=1))
    RESULTS.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
