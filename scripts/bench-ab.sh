#!/usr/bin/env bash
# Interleaved before/after: scripts/bench-ab.sh BEFORE_BIN AFTER_BIN OUT [ROUNDS] [CONFIGS]. Each
# configuration runs with the before binary, then the after binary,
# ROUNDS times. JSON reports go to OUT/<label>-<round>-<which>.json. CONFIGS is a file of
# "label|bench arguments" lines (default: the real-time table, load and rebuild below).
set -u
before=$1; after=$2; out=$3; rounds=${4:-2}
mkdir -p "$out"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
configs=(
  "rt-1k-analytic|synthetic:1000 --speed 1 --frames 600 --aa analytic"
  "rt-10k-analytic|synthetic:10000 --speed 1 --frames 600 --aa analytic"
  "rt-100k-analytic|synthetic:100000 --speed 1 --frames 600 --aa analytic"
  "rt-1k-msaa4|synthetic:1000 --speed 1 --frames 600 --aa msaa4"
  "rt-10k-msaa4|synthetic:10000 --speed 1 --frames 600 --aa msaa4"
  "rt-100k-msaa4|synthetic:100000 --speed 1 --frames 600 --aa msaa4"
  "load-100k|synthetic:100000 --scenario load --frames 450"
  "rebuild-10k|synthetic:10000 --scenario rebuild --frames 300"
)
if [ -n "${5:-}" ]; then
  mapfile -t configs < <(grep -v '^#' "$5" | grep .)
fi
for r in $(seq 1 "$rounds"); do
  for c in "${configs[@]}"; do
    label=${c%%|*}; args=${c#*|}
    for which in before after; do
      bin=$before; [ "$which" = after ] && bin=$after
      # shellcheck disable=SC2086
      "$bin" bench $args --no-progress --json "$out/$label-$r-$which.json" >/dev/null 2>"$out/$label-$r-$which.err" || echo "FAILED $label $r $which" >&2
    done
  done
done
