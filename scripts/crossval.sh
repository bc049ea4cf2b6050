#!/usr/bin/env bash
# 5-fold cross-validation on a labelled JSONL file, measured by eval/score.py on `canhgiac scan`
# output: train on four fifths (`train --exclude-fold K/5`), scan the fifth, score all folds.
# The team's own authored training messages (data/authored-*.jsonl, and data/typing-*.jsonl for
# the type and red-flag heads only) join every training fold; they are never scored.
# usage: scripts/crossval.sh [DATA] [SCORER]   (defaults: data/dev.jsonl, ../shared/eval/score.py)
# CUES=FILE tries a cue file without rebuilding (the built-in model/cues.txt otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data/dev.jsonl}
scorer=${2:-../shared/eval/score.py}
folds=5
bin=target/release/canhgiac
# Always through cargo (a no-op when up to date): a binary left from other sources would
# silently measure them.
cargo build --release --locked --quiet -p canhgiac
cues=()
if [ -n "${CUES:-}" ]; then cues=(--cues "$CUES"); fi
source scripts/training-sets.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/pred.jsonl"
for k in $(seq 0 $((folds - 1))); do
  "$bin" "${cues[@]}" train --data "$data" --exclude-fold "$k/$folds" "${training_sets[@]}" \
    --out "$work/model-$k.json" --name "cv-$k" 2>/dev/null
  python3 - "$data" "$k" "$folds" > "$work/fold-$k.jsonl" <<'PY'
import sys
path, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = [l for l in open(path, encoding="utf-8") if l.strip()]
for i, l in enumerate(lines):
    if i % n == k:
        sys.stdout.write(l)
PY
  "$bin" "${cues[@]}" --model "$work/model-$k.json" scan "$work/fold-$k.jsonl" >> "$work/pred.jsonl"
done
if [ -n "${KEEP_PREDICTIONS:-}" ]; then cp "$work/pred.jsonl" "$KEEP_PREDICTIONS"; fi
python3 "$scorer" "$data" "$work/pred.jsonl"
