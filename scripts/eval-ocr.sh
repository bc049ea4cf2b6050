#!/usr/bin/env bash
# Screenshot evaluation on ../shared/corpus/dev.jsonl: renders every message as a chat
# screenshot (variants cycled: light, dark and blue themes, small and large text, PNG and twice
# re-compressed JPEG), reads each back with `canhgiac check --image`, compares with the text.
# usage: bash scripts/eval-ocr.sh [MESSAGES.jsonl [eval-ocr.py options such as --workers 1]]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need_build_deps
MESSAGES=${1:-../shared/corpus/dev.jsonl}
PY=$(bash scripts/venv.sh "pillow>=10,<14")
cargo build --release --locked --quiet -p canhgiac
OUT=$(mktemp -d /tmp/canhgiac-ocr.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
"$PY" scripts/render-screenshots.py "$MESSAGES" --out "$OUT" --themes light,dark,blue
"$PY" scripts/eval-ocr.py target/release/canhgiac "$MESSAGES" "$OUT" "${@:2}"
