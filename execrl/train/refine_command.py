"""``execrl refine``: answer tasks in several turns, feeding execution feedback back to the model (RLEF-style).

    execrl refine --tasks humaneval --limit 20 --max-turns 3 --out refine.jsonl

Each row of ``--out`` is one episode: every answer, its reward, whether it passed, and the feedback sent back.
The last line on stdout is a JSON summary: pass rate after the first answer and after the last one.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Args:
    tasks: str = field(metadata={"help": "humaneval, mbpp, basic, or a task file"})
    out: Path = field(metadata={"help": "episodes JSONL (overwritten)"})
    model: str = field(default="embedded", metadata={"help": "'embedded', a Hugging Face id or a local path"})
    max_turns: int = field(default=3, metadata={"help": "answers per task at most"})
    visible_tests: int = field(default=2, metadata={"help": "tests whose failures are fed back; the rest hidden"})
    limit: int | None = field(default=None, metadata={"help": "only the first N tasks"})
    temperature: float = field(default=0.0, metadata={"help": "0 = greedy"})
    max_new_tokens: int = field(default=320, metadata={"help": "tokens per answer"})
    batch_size: int = field(default=8, metadata={"help": "sequences generated together"})
    discount: float = field(default=0.9, metadata={"help": "episode reward = final reward * discount^(turns-1)"})
    threads: int | None = field(default=2, metadata={"help": "torch CPU threads"})
    workers: int | None = field(default=None, metadata={"help": "sandbox workers"})


def main(args: Args) -> int:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from execrl.generation.base import PromptStyle, SamplingParams
    from execrl.generation.transformers_backend import TransformersConfig, TransformersGenerator
    from execrl.rewards.spec import RewardSpec
    from execrl.sandbox.local import LocalExecutor
    from execrl.tasks import load_tasks
    from execrl.train.data import OwnTests, prompt_for, training_view
    from execrl.train.refine import generator_answerer, run_episodes
    from execrl.train.scoring import RecordingBatchScorer

    sampler = OwnTests(args.visible_tests)
    tasks = [training_view(t, sampler.split(t, 0)) for t in load_tasks(args.tasks)[: args.limit]]
    generator = TransformersGenerator.load(TransformersConfig(model=args.model, batch_size=args.batch_size,
                                                              num_threads=args.threads))
    params = SamplingParams(temperature=args.temperature, max_new_tokens=args.max_new_tokens)
    with LocalExecutor(workers=args.workers) as executor:
        scorer = RecordingBatchScorer(tasks, RewardSpec(), executor, style=PromptStyle.CHAT)
        chats = [prompt_for(t, PromptStyle.CHAT) for t in tasks]
        episodes = run_episodes(tasks, chats, generator_answerer(generator, params), scorer,  # type: ignore[arg-type]
                                max_turns=args.max_turns, discount=args.discount)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        for e in episodes:
            handle.write(json.dumps({"task_id": e.task_id, "reward": e.reward, "passed": e.final.passed,
                                     "turns": [t.__dict__ for t in e.turns]}) + "\n")
    first = sum(e.turns[0].passed for e in episodes) / max(len(episodes), 1)
    final = sum(e.final.passed for e in episodes) / max(len(episodes), 1)
    print(f"execrl refine: {len(episodes)} tasks; passed after the first answer {first:.1%}, after up to "
          f"{args.max_turns} answers {final:.1%}", file=sys.stderr)
    print(json.dumps({"tasks": len(episodes), "pass_first_turn": first, "pass_final": final,
                      "mean_turns": sum(len(e.turns) for e in episodes) / max(len(episodes), 1)}))
    return 0
