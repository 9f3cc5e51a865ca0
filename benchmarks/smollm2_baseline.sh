#!/usr/bin/env bash
# The embedded policy's baseline: SmolLM2-135M-Instruct, greedy, chat template, on full HumanEval and MBPP
# sanitized. Resumable (re-run to continue). Writes runs/baseline/{humaneval,mbpp}-{samples,results}.jsonl and
# prints each summary; tokens/s is in the generate log (stderr).
#   bash benchmarks/smollm2_baseline.sh [humaneval|mbpp ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv "dev,report,generation"
mkdir -p runs/baseline
for t in ${*:-humaneval mbpp}; do
  execrl generate --tasks "$t" --model embedded --n 1 --temperature 0 --style chat --max-new-tokens 384 \
    --out "runs/baseline/$t-samples.jsonl" 2> >(tee -a "runs/baseline/$t-generate.log" >&2)
  execrl evaluate --tasks "$t" --samples "runs/baseline/$t-samples.jsonl" --k 1 \
    --out "runs/baseline/$t-results.jsonl" --report "runs/baseline/$t-report.md" | tail -1
done
