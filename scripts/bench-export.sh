#!/usr/bin/env bash
# Export speed (issue 15): the bundled drawing at 1280x720, 30 fps, in every format, and
# synthetic:10000 fitted into 20 s at 1280x720, 30 fps, as GIF and MP4. Each export's --json
# summary is kept; a table of frames per second and x real time is printed.
#   scripts/bench-export.sh [OUT_DIR] [ROUNDS]      (about a minute a round on lavapipe)
set -euo pipefail
out=${1:-docs/bench/issue15}
rounds=${2:-3}
bin=${INKPLAY:-target/release/inkplay}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  for fmt in mp4 webm gif apng frames; do
    dest="$tmp/cat.$fmt"; [ "$fmt" = frames ] && dest="$tmp/cat-frames/"
    "$bin" export -o "$dest" --size 1280x720 --fps 30 --json --no-progress > "$out/cat-$fmt-r$r.json"
    rm -rf "$dest"
  done
  for fmt in gif mp4; do
    "$bin" export synthetic:10000 -o "$tmp/s10k.$fmt" --size 1280x720 --fps 30 --duration 20 \
      --json --no-progress > "$out/synthetic10k-$fmt-r$r.json"
    rm -f "$tmp/s10k.$fmt"
  done
done
python3 - "$out" <<'PY'
import glob, json, os, sys, statistics
out = sys.argv[1]
rows = {}
for f in sorted(glob.glob(os.path.join(out, "*-r*.json"))):
    name = os.path.basename(f).rsplit("-r", 1)[0]
    rows.setdefault(name, []).append(json.load(open(f)))
print(f"{'export':<22}{'frames':>8}{'size':>12}{'frames/s (median, min-max)':>32}{'x real time':>14}")
for name, runs in rows.items():
    fps = sorted(r["export_fps"] for r in runs)
    rt = statistics.median(r["realtime_factor"] for r in runs)
    kib = runs[0]["bytes"] / 1024
    print(f"{name:<22}{runs[0]['frames']:>8}{kib:>10.0f}Ki"
          f"{statistics.median(fps):>14.1f} ({fps[0]:.1f}-{fps[-1]:.1f}){'':>6}{rt:>10.1f}x")
PY
