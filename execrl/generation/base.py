"""The one interface every model backend implements, the data it speaks, and how a task becomes a prompt."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from execrl.types import Task


class PromptStyle(enum.Enum):
    RAW = "raw"  # the model continues the task's prompt text (base models; HumanEval's original protocol)
    CHAT = "chat"  # the model is asked in a chat template for the whole function in a fenced block (instruct models)


class FinishReason(enum.Enum):
    STOP = "stop"  # end of sequence or a stop string
    LENGTH = "length"  # max_new_tokens reached


@dataclass(frozen=True)
class Message:
    role: str  # "system", "user" or "assistant"
    content: str


@dataclass(frozen=True)
class Prompt:
    """What a backend is given: ``text`` to continue (RAW) or ``messages`` to answer (CHAT)."""

    style: PromptStyle
    text: str = ""
    messages: tuple[Message, ...] = ()

    def __post_init__(self) -> None:
        if self.style is PromptStyle.CHAT and not self.messages:
            raise ValueError("a CHAT prompt needs messages")
        if self.style is PromptStyle.RAW and self.messages:
            raise ValueError("a RAW prompt takes text, not messages")


@dataclass(frozen=True)
class SamplingParams:
    """How to sample. ``temperature == 0`` means greedy decoding; ``top_p`` is then ignored."""

    n: int = 1  # completions per prompt
    temperature: float = 0.0
    top_p: float = 1.0
    max_new_tokens: int = 512
    seed: int | None = None  # same seed, same prompts, same backend and batch size: same completions
    stop: tuple[str, ...] = ()  # the completion is cut before the first of these

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError(f"SamplingParams.n must be at least 1, got {self.n!r}")
        if self.temperature < 0:
            raise ValueError(f"SamplingParams.temperature must be >= 0, got {self.temperature!r}")
        if not 0 < self.top_p <= 1:
            raise ValueError(f"SamplingParams.top_p must be in (0, 1], got {self.top_p!r}")
        if self.max_new_tokens < 1:
            raise ValueError(f"SamplingParams.max_new_tokens must be at least 1, got {self.max_new_tokens!r}")
        if any(not s for s in self.stop):
            raise ValueError(f"SamplingParams.stop must not contain empty strings, got {self.stop!r}")

    @property
    def greedy(self) -> bool:
        return self.temperature == 0


@dataclass(frozen=True)
class Completion:
    text: str  # the model's text, cut before any stop string, without special tokens
    num_tokens: int  # tokens the model generated for it (OpenAI servers report only a total: split evenly)
    finish_reason: FinishReason = FinishReason.STOP


@runtime_checkable
class Generator(Protocol):
    """Prompts in; for each prompt, ``params.n`` completions, in order.

    A backend raises ``GenerationError`` when it cannot answer at all (no model, no server); it never returns
    fewer completions than asked for.
    """

    def generate(self, prompts: Sequence[Prompt], params: SamplingParams) -> list[list[Completion]]: ...


SYSTEM_PROMPT = "You are an expert Python programmer. You write correct, complete and self-contained Python code."

# A prompt with the function's signature (HumanEval) is completed; a prose task (MBPP) names the function to write.
COMPLETE_TEMPLATE = """Complete the following Python function. Reply with the complete function, including its \
signature and the imports it needs, in a single ```python code block.

```python
{prompt}
```"""
WRITE_TEMPLATE = """Write a Python function named `{entry_point}` for the following task. Reply with the complete \
function and the imports it needs in a single ```python code block.

{prompt}"""


def build_prompt(task: Task, style: PromptStyle, system: str = SYSTEM_PROMPT) -> Prompt:
    """The prompt for one task: its text as is (RAW), or a system and a user message asking for code (CHAT).

    >>> from execrl.types import Task
    >>> build_prompt(Task("t/0", "def f():\\n", "f", "", ()), PromptStyle.CHAT).messages[1].content.endswith(
    ...     "```python\\ndef f():\\n```")
    True
    """
    if style is PromptStyle.RAW:
        return Prompt(PromptStyle.RAW, text=task.prompt)
    template = COMPLETE_TEMPLATE if re.search(rf"^\s*(async\s+)?def\s+{re.escape(task.entry_point)}\b", task.prompt,
                                              re.MULTILINE) else WRITE_TEMPLATE
    user = template.format(prompt=task.prompt.strip("\n"), entry_point=task.entry_point)
    messages = (Message("system", system), Message("user", user)) if system else (Message("user", user),)
    return Prompt(PromptStyle.CHAT, messages=messages)


def truncate_at_stop(text: str, stop: Sequence[str]) -> tuple[str, bool]:
    """``text`` cut before the earliest stop string, and whether one was found.

    >>> truncate_at_stop("    return x\\ndef g():", ["\\ndef "])
    ('    return x', True)
    """
    cut = min((i for i in (text.find(s) for s in stop) if i >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)
