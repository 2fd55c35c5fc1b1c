//! The examples, run as a user runs them: `headless_png` writes a PNG, the two window examples
//! (under Xvfb) draw the bundled sample through the public API and save their last frame, and the
//! pixels are checked against inkplay's own headless rendering of the same moment.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{diff_count, headless, png, xvfb_run, CHANNEL_TOLERANCE, MAX_DIFF_FRACTION};
use inkplay::gpu::AntiAlias;

/// The example's executable, built beside this test (`cargo test --all-targets` builds the
/// examples first); built now if it is missing.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).unwrap();
    let path = profile_dir.join("examples").join(name);
    if !path.exists() {
        let release = profile_dir.ends_with("release");
        let mut cargo = Command::new(env!("CARGO"));
        cargo.args(["build", "--example", name]);
        if release {
            cargo.arg("--release");
        }
        let status = cargo
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success(), "building example {name} failed");
    }
    path
}

/// The bundled sample at its end, rendered headless at `w`×`h` (the reference picture).
fn sample_at_end(w: u32, h: u32) -> Vec<u8> {
    let d = inkplay::import::sample();
    let end = d.duration_ms();
    let mut r = headless(w, h, AntiAlias::Analytic);
    r.load(d).unwrap();
    r.render(end).unwrap();
    r.read_rgba().unwrap()
}

fn dark(p: &[u8]) -> bool {
    p[..3].iter().all(|&c| c < 100)
}

#[test]
fn headless_png_writes_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cat.png");
    let at = inkplay::import::sample().duration_ms();
    let run = Command::new(example("headless_png"))
        .args(["assets/quickdraw/cat.ndjson", out.to_str().unwrap()])
        .arg(at.to_string())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let (px, w, h) = png(&out);
    let reference = sample_at_end(w, h);
    let (n, max) = diff_count(&px, &reference, CHANNEL_TOLERANCE);
    assert!(
        (n as f64) <= MAX_DIFF_FRACTION * f64::from(w * h),
        "{n} pixels differ (max {max})"
    );
    assert!(px.chunks_exact(4).filter(|p| dark(p)).count() > 1000);
}

#[test]
fn headless_png_names_a_bad_file() {
    let run = Command::new(example("headless_png"))
        .arg("no/such/drawing.ndjson")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("no/such/drawing.ndjson"), "{err}");
}

/// Run a window example for `frames` frames under Xvfb and return its last frame.
fn run_windowed(name: &str, frames: u32) -> Option<(Vec<u8>, u32, u32)> {
    let xvfb = xvfb_run()?;
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("last.png");
    let run = Command::new(xvfb)
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(example(name))
        .env("INKPLAY_FRAMES", frames.to_string())
        .env("INKPLAY_SCREENSHOT", &shot)
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .output()
        .unwrap();
    assert!(run.status.success(), "{name}: {run:?}");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains(&format!("drew {frames} frames")), "{out}");
    Some(png(&shot))
}

#[test]
fn embed_winit_draws_the_replay_into_its_own_surface() {
    let Some((px, w, h)) = run_windowed("embed_winit", 20) else {
        return;
    };
    assert_eq!((w, h), (640, 480));
    // The last frame shows the whole drawing: the same picture as a headless render of its end.
    let reference = sample_at_end(w, h);
    let (n, max) = diff_count(&px, &reference, CHANNEL_TOLERANCE);
    assert!(
        (n as f64) <= MAX_DIFF_FRACTION * f64::from(w * h),
        "{n} pixels differ (max {max})"
    );
}

#[test]
fn egui_widget_shows_the_replay_in_a_panel() {
    let Some((px, w, _)) = run_windowed("egui_widget", 20) else {
        return;
    };
    // The canvas is the one white rectangle in egui's dark window: find it.
    let white = |p: &[u8]| p[..3].iter().all(|&c| c >= 250);
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (i, p) in px.chunks_exact(4).enumerate() {
        if white(p) {
            let (x, y) = (i as u32 % w, i as u32 / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
        }
    }
    assert_eq!(
        (x1 - x0, y1 - y0),
        (480, 360),
        "canvas at {x0},{y0}..{x1},{y1}"
    );
    // Inside it, the whole drawing (the slider was dragged to the end): about as much ink as a
    // headless render of the end at the canvas size (egui samples the canvas with linear
    // filtering at a sub-pixel offset, which widens dark edges by about 15% on lavapipe).
    let ink_in_canvas = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| ((y * w + x) * 4) as usize))
        .filter(|&i| dark(&px[i..i + 4]))
        .count();
    let reference = sample_at_end(480, 360);
    let ink_reference = reference.chunks_exact(4).filter(|p| dark(p)).count();
    let ratio = ink_in_canvas as f64 / ink_reference as f64;
    assert!(
        (0.9..1.3).contains(&ratio),
        "ink {ink_in_canvas} in the canvas, {ink_reference} in the reference"
    );
}
