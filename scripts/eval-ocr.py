"""Screenshot evaluation: renders labelled messages as chat screenshots, reads each back with
`canhgiac check --image`, and compares with `canhgiac check` on the text itself.

Reports: how often the verdict (scam/legit) from the screenshot equals the verdict from the
text; indicator recall of the screenshot relative to the text's indicators; wall time per
screenshot (a whole `canhgiac check --image` process pinned to one core: decode, clean-up,
OCR, analysis) by variant.

usage: eval-ocr.py CANHGIAC MESSAGES.jsonl RENDER_DIR [--workers N] [--limit N]
RENDER_DIR holds the output of scripts/render-screenshots.py (manifest.jsonl and images)."""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import time


def check(binary, args, core):
    started = time.perf_counter()
    out = subprocess.run(["taskset", "-c", str(core), binary, "check", "--json", *args],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode not in (0, 1):
        return None, seconds, out.stderr.strip()
    return json.loads(out.stdout), seconds, ""


def indicators(analysis):
    return {(i["kind"], i["value"]) for i in analysis["indicators"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("messages")
    parser.add_argument("render_dir")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    texts = {}
    with open(args.messages) as f:
        for line in f:
            if line.strip():
                m = json.loads(line)
                texts[str(m["id"])] = m["text"]
    manifest = [json.loads(l) for l in open(os.path.join(args.render_dir, "manifest.jsonl"))]
    if args.limit:
        manifest = manifest[: args.limit]

    def one(job):
        index, entry = job
        core = index % args.workers
        text_result, _, _ = check(args.binary, [texts[str(entry["id"])]], core)
        image = os.path.join(args.render_dir, entry["image"])
        image_result, seconds, error = check(args.binary, ["--image", image], core)
        return entry, text_result, image_result, seconds, error

    same = 0
    found = expected = 0
    failures = []
    times = collections.defaultdict(list)
    timed = []
    mismatches = []
    missed = []
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        for entry, text_result, image_result, seconds, error in pool.map(one, enumerate(manifest)):
            variant = f'{entry["theme"]}-{entry["size"]}-{entry["format"]}'
            times[variant].append(seconds)
            timed.append((seconds, entry["image"]))
            want = indicators(text_result)
            expected += len(want)
            if image_result is None:
                failures.append((entry["image"], error))
                continue
            got = indicators(image_result)
            found += len(want & got)
            for kind, value in sorted(want - got):
                missed.append((entry["image"], kind, value))
            if image_result["label"] == text_result["label"]:
                same += 1
            else:
                mismatches.append((entry["image"], text_result["label"], image_result["label"]))
    n = len(manifest)
    all_times = sorted(t for ts in times.values() for t in ts)
    print(f"screenshots {n}  verdict equal to the text's {same}/{n} = {same / n:.3f}")
    print(f"indicator recall relative to the text {found}/{expected} = "
          f"{found / max(expected, 1):.3f}")
    print(f"seconds per screenshot (whole process, one core): mean {sum(all_times) / n:.2f}  "
          f"median {all_times[n // 2]:.2f}  p95 {all_times[int(n * 0.95)]:.2f}  max {all_times[-1]:.2f}")
    over = [t for t, _ in timed if t > 1.5]
    print(f"  over 1.5 s: {len(over)} of {n}; slowest: "
          + ", ".join(f"{image} {t:.2f} s" for t, image in sorted(timed, reverse=True)[:5]))
    for variant, ts in sorted(times.items()):
        print(f"  {variant:22} n {len(ts):4}  mean {sum(ts) / len(ts):.2f} s")
    for image, error in failures:
        print(f"  error {image}: {error}")
    for image, want, got in mismatches:
        print(f"  verdict {image}: text {want}, screenshot {got}")
    by_kind = collections.Counter(kind for _, kind, _ in missed)
    print(f"  indicators missed by kind: {dict(by_kind)}")
    for image, kind, value in missed:
        print(f"  missed {image}: {kind} {value}")


if __name__ == "__main__":
    main()
