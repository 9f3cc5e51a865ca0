#!/usr/bin/env bash
# Runs the whole test suite (and the linters); installs what it needs into .venv first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv "dev,report,train"
ruff check execrl tests benchmarks
mypy
python -m pytest "$@"
