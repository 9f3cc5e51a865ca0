"""Reward ablation on this machine: outcome-only binary reward vs partial-credit multi-granularity vs
multi-granularity + process rewards, same budget, same seeds, same data.

    python benchmarks/reward_ablation.py --steps 12 --seeds 0,1,2              # the real run (hours: see below)
    python benchmarks/reward_ablation.py --steps 1 --seeds 0 --eval-limit 2 --set max_completion_length=48 # smoke

Each (variant, seed) is one ``run_training`` on ``configs/ablation.toml``'s base with the variant's ``[reward]``
laid over it. Within a seed the variants share the evaluation before training and the SFT warm-up (neither
depends on the reward): the first variant computes them and the others start from copies, so the comparison
isolates RL. Reported per variant, over seeds: the training reward curve, the training pass rate curve
(``execrl_passed``: every test passed, the one scale all three rewards share), held-out pass@1 before and after,
and the change, as mean, standard deviation and standard error over seeds (n is small: read overlapping bars as
"no measurable difference"). Writes ``benchmarks/results/reward_ablation.json`` and ``reward_ablation.png``.

Cost: one run is about (SFT + steps x seconds per RL step + one held-out evaluation); with the defaults (12 steps,
~30-40 s per step, 20 held-out tasks) about 9-10 minutes, so 3 variants x 3 seeds take ~1.5 hours on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tomllib
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.train.config import config_from_mapping, parse_override, split_overrides  # noqa: E402
from execrl.train.loop import run_training  # noqa: E402
from execrl.train.metrics import read_metrics  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SHARED = ("eval_before.json", "eval_before_results.jsonl", "eval_before_samples.jsonl", "sft-adapter")


def run_one(base: dict[str, Any], variant: dict[str, Any], out: Path, seed: int, first: Path | None) -> dict[str, Any]:
    if first is not None and not (out / "run.json").exists():
        out.mkdir(parents=True, exist_ok=True)
        for name in SHARED:
            source = first / name
            if source.is_dir() and not (out / name).exists():
                shutil.copytree(source, out / name)
            elif source.is_file():
                shutil.copy(source, out / name)
    if (out / "run.json").exists():  # finished earlier (RL saves no checkpoint here: never train it twice)
        result = json.loads((out / "run.json").read_text())
    else:
        config = config_from_mapping({**base, **variant, "seed": seed, "output_dir": str(out)})
        result = run_training(config).to_json()
    rows = [r for r in read_metrics(out / "metrics.jsonl") if "reward" in r]
    result["reward_curve"] = [r["reward"] for r in rows]
    result["pass_curve"] = [r.get("rewards/execrl_passed/mean") for r in rows]
    return result


def stats(values: list[float]) -> dict[str, float]:
    n = len(values)
    sd = statistics.stdev(values) if n > 1 else 0.0
    return {"mean": statistics.fmean(values), "sd": sd, "se": sd / n ** 0.5 if n > 1 else 0.0, "n": n}


def summarise(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    summary = {}
    for name, results in runs.items():
        before = [r["pass@1_before"] for r in results if r["pass@1_before"] is not None]
        after = [r["pass@1_after"] for r in results if r["pass@1_after"] is not None]
        curves = [r["pass_curve"] for r in results]
        summary[name] = {"pass@1_before": stats(before), "pass@1_after": stats(after),
                         "pass@1_change": stats([a - b for a, b in zip(after, before, strict=True)]),
                         "train_pass_first_last": stats([_last(c) - _first(c) for c in curves]),
                         "mean_pass_curve": _mean_curve(curves),
                         "mean_reward_curve": _mean_curve([r["reward_curve"] for r in results])}
    return summary


def _first(curve: list[Any]) -> float:
    return float(next((v for v in curve if v is not None), 0.0))


def _last(curve: list[Any]) -> float:
    return float(next((v for v in reversed(curve) if v is not None), 0.0))


def _mean_curve(curves: list[list[Any]]) -> list[float]:
    length = min((len(c) for c in curves), default=0)
    return [statistics.fmean(float(c[i] or 0.0) for c in curves) for i in range(length)]


def plot(summary: dict[str, Any], runs: dict[str, list[dict[str, Any]]], path: Path) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 3.8))
    curves, rewards, bars = fig.subplots(1, 3)
    for name, results in runs.items():
        for key, ax in (("pass_curve", curves), ("reward_curve", rewards)):
            for result in results:
                values = [v if v is not None else float("nan") for v in result[key]]
                ax.plot(range(1, len(values) + 1), values, alpha=0.25, color=_colour(name))
            mean = summary[name]["mean_pass_curve" if key == "pass_curve" else "mean_reward_curve"]
            ax.plot(range(1, len(mean) + 1), mean, color=_colour(name), label=name, linewidth=2)
    curves.set(xlabel="RL step", ylabel="training answers passing every test", title="Training pass rate")
    rewards.set(xlabel="RL step", ylabel="reward (each variant's own scale)", title="Training reward")
    curves.legend(fontsize=7)
    names = list(summary)
    for offset, when in enumerate(("pass@1_before", "pass@1_after")):
        xs = [i + offset * 0.4 for i in range(len(names))]
        bars.bar(xs, [summary[n][when]["mean"] for n in names], 0.4, yerr=[summary[n][when]["se"] for n in names],
                 label=when.split("_")[1], capsize=3, color=["tab:gray", "tab:blue"][offset])
    bars.set_xticks([i + 0.2 for i in range(len(names))], names, rotation=12, fontsize=7)
    bars.set(ylabel="held-out pass@1 (mean ± s.e. over seeds)", title="Held-out pass@1")
    bars.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def _colour(name: str) -> str:
    return {"outcome_binary": "tab:red", "multi_granularity": "tab:green"}.get(name, "tab:purple")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "configs" / "ablation.toml")
    parser.add_argument("--steps", type=int, default=12, help="RL steps per run (the budget)")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--eval-limit", type=int, default=None, help="held-out tasks (default: the config's)")
    parser.add_argument("--variants", default="", help="comma-separated subset of the config's variants")
    parser.add_argument("--set", default="", help="more base overrides, key=value[,key=value]")
    parser.add_argument("--runs", type=Path, default=ROOT / "runs" / "ablation", help="run directories (resumed)")
    parser.add_argument("--out", type=Path, default=RESULTS / "reward_ablation.json")
    args = parser.parse_args()
    data = tomllib.loads(args.config.read_text())
    base = {**data["base"], "max_steps": args.steps, "progress": False}
    if args.eval_limit is not None:
        base["eval_limit"] = args.eval_limit
    for key, value in (parse_override(o) for o in split_overrides([p for p in args.set.split(",") if p])):
        table, _, field = key.rpartition(".")
        (base.setdefault(table, {}) if table else base)[field] = value
    chosen = [v for v in args.variants.split(",") if v] or list(data["variants"])
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in chosen}
    for seed in (int(s) for s in args.seeds.split(",")):
        first: Path | None = None
        for name in chosen:
            out = args.runs / f"seed{seed}" / name
            print(f"[ablation] {name} seed {seed} -> {out}", file=sys.stderr, flush=True)
            runs[name].append(run_one(base, data["variants"][name], out, seed, first))
            first = first or out
    summary = summarise(runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"base": base, "seeds": args.seeds, "summary": summary, "runs": runs,
                                    "load_after": os.getloadavg()}, indent=2) + "\n")
    plot(summary, runs, args.out.with_suffix(".png"))
    print(json.dumps({name: {k: v for k, v in s.items() if not k.endswith("curve")} for name, s in summary.items()}))


if __name__ == "__main__":
    main()
