#!/usr/bin/env bash
# Issue 14's million-stroke targets on this machine's adapter, 640x360: playing while
# synthetic:1000000 streams in (load, 4000 frames: the whole load), and scrubbing it once loaded
# (the checkpoints are built first; the report says how long that took).
#   scripts/bench-issue14-1m.sh [OUT_DIR]     (about 4 minutes and 13 GB of memory on lavapipe)
set -euo pipefail
out=${1:-docs/bench/issue14}
bin=${INKPLAY:-target/release/inkplay}
mkdir -p "$out"
"$bin" bench synthetic:1000000 --scenario load --size 640x360 --frames 4000 --no-progress \
  --json "$out/load-1m.json" | tee "$out/load-1m.txt"
"$bin" bench synthetic:1000000 --scenario scrub --size 640x360 --frames 300 --no-progress \
  --json "$out/scrub-1m.json" | tee "$out/scrub-1m.txt"
