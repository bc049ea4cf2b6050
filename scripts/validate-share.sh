#!/usr/bin/env bash
# Checks the exchange formats of crates/share with the reference tools of each format:
#   - the STIX 2.1 bundle with stix2-validator (OASIS): no errors allowed, warnings listed;
#   - the MISP feed with PyMISP: every event loads, every object matches its MISP object
#     template (uuid, version, relations, attribute types, categories, required fields), and
#     manifest.json and hashes.csv agree with the events;
#   - the CAP 1.2 alert with xmllint against ../shared/schemas/CAP-v1.2.xsd (skipped, and said,
#     where that file is absent); the Atom feed for well-formedness.
# usage: scripts/validate-share.sh [--from BIN] [OUT_DIR]   (default: a temporary directory)
#   Without --from: the sample exports of crates/share (examples/sample.rs).
#   With --from BIN: what the real binary exports from a demo store (`BIN demo`): the STIX
#   bundle, the MISP feed, every advisory's CAP alert and the Atom feed; and none of it may
#   carry the demo reporter's contact.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

binary=
if [ "${1:-}" = "--from" ]; then
  binary=$2
  shift 2
fi
out=${1:-$(mktemp -d)}
mkdir -p "$out"
need_command xmllint libxml2-utils

mapfile -t requirements < <(grep -v '^#' scripts/requirements-share.txt | grep .)
py=$(bash scripts/venv.sh "${requirements[@]}")
bin=$(dirname "$py")

failed=0
if [ -n "$binary" ]; then
  echo "== exports of $binary from a demo store into $out"
  db="sqlite://$out/demo.db"
  "$binary" demo --db "$db" >/dev/null
  mkdir -p "$out/stix"
  "$binary" export stix --tlp amber --db "$db" --out "$out/stix/bundle.json"
  "$binary" export misp "$out/misp" --tlp amber --db "$db"
  "$binary" export cap "$out/cap" --db "$db"
  # The demo's first report carries a reporter's contact: no export may.
  for secret in "0903 111 222" "0903111222" "+84903111222" "tuan.demo@example.com"; do
    if grep -rlF -- "$secret" "$out/stix" "$out/misp" "$out/cap"; then
      echo "an export carries the reporter's contact ($secret)"
      failed=1
    fi
  done
  echo "reporter contact: in no export"
else
  echo "== building the sample exports into $out"
  cargo run -q --locked -p canhgiac-share --example sample -- "$out"
fi

echo "== stix2-validator: $out/stix/bundle.json"
stix_log="$out/stix-validator.txt"
if "$bin/stix2_validator" "$out/stix/bundle.json" >"$stix_log" 2>&1; then
  echo "stix2-validator: valid, no errors"
else
  echo "stix2-validator: INVALID"
  cat "$stix_log"
  failed=1
fi
# The warnings, counted by best-practice code and object type.
grep -o 'Warning: [a-z0-9-]*--[^:]*: {[0-9]*}' "$stix_log" \
  | sed -E 's/Warning: ([a-z0-9-]+)--[^:]*: \{([0-9]+)\}/  warning {\2} on \1/' \
  | sort | uniq -c || true

echo "== STIX structure: ids, references, SCO ids"
"$py" - "$out/stix/bundle.json" <<'PY' || failed=1
import json, re, sys, uuid
bundle = json.load(open(sys.argv[1]))
objects = bundle["objects"]
ids = {o["id"] for o in objects}
problems = []
sco_ns = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
contributing = {"url": ["value"], "domain-name": ["value"], "email-addr": ["value"],
                "phone-number": ["value"], "cryptocurrency-wallet": ["value"],
                "bank-account": ["account_number"], "file": ["hashes"],
                "user-account": ["account_type", "user_id", "account_login"]}
tlp_ids = {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
           "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
           "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
           "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"}
