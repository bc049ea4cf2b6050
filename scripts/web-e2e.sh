#!/usr/bin/env bash
# The web pages end to end: starts the real binary on a throwaway SQLite file and drives it in
# headless Chromium (Debian's package, through playwright-core) with node's test runner.
# Screenshots of every main page at 360 px go to target/e2e-artifacts/. An administrator with a
# password is made through the CLI first, for the analysts' pages.
#
#   scripts/web-e2e.sh [BINARY]    # default target/debug/canhgiac
#
# Installs what it needs only when missing: chromium (and fonts with Vietnamese glyphs) from
# Debian, playwright-core from e2e/package-lock.json (no browser download).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

binary=$(realpath "${1:-target/debug/canhgiac}")
[ -x "$binary" ] || { echo "web-e2e: no binary at $binary (cargo build -p canhgiac)" >&2; exit 2; }

need_file /usr/bin/chromium chromium
need_file "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf" fonts-noto-core
need_command node nodejs
need_command npm npm

pinned=$(node -p 'require("./e2e/package.json").devDependencies["playwright-core"]')
installed=$(node -p 'try { require("./e2e/node_modules/playwright-core/package.json").version } catch { "" }')
if [ "$installed" != "$pinned" ]; then
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/master.key"
echo >>"$work/master.key"

# An administrator (who may do what analysts do) with a password, made through the real CLI as
# an operator would: `user add`, then `user password` reading the password from standard input.
admin_name="e2e-admin"
admin_password="mk-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$binary" user add "$admin_name" --role admin --db "sqlite://$work/store.db" \
  --key-file "$work/master.key" >/dev/null
printf '%s\n' "$admin_password" | "$binary" user password "$admin_name" \
  --db "sqlite://$work/store.db" --key-file "$work/master.key"
CANHGIAC_LOG=warn "$binary" serve --listen 127.0.0.1:0 --db "$work/store.db" \
  --key-file "$work/master.key" >"$work/stdout" 2>"$work/stderr" &
server=$!

# The server prints its address on its first line.
base=""
for _ in $(seq 1 300); do
  line=$(head -n 1 "$work/stdout" 2>/dev/null || true)
  if [ -n "$line" ]; then
    base=${line#listening on }
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ -z "$base" ]; then
  echo "web-e2e: the server did not start" >&2
  cat "$work/stderr" >&2
  exit 1
fi

artifacts="$PWD/target/e2e-artifacts"
mkdir -p "$artifacts"
status=0
CANHGIAC_BASE="$base" E2E_ARTIFACTS="$artifacts" CHROMIUM=/usr/bin/chromium \
  E2E_ADMIN_NAME="$admin_name" E2E_ADMIN_PASSWORD="$admin_password" \
  E2E_SCREENSHOT="$PWD/crates/ocr/tests/fixtures/threat-blue-small.png" \
  node --test --test-concurrency=1 e2e/web.test.mjs || status=$?
if [ "$status" != 0 ]; then
  echo "web-e2e: failed; the server's log:" >&2
  tail -n 50 "$work/stderr" >&2
  exit "$status"
fi

# Server time per page over the whole browser run, from the server's own histograms: a figure
# to read, not a test (POST / includes reading screenshots with OCR).
curl -fsS "$base/metrics" | python3 scripts/page-times.py
exit 0
