#!/usr/bin/env bash
# Creates (once) the project's Python venv in .venv with the given packages; prints its python.
# usage: scripts/venv.sh PACKAGE...
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv >/dev/null 2>&1; then
    command -v apt-get >/dev/null && { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; }
    python3 -m venv .venv
  fi
fi
missing=()
for p in "$@"; do
  mod=${p%%[=<>]*}
  case "$mod" in scikit-learn) mod=sklearn ;; pillow) mod=PIL ;; taxii2-client) mod=taxii2client ;; stix2-validator) mod=stix2validator ;; esac
  .venv/bin/python -c "import ${mod//-/_}" 2>/dev/null || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  .venv/bin/pip install -q --disable-pip-version-check "${missing[@]}" >&2
fi
echo "$PWD/.venv/bin/python"
