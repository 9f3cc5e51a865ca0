"""TRL ``rollout_func`` for multi-turn refinement on the trainer's own model, token ids kept exactly.

Each episode's context is one token list: the prompt, the first answer as sampled, the feedback turn (the chat
template's text between that answer and the next one, tokenized once), the second answer, and so on. The next
answer is sampled from exactly the ids that will be trained on, so nothing is re-tokenized under the model's feet.
TRL receives ``completion_ids`` (everything after the prompt) with ``env_mask`` = 1 on the model's tokens and 0 on
the feedback, plus the ``final_answer`` and ``turns`` columns the ``FinalTurn`` rewards read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import torch

from execrl.errors import ConfigError, GenerationError
from execrl.train.refine import Chat, run_episodes
from execrl.train.scoring import RecordingBatchScorer
from execrl.types import Task


class TokenRollout:
    """``GRPOTrainer(rollout_func=TokenRollout(...))``: one multi-turn episode per prompt it is given."""

    def __init__(self, tasks_by_prompt: Mapping[str, Task], scorer: RecordingBatchScorer, *, max_turns: int,
                 discount: float, max_chars: int) -> None:
        self.tasks_by_prompt = dict(tasks_by_prompt)
        self.scorer, self.max_turns, self.discount, self.max_chars = scorer, max_turns, discount, max_chars

    def __call__(self, prompts: Sequence[Chat], trainer: Any) -> dict[str, Any]:
        tasks = [self.task_for(prompt) for prompt in prompts]
        state = _Contexts(trainer, prompts)
        episodes = run_episodes(tasks, prompts, state.answer, self.scorer, max_turns=self.max_turns,
                                discount=self.discount, max_chars=self.max_chars)
        return {"prompt_ids": state.prompt_ids, "completion_ids": state.completion_ids(), "logprobs": None,
                "env_mask": state.env_mask(), "final_answer": [e.final.answer for e in episodes],
                "turns": [len(e.turns) for e in episodes]}

    def task_for(self, prompt: Chat) -> Task:
        task = self.tasks_by_prompt.get(prompt_key(prompt))
        if task is None:
            raise ConfigError(f"the rollout got a prompt that is not in the training set: {prompt_key(prompt):.120}")
        return task


def prompt_key(prompt: Chat | str) -> str:
    return prompt if isinstance(prompt, str) else json.dumps(prompt, sort_keys=True)


class _Contexts:
    """The growing token context of every episode, with which tokens the model wrote."""

    def __init__(self, trainer: Any, prompts: Sequence[Chat]) -> None:
        self.trainer = trainer
        self.tokenizer = trainer.processing_class
        self.eos_ids = set(trainer.eos_token_ids)
        self.prompt_ids = [self._encode(self._render(p, generation=True)) for p in prompts]
        self.ids = [list(ids) for ids in self.prompt_ids]
        self.mask: list[list[int]] = [[] for _ in prompts]

    def answer(self, episodes: Sequence[int], chats: Sequence[Chat]) -> list[str]:
        for i, chat in zip(episodes, chats, strict=True):
            if self.mask[i]:  # answered before: the chat now ends with feedback on that answer
                self._append(i, self._feedback_ids(i, chat), model_wrote=False)
        new = self._sample([self.ids[i] for i in episodes])
        for i, ids in zip(episodes, new, strict=True):
            self._append(i, ids, model_wrote=True)
        return [self.tokenizer.decode(ids, skip_special_tokens=True) for ids in new]

    def completion_ids(self) -> list[list[int]]:
        return [ids[len(p):] for ids, p in zip(self.ids, self.prompt_ids, strict=True)]

    def env_mask(self) -> list[list[int]]:
        return self.mask

    def _append(self, i: int, ids: list[int], *, model_wrote: bool) -> None:
        self.ids[i] += ids
        self.mask[i] += [1 if model_wrote else 0] * len(ids)

    def _feedback_ids(self, i: int, chat: Chat) -> list[int]:
        """The template's tokens from the end of the last answer to the start of the next one."""
        before = self._render(chat[:-1], generation=False)
        after = self._render(chat, generation=True)
        answer = chat[-2]["content"]
        end = _end_of(before, answer)
        if not after.startswith(before) or end < 0:
            raise GenerationError("the chat template does not extend a conversation by appending to it; multi-turn "
                                  "training needs one that does (ChatML templates do)")
        closing = before[end:]
        eos_text = self.tokenizer.decode([self.ids[i][-1]]) if self.ids[i][-1] in self.eos_ids else ""
        if eos_text and closing.startswith(eos_text):  # the sampled answer already holds its end token
            closing = closing[len(eos_text):]
        return self._encode(closing + after[len(before):])

    def _sample(self, contexts: Sequence[list[int]]) -> list[list[int]]:
        args, pad = self.trainer.args, self.tokenizer.pad_token_id
        width = max(len(c) for c in contexts)
        input_ids = torch.tensor([[pad] * (width - len(c)) + c for c in contexts])
        attention = torch.tensor([[0] * (width - len(c)) + [1] * len(c) for c in contexts])
        model = self.trainer.accelerator.unwrap_model(self.trainer.model)
        with torch.no_grad():
            out = model.generate(input_ids=input_ids.to(model.device), attention_mask=attention.to(model.device),
                                 do_sample=True, temperature=args.temperature, top_p=args.top_p, top_k=None,
                                 max_new_tokens=args.max_completion_length, pad_token_id=pad,
                                 eos_token_id=sorted(self.eos_ids))
        return [self._until_eos(row) for row in out[:, width:].tolist()]

    def _until_eos(self, row: list[int]) -> list[int]:
        for index, token in enumerate(row):
            if token in self.eos_ids:
                return row[: index + 1]
        return row

    def _render(self, chat: Chat, *, generation: bool) -> str:
        text = self.tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=generation)
        assert isinstance(text, str)
        return text

    def _encode(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])


def _end_of(text: str, answer: str) -> int:
    """Where ``answer`` ends in ``text`` (its last occurrence), trying it as is and stripped; -1 if absent."""
    for candidate in (answer, answer.strip()):
        start = text.rfind(candidate) if candidate else -1
        if start >= 0:
            return start + len(candidate)
    return -1
