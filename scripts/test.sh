#!/usr/bin/env bash
# Run every check: install system dependencies, formatting, clippy, all tests (release build, shared
# with the benches and the binary), then the bench smoke run. This is the command README.md gives
# and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# wgpu's GL fallback probes Wayland; give it a runtime dir so nothing complains.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

cargo fmt --all -- --check
cargo clippy --all-targets --release -- -D warnings
cargo test --release --all-targets
