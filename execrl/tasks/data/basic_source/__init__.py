"""The source of ``execrl/tasks/data/basic.jsonl``, the ``basic`` training set: one module per category.

The JSONL file is what ships and what ``load_tasks("basic")`` reads; it is generated from these modules, never edited
by hand. After changing a task, regenerate it and run its tests (docs/TASKS.md, "The basic set"):

    python -m execrl.tasks.data.basic_source
    pytest tests/tasks/test_basic.py
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from execrl.tasks.data.basic_source import dicts, lists, loops, maths, parsing, recursion, sorting, strings
from execrl.tasks.data.basic_source.spec import Spec, record

MODULES = (strings, lists, maths, dicts, loops, recursion, sorting, parsing)
OUTPUT = Path(__file__).resolve().parent.parent / "basic.jsonl"


def specs() -> list[Spec]:
    return [dataclasses.replace(spec, category=module.CATEGORY) for module in MODULES for spec in module.TASKS]


def records() -> list[dict[str, Any]]:
    return [record(spec) for spec in specs()]


def render() -> str:
    """The whole JSONL file, one task per line."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in records())
