"""Does the classical run-free model get better with more projects? Out-of-fold F1 against the share of training
projects kept.

    python benchmarks/rmrf_learning_curve.py --data data/labels data/labels-fresh

Every labelled row of the given builds (each a directory of ``execrl label build``) is pooled, whatever its split,
and dealt into ``--folds`` project-level folds. For each share, each fold's model is fitted on that share of its
training projects (a seeded draw) and predicts the held-out fold; F1 is scored once over all rows at the model's
own thresholds. A flat curve says more projects of the same kinds will not reach the F1 goal. Writes
``benchmarks/results/rmrf_learning_curve.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.labeling.records import LabelledTriple  # noqa: E402
from execrl.rmrf.base import Prediction  # noqa: E402
from execrl.rmrf.classical import ClassicalModel  # noqa: E402
from execrl.rmrf.data import load_dataset, project_folds  # noqa: E402
from execrl.rmrf.metrics import score  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "rmrf_learning_curve.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="+", default=[Path("data/labels")])
    parser.add_argument("--shares", default="0.25,0.5,0.75,1.0")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = [row for path in args.data for row in load_dataset(path).rows]
    points = []
    for share in (float(s) for s in args.shares.split(",")):
        predictions, projects = out_of_fold(rows, share, args.folds, args.seed)
        evaluation = score("classical", f"out-of-fold, {share:.0%} of training projects", rows, predictions, 1.0)
        points.append({"share": share, "training_projects_per_fold": projects,
                       "average_f1": round(evaluation.average_f1, 4),
                       "f1": {t.value: round(s.f1, 4) for t, s in evaluation.scores.items()}})
        print(points[-1], flush=True)
    report = {"data": [str(p) for p in args.data], "rows": len(rows),
              "projects": len({r.triple.project for r in rows}), "folds": args.folds, "points": points}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def out_of_fold(rows: list[LabelledTriple], share: float, folds: int, seed: int) -> tuple[list[Prediction], float]:
    """Every row predicted by a model fitted on ``share`` of the other folds' projects; the mean number of those."""
    predictions: dict[str, Prediction] = {}
    kept_counts = []
    for training, held_out in project_folds(rows, folds):
        projects = sorted({r.triple.project for r in training})
        random.Random(seed).shuffle(projects)
        kept = set(projects[:max(2, round(share * len(projects)))])
        kept_counts.append(len(kept))
        model = ClassicalModel()
        model.fit([r for r in training if r.triple.project in kept], [])
        predictions.update(zip((r.triple.triple_id for r in held_out), model.predict([r.triple for r in held_out]),
                               strict=True))
    return [predictions[r.triple.triple_id] for r in rows], sum(kept_counts) / len(kept_counts)


if __name__ == "__main__":
    sys.exit(main())
