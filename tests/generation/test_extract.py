"""Extraction and sanitizing on realistic model answers: each case is run, not just compared as text."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from execrl.generation.base import PromptStyle
from execrl.generation.extract import (
    RAW_STOP,
    build_solution,
    code_from_prose,
    extract_code,
    fenced_blocks,
    program_from_raw,
    sanitize,
)
from execrl.types import Task

ADD = 'def add(a: int, b: int) -> int:\n    """Return the sum of a and b.\n    >>> add(2, 3)\n    5\n    """\n'
CLOSE = '''from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
    """ Check if in given list of numbers, are any two numbers closer to each other than given threshold.
    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)
    False
    """
'''
PALINDROME = '''def is_palindrome(string: str) -> bool:
    """ Test if given string is a palindrome """
    return string == string[::-1]


def make_palindrome(string: str) -> str:
    """ Find the shortest palindrome that begins with a supplied string.
    >>> make_palindrome('cat')
    'catac'
    """
'''
PALINDROME_BODY = """    for i in range(len(string)):
        if is_palindrome(string[i:]):
            return string + string[:i][::-1]
    return string
"""
CLOSE_LOOP = """    for i, a in enumerate(numbers):
        for b in numbers[i + 1:]:
            if abs(a - b) < threshold:
                return True
    return False
