"""Held-out evaluation of the policy being trained: greedy, batched, through ``execrl.eval.evaluate``.

Held-out prompts are the benchmark's own (no visible tests appended), as in ``execrl generate``, so the figures
compare with the project's other pass@1 numbers. Each evaluation writes ``<name>_samples.jsonl``,
``<name>_results.jsonl`` and ``<name>.json`` (the summary) in the output directory; a resumed run reads the
summary back instead of evaluating again.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from execrl.eval.harness import evaluate
from execrl.generation.base import Completion, PromptStyle, SamplingParams, build_prompt
from execrl.generation.extract import RAW_STOP, build_solution
from execrl.generation.transformers_backend import TransformersGenerator
from execrl.sandbox.base import Executor
from execrl.types import Sample, Task


def evaluate_policy(model: Any, tokenizer: Any, tasks: Sequence[Task], executor: Executor, *, name: str,
                    out_dir: Path, style: PromptStyle, max_new_tokens: int, batch_size: int,
                    progress: bool = True) -> dict[str, Any]:
    """pass@1 (greedy) of ``model`` on ``tasks``; the summary as a dict (``EvalSummary.to_json``)."""
    stored = out_dir / f"{name}.json"
    if stored.exists():
        return dict(json.loads(stored.read_text()))
    completions = generate(model, tokenizer, tasks, style, max_new_tokens, batch_size, desc=name,
                           progress=progress)
    samples = [Sample(t.task_id, build_solution(t, c.text, style), c.text) for t, c in zip(tasks, completions,
                                                                                          strict=True)]
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / f"{name}_samples.jsonl", "w", encoding="utf-8") as handle:
        for sample, completion in zip(samples, completions, strict=True):
            handle.write(json.dumps({"task_id": sample.task_id, "completion": sample.completion,
                                     "solution": sample.program, "num_tokens": completion.num_tokens}) + "\n")
    summary = evaluate(tasks, samples, executor, out=out_dir / f"{name}_results.jsonl", k=(1,), resume=False,
                       progress=progress).to_json()
    summary["tokens"] = sum(c.num_tokens for c in completions)
    stored.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"[eval] {name}: pass@1 {summary.get('pass@1', 0.0):.3f} on {len(tasks)} held-out tasks",
          file=sys.stderr, flush=True)
    return summary


def generate(model: Any, tokenizer: Any, tasks: Sequence[Task], style: PromptStyle, max_new_tokens: int,
             batch_size: int, *, desc: str = "generate", progress: bool = True) -> list[Completion]:
    """One greedy completion per task, in order."""
    was_training = model.training
    model.eval()
    generator = TransformersGenerator(model, tokenizer, batch_size=batch_size)
    params = SamplingParams(n=1, temperature=0.0, max_new_tokens=max_new_tokens,
                            stop=RAW_STOP if style is PromptStyle.RAW else ())
    completions: list[Completion] = []
    with tqdm(total=len(tasks), desc=desc, unit="task", file=sys.stderr, disable=not progress) as bar:
        for start in range(0, len(tasks), batch_size):
            batch = tasks[start:start + batch_size]
            completions += [c[0] for c in generator.generate([build_prompt(t, style) for t in batch], params)]
            bar.update(len(batch))
    model.train(was_training)
    return completions
