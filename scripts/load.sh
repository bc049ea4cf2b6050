#!/usr/bin/env bash
# Load test of the HTTP API on SQLite, from a separate process (wrk):
#   1. 1,000,000 synthetic indicators imported with `canhgiac import` (timed);
#   2. look-ups for 30 s at the highest rate wrk reaches with 16 connections (p50/p99/rate);
#   3. report ingestion for 30 s (each report committed with synchronous=FULL before its 201).
# Usage: bash scripts/load.sh [INDICATORS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need_command wrk wrk
need_command python3 python3
COUNT=${1:-1000000}
SECONDS_EACH=${2:-30}
cargo build --release --locked -p canhgiac
BIN=$PWD/target/release/canhgiac
WORK=$(mktemp -d /tmp/canhgiac-load.XXXXXX)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 scripts/load/gen.py "$COUNT" "$WORK/indicators.csv" "$WORK/lookups.txt" 100000
DB="sqlite://$WORK/load.db"
echo "== import of $COUNT indicators"
/usr/bin/time -f "import: %e s, max RSS %M KB" "$BIN" import "$WORK/indicators.csv" --db "$DB" --source load-test
"$BIN" serve --db "$DB" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -n 's/^listening on //p' "$WORK/serve.out")
echo "== server $BASE (pid $SERVER), $(nproc) cores shared with wrk"
curl -fsS "$BASE/api/v1/lookup?kind=phone&value=0912345678" >/dev/null
echo "== look-ups, ${SECONDS_EACH}s, 1 wrk thread, 16 connections"
LOOKUPS="$WORK/lookups.txt" wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency -s scripts/load/lookup.lua "$BASE"
echo "== report ingestion, ${SECONDS_EACH}s, 1 wrk thread, 16 connections"
wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency -s scripts/load/report.lua "$BASE"
curl -fsS "$BASE/metrics" | grep -E '^canhgiac_(reports|indicators|campaigns) '