"""


def run(solution: str, entry_point: str, *args: Any) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(solution, "<solution>", "exec"), namespace)
    return namespace[entry_point](*args)


# (case, task prompt, chat answer, entry point, call arguments, expected result)
CHAT_CASES = [
    ("smollm fenced then prose", ADD,
     "```python\ndef add(a: int, b: int) -> int:\n    return a + b\n```\n\nThis function uses the `+` operator.",
     "add", (2, 3), 5),
    ("example usage inside the block", CLOSE,
     "```python\nfrom typing import List\n\ndef has_close_elements(numbers: List[float], threshold: float) -> bool:\n"
     + CLOSE_LOOP + "\n# Example usage\nprint(has_close_elements([1.0, 2.0, 3.0], 0.5))\n```",
     "has_close_elements", ([1.0, 2.8, 3.0], 0.3), True),
    ("typing import missing from the answer", CLOSE,
     "Here is the implementation:\n\n```python\n"
     "def has_close_elements(numbers: List[float], threshold: float) -> bool:\n" + CLOSE_LOOP + "```",
     "has_close_elements", ([1.0, 2.0], 0.5), False),
    ("usage block before the implementation block", ADD,
     "You can call it like this:\n```python\nprint(add(1, 2))\n```\nAnd here is the function:\n"
     "```python\ndef add(a, b):\n    return a + b\n```", "add", (1, 2), 3),
    ("shell block first", ADD,
     "```bash\npython add.py\n```\n```python\ndef add(a, b):\n    return a + b\n```", "add", (4, 5), 9),
    ("helper defined only in the prompt", PALINDROME,
     "```python\ndef make_palindrome(string: str) -> str:\n" + PALINDROME_BODY + "```", "make_palindrome", ("cat",),
     "catac"),
    ("answer redefines the prompt's helper", PALINDROME,
     "```python\ndef is_palindrome(s):\n    return s == ''.join(reversed(s))\n\n"
     "def make_palindrome(string: str) -> str:\n" + PALINDROME_BODY + "```", "make_palindrome", ("cata",), "catac"),
    ("unclosed block cut mid-statement", ADD,
     "```python\ndef add(a, b):\n    return a + b\n\n\nprint(add(", "add", (1, 1), 2),
    ("no fences: prose around code", ADD,
     "Sure! Here is the function:\n\ndef add(a, b):\n    return a + b\n\nThis adds the two numbers together.",
     "add", (2, 2), 4),
    ("fenced body only", ADD, "```python\n    return a + b\n```", "add", (3, 4), 7),
    ("bare multi-line body", CLOSE, CLOSE_LOOP, "has_close_elements", ([1.0, 1.1], 0.5), True),
    ("fence indented inside a list", ADD,
     "1. Define the function:\n\n   ```python\n   def add(a, b):\n       return a + b\n   ```\n2. Call it.",
     "add", (5, 5), 10),
    ("main block with asserts", ADD,
     "```python\ndef add(a, b):\n    return a + b\n\nif __name__ == '__main__':\n    assert add(1, 2) == 4\n```",
     "add", (1, 2), 3),
    ("unlabelled fence", ADD, "```\ndef add(a, b):\n    return a + b\n```", "add", (0, 0), 0),
    ("class and constant it depends on", ADD,
     "```python\nOFFSET = 0\n\nclass Adder:\n    def run(self, a, b):\n        return a + b + OFFSET\n\n"
     "def add(a, b):\n    return Adder().run(a, b)\n```", "add", (1, 2), 3),
    ("top-level call named like a local", ADD,
     "```python\ndef add(a, b):\n    result = a + b\n    return result\n\nresult = add(None, 2)\n```",
     "add", (1, 2), 3),
    ("future import after the prompt's imports", CLOSE,
     "```python\nfrom __future__ import annotations\n\ndef has_close_elements(numbers: List[float], threshold: float)"
     " -> bool:\n" + CLOSE_LOOP + "```", "has_close_elements", ([1.0, 5.0], 1.0), False),
    ("windows line endings", ADD, "```python\r\ndef add(a, b):\r\n    return a + b\r\n```\r\n", "add", (2, 5), 7),
    ("test functions and check() dropped", ADD,
     "```python\ndef add(a, b):\n    return a + b\n\ndef test_add():\n    assert add(1, 2) == 3\n\n"
     "def check(candidate):\n    assert candidate(1, 1) == 2\n\ncheck(add)\ntest_add()\n```", "add", (1, 2), 3),
]


@pytest.mark.parametrize(("prompt", "answer", "entry_point", "args", "expected"),
                         [case[1:] for case in CHAT_CASES], ids=[case[0] for case in CHAT_CASES])
def test_chat_answers_become_runnable_solutions(prompt: str, answer: str, entry_point: str, args: tuple[Any, ...],
                                                expected: Any) -> None:
    solution = build_solution(Task("t", prompt, entry_point, "", ()), answer, PromptStyle.CHAT)
    assert run(solution, entry_point, *args) == expected
    assert "print(" not in solution and "__main__" not in solution and "def test_" not in solution


def test_chat_answer_without_code_stays_a_syntax_error() -> None:
    # Not the prompt's stub: "no code" should look different from "wrong code" to a reward.
    solution = build_solution(Task("t", ADD, "add", "", ()), "I am sorry, I cannot help with that.", PromptStyle.CHAT)
    with pytest.raises(SyntaxError):
        compile(solution, "<solution>", "exec")


# (case, raw completion, call arguments, expected result)
RAW_CASES = [
    ("stops at the next def", "    return a + b\n\n\ndef test_add():\n    assert add(1, 2) == 3\n", (1, 2), 3),
    ("stops at print", "    return a + b\n\nprint(add(1, 2))\n", (2, 2), 4),
    ("stops at the main block", "    return a + b\n\nif __name__ == '__main__':\n    print(add(1, 2))\n", (1, 5), 6),
    ("stops at a column-0 comment", "    return a + b\n# Test the function\nadd(1, 2)\n", (3, 3), 6),
    ("stops at a markdown fence", "    return a + b\n```\n\nThis function adds.", (1, 0), 1),
    ("SmolLM closes the block at once: stub remains", "```\n\nThis function uses the + operator.", (1, 2), None),
    ("cut mid-statement by max tokens", "    total = a + b\n    return total\n    if total >", (1, 2), 3),
]


@pytest.mark.parametrize(("completion", "args", "expected"), [case[1:] for case in RAW_CASES],
                         ids=[case[0] for case in RAW_CASES])
def test_raw_completions_become_runnable_solutions(completion: str, args: tuple[Any, ...], expected: Any) -> None:
    solution = build_solution(Task("t", ADD, "add", "", ()), completion, PromptStyle.RAW)
    assert run(solution, "add", *args) == expected
    assert "print(" not in solution and "__main__" not in solution


def test_raw_truncation_drops_helpers_after_the_function_like_human_eval() -> None:
    program = program_from_raw(ADD, "    return helper(a) + b\n\ndef helper(x):\n    return x\n")
    assert program == ADD + "    return helper(a) + b\n"
    assert "\ndef " in RAW_STOP


# (case, code, entry point, names that must stay, names that must go)
SANITIZE_CASES = [
    ("transitive dependencies", "import math\nLIMIT = 3\n\ndef g(x):\n    return min(x, LIMIT)\n\n"
     "def f(x):\n    return g(x) + math.floor(0.5)\n\ndef unused():\n    pass\n", "f", {"g", "LIMIT", "import math"},
     {"unused"}),
    ("decorator kept with its function", "import functools\n\n@functools.lru_cache(maxsize=None)\ndef fib(n):\n"
     "    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\nprint(fib(10))\n", "fib", {"@functools.lru_cache"},
     {"print("}),
    ("global statement keeps the global", "counter = 0\n\ndef bump():\n    global counter\n    counter += 1\n"
     "    return counter\n", "bump", {"counter = 0"}, set()),
    ("try-import kept", "try:\n    import numpy as np\nexcept ImportError:\n    np = None\n\ndef f():\n    return 1\n",
     "f", {"import numpy"}, set()),
    ("later definition wins", "def f():\n    return 1\n\ndef f():\n    return 2\n", "f", {"return 2"}, {"return 1"}),
    ("syntax error after the function", "def f():\n    return 1\n\nprint(f(\n\ndef g():\n    return 2\n", "f",
     {"def f"}, {"print(", "def g"}),
]


@pytest.mark.parametrize(("code", "entry_point", "kept", "dropped"), [case[1:] for case in SANITIZE_CASES],
                         ids=[case[0] for case in SANITIZE_CASES])
def test_sanitize_keeps_what_the_entry_point_needs(code: str, entry_point: str, kept: set[str],
                                                   dropped: set[str]) -> None:
    solution = sanitize(code, entry_point)
    ast.parse(solution)
    assert all(k in solution for k in kept), solution
    assert not any(d in solution for d in dropped), solution


@pytest.mark.parametrize("code", [
    "def f(:\n    return 1\n",  # the entry point itself does not parse
    "def g():\n    return 1\n",  # the model named its function differently
    "x = int(input())\nprint(x * 2)\n",  # a script
])
def test_sanitize_leaves_code_without_a_usable_entry_point_alone(code: str) -> None:
    assert sanitize(code, "f") == code


def test_sanitize_without_entry_point_is_identity() -> None:
    assert sanitize("print(1)\n", None) == "print(1)\n"


def test_fenced_blocks_records_language_and_closure() -> None:
    blocks = fenced_blocks("a\n```Python\nx = 1\n```\nb\n```js\nlet y\n")
    assert [(b.language, b.code, b.closed) for b in blocks] == [("python", "x = 1\n", True), ("js", "let y\n", False)]


def test_extract_code_prefers_the_block_defining_the_entry_point() -> None:
    text = "```python\ndef helper():\n    return 1\n```\n```python\ndef main():\n    return helper()\n```"
    assert extract_code(text, "main").startswith("def main")
    assert extract_code(text).startswith("def main")  # without an entry point: the longest parsable block


def test_code_from_prose_finds_nothing_in_prose() -> None:
    assert code_from_prose("The answer is to add the two numbers.\nFrom the docs, import is easy.") == ""


def test_fenced_blocks_reopened_empty_fence_keeps_the_code() -> None:
    # SmolLM2 on MBPP/3: an empty fence opened, then the real block; prose after it must not become the code.
    text = "```\n\n```python\ndef f(n):\n    return n\n```\n\nThis function returns n."
    assert [b.code for b in fenced_blocks(text)] == ["def f(n):\n    return n\n"]


def test_fenced_blocks_code_before_an_unopened_closing_fence() -> None:
    # SmolLM2 on MBPP/6: the answer starts with code and only closes a fence.
    text = "def f(a, b):\n    return a - b\n```\n\nThis function takes two integers."
    assert extract_code(text, "f") == "def f(a, b):\n    return a - b\n"
