"""``execrl generate``: sample programs for a task set from a model and append them to a JSONL file.

Each row is ``{"task_id", "sample_idx", "completion", "solution", "finish_reason", "num_tokens"}``: the raw model
text and the extracted full program (EvalPlus style). Rows are flushed after every batch; a rerun skips every
(task_id, sample_idx) already in the file, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import json
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from execrl.errors import ConfigError, DataError
from execrl.generation.base import Generator, PromptStyle, SamplingParams, build_prompt
from execrl.generation.extract import RAW_STOP, build_solution
from execrl.tasks import TASKS_HELP
from execrl.types import Task


@dataclass(frozen=True)
class Args:
    tasks: str = field(metadata={"help": TASKS_HELP})
    out: Path = field(metadata={"help": "samples JSONL, appended to; an existing file is resumed"})
    model: str = field(default="embedded", metadata={
        "help": "'embedded' (SmolLM2-135M-Instruct), a Hugging Face id or path, 'openai:BASE_URL' or 'vllm:MODEL'"})
    n: int = field(default=1, metadata={"help": "samples per task"})
    temperature: float = field(default=0.0, metadata={"help": "0 = greedy"})
    top_p: float = field(default=0.95, metadata={"help": "nucleus sampling (ignored when greedy)"})
    style: PromptStyle = field(default=PromptStyle.CHAT, metadata={"help": "chat (instruct models) or raw"})
    max_new_tokens: int = field(default=512, metadata={"help": "tokens per completion"})
    limit: int | None = field(default=None, metadata={"help": "only the first N tasks"})
    batch_size: int = field(default=8, metadata={"help": "sequences per model call (and per flush)"})
    seed: int = field(default=0, metadata={"help": "base seed; each batch's seed derives from it and its samples"})
    threads: int | None = field(default=None, metadata={"help": "torch CPU threads (transformers backend)"})
    served_model: str = field(default="", metadata={"help": "openai: model name to request; '' = first listed"})
    api_key_env: str = field(default="OPENAI_API_KEY", metadata={"help": "openai: variable holding the API key"})
    progress: bool = field(default=True, metadata={"help": "show a progress bar with tokens/s"})


@dataclass(frozen=True)
class Work:
    """Some samples of one task, generated together."""

    task: Task
    indices: tuple[int, ...]


def main(args: Args) -> int:
    from execrl.tasks import load_tasks

    params = sampling_params(args)
    if args.limit is not None and args.limit < 0:
        raise ConfigError(f"--limit must be >= 0, got {args.limit}")
    tasks = load_tasks(args.tasks)[: args.limit]
    start = time.perf_counter()
    generator = make_generator(args)
    print(f"execrl generate: model {args.model!r} ready in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    run(args, tasks, generator, params)
    return 0


def sampling_params(args: Args) -> SamplingParams:
    if args.batch_size < 1:
        raise ConfigError(f"--batch-size must be at least 1, got {args.batch_size}")
    # A raw completion is over at the next top-level statement; a chat answer ends on its own.
    stop = RAW_STOP if args.style is PromptStyle.RAW else ()
    try:
        return SamplingParams(n=args.n, temperature=args.temperature, top_p=args.top_p,
                              max_new_tokens=args.max_new_tokens, seed=args.seed, stop=stop)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def make_generator(args: Args) -> Generator:
    """The backend named by ``--model``; each is imported only when chosen."""
    kind, _, rest = args.model.partition(":")
    if kind == "openai" and rest:
        from execrl.generation.openai_backend import OpenAIConfig, OpenAIGenerator

        return OpenAIGenerator(OpenAIConfig(base_url=rest, model=args.served_model, api_key_env=args.api_key_env,
                                            concurrency=args.batch_size))
    if kind == "vllm" and rest:
        from execrl.generation.vllm_backend import VLLMConfig, VLLMGenerator

        return VLLMGenerator(VLLMConfig(model=rest, seed=args.seed))
    from execrl.generation.transformers_backend import TransformersConfig, TransformersGenerator

    return TransformersGenerator.load(TransformersConfig(model=args.model, batch_size=args.batch_size,
                                                         num_threads=args.threads))


def run(args: Args, tasks: Sequence[Task], generator: Generator, params: SamplingParams) -> tuple[int, int]:
    """Generate every missing sample into ``args.out``; returns (samples written, tokens generated)."""
    done = read_done(args.out)
    batches = plan(tasks, params.n, done, args.batch_size)
    total = sum(len(w.indices) for batch in batches for w in batch)
    written = tokens = 0
    elapsed = 0.0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "a", encoding="utf-8") as out, tqdm(total=total, unit="sample", disable=not args.progress,
                                                           desc="generate", file=sys.stderr) as bar:
        for batch in batches:
            start = time.perf_counter()
            batch_tokens = _generate_batch(batch, generator, _batch_params(params, batch), args.style, out)
            elapsed += time.perf_counter() - start
            written += sum(len(w.indices) for w in batch)
            tokens += batch_tokens
            bar.update(sum(len(w.indices) for w in batch))
            bar.set_postfix_str(f"{tokens / max(elapsed, 1e-9):.1f} tok/s")
    rate = tokens / elapsed if elapsed else 0.0
    print(f"execrl generate: {written} new samples ({len(done)} already in {args.out}), {tokens} tokens in "
          f"{elapsed:.1f} s ({rate:.1f} tok/s)", file=sys.stderr)
    return written, tokens


def _batch_params(params: SamplingParams, batch: list[Work]) -> SamplingParams:
    # Seeded by the batch's own samples, not by its position, so a resumed run draws what the first run would have.
    key = ",".join(f"{w.task.task_id}#{w.indices[0]}" for w in batch)
    seed = None if params.seed is None else (params.seed + zlib.crc32(key.encode())) % 2**31
    return SamplingParams(n=len(batch[0].indices), temperature=params.temperature, top_p=params.top_p,
                          max_new_tokens=params.max_new_tokens, seed=seed, stop=params.stop)


def _generate_batch(batch: list[Work], generator: Generator, params: SamplingParams, style: PromptStyle,
                    out: TextIO) -> int:
    results = generator.generate([build_prompt(w.task, style) for w in batch], params)
    tokens = 0
    for work, completions in zip(batch, results, strict=True):
        for index, completion in zip(work.indices, completions, strict=True):
            row = {"task_id": work.task.task_id, "sample_idx": index, "completion": completion.text,
                   "solution": build_solution(work.task, completion.text, style),
                   "finish_reason": completion.finish_reason.value, "num_tokens": completion.num_tokens}
            out.write(json.dumps(row) + "\n")
            tokens += completion.num_tokens
    out.flush()
    return tokens


def plan(tasks: Sequence[Task], n: int, done: set[tuple[str, int]], batch_size: int) -> list[list[Work]]:
    """Missing samples, grouped into batches of at most ``batch_size`` sequences with one ``n`` per batch."""
    items = []
    for task in tasks:
        missing = [i for i in range(n) if (task.task_id, i) not in done]
        items += [Work(task, tuple(missing[s : s + batch_size])) for s in range(0, len(missing), batch_size)]
    batches: list[list[Work]] = []
    for item in items:
        last = batches[-1] if batches else []
        fits = sum(len(w.indices) for w in last) + len(item.indices) <= batch_size
        if last and len(last[0].indices) == len(item.indices) and fits:
            last.append(item)
        else:
            batches.append([item])
    return batches


def read_done(path: Path) -> set[tuple[str, int]]:
    """(task_id, sample_idx) of every row in ``path``; a truncated last line (an interrupted write) is cut off."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    done = set()
    offset = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        row = _parse_row(line)
        if row is None and line.strip():
            if offset + len(line) < len(data):  # not the last line: the file is damaged, not merely cut short
                raise DataError(f"{path}:{number} is not a JSON row with task_id and sample_idx: {line[:120]!r}")
            _truncate(path, offset)
            break
        if row is not None:
            done.add((str(row["task_id"]), int(row["sample_idx"])))
        offset += len(line) + 1
    else:
        if data and not data.endswith(b"\n"):  # a whole last row without its newline
            with open(path, "ab") as handle:
                handle.write(b"\n")
    return done


def _parse_row(line: bytes) -> dict[str, Any] | None:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(row, dict) and "task_id" in row and isinstance(row.get("sample_idx"), int):
        return row
    return None


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(size)
