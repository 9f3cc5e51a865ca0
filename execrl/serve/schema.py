"""The wire format of the reward service: ``ExecRequest`` and ``ExecResult`` as JSON, both ways, in one place.

Server and client both use these functions, so a request survives the trip exactly: test inputs and expected
values may be tuples, sets, bytes, complex numbers, dicts with non-string keys or non-finite floats, which plain
JSON would turn into something else (and a test comparing ``(1, 2)`` with ``[1, 2]`` would then fail). Such values
travel tagged: ``{"$": "tuple", "v": [...]}``. Results reuse ``ExecResult.to_json`` and add what it leaves out.

Decoding never trusts its input: a missing or ill-typed field raises ``SchemaError`` naming its path
(``requests[3].tests[0].inputs``), which the service answers with 422.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from execrl.errors import ConfigError
from execrl.types import (
    ErrorInfo,
    ErrorOrigin,
    ExecRequest,
    ExecResult,
    Isolation,
    Language,
    Limits,
    Outcome,
    TestCase,
    TestResult,
    TestStatus,
)

T = TypeVar("T")
_TAG = "$"


class SchemaError(ConfigError):
    """A JSON document that does not describe what it should; the message starts with the offending path."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = path, problem


def encode_value(value: Any) -> Any:
    """Plain data as JSON; the types JSON lacks are tagged so that ``decode_value`` gives them back."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {_TAG: "float", "v": repr(value)}
    if isinstance(value, list):
        return [encode_value(item) for item in value]
    if isinstance(value, tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return {_TAG: type(value).__name__, "v": [encode_value(item) for item in items]}
    if isinstance(value, dict):
        return {_TAG: "dict", "v": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    if isinstance(value, bytes):
        return {_TAG: "bytes", "v": value.hex()}
    if isinstance(value, complex):
        return {_TAG: "complex", "v": [encode_value(value.real), encode_value(value.imag)]}
    raise SchemaError("value", f"{type(value).__name__} is not plain data and cannot be sent")


_DECODERS: dict[str, Callable[[Any, str], Any]] = {
    "float": lambda v, path: float(_typed(v, str, path)),
    "tuple": lambda v, path: tuple(_items(v, path)),
    "list": lambda v, path: _items(v, path),
    "set": lambda v, path: set(_items(v, path)),
    "frozenset": lambda v, path: frozenset(_items(v, path)),
    "dict": lambda v, path: {decode_value(pair[0], path): decode_value(pair[1], path) for pair in _pairs(v, path)},
    "bytes": lambda v, path: bytes.fromhex(_typed(v, str, path)),
    "complex": lambda v, path: complex(*_items(v, path)),
}


def decode_value(data: Any, path: str = "value") -> Any:
    if isinstance(data, list):
        return [decode_value(item, f"{path}[{i}]") for i, item in enumerate(data)]
    if isinstance(data, dict):
        tag = data.get(_TAG)
        if tag not in _DECODERS:
            raise SchemaError(path, f"an object must be a tagged value with {_TAG!r} one of {sorted(_DECODERS)}")
        try:
            return _DECODERS[tag](data.get("v"), path)
        except (TypeError, ValueError) as error:
            raise SchemaError(path, f"bad {tag} value: {error}") from None
    return data


def request_to_json(request: ExecRequest) -> dict[str, Any]:
    return {"program": request.program, "tests": [_test_case_json(t) for t in request.tests],
            "entry_point": request.entry_point, "test_setup": request.test_setup, "stdin": request.stdin,
            "files": [list(pair) for pair in request.files], "limits": vars(request.limits).copy(),
            "language": request.language.value, "trace": request.trace}


def request_from_json(data: Any, path: str = "request") -> ExecRequest:
    row = _typed(data, dict, path)
    _known(row, {"program", "tests", "entry_point", "test_setup", "stdin", "files", "limits", "language", "trace"},
           path)
    tests = tuple(_test_case(t, f"{path}.tests[{i}]") for i, t in enumerate(_list(row, "tests", path)))
    files = tuple(_file(pair, f"{path}.files[{i}]") for i, pair in enumerate(_list(row, "files", path)))
    return ExecRequest(_field(row, "program", str, path), tests, _optional(row, "entry_point", str, path),
                       _field(row, "test_setup", str, path, ""), _field(row, "stdin", str, path, ""), files,
                       _limits(row.get("limits", {}), f"{path}.limits"),
                       _enum(Language, row.get("language", "python"), f"{path}.language"),
                       _field(row, "trace", bool, path, False))


def result_to_json(result: ExecResult) -> dict[str, Any]:
    row = result.to_json()
    for test_row, test in zip(row["tests"], result.tests, strict=True):
        test_row["actual"] = encode_value(test.actual)
        test_row.setdefault("lines", sorted(test.lines))
    return row


def result_from_json(data: Any, path: str = "result") -> ExecResult:
    row = _typed(data, dict, path)
    tests = tuple(_test_result(t, f"{path}.tests[{i}]") for i, t in enumerate(_list(row, "tests", path)))
    return ExecResult(_enum(Outcome, row.get("outcome"), f"{path}.outcome"), tests,
                      _field(row, "stdout", str, path, ""), _field(row, "stderr", str, path, ""),
                      float(_field(row, "duration_s", (int, float), path, 0.0)),
                      _isolation(row.get("isolation", {}), f"{path}.isolation"),
                      _error(row.get("error"), f"{path}.error"), _optional(row, "exit_code", int, path),
                      _optional(row, "peak_memory_mb", (int, float), path))


def batch_from_json(data: Any, key: str, decode: Callable[[Any, str], T], max_items: int | None = None) -> list[T]:
    """``data[key]`` as a list of decoded items; ``BatchTooLarge`` when it holds more than ``max_items``."""
    items = _list(_typed(data, dict, "body"), key, "body", required=True)
    if max_items is not None and len(items) > max_items:
        raise BatchTooLarge(len(items), max_items)
    return [decode(item, f"{key}[{i}]") for i, item in enumerate(items)]


@dataclass(frozen=True)
class RewardRequest:
    """One sample to score: its task and the model's answer (text, or chat messages as TRL passes them)."""

    task_id: str
    completion: str | tuple[Mapping[str, Any], ...]