def refs(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if k.endswith("_ref") and isinstance(v, str):
                yield v
            elif k.endswith("_refs") and isinstance(v, list):
                yield from (x for x in v if isinstance(x, str))
            else:
                yield from refs(v)
    elif isinstance(value, list):
        for v in value:
            yield from refs(v)
for o in objects:
    if not o["id"].startswith(o["type"] + "--"):
        problems.append(f"{o['id']}: id does not start with its type")
    for r in refs(o):
        if r not in ids:
            problems.append(f"{o['id']}: dangling reference {r}")
    if o["type"] in contributing:
        key = {k: o[k] for k in contributing[o["type"]] if k in o}
        expected = f"{o['type']}--{uuid.uuid5(sco_ns, json.dumps(key, sort_keys=True, separators=(',', ':'), ensure_ascii=False))}"
        if o["id"] != expected:
            problems.append(f"{o['id']}: SCO id is not the specification's UUIDv5 ({expected})")
    if o["type"] == "marking-definition" and o["id"] not in tlp_ids:
        problems.append(f"{o['id']}: not a shareable TLP 2.0 marking")
for p in problems:
    print("  " + p)
print(f"STIX structure: {len(objects)} objects, {len(problems)} problems")
sys.exit(1 if problems else 0)
PY

echo "== PyMISP object templates: $out/misp"
"$py" - "$out/misp" <<'PY' || failed=1
import csv, json, sys, warnings
from pathlib import Path
from pymisp import MISPEvent, MISPObject
from pymisp.abstract import describe_types

feed = Path(sys.argv[1])
problems = []
manifest = json.loads((feed / "manifest.json").read_text())
hash_rows = {tuple(row) for row in csv.reader((feed / "hashes.csv").read_text().splitlines())}
category_types = describe_types["category_type_mappings"]
events = sorted(p for p in feed.glob("*.json") if p.name != "manifest.json")
expected_rows = set()
objects_checked = 0
for path in events:
    event = MISPEvent()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        event.load_file(str(path))
    where = path.name
    if path.stem != event.uuid:
        problems.append(f"{where}: file name is not the event uuid")
    entry = manifest.get(event.uuid)
    if entry is None:
        problems.append(f"{where}: not in manifest.json")
    elif entry["info"] != event.info:
        problems.append(f"{where}: manifest info differs")
    if not any(t.name.startswith("tlp:") for t in event.tags):
        problems.append(f"{where}: no tlp tag")
    if not any(t.name.startswith("circl:incident-classification=") for t in event.tags):
        problems.append(f"{where}: no circl:incident-classification tag")
    expected_rows |= {(h, event.uuid) for h in event.attributes_hashes("md5")}
    for attribute in event.attributes:
        if attribute.category not in category_types or attribute.type not in category_types[attribute.category]:
            problems.append(f"{where}: attribute {attribute.type} not allowed in category {attribute.category}")
    for obj in event.objects:
        objects_checked += 1
        template = MISPObject(obj.name)
        if not template._known_template:
            problems.append(f"{where}: no MISP object template named {obj.name}")
            continue
        definition = template._definition
        if obj.template_uuid != definition["uuid"]:
            problems.append(f"{where}: {obj.name} template_uuid {obj.template_uuid} != {definition['uuid']}")
        if str(obj.template_version) != str(definition["version"]):
            problems.append(f"{where}: {obj.name} template_version {obj.template_version} != {definition['version']}")
        for attribute in obj.attributes:
            spec = definition["attributes"].get(attribute.object_relation)
            if spec is None:
                problems.append(f"{where}: {obj.name} has no relation {attribute.object_relation}")
                continue
            if attribute.type != spec["misp-attribute"]:
                problems.append(f"{where}: {obj.name}.{attribute.object_relation} type {attribute.type} != {spec['misp-attribute']}")
            if attribute.category not in category_types or attribute.type not in category_types[attribute.category]:
                problems.append(f"{where}: {obj.name}.{attribute.object_relation} category {attribute.category} does not allow {attribute.type}")
        # Required relations, requiredOneOf and multiplicity, as PyMISP checks its own objects.
        strict = MISPObject(obj.name, strict=True)
        for attribute in obj.attributes:
            strict.add_attribute(attribute.object_relation, value=attribute.value, type=attribute.type, category=attribute.category)
        try:
            strict._validate()
        except Exception as error:  # PyMISP raises InvalidMISPObject
            problems.append(f"{where}: {obj.name}: {error}")
if set(manifest) != {p.stem for p in events}:
    problems.append("manifest.json and the event files name different events")
if hash_rows != expected_rows:
    problems.append(f"hashes.csv differs from PyMISP's md5 hashes ({len(hash_rows)} rows, expected {len(expected_rows)})")
for p in problems:
    print("  " + p)
print(f"PyMISP: {len(events)} events, {objects_checked} objects, {len(hash_rows)} hashes.csv rows, {len(problems)} problems")
sys.exit(1 if problems else 0)
PY

alerts=("$out"/cap/*.xml)
echo "== CAP 1.2 schema: ${#alerts[@]} alert(s) in $out/cap"
xsd=../shared/schemas/CAP-v1.2.xsd
if [ ! -e "${alerts[0]}" ]; then
  echo "no CAP alert was exported"
  failed=1
elif [ -f "$xsd" ]; then
  xmllint --noout --schema "$xsd" "${alerts[@]}" || failed=1
else
  echo "SKIPPED: $xsd is not present here, the CAP alerts were not checked against the schema"
fi

for feed in "$out"/atom.xml "$out"/cap/*.atom; do
  [ -e "$feed" ] || continue
  echo "== Atom feed well-formedness: $feed"
  xmllint --noout "$feed" && echo "$feed is well-formed" || failed=1
done

if [ "$failed" -ne 0 ]; then
  echo "validate-share: FAILED"
  exit 1
fi
echo "validate-share: all checks passed"
