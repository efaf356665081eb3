#!/usr/bin/env bash
# Runs `kasane bench` for synchronous=FULL and NORMAL at 10,000 and 1,000,000
# existing cases, prints one JSON line per run, and a summary of the targets:
#   ratio >= 0.8 (FULL), >= 0.5 (NORMAL); 1M/10k throughput >= 0.8; p99 < 5 ms (FULL).
# Usage: scripts/bench.sh [BUILD_DIR]   (builds a Release tree first if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
[ -x "$BUILD/kasane" ] || KASANE_BUILD_TYPE=Release scripts/setup.sh "$BUILD"

out=$(mktemp)
for sync in full normal; do
  for existing in 10000 1000000; do
    "$BUILD/kasane" bench --json --synchronous "$sync" --existing "$existing" | tee -a "$out"
  done
done
python3 - "$out" <<'PY'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {(r["synchronous"], r["existing_cases"]): r for r in runs}
print()
print("| synchronous | existing cases | transitions/s | SQLite ceiling/s | ratio | p50 µs | p99 µs | RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for (s, e), r in sorted(by.items()):
    print(f"| {s} | {e:,} | {r['transitions_per_s']:.0f} | {r['sqlite_ceiling_per_s']:.0f} | {r['ratio']:.2f} | "
          f"{r['p50_us']:.0f} | {r['p99_us']:.0f} | {r['rss_mb']:.1f} |")
print()
for s, need in (("FULL", 0.8), ("NORMAL", 0.5)):
    for e in (10000, 1000000):
        r = by[(s, e)]
        print(f"ratio {s} @ {e:,}: {r['ratio']:.2f} (target >= {need}) {'ok' if r['ratio'] >= need else 'MISSED'}")
    scale = by[(s, 1000000)]["transitions_per_s"] / by[(s, 10000)]["transitions_per_s"]
    print(f"1M / 10k throughput {s}: {scale:.2f} (target >= 0.8) {'ok' if scale >= 0.8 else 'MISSED'}")
p99 = max(by[("FULL", e)]["p99_us"] for e in (10000, 1000000))
print(f"p99 FULL: {p99/1000:.2f} ms (target < 5 ms) {'ok' if p99 < 5000 else 'MISSED'}")
PY
rm -f "$out"
