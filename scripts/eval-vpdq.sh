#!/usr/bin/env bash
# vPDQ conformance against ThreatExchange's reference sample hashes: every frame of each sample
# video present under shared/vectors/threatexchange is hashed (seconds-per-hash 0, as the
# reference's sample files are) and compared frame by frame. The rule to meet (ThreatExchange's
# PDQ conformance rule, applied per frame): frames of reference quality >= 80 within 10 bits.
# Prints, per video, the share of such frames within 10 bits and the worst distance.
# Skips (exit 0) when shared/ or the sample videos are not there.
#   bash scripts/eval-vpdq.sh [SHARED_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-$root/../shared}"
vectors="$shared/vectors/threatexchange"
if [ ! -d "$vectors/tmk/sample-videos" ] || [ ! -d "$vectors/vpdq/sample-hashes" ]; then
  echo "eval-vpdq: skipped, no reference vectors at $vectors"
  exit 0
fi
source "$root/scripts/deps.sh"
need_command ffmpeg ffmpeg
need_command ffprobe ffmpeg
need_command python3 python3
cargo build --quiet --locked --manifest-path "$root/Cargo.toml" -p canhgiac-media --example vpdq_hash
hasher="$root/target/debug/examples/vpdq_hash"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
for video in "$vectors"/tmk/sample-videos/*.mp4; do
  name="$(basename "$video" .mp4)"
  reference="$vectors/vpdq/sample-hashes/$name.txt"
  if [ ! -f "$reference" ]; then
    echo "$name: no reference hashes, skipped"
    continue
  fi
  "$hasher" "$video" 0 > "$out/$name.txt"
  python3 - "$name" "$reference" "$out/$name.txt" <<'PY' || status=1
import sys

name, ref_path, ours_path = sys.argv[1:]
ref = []
for line in open(ref_path):
    frame, quality, pdq, t = line.strip().split(",")
    ref.append((int(frame), int(quality), int(pdq, 16), float(t)))
ours = []
for line in open(ours_path):
    t, quality, pdq = line.strip().split(",")
    ours.append((float(t), int(quality), int(pdq, 16)))

checked = within = 0
worst = 0
bad_times = 0
for (frame, rq, rhash, rt), (t, q, h) in zip(ref, ours):
    if abs(rt - t) > 0.0006:
        bad_times += 1
    if rq >= 80:
        d = bin(rhash ^ h).count("1")
        checked += 1
        within += d <= 10
        worst = max(worst, d)
share = 100.0 * within / checked if checked else 0.0
ok = len(ref) == len(ours) and checked > 0 and within == checked and bad_times == 0
print(
    f"{name}: frames {len(ours)}/{len(ref)}, quality>=80: {checked}, "
    f"within 10 bits: {within} ({share:.1f}%), worst distance {worst}, "
    f"timestamp mismatches {bad_times} -> {'PASS' if ok else 'FAIL'}"
)
sys.exit(0 if ok else 1)
PY
done
exit "$status"
