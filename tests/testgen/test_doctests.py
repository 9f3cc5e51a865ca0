"""The ``>>>`` examples in the test-generation modules' docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["execrl.testgen.seeds", "execrl.testgen.shapes", "execrl.testgen.mutate", "execrl.testgen.sampler"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
