#!/usr/bin/env bash
# Throughput on one core, corpus-length messages: `canhgiac bench` against a scikit-learn
# TF-IDF (char 2-5-grams) + logistic-regression pipeline, timed in the same run on the same
# messages. The two take turns (ROUNDS pairs of SECONDS each, default 5 pairs of 3 s), so a
# change in the shared machine's speed falls on both; each pair's ratio is printed, then the
# median. Installs scikit-learn into .venv when missing.
# usage: scripts/bench-vs-sklearn.sh [JSONL]   (default data/dev.jsonl)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-data/dev.jsonl}
py=$(scripts/venv.sh scikit-learn)
bin=target/release/canhgiac
# Always through cargo (a no-op when up to date): a binary left from other sources would
# silently measure them.
cargo build --release --locked --quiet -p canhgiac
taskset -c 0 "$py" - "$data" "$bin" "${ROUNDS:-5}" "${SECONDS_EACH:-3}" <<'PY'
import json, statistics, subprocess, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
data, binary, rounds, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
rows = [json.loads(l) for l in open(data, encoding="utf-8") if l.strip()]
texts = [r["text"] for r in rows]
labels = [r.get("label", "legit") == "scam" for r in rows]
pipe = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(2, 5)), LogisticRegression(max_iter=1000))
pipe.fit(texts, labels)
pipe.predict_proba(texts)  # warm-up

def sklearn_rate():
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        pipe.predict_proba(texts)
        n += len(texts)
    return n / (time.perf_counter() - start)

def our_rate():
    out = subprocess.run([binary, "bench", data, "--seconds", str(seconds), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["messages_per_second"]

pairs = []
for i in range(rounds):
    sk, ours = sklearn_rate(), our_rate()
    pairs.append((sk, ours))
    print(f"round {i + 1}: scikit-learn {sk:,.0f}  canhgiac {ours:,.0f} messages/s  ratio {ours / sk:.1f}x")
sk = statistics.median(p[0] for p in pairs)
ours = statistics.median(p[1] for p in pairs)
print(f"scikit-learn TF-IDF char 2-5 + LR: {sk:,.0f} messages/s (median)")
print(f"canhgiac analysis (full):          {ours:,.0f} messages/s (median)")
print(f"ratio: {statistics.median(o / s for s, o in pairs):.1f}x (median of the rounds' ratios)")
PY
