#!/usr/bin/env bash
# The README's "Use as a library" program, built and run as a host application would: a crate
# outside this repository that depends on inkplay by path with default-features = false, creates
# its own wgpu device and texture, has inkplay render the bundled drawing into it and reads the
# pixels back. Its target directory is target/embedding (kept between runs).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
crate="$(mktemp -d)"
trap 'rm -rf "$crate"' EXIT
mkdir -p "$crate/src"
cat >"$crate/Cargo.toml" <<TOML
[package]
name = "embedding-check"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
inkplay = { path = "$repo", default-features = false }
wgpu = "=27.0.1"
pollster = "1.0"

[workspace]
TOML
# The repository's lock file, so the crate gets the same dependency versions the tests use.
cp "$repo/Cargo.lock" "$crate/Cargo.lock"
# The first rust code block of the section.
awk '/^## Use as a library/ { s = 1 } s && /^```rust$/ { c = 1; next } c && /^```$/ { exit } c { print }' \
  "$repo/README.md" >"$crate/src/main.rs"
if [ ! -s "$crate/src/main.rs" ]; then
  echo "check-embedding: no rust block under '## Use as a library' in README.md" >&2
  exit 1
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
CARGO_TARGET_DIR="$repo/target/embedding" cargo run --quiet --manifest-path "$crate/Cargo.toml"
