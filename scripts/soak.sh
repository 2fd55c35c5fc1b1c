#!/usr/bin/env bash
# The 30-minute soak of issue 17: synthetic:10000 at 1280x720 under the default governor, memory
# held flat after the first minute (--check), the report and the SVG plot kept.
#   scripts/soak.sh [OUT_DIR] [MINUTES]
set -euo pipefail
out=${1:-soak-results}
minutes=${2:-30}
mkdir -p "$out"
cargo build --release --quiet
target/release/inkplay bench synthetic:10000 --scenario soak --minutes "$minutes" --no-progress \
    --json "$out/soak.json" --plot "$out/soak.svg" --check | tee "$out/soak.txt"
