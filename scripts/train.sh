#!/usr/bin/env bash
# Rebuilds the shipped model (model/model.bin) from the repository alone: the labelled corpus
# (data/dev.jsonl, counted twice as much), the team's authored messages (data/authored-*.jsonl)
# and its scams written to teach the type and red-flag heads only (data/typing-*.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
extra=()
for f in data/authored-*.jsonl; do extra+=(--extra "$f"); done
for f in data/typing-*.jsonl; do [ -e "$f" ] && extra+=(--typing "$f"); done
cargo run --release --quiet -p canhgiac -- train --data data/dev.jsonl --data-weight 2 "${extra[@]}" \
  --out model/model.bin --name "${1:-canhgiac-lr-$(date +%Y.%m)}"
