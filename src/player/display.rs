//! Whether a window can be opened, and what to say when it cannot.

/// Whether a window can be opened here (on Linux and the BSDs: an X11 or Wayland display).
pub fn display_available() -> bool {
    if cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )) {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        set("DISPLAY") || set("WAYLAND_DISPLAY")
    } else {
        true
    }
}

/// The message for a machine without a display.
pub fn no_display_hint(detail: &str) -> String {
    format!(
        "the player needs a window, but {detail}.\n\
         Without a display:\n  \
         inkplay render [FILE] --at 50% -o frame.png   render a frame to PNG (headless)\n  \
         inkplay bench [FILE]                          measure frame times (headless)\n  \
         xvfb-run -s '-screen 0 1280x800x24' inkplay play [FILE]   play on a virtual display"
    )
}
