#!/usr/bin/env bash
# Run every check: install system dependencies, formatting, clippy, the lean library build, rustdoc,
# all tests (release build, shared with the binary and the examples, which the tests run). This is
# the command README.md gives and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# wgpu's GL fallback probes Wayland; give it a runtime dir so nothing complains.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

cargo fmt --all -- --check
cargo clippy --all-targets --release -- -D warnings
# The library on its own builds without the binary's, the player's and the bench's dependencies,
# and its docs have no broken links or undocumented items.
cargo check --no-default-features --lib
RUSTDOCFLAGS=-Dwarnings cargo doc --no-deps --lib

log="$(mktemp)"
bench_log="$(mktemp)"
trap 'rm -f "$log" "$bench_log"' EXIT
# The examples as users run them (tests/examples.rs runs these binaries).
cargo build --release --examples
cargo test --release --all-targets 2>&1 | tee "$log"
# The crate docs' examples compile (doc tests are not among --all-targets).
cargo test --release --doc 2>&1 | tee -a "$log"
# The README's embedding program, as a crate outside this repository would build it.
scripts/check-embedding.sh
# Criterion benches in smoke mode (a few ms each) so they cannot rot; same release build.
if ! INKPLAY_BENCH_SMOKE=1 cargo bench --bench pipeline >"$bench_log" 2>&1; then
  cat "$bench_log"
  echo "bench smoke run failed" >&2
  exit 1
fi
grep -E "time:|thrpt:" "$bench_log" | head -20
# One closing line for the whole run (cargo prints one per test target).
awk '/^test result:/ { p += $4; f += $6; s += $8 } END { printf "all targets: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
