"""Server time per page from the server's own Prometheus histograms (read on stdin): requests,
mean, and the smallest histogram bound every request stayed under. API, assets and metrics
routes are left out. A figure to read, not a test."""
import re
import sys

rows = {}
for line in sys.stdin:
    m = re.match(r"canhgiac_http_request_duration_seconds_(sum|count|bucket)\{(.*)\} (\S+)", line)
    if not m:
        continue
    kind, labels, value = m.groups()
    route = re.search(r'route="([^"]*)"', labels).group(1)
    if route.startswith(("/api", "/assets", "/metrics", "/healthz", "/taxii2")):
        continue
    row = rows.setdefault(route, {"buckets": []})
    if kind == "bucket":
        le = re.search(r'le="([^"]*)"', labels).group(1)
        row["buckets"].append((float(le), float(value)))
    else:
        row[kind] = float(value)

print("server time per page (route, requests, mean, every request under):")
for route, row in sorted(rows.items()):
    count = row.get("count", 0)
    if not count:
        continue
    under = min((le for le, n in row["buckets"] if n >= count), default=float("inf"))
    mean_ms = 1000 * row["sum"] / count
    print(f"  {route:34s} {int(count):4d}  {mean_ms:7.1f} ms  < {1000 * under:g} ms")
