#!/usr/bin/env bash
# Install what a fresh Debian machine lacks to build and test inkplay:
# Mesa's software Vulkan driver (lavapipe) and GL, the X11/xkb libraries winit loads, Xvfb for a
# virtual display, ffmpeg for MP4/WebM export, xdotool for the window-storm test, a CJK font
# (WenQuanYi Micro Hei) for the text tests' system-font fallback. Idempotent:
# does nothing when everything is present. Needs root (or sudo).
set -euo pipefail

PKGS=(mesa-vulkan-drivers libvulkan1 libegl1 libegl-mesa0 libgl1-mesa-dri libgles2
      libxkbcommon-x11-0 libxkbcommon0 libx11-xcb1 libxcursor1 libxi6 libxrandr2 xvfb xauth
      ffmpeg xdotool fonts-wqy-microhei)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install Rust (https://rustup.rs) first" >&2
  exit 1
fi
