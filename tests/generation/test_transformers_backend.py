"""The transformers backend on the real embedded SmolLM2-135M-Instruct (CPU, about 20 s once the cache exists)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from execrl.generation.base import Completion, FinishReason, PromptStyle, SamplingParams, build_prompt
from execrl.generation.extract import build_solution
from execrl.types import Task

pytestmark = pytest.mark.model
pytest.importorskip("torch", reason="the transformers backend needs torch (the 'generation' extra)")

from execrl.generation.transformers_backend import StopStrings, TransformersConfig, TransformersGenerator  # noqa: E402

TASKS = [
    Task("HumanEval/53", 'def add(x: int, y: int):\n    """Add two numbers x and y\n'
         '    >>> add(2, 3)\n    5\n    """\n', "add", "", ()),
    Task("HumanEval/23", 'def strlen(string: str) -> int:\n    """ Return length of given string\n'
         "    >>> strlen('abc')\n    3\n    \"\"\"\n", "strlen", "", ()),
]
GREEDY = SamplingParams(max_new_tokens=16)


@pytest.fixture(scope="module")
def generator(embedded_model_dir: Path) -> Iterator[TransformersGenerator]:
    import torch

    threads = torch.get_num_threads()
    start = time.perf_counter()
    # One thread: on a busy shared machine two threads spin at every barrier and run up to 6x slower.
    loaded = TransformersGenerator.load(TransformersConfig(model=str(embedded_model_dir), batch_size=2, num_threads=1))
    assert time.perf_counter() - start < 30, "loading the converted cache should take seconds"
    yield loaded
    torch.set_num_threads(threads)


def texts(rows: list[list[Completion]]) -> list[str]:
    return [c.text for row in rows for c in row]


def test_greedy_chat_is_deterministic(generator: TransformersGenerator) -> None:
    prompts = [build_prompt(t, PromptStyle.CHAT) for t in TASKS]
    first = generator.generate(prompts, GREEDY)
    assert all(c.text.strip() and 0 < c.num_tokens <= GREEDY.max_new_tokens for row in first for c in row)
    assert texts(generator.generate(prompts, GREEDY)) == texts(first)
    assert "def add" in first[0][0].text  # the instruct model answers with the function in a fenced block
    assert "def add" in build_solution(TASKS[0], first[0][0].text, PromptStyle.CHAT)

    generator.batch_size = 1  # the shorter prompt was left-padded in the batch: alone it must say the same
    try:
        shorter = min(range(len(TASKS)), key=lambda i: len(generator.render(prompts[i])))
        assert texts(generator.generate([prompts[shorter]], GREEDY)) == texts([first[shorter]])
    finally:
        generator.batch_size = 2


def test_seeded_sampling_repeats_and_respects_max_new_tokens(generator: TransformersGenerator) -> None:
    prompts = [build_prompt(TASKS[0], PromptStyle.CHAT)]
    params = SamplingParams(n=2, temperature=0.8, top_p=0.95, max_new_tokens=8, seed=11)
    first = generator.generate(prompts, params)
    assert len(first[0]) == 2 and all(c.num_tokens <= 8 for c in first[0])
    assert texts(generator.generate(prompts, params)) == texts(first)


def test_stop_strings_cut_the_completion(generator: TransformersGenerator) -> None:
    [[completion]] = generator.generate([build_prompt(TASKS[1], PromptStyle.CHAT)],
                                        SamplingParams(max_new_tokens=16, stop=("\n",)))
    assert "\n" not in completion.text and completion.finish_reason is FinishReason.STOP
    assert completion.num_tokens < 16


def test_raw_prompts_render_unchanged(generator: TransformersGenerator) -> None:
    assert generator.render(build_prompt(TASKS[0], PromptStyle.RAW)) == TASKS[0].prompt
    assert generator.render(build_prompt(TASKS[0], PromptStyle.CHAT)).endswith("<|im_start|>assistant\n")


class CharTokenizer:
    """One character per token id (its code point)."""

    def batch_decode(self, rows: Any, skip_special_tokens: bool = True) -> list[str]:
        return ["".join(map(chr, row.tolist())) for row in rows]


def test_stop_strings_only_match_generated_text() -> None:
    import torch

    prompt = [ord(c) for c in '"""Add two numbers."""\n']
    rows = torch.tensor([prompt + [ord(c) for c in "def ad"], prompt + [ord(c) for c in "1\ndef "]])
    done = StopStrings(CharTokenizer(), ["\ndef "], prompt_length=len(prompt))(rows, None)
    assert done.tolist() == [False, True]  # the first row's "\ndef " spans the prompt's last newline: not a stop
