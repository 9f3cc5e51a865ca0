"""How a task of the ``basic`` set is written, and how it becomes a record of execrl's custom JSONL format.

A task is a signature, a docstring, a body and a table of calls: ``{"[1, 2, 3]": 6}`` means that the call
``entry_point([1, 2, 3])`` returns ``6``. Keys are the call's arguments as Python source, so a table reads like
the docstring examples it also produces (the first ``examples`` calls become ``>>>`` lines of the prompt).
"""

from __future__ import annotations

import ast
import re
import textwrap
import zlib
from dataclasses import dataclass
from typing import Any

from execrl.tasks._values import encode

ID_PREFIX = "basic/"
FLOAT_ATOL = 1e-6
VALID_SHARE = 5  # one task in five (by a hash of its id) is in the "valid" split


@dataclass(frozen=True)
class Spec:
    signature: str  # "def name(arg: type) -> type:"
    doc: str  # paragraphs; a paragraph on one line is wrapped, one written over several lines is kept as is
    body: str  # the reference's body, unindented
    calls: dict[str, Any]  # arguments as source -> expected value
    edge: dict[str, Any]  # the same, for empty inputs, zero, negatives and boundaries (tagged "edge")
    difficulty: str
    imports: str = ""  # lines put before the signature (in the prompt and the reference)
    examples: int = 2  # how many of the first calls the docstring shows
    category: str = ""  # set from the module the task is written in

    @property
    def name(self) -> str:
        match = re.match(r"def (\w+)\(", self.signature)
        assert match is not None, f"not a signature: {self.signature!r}"
        return match.group(1)


def easy(signature: str, doc: str, body: str, calls: dict[str, Any], edge: dict[str, Any], **options: Any) -> Spec:
    return Spec(signature, doc, body, calls, edge, "easy", **options)


def medium(signature: str, doc: str, body: str, calls: dict[str, Any], edge: dict[str, Any], **options: Any) -> Spec:
    return Spec(signature, doc, body, calls, edge, "medium", **options)


def prompt(spec: Spec) -> str:
    shown = list(spec.calls.items())[: spec.examples]
    examples = "".join(f"\n>>> {spec.name}({args})\n{expected!r}" for args, expected in shown)
    doc = "\n\n".join(_paragraph(text) for text in textwrap.dedent(spec.doc).strip().split("\n\n"))
    docstring = textwrap.indent(doc + "\n" + examples, "    ").replace("\n    \n", "\n\n")
    head = spec.imports.strip() + "\n\n\n" if spec.imports.strip() else ""
    return f'{head}{spec.signature}\n    """{docstring.lstrip()}\n    """\n'


def _paragraph(text: str) -> str:
    return text if "\n" in text else textwrap.fill(text, width=100)


def record(spec: Spec) -> dict[str, Any]:
    """The task as an object of execrl's custom JSONL format (docs/TASKS.md)."""
    task_id = ID_PREFIX + spec.name
    text = prompt(spec)
    tests = [_test(f"test_{i}", args, expected, ()) for i, (args, expected) in enumerate(spec.calls.items())]
    tests += [_test(f"edge_{i}", args, expected, ("edge",)) for i, (args, expected) in enumerate(spec.edge.items())]
    return {
        "task_id": task_id,
        "prompt": text,
        "entry_point": spec.name,
        "reference": text + textwrap.indent(textwrap.dedent(spec.body).strip("\n") + "\n", "    "),
        "tests": tests,
        "metadata": {"difficulty": spec.difficulty, "category": spec.category, "split": split_of(task_id)},
    }


def split_of(task_id: str) -> str:
    """``"valid"`` for about one task in five, ``"train"`` otherwise; stable across runs and machines."""
    return "valid" if zlib.crc32(task_id.encode()) % VALID_SHARE == 0 else "train"


def _test(name: str, args: str, expected: Any, tags: tuple[str, ...]) -> dict[str, Any]:
    inputs = list(ast.literal_eval(f"({args},)")) if args.strip() else []
    test: dict[str, Any] = {"name": name, "inputs": _json(inputs), "expected": _json(expected)}
    if _has_float(expected):
        test["atol"] = FLOAT_ATOL
    if tags:
        test["tags"] = list(tags)
    return test


def _json(value: Any) -> Any:
    """``encode``, but dicts with plain string keys stay JSON objects, which read better in the file."""
    if isinstance(value, dict) and all(isinstance(k, str) and not k.startswith("$") for k in value):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json(item) for item in value]
    return encode(value)


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    return isinstance(value, list | tuple) and any(_has_float(item) for item in value)
