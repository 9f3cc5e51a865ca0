"""JUnit XML (written by pytest and by the JUnit Platform console) as ``TestResult``s, parsed defensively."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from execrl.sandbox.languages.base import ReportError
from execrl.types import ErrorInfo, ErrorOrigin, TestResult, TestStatus

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_TESTS = 100_000
_MESSAGE_CHARS = 2000
Namer = Callable[[dict[str, str]], str | None]  # a testcase's attributes -> the runner's test name (None: skip it)


def parse_junit(data: bytes, name_of: Namer) -> list[TestResult]:
    """Every ``<testcase>`` in document order. The XML came from the sandbox: expat does not fetch external
    entities and (since 2.4) refuses exponential entity expansion; sizes were capped before this."""
    from xml.etree import ElementTree  # here, not at import: the worker stays small for every fork

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError) as error:
        raise ReportError(f"malformed JUnit XML: {error}") from None
    results: list[TestResult] = []
    for case in root.iter("testcase"):
        if len(results) >= MAX_TESTS:
            raise ReportError(f"more than {MAX_TESTS} test cases")
        attributes = {key: str(value)[:1000] for key, value in case.attrib.items()}
        name = name_of(attributes)
        if name is not None:
            results.append(_result(name, case, attributes))
    return results


def _result(name: str, case: Element, attributes: dict[str, str]) -> TestResult:
    duration = _seconds(attributes.get("time", ""))
    for tag, status, origin in (("failure", TestStatus.FAILED, ErrorOrigin.TEST),
                                ("error", TestStatus.ERROR, ErrorOrigin.PROGRAM)):
        found = case.find(tag)
        if found is not None:
            kind = found.get("type") or ("AssertionError" if status is TestStatus.FAILED else "Error")
            message = found.get("message") or (found.text or "").strip()
            return TestResult(name, status, duration, ErrorInfo(kind[:200], message[:_MESSAGE_CHARS], origin=origin))
    if case.find("skipped") is not None:
        return TestResult(name, TestStatus.NOT_RUN, duration)
    return TestResult(name, TestStatus.PASSED, duration)


def _seconds(text: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return 0.0
    return value if 0 <= value < 1e7 else 0.0
