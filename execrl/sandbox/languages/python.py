"""Python suites: pytest, with coverage.py (line and branch) for coverage, in the sandbox's own interpreter.

Steps: ``compile`` (every .py file through ``compile()``, so a syntax error is ``Outcome.SYNTAX_ERROR`` as for
a plain program), ``test`` (``python -m pytest``, under ``coverage run --branch`` when coverage is asked for),
``report`` (``coverage json`` for the focal file). Test names are pytest node ids (``tests/test_calc.py::test_add``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from dataclasses import replace
from typing import Any

from execrl.sandbox.languages.base import (
    REPORT_DIR,
    ReportError,
    Step,
    StepRun,
    SuiteJob,
    ToolchainMissing,
    base_env,
    read_report,
    with_floors,
)
from execrl.sandbox.languages.junit import parse_junit
from execrl.types import ErrorOrigin, FileCoverage, Limits, Outcome, TestResult, TestStatus

_JUNIT = f"{REPORT_DIR}/junit.xml"
_DATA = f"{REPORT_DIR}/coverage"
_JSON = f"{REPORT_DIR}/coverage.json"
_RAISED = re.compile(r"([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Failed|Warning)): ")
_SYNTAX_CHECK = "import sys\nfor name in sys.argv[1:]:\n    compile(open(name, 'rb').read(), name, 'exec')\n"


class PythonSuite:
    compile_outcome = Outcome.SYNTAX_ERROR
    # 1: some tests failed; 5: no test collected (a suite that runs and checks nothing is still a run)
    passing_exit_codes = frozenset({0, 1, 5})

    def limits(self, limits: Limits) -> Limits:
        return with_floors(limits, max_open_files=256)

    def prepare(self, tools: str, run: object) -> None:
        for module, package in (("pytest", "pytest"), ("coverage", "coverage")):
            if importlib.util.find_spec(module) is None:
                raise ToolchainMissing(f"{sys.executable} has no {module}: pip install {package} "
                                       "(the 'labeling' extra)")

    def steps(self, job: SuiteJob) -> tuple[Step, ...]:
        env = (*base_env(job.workdir), ("PYTHONPATH", f"{job.workdir}:{job.workdir}/src"),
               ("PYTHONHASHSEED", "0"), ("PYTHONDONTWRITEBYTECODE", "1"),
               # The interpreter's own plugins (hypothesis, anyio...) are not the project's, and scanning every
               # installed distribution for them cost seconds: a project names its plugins with ``-p``.
               ("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1"))
        sources = tuple(name for name in job.files if name.endswith(".py"))
        steps = [Step("compile", (sys.executable, "-I", "-S", "-c", _SYNTAX_CHECK, *sources), env)]
        pytest = ("-m", "pytest", "-p", "no:cacheprovider", "-q", f"--junitxml={_JUNIT}", "-o", "junit_family=xunit1",
                  *job.suite.only_tests)
        if job.suite.coverage:
            source = os.path.dirname(job.suite.focal) or "."
            steps.append(Step("test", (sys.executable, "-m", "coverage", "run", "--branch", f"--data-file={_DATA}",
                                       f"--source={source}", *pytest), env))
            steps.append(Step("report", (sys.executable, "-m", "coverage", "json", f"--data-file={_DATA}", "-o", _JSON,
                                         f"--include={job.suite.focal}"), env))
        else:
            steps.append(Step("test", (sys.executable, *pytest), env))
        return tuple(steps)

    def failure(self, run: StepRun) -> Outcome | None:
        return None

    def tests(self, job: SuiteJob, run: StepRun) -> tuple[TestResult, ...]:
        return tuple(_exception_is_error(test) for test in parse_junit(read_report(job, _JUNIT), _node_id))

    def coverage(self, job: SuiteJob, report: StepRun | None) -> FileCoverage:
        try:
            data = json.loads(read_report(job, _JSON))
            entry = data["files"][job.suite.focal]
            return _file_coverage(job.suite.focal, entry)
        except (ValueError, KeyError, TypeError, RecursionError) as error:
            raise ReportError(f"coverage.py JSON without the focal file: {type(error).__name__}: {error}") from None


def _node_id(attributes: dict[str, str]) -> str | None:
    """pytest's node id from xunit1 attributes: ``file::Class::name``; collection errors (no file) are left
    out, the outcome and the runner's output report them."""
    path, classname, name = attributes.get("file"), attributes.get("classname", ""), attributes.get("name", "")
    if not path or not name:
        return None
    module = path.removesuffix(".py").replace("/", ".")
    inner = classname[len(module) + 1:] if classname.startswith(module + ".") else ""
    return "::".join(part for part in (path, *inner.split("."), name) if part)


def _exception_is_error(test: TestResult) -> TestResult:
    """pytest reports any exception in a test as a failure; the sandbox's vocabulary keeps FAILED for a false
    assertion (and ``pytest.fail``) and ERROR for an exception, as for every other language."""
    if test.status is not TestStatus.FAILED or test.error is None:
        return test
    match = _RAISED.match(test.error.message)
    if match is None or match.group(1) in ("AssertionError", "Failed"):
        return test
    error = replace(test.error, type_name=match.group(1), origin=ErrorOrigin.PROGRAM)
    return replace(test, status=TestStatus.ERROR, error=error)


def _file_coverage(path: str, entry: dict[str, Any]) -> FileCoverage:
    executed, missing = _lines(entry["executed_lines"]), _lines(entry["missing_lines"])
    summary = entry["summary"]
    branches, covered = summary.get("num_branches"), summary.get("covered_branches")
    return FileCoverage(path, frozenset(executed | missing), frozenset(executed),
                        branches if type(branches) is int else None, covered if type(covered) is int else None)


def _lines(values: Any) -> set[int]:
    if not isinstance(values, list) or not all(type(v) is int for v in values):
        raise TypeError("line numbers must be a list of integers")
    return set(values)
