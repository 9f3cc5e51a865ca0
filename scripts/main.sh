#!/usr/bin/env bash
# The main job on embedded defaults: SmolLM2-135M-Instruct improves its own code from execution feedback.
# SFT warm-up on execrl's shipped basic tasks, RL with execution rewards, HumanEval held out and evaluated before and
# after (20 problems; --full-eval for all 164), a report in runs/main/report.md. ~15 min on 2 CPU cores.
# Installs what it needs into .venv first; a second run resumes in runs/main (delete it to start over).
#   bash scripts/main.sh                       # the self-improvement run (configs/main.toml)
#   bash scripts/main.sh --set max_steps=20    # extra arguments go to `execrl train`
#   bash scripts/main.sh --reference           # the previous main job: HumanEval references through the sandbox
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
if [ "${1:-}" = "--reference" ]; then
  shift
  ensure_venv "dev,report"
  mkdir -p runs/main-reference
  rm -f runs/main-reference/humaneval-reference_results.jsonl
  exec execrl evaluate --tasks humaneval --samples reference \
    --out runs/main-reference/humaneval-reference_results.jsonl --report runs/main-reference/report.md "$@"
fi
ensure_venv "train,report"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" TRL_EXPERIMENTAL_SILENCE=1 TOKENIZERS_PARALLELISM=false
start=$(date +%s)
execrl train --config configs/main.toml "$@"
echo "main job: $(( $(date +%s) - start )) s wall time; report: runs/main/report.md" >&2
