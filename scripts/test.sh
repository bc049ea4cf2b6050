#!/usr/bin/env bash
# The whole test suite: formatting, lints and every test of the workspace, built once.
# Installs what it needs when missing (rustfmt and clippy components; Tesseract with its
# Vietnamese and English models; nasm; ffmpeg; PostgreSQL; xmllint and the Python validators in
# .venv; Chromium and playwright-core for the web pages), and runs the store and server tests
# against a throwaway PostgreSQL cluster as well as SQLite files, then checks the exchange formats
# with their reference validators and the web pages in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
source scripts/pg.sh
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done
need_build_deps
need_file "/usr/lib/postgresql/*/bin/initdb" postgresql
need_command psql postgresql-client
need_command python3 python3

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

pg_start
trap pg_stop EXIT
export CANHGIAC_REQUIRE_PG=1
cargo test --workspace --locked

# STIX 2.1 (stix2-validator), MISP (PyMISP templates), CAP 1.2 (xmllint and the OASIS schema
# where ../shared has it) on the sample exports, then on what the real binary exports from a
# demo store (the provincial letter, a confirmed campaign).
bash scripts/validate-share.sh
bash scripts/validate-share.sh --from target/debug/canhgiac

# The TAXII 2.1 server of the real binary, driven by the reference client (taxii2-client):
# discovery, collections, objects page by page, manifest.
PY=$(bash scripts/venv.sh "taxii2-client==2.3.0")
"$PY" scripts/taxii-check.py target/debug/canhgiac

# The web pages in headless Chromium (Debian's package, driven by playwright-core): check,
# highlights, report and status, language switch, no console errors, labels, 360-px screenshots
# of every main page in target/e2e-artifacts/.
bash scripts/web-e2e.sh target/debug/canhgiac
