"""``execrl train``: the self-improvement run from one config file, with overrides.

    execrl train --config configs/main.toml
    execrl train --config configs/main.toml --set max_steps=4,sft.steps=0,output_dir=runs/try

``--set`` takes comma-separated ``key=value`` pairs (TOML values; ``table.key`` reaches ``[sft]`` and ``[reward]``;
a part without ``=`` continues a list: ``lora_target_modules=q_proj,v_proj``). Running the same command again
resumes in the same output directory. The last line on stdout is a JSON summary (pass@1 before and after, steps,
seconds per phase).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Args:
    config: Path | None = field(default=None, metadata={"help": "TOML or YAML config (docs/TRAINING.md lists fields)"})
    set: tuple[str, ...] = field(default=(), metadata={"help": "overrides: key=value[,key=value...]"})
    full_eval: bool = field(default=False, metadata={"help": "evaluate on the whole held-out benchmark (eval_limit=0)"})


def main(args: Args) -> int:
    # Sleeping OpenMP threads: spinning ones run several times slower on shared cores. Read when torch loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
    from execrl.train.config import load_config, split_overrides
    from execrl.train.loop import run_training

    overrides = split_overrides(args.set) + (["eval_limit=0"] if args.full_eval else [])
    result = run_training(load_config(args.config, overrides))
    print(json.dumps(result.to_json()))
    return 0
