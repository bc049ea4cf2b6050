#!/usr/bin/env bash
# The whole test suite: formatting, lints and every test of the workspace, built once.
# Installs what it needs when missing (rustfmt and clippy components).
set -euo pipefail
cd "$(dirname "$0")/.."
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
