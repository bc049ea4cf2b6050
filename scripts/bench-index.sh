#!/usr/bin/env bash
# PDQ Hamming-radius index on one core: build time, index heap bytes, peak RSS, query latency
# percentiles at radius 31 and brute force on a sample, for uniformly random hashes and for
# families of near-duplicates. Each scenario runs in its own process so its peak RSS is its own.
# usage: scripts/bench-index.sh [COUNT] [QUERIES]   (default 10000000 hashes, 2000 queries)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000000}
queries=${2:-2000}
cargo build --release --quiet -p canhgiac-core --example pdq_index_bench
bin=target/release/examples/pdq_index_bench
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
for scenario in random clustered; do
    "${pin[@]}" "$bin" "$scenario" --count "$count" --queries "$queries" --radius 31 --brute 20
done