def reward_request_to_json(request: RewardRequest) -> dict[str, Any]:
    completion = request.completion if isinstance(request.completion, str) else list(request.completion)
    return {"task_id": request.task_id, "completion": completion}


def reward_request_from_json(data: Any, path: str = "sample") -> RewardRequest:
    row = _typed(data, dict, path)
    _known(row, {"task_id", "completion"}, path)
    completion = row.get("completion")
    if isinstance(completion, list):
        messages = tuple(_typed(m, dict, f"{path}.completion[{i}]") for i, m in enumerate(completion))
        return RewardRequest(_field(row, "task_id", str, path), messages)
    return RewardRequest(_field(row, "task_id", str, path), _field(row, "completion", str, path))


class BatchTooLarge(ConfigError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"a batch of {size} items is over the service's limit of {limit} (max_batch)")
        self.size, self.limit = size, limit


def _test_case_json(test: TestCase) -> dict[str, Any]:
    return {"name": test.name, "code": test.code,
            "inputs": None if test.inputs is None else encode_value(test.inputs),
            "expected": encode_value(test.expected), "atol": test.atol, "tags": sorted(test.tags)}


def _test_case(data: Any, path: str) -> TestCase:
    row = _typed(data, dict, path)
    inputs = decode_value(row.get("inputs"), f"{path}.inputs")
    if inputs is not None and not isinstance(inputs, tuple | list):
        raise SchemaError(f"{path}.inputs", f"must be a list of arguments, got {type(inputs).__name__}")
    tags = _list(row, "tags", path)
    try:
        return TestCase(_field(row, "name", str, path), _field(row, "code", str, path, ""),
                        None if inputs is None else tuple(inputs),
                        decode_value(row.get("expected"), f"{path}.expected"),
                        float(_field(row, "atol", (int, float), path, 0.0)),
                        frozenset(_typed(tag, str, f"{path}.tags[{i}]") for i, tag in enumerate(tags)))
    except ValueError as error:
        raise SchemaError(path, str(error)) from None


