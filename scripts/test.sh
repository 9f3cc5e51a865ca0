#!/usr/bin/env bash
# Runs the whole test suite (and the linters); installs what it needs into .venv first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
source scripts/_toolchains.sh
ensure_toolchains  # Java and Go test suites in the sandbox (tests/sandbox/test_suites_*.py)
ensure_venv "dev,report,train,testgen,labeling,ray,serve,rmrf"
ruff check execrl tests benchmarks
mypy
python -m pytest "$@"
