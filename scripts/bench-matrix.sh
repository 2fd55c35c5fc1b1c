#!/usr/bin/env bash
# The BENCHMARKS.md tables: synthetic 1k/10k/100k × playback/static × analytic/msaa4, each row one
# `inkplay bench --compare` run (peers on the same frames). Writes one JSON report per row into
# DIR (default bench-results/) and prints the tables. 100k rows use 60 frames (the peers take
# seconds per frame there); the others 600.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-results}"
mkdir -p "$out"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
cargo build --release --quiet
for n in 1000 10000 100000; do
  frames=600; [ "$n" -ge 100000 ] && frames=60
  for scenario in playback static; do
    for aa in analytic msaa4; do
      f="$out/synthetic-$n-$scenario-$aa.json"
      echo "== synthetic:$n $scenario $aa ($frames frames)" >&2
      target/release/inkplay bench "synthetic:$n" --scenario "$scenario" --aa "$aa" --frames "$frames" \
        --compare --no-progress --json "$f" >/dev/null
    done
  done
done
python3 scripts/bench-table.py "$out"