def _limits(data: Any, path: str) -> Limits:
    row = _typed(data, dict, path)
    _known(row, set(vars(Limits())), path)
    for name, value in row.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise SchemaError(f"{path}.{name}", f"must be a number, got {value!r:.40}")
    try:
        return Limits(**row)
    except (TypeError, ValueError) as error:
        raise SchemaError(path, str(error)) from None


def _file(data: Any, path: str) -> tuple[str, str]:
    pair = _typed(data, list, path)
    if len(pair) != 2 or not all(isinstance(part, str) for part in pair):
        raise SchemaError(path, "a file is [name, text]")
    return pair[0], pair[1]


def _test_result(data: Any, path: str) -> TestResult:
    row = _typed(data, dict, path)
    cost = _optional(row, "cost", int, path)
    lines = frozenset(_typed(n, int, f"{path}.lines") for n in _list(row, "lines", path))
    return TestResult(_field(row, "name", str, path), _enum(TestStatus, row.get("status"), f"{path}.status"),
                      float(_field(row, "duration_s", (int, float), path, 0.0)),
                      _error(row.get("error"), f"{path}.error"),
                      decode_value(row.get("actual"), f"{path}.actual"), cost, lines)


def _error(data: Any, path: str) -> ErrorInfo | None:
    if data is None:
        return None
    row = _typed(data, dict, path)
    return ErrorInfo(_field(row, "type", str, path), _field(row, "message", str, path),
                     _optional(row, "line", int, path),
                     _enum(ErrorOrigin, row.get("origin", "program"), f"{path}.origin"))


def _isolation(data: Any, path: str) -> Isolation:
    row = _typed(data, dict, path)
    flags = {name: _field(row, name, bool, path, False) for name in
             ("network_namespace", "filesystem_view", "pid_namespace", "uid_dropped", "rlimits", "env_cleared")}
    notes = tuple(_typed(n, str, f"{path}.notes") for n in _list(row, "notes", path))
    return Isolation(**flags, notes=notes)


def _typed(value: Any, kind: type[T] | tuple[type, ...], path: str) -> T:
    # bool is an int in Python, never in a schema
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, (int, float))):
        expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise SchemaError(path, f"expected {_json_name(expected)}, got {_json_name(type(value).__name__)}")
    return value  # type: ignore[return-value]


def _json_name(python_name: str) -> str:
    return {"dict": "an object", "list": "an array", "str": "a string", "int": "an integer", "float": "a number",
            "bool": "true or false", "NoneType": "null"}.get(python_name, python_name)


def _field(row: Mapping[str, Any], name: str, kind: type[T] | tuple[type, ...], path: str,
           default: Any = ...) -> Any:
    if name not in row or (row[name] is None and default is not ...):
        if default is ...:
            raise SchemaError(f"{path}.{name}", "is required")
        return default
    return _typed(row[name], kind, f"{path}.{name}")


def _optional(row: Mapping[str, Any], name: str, kind: type[T] | tuple[type, ...], path: str) -> Any:
    return None if row.get(name) is None else _typed(row[name], kind, f"{path}.{name}")


def _list(row: Mapping[str, Any], name: str, path: str, required: bool = False) -> list[Any]:
    if name not in row and required:
        raise SchemaError(f"{path}.{name}", "is required")
    value: list[Any] = _typed(row.get(name) or [], list, f"{path}.{name}")
    return value


def _items(value: Any, path: str) -> list[Any]:
    return [decode_value(item, f"{path}[{i}]") for i, item in enumerate(_typed(value, list, path))]


def _pairs(value: Any, path: str) -> Sequence[list[Any]]:
    pairs = _typed(value, list, path)
    if not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
        raise SchemaError(path, "a dict is a list of [key, value] pairs")
    return pairs


def _enum(kind: type[T], value: Any, path: str) -> T:
    try:
        return kind(value)  # type: ignore[call-arg]
    except ValueError:
        known = ", ".join(repr(member.value) for member in kind)  # type: ignore[attr-defined]
        raise SchemaError(path, f"{value!r:.40} is not one of {known}") from None


def _known(row: Mapping[str, Any], known: set[str], path: str) -> None:
    unknown = sorted(set(row) - known)
    if unknown:
        raise SchemaError(f"{path}.{unknown[0]}", f"unknown field (known: {', '.join(sorted(known))})")
