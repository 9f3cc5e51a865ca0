"""A scripted generator for testing logic above the model (extraction, the generate command, rewards, training)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from execrl.generation.base import Completion, FinishReason, Prompt, SamplingParams, truncate_at_stop

Responder = Callable[[Prompt, int], str]  # (prompt, index of the completion among its n) -> text


def prompt_text(prompt: Prompt) -> str:
    """The RAW text, or the last message of a CHAT prompt."""
    return prompt.text if not prompt.messages else prompt.messages[-1].content


def echo(prompt: Prompt, index: int) -> str:
    return f"# completion {index}\n"


class FakeGenerator:
    """Answers with ``respond(prompt, index)``, applies stop strings and ``max_new_tokens`` (one token per
    space-separated word), and records every call.

    >>> from execrl.generation.base import PromptStyle
    >>> fake = FakeGenerator(lambda prompt, i: f"    return {i}\\ndef helper(): pass")
    >>> answers = fake.generate([Prompt(PromptStyle.RAW, "def f():\\n")], SamplingParams(n=2, stop=("\\ndef ",)))
    >>> [c.text for c in answers[0]]
    ['    return 0', '    return 1']
    """

    def __init__(self, respond: Responder = echo) -> None:
        self.respond = respond
        self.calls: list[tuple[tuple[Prompt, ...], SamplingParams]] = []

    @classmethod
    def scripted(cls, texts: Sequence[str]) -> FakeGenerator:
        """Hands out ``texts`` in order, cycling, whatever the prompt."""
        counter = iter(range(1 << 62))
        return cls(lambda prompt, index: texts[next(counter) % len(texts)])

    def generate(self, prompts: Sequence[Prompt], params: SamplingParams) -> list[list[Completion]]:
        self.calls.append((tuple(prompts), params))
        return [[self._complete(p, i, params) for i in range(params.n)] for p in prompts]

    def _complete(self, prompt: Prompt, index: int, params: SamplingParams) -> Completion:
        text, stopped = truncate_at_stop(self.respond(prompt, index), params.stop)
        words = text.split(" ")
        if len(words) > params.max_new_tokens:
            return Completion(" ".join(words[: params.max_new_tokens]), params.max_new_tokens, FinishReason.LENGTH)
        return Completion(text, len(words), FinishReason.STOP)
