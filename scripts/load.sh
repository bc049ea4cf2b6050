#!/usr/bin/env bash
# Load test of the HTTP API on SQLite, from separate processes (oha and wrk):
#   1. 1,000,000 synthetic indicators imported with `canhgiac import` (timed);
#   2. look-ups at a fixed 5,000/s for SECONDS with oha (latency corrected for coordinated
#      omission), then at the highest rate wrk reaches with 16 connections;
#   3. report ingestion at the highest rate wrk reaches with 16 connections (each report
#      committed with synchronous=FULL before its 201).
# Usage: bash scripts/load.sh [INDICATORS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need_command wrk wrk
export PATH="$HOME/.cargo/bin:$PATH"
command -v oha >/dev/null || cargo install oha --locked
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
sed "s|^|$BASE|" "$WORK/lookups.txt" >"$WORK/lookup-urls.txt"
echo "== look-ups at 5,000/s, ${SECONDS_EACH}s, oha, 32 connections"
oha --no-tui --output-format json -z "${SECONDS_EACH}s" -q 5000 --latency-correction -c 32 \
    --urls-from-file "$WORK/lookup-urls.txt" >"$WORK/oha.json"
python3 - "$WORK/oha.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s, p = r["summary"], r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
print(f"requests/s {s['requestsPerSec']:.0f}  success {s['successRate']:.4f}  status {codes}")
print("latency ms: " + "  ".join(f"{k} {p[k] * 1000:.2f}" for k in ("p50", "p90", "p99", "p99.9")))
PY
echo "== look-ups, highest rate, ${SECONDS_EACH}s, 1 wrk thread, 16 connections"
LOOKUPS="$WORK/lookups.txt" wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency -s scripts/load/lookup.lua "$BASE"
echo "== report ingestion, ${SECONDS_EACH}s, 1 wrk thread, 16 connections"
wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency -s scripts/load/report.lua "$BASE"
curl -fsS "$BASE/metrics" | grep -E '^canhgiac_(reports|indicators|campaigns) '
