"""Model-proposed asserts: parsing, and the prompt sent through a generation backend."""

from __future__ import annotations

from execrl.generation.base import PromptStyle, SamplingParams
from execrl.generation.fake import FakeGenerator
from execrl.testgen.model_tests import MODEL, claimed_calls, proposed_candidates
from execrl.types import Task, TestCase

ANSWER = """Here you go:
```python
assert add(1, 2) == 3
assert add(-1, 1) == 0
assert add(x, 1) == 2
assert add(1, 2) > 0
assert candidate([1], [2]) == [1, 2]
assert other(1) == 1
assert add(1,
```"""


def test_only_literal_equalities_of_the_entry_point() -> None:
    claims = claimed_calls(ANSWER, "add")
    assert [(c.args, c.claimed) for c in claims] == [((1, 2), (3,)), ((-1, 1), (0,)), (([1], [2]), ([1, 2],))]
    assert all(c.tags == {MODEL} for c in claims)


def test_proposed_candidates_ask_each_task_once() -> None:
    task = Task("t/0", "def add(a, b):\n", "add", "", (TestCase("t", code="assert add(0, 0) == 0"),))
    fake = FakeGenerator(lambda prompt, index: ANSWER)
    found = proposed_candidates([task], fake, SamplingParams(n=2), count=5)
    assert len(found["t/0"]) == 6  # three claims per completion, two completions
    [(prompts, _)] = fake.calls
    assert prompts[0].style is PromptStyle.CHAT and "5 different assert" in prompts[0].messages[-1].content
