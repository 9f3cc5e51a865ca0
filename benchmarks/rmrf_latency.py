"""Run-free prediction latency against the labelling pipeline's execution cost, for the same triples.

    python benchmarks/rmrf_latency.py --data data/labels --models runs/rmrf/classical,runs/rmrf/lora-minilm \
        --triples 30 [--execute]

Takes ``--triples`` triples of the test split (a seeded sample). For each saved model: the model is loaded and
warmed up, then each triple is predicted alone (batch 1: the latency a caller waiting for one verdict sees) and all
of them in one call (throughput). Execution cost per triple: with ``--execute``, the labelling pipeline
(``execrl.labeling.pipeline.Labeller`` in a fresh sandbox, a fresh base cache) labels the same triples in this run,
timed per pair and split evenly over the pair's triples (side by side); always, the costs the dataset recorded when
it was built: ``Labels.seconds`` alone (the candidate's own runs, as ``labelling_cost.py`` reports them: the
conservative figure, used for the ratio unless ``--execute``) and with its share of the pair's ``base_seconds``.
Prints a table and the ratio of median execution cost to median prediction latency; writes
``benchmarks/results/rmrf_latency.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.labeling.records import LabelledTriple  # noqa: E402
from execrl.rmrf.base import load_model  # noqa: E402
from execrl.rmrf.command import sample  # noqa: E402
from execrl.rmrf.data import load_dataset  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "rmrf_latency.json"


def with_base_share(rows: list[LabelledTriple], everything: list[LabelledTriple]) -> list[float]:
    """Each triple's own seconds plus its share of the pair's base run, as recorded when the dataset was built."""
    per_pair = Counter(row.triple.pair_key for row in everything)
    return [row.labels.seconds + row.labels.base_seconds / per_pair[row.triple.pair_key] for row in rows]


def executed_costs(rows: list[LabelledTriple]) -> list[float]:
    """Label the triples again now, pair by pair, and split each pair's wall time over its triples."""
    from execrl.labeling.pipeline import LabelConfig, Labeller
    from execrl.sandbox.local import LocalExecutor

    costs: list[float] = []
    with tempfile.TemporaryDirectory() as cache, LocalExecutor() as executor:
        labeller = Labeller(executor, LabelConfig(cache_dir=Path(cache)))
        ordered = sorted((row.triple for row in rows), key=lambda t: t.pair_key)
        for _, group in itertools.groupby(ordered, key=lambda t: t.pair_key):
            triples = list(group)
            started = time.perf_counter()
            labeller.label_pair(triples)
            costs += [(time.perf_counter() - started) / len(triples)] * len(triples)
    return costs


def latency(model_dir: Path, rows: list[LabelledTriple]) -> dict[str, float]:
    load_started = time.perf_counter()
    model = load_model(model_dir)
    model.predict([rows[0].triple])  # warm-up: lazy model loading, caches
    load_seconds = time.perf_counter() - load_started
    singles = []
    for row in rows:
        started = time.perf_counter()
        model.predict([row.triple])
        singles.append(time.perf_counter() - started)
    started = time.perf_counter()
    model.predict([row.triple for row in rows])
    batch = time.perf_counter() - started
    return {"load_and_warm_up_s": round(load_seconds, 2), "median_ms": round(1000 * statistics.median(singles), 3),
            "p90_ms": round(1000 * sorted(singles)[int(0.9 * (len(singles) - 1))], 3),
            "batched_ms_per_triple": round(1000 * batch / len(rows), 3),
            "throughput_per_s": round(len(rows) / batch, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/labels"))
    parser.add_argument("--models", required=True, help="comma-separated model directories (execrl rmrf train)")
    parser.add_argument("--triples", type=int, default=30)
    parser.add_argument("--execute", action="store_true", help="also label the triples now, side by side")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    everything = [*dataset.train, *dataset.validation, *dataset.test]
    rows = list(sample(dataset.test, args.triples, args.seed))
    report: dict[str, object] = {
        "triples": len(rows), "recorded_median_s": round(statistics.median(r.labels.seconds for r in rows), 3),
        "recorded_with_base_median_s": round(statistics.median(with_base_share(rows, everything)), 3)}
    if args.execute:
        report["executed_median_s"] = round(statistics.median(executed_costs(rows)), 3)
    execution_s = float(report.get("executed_median_s", report["recorded_median_s"]))  # type: ignore[arg-type]
    models = {}
    for directory in args.models.split(","):
        figures = latency(Path(directory), rows)
        figures["ratio_to_execution"] = round(1000 * execution_s / figures["median_ms"], 1)
        models[directory] = figures
    report["models"] = models
    print(f"execution per triple (median): recorded {report['recorded_median_s']} s "
          f"({report['recorded_with_base_median_s']} s with the pair's base)"
          + (f", executed now {report['executed_median_s']} s" if args.execute else ""))
    print("| model | median ms | p90 ms | batched ms/triple | throughput/s | execution / prediction |")
    print("|---|---|---|---|---|---|")
    for name, f in models.items():
        print(f"| {name} | {f['median_ms']} | {f['p90_ms']} | {f['batched_ms_per_triple']} | "
              f"{f['throughput_per_s']} | {f['ratio_to_execution']}x |")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
