#!/usr/bin/env bash
# Throughput on one core, corpus-length messages: `canhgiac bench` against a scikit-learn
# TF-IDF (char 2-5-grams) + logistic-regression pipeline, timed in the same run on the same
# messages. Installs scikit-learn into .venv when missing.
# usage: scripts/bench-vs-sklearn.sh [JSONL]   (default data/dev.jsonl)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data/dev.jsonl}
py=$(scripts/venv.sh scikit-learn)
bin=target/release/canhgiac
[ -x "$bin" ] || cargo build --release --quiet
sk=$(taskset -c 0 "$py" - "$data" <<'PY'
import json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
texts = [r["text"] for r in rows]
labels = [r.get("label", "legit") == "scam" for r in rows]
pipe = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(2, 5)), LogisticRegression(max_iter=1000))
pipe.fit(texts, labels)
n, start = 0, time.perf_counter()
while time.perf_counter() - start < 5.0:
    pipe.predict_proba(texts)
    n += len(texts)
print(n / (time.perf_counter() - start))
PY
)
ours=$(taskset -c 0 "$bin" bench "$data" --seconds 5 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["messages_per_second"])')
python3 - "$sk" "$ours" <<'PY'
import sys
sk, ours = float(sys.argv[1]), float(sys.argv[2])
print(f"scikit-learn TF-IDF char 2-5 + LR: {sk:,.0f} messages/s")
print(f"canhgiac analysis (full):          {ours:,.0f} messages/s")
print(f"ratio: {ours / sk:.1f}x")
PY
