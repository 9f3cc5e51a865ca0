"""Training throughput of the embedded policy on this machine: generation tokens/s, seconds per SFT step and per
RL step, peak memory.

    python benchmarks/train_throughput.py                   # main-job settings (configs/main.toml), 3 RL steps
    python benchmarks/train_throughput.py --rl-steps 5 --set max_completion_length=128,lora_r=8

Measured in one process, one after the other: (1) sampling 8 completions of one basic task at T=1.0 (the RL
generation shape) and greedy generation of 8 HumanEval prompts (the held-out evaluation shape), tokens/s counting
generated tokens only; (2) SFT steps on reference solutions; (3) GRPO steps through execrl's trainer, with
generation, rewards in the real sandbox and the update; the first RL step is reported apart (warm-up). Peak RSS
is the process's maximum resident size after each phase. Writes ``benchmarks/results/train_throughput.json``
with the load average before and after, since these machines are shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback  # noqa: E402

from execrl.generation.base import PromptStyle, SamplingParams, build_prompt  # noqa: E402
from execrl.generation.transformers_backend import TransformersGenerator, resolve_model_path  # noqa: E402
from execrl.sandbox.local import LocalExecutor  # noqa: E402
from execrl.tasks import load_tasks  # noqa: E402
from execrl.train.config import load_config, split_overrides  # noqa: E402
from execrl.train.data import held_out_subset  # noqa: E402
from execrl.train.loop import build_trainer, training_tasks  # noqa: E402
from execrl.train.sft import warm_up  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "train_throughput.json"


class StepTimes(TrainerCallback):
    def __init__(self) -> None:
        self.times: list[float] = []
        self.started = 0.0

    def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self.started = time.perf_counter()

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self.times.append(time.perf_counter() - self.started)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generation(model: Any, tokenizer: Any, prompts: list[Any], params: SamplingParams) -> dict[str, float]:
    generator = TransformersGenerator(model, tokenizer, batch_size=8)
    started = time.perf_counter()
    completions = generator.generate(prompts, params)
    seconds = time.perf_counter() - started
    tokens = sum(c.num_tokens for options in completions for c in options)
    return {"sequences": sum(len(o) for o in completions), "tokens": tokens, "seconds": round(seconds, 2),
            "tokens_per_s": round(tokens / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "configs" / "main.toml")
    parser.add_argument("--set", default="", help="config overrides, key=value[,key=value]")
    parser.add_argument("--rl-steps", type=int, default=3)
    parser.add_argument("--sft-steps", type=int, default=4)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    overrides = split_overrides([p for p in args.set.split(",") if p]) + [
        f"max_steps={args.rl_steps}", f"sft.steps={args.sft_steps}", "save_strategy=no", "output_dir=/tmp/execrl-bench",
        "progress=false"]
    config = load_config(args.config, overrides)
    torch.set_num_threads(config.torch_threads)
    report: dict[str, Any] = {"load_before": os.getloadavg(), "threads": config.torch_threads,
                              "settings": {"batch": config.per_device_train_batch_size,
                                           "num_generations": config.num_generations,
                                           "max_completion_length": config.max_completion_length,
                                           "lora_r": config.lora_r if config.use_lora else None,
                                           "beta": config.beta, "loss_type": config.loss_type}}
    path = resolve_model_path(config.model)
    tokenizer = AutoTokenizer.from_pretrained(path, padding_side="left")
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
    train, _ = training_tasks(config)
    held_out = held_out_subset(load_tasks(config.eval_tasks), 8)
    report["sampling"] = generation(model, tokenizer, [build_prompt(train.tasks[0], PromptStyle.CHAT)],
                                    SamplingParams(n=8, temperature=1.0, max_new_tokens=config.max_completion_length,
                                                   seed=0))
    report["greedy"] = generation(model, tokenizer, [build_prompt(t, PromptStyle.CHAT) for t in held_out],
                                  SamplingParams(max_new_tokens=config.eval_max_new_tokens))
    report["peak_rss_mb_generation"] = round(peak_rss_mb())
    started = time.perf_counter()
    model = warm_up(model, AutoTokenizer.from_pretrained(path), train.views(), config)
    report["sft_s_per_step"] = round((time.perf_counter() - started) / max(args.sft_steps, 1), 2)
    report["peak_rss_mb_sft"] = round(peak_rss_mb())
    times = StepTimes()
    with LocalExecutor(workers=config.sandbox_workers) as executor:
        trainer = build_trainer(config, model, tokenizer, train, executor)
        trainer.add_callback(times)
        trainer.train()
    report["rl_step_s"] = [round(t, 1) for t in times.times]
    later = times.times[1:] or times.times
    report["rl_s_per_step"] = round(sum(later) / len(later), 1)
    report["rl_completion_tokens_per_step"] = [round(r["completions/mean_length"] * config.per_device_train_batch_size)
                                               for r in trainer.state.log_history if "completions/mean_length" in r]
    report["peak_rss_mb_rl"] = round(peak_rss_mb())
    report["load_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
