"""``execrl generate`` with the fake generator: rows, batching, seeds, resuming, and the command line."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from execrl.cli import add_dataclass_arguments, parse_dataclass
from execrl.errors import ConfigError, DataError
from execrl.generation.base import PromptStyle, SamplingParams
from execrl.generation.command import Args, Work, plan, read_done, run, sampling_params
from execrl.generation.fake import FakeGenerator
from execrl.types import Task

from .conftest import FakeOpenAIServer

TASKS = [Task(f"T/{i}", f"def f{i}(x):\n", f"f{i}", "", ()) for i in range(3)]
ANSWER = "```python\ndef {name}(x):\n    return x + {index}\n```\nThis works."


def answer(prompt: object, index: int) -> str:
    content = prompt.messages[-1].content  # type: ignore[attr-defined]
    name = content.split("def ")[1].split("(")[0]
    return ANSWER.format(name=name, index=index)


def rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def generate(tmp_path: Path, generator: FakeGenerator, **overrides: object) -> tuple[int, int]:
    args = Args(tasks="unused", out=tmp_path / "samples.jsonl", progress=False, **overrides)  # type: ignore[arg-type]
    return run(args, TASKS, generator, sampling_params(args))


def test_rows_hold_completion_and_extracted_solution(tmp_path: Path) -> None:
    written, tokens = generate(tmp_path, FakeGenerator(answer), n=2)
    assert written == 6 and tokens > 0
    first = rows(tmp_path / "samples.jsonl")[0]
    assert first["task_id"] == "T/0" and first["sample_idx"] == 0
    assert first["completion"] == ANSWER.format(name="f0", index=0)
    assert first["solution"] == "def f0(x):\n    return x + 0\n"
    assert first["finish_reason"] == "stop"
    assert sorted((r["task_id"], r["sample_idx"]) for r in rows(tmp_path / "samples.jsonl")) == [
        (t.task_id, i) for t in TASKS for i in range(2)]


def test_resume_skips_done_samples_and_a_truncated_last_line(tmp_path: Path) -> None:
    generate(tmp_path, FakeGenerator(answer), n=2)
    path = tmp_path / "samples.jsonl"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:3]) + lines[3][:20])  # killed in the middle of writing row 4
    fake = FakeGenerator(answer)
    written, _ = generate(tmp_path, fake, n=2)
    assert written == 3
    assert sorted((r["task_id"], r["sample_idx"]) for r in rows(path)) == [(t.task_id, i) for t in TASKS
                                                                          for i in range(2)]
    assert generate(tmp_path, FakeGenerator(answer), n=2)[0] == 0


def test_a_damaged_middle_line_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "samples.jsonl"
    path.write_text('{"task_id": "T/0", "sample_idx": 0}\nnot json\n{"task_id": "T/1", "sample_idx": 0}\n')
    with pytest.raises(DataError, match="samples.jsonl:2"):
        read_done(path)


def test_a_last_row_without_newline_is_kept_and_terminated(tmp_path: Path) -> None:
    path = tmp_path / "samples.jsonl"
    path.write_text('{"task_id": "T/0", "sample_idx": 0}')
    assert read_done(path) == {("T/0", 0)}
    assert path.read_text().endswith("}\n")


def test_plan_batches_by_sequences_with_one_n_per_batch() -> None:
    done = {("T/0", 0), ("T/0", 1)}
    batches = plan(TASKS, 4, done, batch_size=4)
    assert [[(w.task.task_id, w.indices) for w in b] for b in batches] == [
        [("T/0", (2, 3))], [("T/1", (0, 1, 2, 3))], [("T/2", (0, 1, 2, 3))]]
    assert plan(TASKS[:1], 5, set(), batch_size=2) == [[Work(TASKS[0], (0, 1))], [Work(TASKS[0], (2, 3))],
                                                       [Work(TASKS[0], (4,))]]
    assert [len(b) for b in plan(TASKS, 1, set(), batch_size=8)] == [3]


def test_batch_seeds_do_not_depend_on_what_was_already_done(tmp_path: Path) -> None:
    full, resumed = FakeGenerator(answer), FakeGenerator(answer)
    generate(tmp_path / "a", full, n=1, temperature=0.8, batch_size=1)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "samples.jsonl").write_text('{"task_id": "T/0", "sample_idx": 0}\n')
    generate(tmp_path / "b", resumed, n=1, temperature=0.8, batch_size=1)
    assert [p.seed for _, p in full.calls][1:] == [p.seed for _, p in resumed.calls]


def test_raw_style_stops_at_the_end_of_the_function(tmp_path: Path) -> None:
    fake = FakeGenerator(lambda prompt, index: "    return x\n\nprint(f0(1))\n")
    generate(tmp_path, fake, style=PromptStyle.RAW)
    assert "\nprint(" in fake.calls[0][1].stop
    assert rows(tmp_path / "samples.jsonl")[0]["solution"] == "def f0(x):\n    return x\n"


@pytest.mark.parametrize("bad", [{"n": 0}, {"temperature": -1.0}, {"batch_size": 0}])
def test_bad_options_are_config_errors(bad: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        sampling_params(Args(tasks="x", out=Path("x"), **bad))  # type: ignore[arg-type]


def test_command_line_builds_args() -> None:
    parser = argparse.ArgumentParser()
    add_dataclass_arguments(parser, Args)
    argv = ["--tasks", "humaneval", "--out", "s.jsonl", "--n", "4", "--temperature", "0.8", "--style", "raw",
            "--limit", "2", "--model", "openai:http://127.0.0.1:1/v1", "--no-progress"]
    args = parse_dataclass(Args, parser.parse_args(argv))
    assert args == Args(tasks="humaneval", out=Path("s.jsonl"), n=4, temperature=0.8, style=PromptStyle.RAW, limit=2,
                        model="openai:http://127.0.0.1:1/v1", progress=False)
    assert sampling_params(args) == SamplingParams(n=4, temperature=0.8, top_p=0.95, max_new_tokens=512, seed=0,
                                                   stop=sampling_params(args).stop)


def test_cli_smoke_against_a_local_openai_server(openai_server: FakeOpenAIServer, tmp_path: Path) -> None:
    pytest.importorskip("execrl.tasks", reason="execrl.tasks provides load_tasks")

    def respond(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        name = re.search(r"def (\w+)\(", body["messages"][-1]["content"]).group(1)  # type: ignore[union-attr]
        content = f"```python\ndef {name}(*args):\n    return None\n```"
        choices = [{"index": i, "message": {"content": content}, "finish_reason": "stop"} for i in range(body["n"])]
        return 200, {"choices": choices, "usage": {"completion_tokens": 9 * body["n"]}}, {}

    openai_server.respond = respond
    out = tmp_path / "samples.jsonl"
    command = [sys.executable, "-m", "execrl.cli", "generate", "--tasks", "humaneval", "--limit", "2", "--n", "2",
               "--temperature", "0.8", "--model", f"openai:{openai_server.url}", "--out", str(out), "--no-progress"]
    for expected_new in (4, 0):  # the second run finds everything done
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert f"{expected_new} new samples" in done.stderr
    assert [(r["task_id"], r["sample_idx"]) for r in rows(out)] == [
        ("HumanEval/0", 0), ("HumanEval/0", 1), ("HumanEval/1", 0), ("HumanEval/1", 1)]
    assert rows(out)[0]["solution"] == "from typing import List\n\n\ndef has_close_elements(*args):\n    return None\n"
