"""Seconds per model-written candidate (``execrl label build --model-tests N``): the embedded model (or any
``--model``) is asked for candidates on full-budget prompts (this repository's own Python files as focal and test
files, so the prompt is as long as the builder ever makes it), and how many answers define a test function.

    .venv/bin/python benchmarks/model_written_cost.py --count 2 --pairs 3
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from execrl.generation.command import Args as GenerateArgs
from execrl.generation.command import make_generator
from execrl.labeling.model_written import ModelBackend, ModelWriter
from execrl.labeling.sources import Pair
from execrl.labeling.triples import base_of
from execrl.types import Language

ROOT = Path(__file__).resolve().parent.parent
PAIRS = (("execrl/labeling/records.py", "tests/labeling/test_records_and_resume.py"),
         ("execrl/labeling/builder.py", "tests/labeling/test_model_written.py"),
         ("execrl/generation/extract.py", "tests/generation/test_extract.py"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--count", type=int, default=2, help="candidates per pair")
    parser.add_argument("--pairs", type=int, default=3, choices=range(1, len(PAIRS) + 1))
    parser.add_argument("--answers", type=Path, help="keep the raw answers here (default: a temporary directory)")
    args = parser.parse_args()
    start = time.perf_counter()
    generator = make_generator(GenerateArgs(tasks="", out=Path("-"), model=args.model))
    print(f"model {args.model!r} loaded in {time.perf_counter() - start:.1f} s; load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as scratch:
        cache = args.answers or Path(scratch)
        writer = ModelWriter(ModelBackend(args.model, lambda: generator, cache), args.count)
        kept = seconds = 0.0
        for focal, test in PAIRS[: args.pairs]:
            pair = Pair("repo:execrl", Language.PYTHON, focal, (ROOT / focal).read_text(), test,
                        (ROOT / test).read_text(), ())
            base = base_of(pair)
            assert base is not None, test
            start = time.perf_counter()
            written = writer.write(pair, base.source)
            seconds += time.perf_counter() - start
            kept += len(written.triples)
            print(f"{focal}: {len(written.triples)} kept, {written.dropped} dropped, {written.duplicates} repeated: "
                  f"{[t.candidate_names[0] for t in written.triples]}")
    if not writer.generated:
        raise SystemExit(f"every answer came from {cache}: nothing was generated, nothing measured")
    print(f"{writer.generated} candidates in {seconds:.1f} s: {seconds / writer.generated:.1f} s per candidate; "
          f"{kept:.0f} kept ({writer.dropped} without a test function); load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
