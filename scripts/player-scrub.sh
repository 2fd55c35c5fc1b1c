#!/usr/bin/env bash
# Scrub the timeline of the player on a large drawing (issue 14): the drawing streams in, the
# checkpoints are built, then a scripted drag (eased sweeps both ways, holds, jumps) moves the
# playhead every frame; at the end the frame-time panel is captured.
#   scripts/player-scrub.sh [DRAWING] [OUT_DIR]      (DRAWING default synthetic:100000)
# Needs a display (run under xvfb-run on a headless machine).
set -euo pipefail
drawing=${1:-synthetic:100000}
out=${2:-docs/bench/issue14}
start=${START_FRAME:-1500}
mkdir -p "$out"
bin=${INKPLAY:-target/release/inkplay}
script=$(mktemp)
trap 'rm -f "$script"' EXIT
# One action a frame: sweeps of 10-60 frames with ease-in-out, holds of 3-15 frames, jumps.
awk -v start="$start" 'BEGIN {
  srand(14); f = start; at = 0.5; n = 0
  while (n < 360) {
    r = rand()
    if (r < 0.6) {
      to = rand(); k = 10 + int(rand() * 50)
      for (i = 1; i <= k && n < 360; i++) {
        x = i / k; e = x * x * (3 - 2 * x)
        printf "%d:scrub=%.5f\n", f++, at + (to - at) * e; n++
      }
      at = to
    } else if (r < 0.85) {
      k = 3 + int(rand() * 12); f += k; n += k
    } else {
      at = rand(); printf "%d:scrub=%.5f\n", f++, at; n++
    }
  }
  # The frame-time panel (its history covers the drag) is opened for the screenshot only: drawn
  # every frame, its plot alone costs a software rasterizer several ms.
  printf "%d:panel=frames\n", f + 20
  printf "%d:screenshot='"$out"'/player-scrub.png\n", f + 30
}' > "$script"
last=$(tail -1 "$script" | cut -d: -f1)
"$bin" play "$drawing" --vsync off --script "@$script" --frames $((last + 5)) \
  --report "$out/player-scrub.json"
echo "screenshot: $out/player-scrub.png, report: $out/player-scrub.json"
