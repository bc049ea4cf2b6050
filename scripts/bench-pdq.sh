#!/usr/bin/env bash
# PDQ speed, ours against the C++ reference, on one thread and the same ~1-megapixel JPEGs.
# usage: scripts/bench-pdq.sh [DIR_OF_JPEGS]
# Without DIR, makes 200 JPEGs in a temporary folder: crops of the ThreatExchange test photos
# when ../shared is present, synthetic photo-like scenes otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
py=$(scripts/venv.sh pdqhash pillow numpy)
if [ $# -ge 1 ]; then
  dir=$1
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  photos=../shared/vectors/threatexchange/pdq/data
  if [ -d "$photos" ]; then
    "$py" scripts/bench-pdq.py make "$dir" 200 "$photos"
  else
    echo "../shared not present: synthetic images"
    "$py" scripts/bench-pdq.py make "$dir" 200
  fi
fi
cargo build --release -q -p canhgiac-media --example bench_pdq
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# Warm the page cache and the CPU, then measure each side.
target/release/examples/bench_pdq "$dir" 1 >/dev/null
taskset -c 0 target/release/examples/bench_pdq "$dir" 3
taskset -c 0 "$py" scripts/bench-pdq.py time "$dir"
