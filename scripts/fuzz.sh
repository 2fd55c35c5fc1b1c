#!/usr/bin/env bash
# Fuzz every importer with cargo-fuzz (libFuzzer), one target per format (fuzz/fuzz_targets/).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 600 s each, every target
#   JOBS=2 scripts/fuzz.sh                     run two targets at a time
#
# Each target imports its input as that one format (no detection, so inputs reach the importer),
# checks that a failure is a clean error naming the file, and tessellates what was imported. A
# panic, an input taking over 10 s (-timeout) or over 2 GiB (-rss_limit_mb) is a crash: libFuzzer
# leaves the input in fuzz/artifacts/TARGET/ and this script exits 1. Turn it into a regression
# test: add the input to tests/fuzz_regressions/ as TARGET-what.ext. Seeds come from ../shared/corpus (the real files of each
# format) and fuzz/seeds/; the growing corpus stays in fuzz/corpus/ (ignored by git). After a long
# run, keep its minimized corpus: cargo +nightly fuzz cmin -s none TARGET fuzz/corpus/TARGET, then
# copy fuzz/corpus/TARGET/* into fuzz/seeds/TARGET/.
# Needs the nightly toolchain (rustup) and cargo-fuzz (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
all=(native quickdraw excalidraw excalidraw_embed tldraw inkml svg svc pointer_events wacom_csv gml freehand_json quickdraw_bin sketch_rnn)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
jobs="${JOBS:-1}"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal

corpus_dir=../shared/corpus
seed() { # target, globs relative to the shared corpus
  local t="$1"; shift
  mkdir -p "fuzz/corpus/$t"
  cp -n fuzz/seeds/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
  [ -d "$corpus_dir" ] || return 0
  for g in "$@"; do
    for f in $corpus_dir/$g; do
      # libFuzzer inputs are kept small (-max_len); seeds larger than that are cut by it.
      [ -f "$f" ] && cp -n "$f" "fuzz/corpus/$t/$(echo "${f#$corpus_dir/}" | tr / _)"
    done
  done
  return 0
}
seed native
seed quickdraw 'quickdraw/raw/*.ndjson' 'quickdraw/simplified/*.ndjson'
seed excalidraw 'excalidraw/*'
seed excalidraw_embed 'fidelity/excalidraw-own/*embedded*' 'fidelity/exports/*'
seed tldraw 'tldraw/*'
seed inkml 'inkml/*'
seed svg 'svg/resvg/*/*.svg' 'svg/*.svg'
seed svc 'other/svc/*'
seed pointer_events 'other/pointer_events/*'
seed wacom_csv 'other/wacom_uim/*'
seed gml 'other/gml/*'
seed freehand_json 'other/perfect_freehand/*'
seed quickdraw_bin
seed sketch_rnn

cargo +nightly fuzz build -s none
# Replay the crashes found before (tests/fuzz_regressions/TARGET-*.*) on these builds: they have
# debug assertions, so they also check lyon's internal assertions, which release tests cannot.
for f in tests/fuzz_regressions/*-*; do
  t="$(basename "$f")"; t="${t%%-*}"
  "fuzz/target/x86_64-unknown-linux-gnu/release/$t" "$f" >/dev/null 2>&1 \
    || { echo "regression input $f crashes $t again" >&2; exit 1; }
done
mkdir -p fuzz/logs
run_one() {
  local t="$1"
  if cargo +nightly fuzz run -s none "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
      -print_final_stats=1 >"fuzz/logs/$t.log" 2>&1; then
    echo "$t: ${seconds} s, no crash; $(grep -E '^stat::number_of_executed_units' "fuzz/logs/$t.log" | awk '{print $2}') inputs run"
  else
    echo "$t: CRASH (see fuzz/logs/$t.log and fuzz/artifacts/$t/)"
    return 1
  fi
}
export -f run_one
export seconds
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
