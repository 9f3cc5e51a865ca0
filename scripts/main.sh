#!/usr/bin/env bash
# The main job on embedded defaults: evaluate the HumanEval reference solutions through the sandbox, with a report.
# Installs what it needs into .venv first; a second run reuses it. Extra arguments go to `execrl evaluate`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv "dev,report"
mkdir -p runs/main
rm -f runs/main/humaneval-reference_results.jsonl
exec execrl evaluate --tasks humaneval --samples reference \
  --out runs/main/humaneval-reference_results.jsonl --report runs/main/report.md "$@"
