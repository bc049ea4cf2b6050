#!/usr/bin/env bash
# Builds (once) and runs `canhgiac` with the given arguments, first installing what the build
# needs when it is missing (Tesseract, Leptonica, libclang; see scripts/deps.sh).
#   bash scripts/canhgiac.sh check "Tôi là thám tử tư…"
#   bash scripts/canhgiac.sh check --image screenshot.png
#   bash scripts/canhgiac.sh serve
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/deps.sh"
need_build_deps
cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" -p canhgiac
exec "$root/target/release/canhgiac" "$@"
