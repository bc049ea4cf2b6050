#!/usr/bin/env bash
# Measures the shipped model on real data written by others (read from ../shared, never copied):
#   - vn-sms test.jsonl (real Vietnamese SMS, measured only): scam-vs-legit and legit called deepfake;
#   - uci-sms (real English SMS): ham messages called deepfake_extortion;
#   - dev.jsonl indicators, and every sextortion BTC address inside a sentence.
# usage: scripts/eval-external.sh [SHARED]   (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
bin=target/release/canhgiac
# Always through cargo (a no-op when up to date): a binary left from other sources would
# silently measure them.
cargo build --release --locked --quiet -p canhgiac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Counts the messages labelled legit in GOLD that PRED calls deepfake extortion.
legit_called_deepfake() {
  python3 - "$1" "$2" <<'PY'
import json, sys
gold = {o["id"]: o for o in map(json.loads, filter(str.strip, open(sys.argv[1], encoding="utf-8")))}
n = sum(1 for o in map(json.loads, open(sys.argv[2]))
        if gold.get(o["id"], {}).get("label") == "legit" and o["label"] == "scam"
        and o["scam_type"] == "deepfake_extortion")
print(f"legit messages called deepfake_extortion: {n}")
PY
}

echo "== vn-sms test.jsonl (shipped model) =="
"$bin" scan "$shared/external/vn-sms/test.jsonl" > "$work/vn.jsonl"
python3 "$shared/eval/score.py" "$shared/external/vn-sms/test.jsonl" "$work/vn.jsonl" | sed -n '1,2p;7p'
legit_called_deepfake "$shared/external/vn-sms/test.jsonl" "$work/vn.jsonl"

echo "== vn-sms test.jsonl (model trained on the repository's data plus vn-sms train.jsonl) =="
source scripts/training-sets.sh
"$bin" train --data data/dev.jsonl "${training_sets[@]}" --extra "$shared/external/vn-sms/train.jsonl" \
  --out "$work/with-vn.bin" --name with-vn-sms-train 2>/dev/null
"$bin" --model "$work/with-vn.bin" scan "$shared/external/vn-sms/test.jsonl" > "$work/vn2.jsonl"
python3 "$shared/eval/score.py" "$shared/external/vn-sms/test.jsonl" "$work/vn2.jsonl" | sed -n '2p'
legit_called_deepfake "$shared/external/vn-sms/test.jsonl" "$work/vn2.jsonl"

echo "== uci-sms ham (English) =="
python3 - "$shared/external/uci-sms/SMSSpamCollection.tsv" > "$work/uci.jsonl" <<'PY'
import json, sys
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]
for i, r in enumerate(rows):
    label, _, text = r.partition("\t")
    print(json.dumps({"id": f"uci-{i}", "label": label, "text": text}, ensure_ascii=False))
PY
"$bin" scan "$work/uci.jsonl" > "$work/uci-pred.jsonl"
python3 - "$work/uci.jsonl" "$work/uci-pred.jsonl" <<'PY'
import json, sys
gold = {o["id"]: o for o in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
ham = dx = scam = 0
for o in map(json.loads, open(sys.argv[2])):
    if gold[o["id"]]["label"] != "ham":
        continue
    ham += 1
    scam += o["label"] == "scam"
    dx += o["label"] == "scam" and o["scam_type"] == "deepfake_extortion"
print(f"ham messages {ham}: called scam {scam}, called deepfake_extortion {dx}")
PY

echo "== sextortion BTC addresses inside sentences =="
python3 - "$shared/external/sextortion-btc/addresses.txt" > "$work/btc.jsonl" <<'PY'
import json, sys
for i, a in enumerate(l.strip() for l in open(sys.argv[1]) if l.strip()):
    print(json.dumps({"id": str(i), "addr": a, "text": f"Chuyển 0.05 BTC vào ví {a} trước 9h sáng mai."}, ensure_ascii=False))
PY
"$bin" scan "$work/btc.jsonl" > "$work/btc-pred.jsonl"
python3 - "$work/btc.jsonl" "$work/btc-pred.jsonl" <<'PY'
import json, sys
want = {o["id"]: o["addr"] for o in map(json.loads, open(sys.argv[1]))}
ok = sum(1 for o in map(json.loads, open(sys.argv[2]))
         if any(i["kind"] == "btc" and i["value"].lower() == want[o["id"]].lower() for i in o["indicators"]))
print(f"extracted as valid btc: {ok} of {len(want)}")
PY
