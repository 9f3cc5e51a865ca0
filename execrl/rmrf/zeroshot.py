"""Zero-shot: a causal language model is asked the three questions about a triple; each probability is P(yes)
normalised against P(no) from the next-token logits after the question. No training; ``fit`` only calibrates on
the validation split when asked to (``calibrate=True``), which makes it no longer strictly zero-shot."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from execrl.labeling.records import LabelledTriple, Triple
from execrl.rmrf.backbones import backbone_path, set_threads, triple_sections
from execrl.rmrf.base import TARGETS, Prediction, Target, read_model_file, write_model_file
from execrl.rmrf.calibration import Calibration, columns_of, fit_calibration

QUESTIONS = {
    Target.RUNS: "If the new test is added to the test file, does the whole test suite compile and pass?",
    Target.COVERAGE: "Does the new test execute lines of the focal file that the existing tests do not?",
    Target.KILLS: "Would the new test catch a bug (a small mutation of the focal code) that the existing tests "
                  "miss?",
}
YES, NO = ("yes", "Yes", " yes", " Yes", "YES"), ("no", "No", " no", " No", "NO")


class ZeroShotModel:
    kind = "zero-shot"

    def __init__(self, model: str = "smollm2", max_tokens: int = 768, batch_size: int = 6, threads: int = 2,
                 calibrate: bool = False) -> None:
        self.options: dict[str, Any] = {"model": model, "max_tokens": max_tokens, "batch_size": batch_size,
                                        "threads": threads, "calibrate": calibrate}
        self.calibration = Calibration()
        self._loaded: tuple[Any, Any, list[int], list[int]] | None = None

    def fit(self, train: Sequence[LabelledTriple], validation: Sequence[LabelledTriple]) -> None:
        self.calibration = Calibration()
        if self.options["calibrate"] and validation:
            self.calibration = fit_calibration(columns_of(self._raw([row.triple for row in validation])), validation)

    def predict(self, triples: Sequence[Triple]) -> list[Prediction]:
        return self.calibration.predictions(columns_of(self._raw(triples)))

    def _raw(self, triples: Sequence[Triple]) -> list[list[float]]:
        prompts = [self.prompt(triple, target) for triple in triples for target in TARGETS]
        size = int(self.options["batch_size"])
        answers = [p for start in range(0, len(prompts), size) for p in self._yes(prompts[start:start + size])]
        return [answers[i:i + len(TARGETS)] for i in range(0, len(answers), len(TARGETS))]

    def prompt(self, triple: Triple, target: Target) -> str:
        tokenizer = self._load()[1]
        parts = triple_sections(triple, tokenizer, int(self.options["max_tokens"]))
        question = (f"Focal file `{triple.focal_path}` ({triple.language.value}):\n```\n{parts['focal']}\n```\n"
                    f"Existing test file `{triple.test_path}` (end):\n```\n{parts['test']}\n```\n"
                    f"New test:\n```\n{parts['candidate']}\n```\n{QUESTIONS[target]} Answer yes or no.")
        messages = [{"role": "user", "content": question}]
        if getattr(tokenizer, "chat_template", None):
            return str(tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
        return question + "\nAnswer:"

    def _yes(self, prompts: list[str]) -> list[float]:
        import torch

        model, tokenizer, yes, no = self._load()
        batch = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        with torch.no_grad():
            logits = model(**batch, logits_to_keep=1).logits[:, -1, :]
        log_yes = torch.logsumexp(logits[:, yes], dim=-1)
        log_no = torch.logsumexp(logits[:, no], dim=-1)
        return [float(p) for p in torch.sigmoid(log_yes - log_no)]

    def _load(self) -> tuple[Any, Any, list[int], list[int]]:
        if self._loaded is None:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer

            set_threads(int(self.options["threads"]))
            path = backbone_path(str(self.options["model"]))
            tokenizer = AutoTokenizer.from_pretrained(path, padding_side="left")
            if tokenizer.pad_token is None:
                tokenizer.pad_token = tokenizer.eos_token
            model: Any = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
            model.eval()
            self._loaded = (model, tokenizer, _first_tokens(tokenizer, YES), _first_tokens(tokenizer, NO))
        return self._loaded

    def save(self, directory: Path) -> None:
        write_model_file(directory, self.kind, self.options)
        (directory / "calibration.pkl").write_bytes(pickle.dumps(self.calibration))

    @classmethod
    def load(cls, directory: Path) -> ZeroShotModel:
        _, options = read_model_file(directory)
        model = cls(**options)
        model.calibration = pickle.loads((directory / "calibration.pkl").read_bytes())  # written by save() above
        return model

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_loaded": None}


def _first_tokens(tokenizer: Any, words: Sequence[str]) -> list[int]:
    """The distinct first tokens of ``words``: the ways the answer's first token can be spelled."""
    ids = {tokenizer(word, add_special_tokens=False)["input_ids"][0] for word in words}
    return sorted(ids)

