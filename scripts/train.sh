#!/usr/bin/env bash
# Rebuilds the shipped model (model/model.bin) from the repository alone: the labelled corpus
# (data/dev.jsonl, counted twice as much), the team's authored messages (data/authored-*.jsonl)
# and its scams written to teach the type and red-flag heads only (data/typing-*.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/training-sets.sh
cargo run --release --quiet -p canhgiac -- train --data data/dev.jsonl "${training_sets[@]}" \
  --out model/model.bin --name "${1:-canhgiac-lr-$(date +%Y.%m)}"
