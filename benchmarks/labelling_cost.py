"""Labelling cost per triple, per language: median and p90 seconds (the cost a run-free reward model must beat).

Reads a built dataset (``execrl label build``): ``labels.seconds`` is the sandbox time one candidate needed (its
augmented run with coverage, the optional candidate-only coverage run, its mutant runs), ``labels.base_seconds``
the once-per-pair base (base runs, screening, base kill matrix), shared by every candidate of the pair. Triples
excluded for taking over the limit are counted from ``skipped.jsonl``.

    .venv/bin/python benchmarks/labelling_cost.py --out data/labels
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from execrl.labeling.builder import LABELLED, SKIPPED, read_jsonl
from execrl.labeling.stats import percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/labels"))
    args = parser.parse_args()
    rows = list(read_jsonl(args.out / LABELLED))
    slow = [row for row in read_jsonl(args.out / SKIPPED) if str(row["reason"]).startswith("labelling took")]
    print("| language | triples | median s/triple | p90 s/triple | pairs | median base s/pair | over limit |")
    print("|---|---|---|---|---|---|---|")
    for language in sorted({row["language"] for row in rows}):
        mine = [row for row in rows if row["language"] == language]
        seconds = [float(row["labels"]["seconds"]) for row in mine]
        bases = {(row["project"], row["focal_path"], row["test_path"]): float(row["labels"]["base_seconds"])
                 for row in mine}
        over = sum(row["language"] == language for row in slow)
        print(f"| {language} | {len(mine)} | {statistics.median(seconds):.2f} | {percentile(seconds, 0.9):.2f} | "
              f"{len(bases)} | {statistics.median(bases.values()):.1f} | {over} |")


if __name__ == "__main__":
    main()
