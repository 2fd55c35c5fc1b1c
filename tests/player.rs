//! The player (`inkplay play`) as a user and CI run it: in a window on a virtual X display
//! (Xvfb) on the software adapter, driven by `--frames`/`--script`, checked through its
//! screenshots and its `--report`. Without a display it must say what to run instead.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::sync::Mutex;

use common::{corpus, inkplay, inkplay_windowed, png, xvfb_run};

/// One virtual display at a time (xvfb-run -a picks a free display number, racily).
static XVFB: Mutex<()> = Mutex::new(());

fn report(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("report written");
    serde_json::from_str(&text).expect("report is JSON")
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Pixels in `rect` (x0, y0, x1, y1) for which `pred` holds, as a fraction.
fn fraction(
    rgba: &[u8],
    w: u32,
    (x0, y0, x1, y1): (u32, u32, u32, u32),
    pred: impl Fn([u8; 4]) -> bool,
) -> f64 {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            if pred(common::pixel(rgba, w, x, y)) {
                n += 1;
            }
        }
    }
    f64::from(n) / f64::from((x1 - x0) * (y1 - y0))
}

fn is_ink(p: [u8; 4]) -> bool {
    p[..3].iter().all(|&c| c < 100)
}

fn is_white(p: [u8; 4]) -> bool {
    p[..3].iter().all(|&c| c > 245)
}

/// egui's dark panels and windows: dark grey, not white.
fn is_panel(p: [u8; 4]) -> bool {
    p[..3].iter().all(|&c| (10..=60).contains(&c))
}

/// The transport bar: dark panel, buttons and the (blue-tinted) scrubber.
fn is_dark(p: [u8; 4]) -> bool {
    p[..3].iter().all(|&c| c < 100)
}

#[test]
fn without_a_display_it_says_what_to_run_instead() {
    for args in [&["play"][..], &[]] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_inkplay"))
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env("XDG_RUNTIME_DIR", std::env::temp_dir())
            .output()
            .expect("run");
        let t = text(&o);
        assert_eq!(o.status.code(), Some(1), "{t}");
        for hint in ["display", "inkplay render", "inkplay bench", "xvfb-run"] {
            assert!(t.contains(hint), "missing {hint:?} in: {t}");
        }
        assert!(!t.contains("panicked"), "{t}");
    }
}

#[test]
fn a_bad_file_fails_before_any_window() {
    let o = inkplay(&["play", "does/not/exist.ndjson"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("does/not/exist.ndjson"));
    let o = inkplay(&["play", "--script", "5:warp"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("warp"));
    let o = inkplay(&["play", "--speed", "100"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// The Done-when run: a corpus drawing plays, pauses, scrubs and zooms in a window; the screenshots
/// show the drawing, the transport bar, the profiler and the memory panel; the report shows the
/// named profiler scopes and that steady frames neither allocate GPU buffers nor re-tessellate.
#[test]
fn plays_pauses_scrubs_zooms_and_shows_the_overlay() {
    let (Some(corpus), Some(xvfb)) = (corpus(), xvfb_run()) else {
        return;
    };
    let _x = XVFB.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let file = corpus.join("quickdraw/raw/the_eiffel_tower.ndjson");
    let p = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    let script = format!(
        "20:pause 22:scrub=0.5 24:screenshot={mid} 26:seek=end 28:screenshot={end} \
         30:zoom=2 31:pan=-40,0 32:panel=memory 33:panel=profiler 34:seek=90% 35:play",
        mid = p("mid.png"),
        end = p("end.png"),
    );
    let o = inkplay_windowed(
        &xvfb,
        &[
            "play",
            file.to_str().unwrap(),
            "--vsync",
            "off",
            "--frames",
            "60",
            "--script",
            &script,
            "--screenshot",
            &p("final.png"),
            "--report",
            &p("report.json"),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = report(&dir.path().join("report.json"));

    // Named scopes across the frame, the tessellation workers, wgpu's own and egui's.
    let scopes: Vec<&str> = r["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    for s in [
        "frame",
        "input",
        "clock",
        "egui_ui",
        "prepare",
        "upload",
        "acquire",
        "encode",
        "egui_paint",
        "submit",
        "present",
        "tessellate_stroke",
        "encode_frame",
        "Queue::submit",
        "Context::run",
    ] {
        assert!(scopes.contains(&s), "scope {s:?} missing from {scopes:?}");
    }
    assert_eq!(r["frames"], 60);
    assert!(r["steady_frames"].as_u64().unwrap() >= 50);
    assert_eq!(
        r["steady_gpu_allocations"], 0,
        "the frame loop allocates no GPU buffers"
    );
    assert_eq!(r["steady_tessellations"], 0, "strokes are tessellated once");
    assert!(r["gpu"]["vertices"].as_u64().unwrap() > 0);
    assert!(r["profiler"].as_bool().unwrap() && r["memory_panel"].as_bool().unwrap());
    let zoom = r["zoom"].as_f64().unwrap();
    assert!((zoom - 2.0).abs() < 1e-3, "zoom {zoom}");
    assert_eq!(r["playing"], true);
    assert!(
        r["layer_rebuilds"].as_u64().unwrap() >= 2,
        "scrub back and zoom rebuild the layer"
    );

    let (mid, w, h) = png(&dir.path().join("mid.png"));
    let (end, ..) = png(&dir.path().join("end.png"));
    assert_eq!((w, h), (1280, 720));
    // The drawing: ink on white above the transport bar; half-way shows less ink than the end.
    let drawing_area = (200, 60, 1080, 600);
    let ink_end = fraction(&end, w, drawing_area, is_ink);
    let ink_mid = fraction(&mid, w, drawing_area, is_ink);
    assert!(ink_end > 0.005, "ink at the end: {ink_end}");
    assert!(
        ink_mid < ink_end * 0.9,
        "half-way shows part of the drawing: {ink_mid} vs {ink_end}"
    );
    assert!(fraction(&end, w, drawing_area, is_white) > 0.5);
    // The transport bar along the bottom.
    assert!(fraction(&end, w, (0, h - 60, w, h), is_dark) > 0.8);

    // With the memory panel (left) and the profiler (top right) open.
    let (fin, ..) = png(&dir.path().join("final.png"));
    let covered = |p| !is_white(p);
    assert!(
        fraction(&fin, w, (20, 160, 300, 480), covered) > 0.95,
        "memory panel"
    );
    assert!(
        fraction(&fin, w, (720, 40, 1260, 400), covered) > 0.95,
        "profiler window"
    );
    // …and the drawing between them, zoomed in.
    let middle = (360, 100, 660, 600);
    assert!(
        fraction(&fin, w, middle, is_ink) > 0.01,
        "ink in the middle"
    );
    assert!(
        fraction(&fin, w, middle, is_white) > 0.5,
        "drawing background in the middle"
    );
    assert!(
        fraction(&fin, w, (0, h - 60, w, h), is_dark) > 0.8,
        "transport bar"
    );
}

/// With the overlay hidden, the window shows exactly what `inkplay render` writes: the window is just
/// another target for the same renderer.
#[test]
fn the_window_shows_what_headless_renders() {
    let (Some(corpus), Some(xvfb)) = (corpus(), xvfb_run()) else {
        return;
    };
    let _x = XVFB.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let file = corpus.join("quickdraw/raw/snail.ndjson");
    let file = file.to_str().unwrap();
    let win = dir.path().join("window.png");
    let head = dir.path().join("headless.png");
    let o = inkplay_windowed(
        &xvfb,
        &[
            "play",
            file,
            "--size",
            "640x480",
            "--no-overlay",
            "--paused",
            "--at",
            "end",
            "--vsync",
            "off",
            "--frames",
            "3",
            "--screenshot",
            win.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = inkplay(&[
        "render",
        file,
        "--size",
        "640x480",
        "--at",
        "end",
        "-o",
        head.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let (a, w, h) = png(&win);
    let (b, ..) = png(&head);
    assert_eq!((w, h), (640, 480));
    assert!(
        common::ink_pixels(&a) > 1000,
        "the drawing is in the window"
    );
    // Same tolerance as the snapshots (the window tessellates at twice the fitted scale).
    let (n, max) = common::diff_count(&a, &b, common::CHANNEL_TOLERANCE);
    let allowed = (f64::from(w * h) * common::MAX_DIFF_FRACTION) as usize;
    assert!(
        n <= allowed,
        "{n} pixels differ (max {max}), allowed {allowed}"
    );
}

/// Opening files (as a drop does): a bad file shows its error and keeps the drawing; a good one
/// replaces it.
#[test]
fn a_bad_dropped_file_keeps_the_drawing_a_good_one_replaces_it() {
    let (Some(corpus), Some(xvfb)) = (corpus(), xvfb_run()) else {
        return;
    };
    let _x = XVFB.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.ndjson");
    std::fs::write(&bad, "{\"word\": \"cat\", \"drawing\": [[[1,2],[3").unwrap();
    let good = corpus.join("quickdraw/raw/star.ndjson");
    let rep = dir.path().join("r.json");
    let script = format!(
        "3:open={} 6:screenshot={} 8:open={}",
        bad.display(),
        dir.path().join("error.png").display(),
        good.display()
    );
    let o = inkplay_windowed(
        &xvfb,
        &[
            "play",
            "--vsync",
            "off",
            "--frames",
            "12",
            "--script",
            &script,
            "--report",
            rep.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = report(&rep);
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].as_str().unwrap().contains("broken.ndjson"));
    assert_eq!(r["name"], "star.ndjson");
    assert!(r["uploaded"].as_u64().unwrap() > 0);
    // The error window is showing (a dark window near the top centre) over the kept drawing.
    let (shot, w, _) = png(&dir.path().join("error.png"));
    assert!(fraction(&shot, w, (560, 20, 720, 60), is_panel) > 0.5);
    assert!(common::ink_pixels(&shot) > 1000);
}

/// HiDPI: at scale factor 2 the window's logical size doubles in pixels, the overlay scales with it
/// and the drawing is fitted to the physical size.
#[test]
fn a_hidpi_window_renders_at_its_physical_size() {
    let Some(xvfb) = xvfb_run() else {
        return;
    };
    let _x = XVFB.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("hidpi.png");
    let rep = dir.path().join("r.json");
    let o = std::process::Command::new(&xvfb)
        .args([
            "-a",
            "-s",
            "-screen 0 1600x1000x24",
            env!("CARGO_BIN_EXE_inkplay"),
        ])
        .args([
            "play",
            "--size",
            "640x360",
            "--at",
            "end",
            "--paused",
            "--vsync",
            "off",
            "--frames",
            "5",
            "--screenshot",
            shot.to_str().unwrap(),
            "--report",
            rep.to_str().unwrap(),
        ])
        .env("WINIT_X11_SCALE_FACTOR", "2")
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let r = report(&rep);
    assert_eq!(r["scale_factor"], 2.0);
    assert_eq!(r["surface_size"], serde_json::json!([1280, 720]));
    let (px, w, h) = png(&shot);
    assert_eq!((w, h), (1280, 720));
    // The transport bar is twice as tall as at scale 1 (about 130 px instead of 65).
    assert!(fraction(&px, w, (0, h - 120, w, h), is_dark) > 0.8);
    assert!(
        fraction(&px, w, (300, 80, 1000, 560), is_ink) > 0.005,
        "the cat"
    );
}

/// Opening a large drawing in the middle: the playhead waits ("buffering") until the ink there has
/// streamed in and the retained layer has drawn it (within its budget, over many frames), frames are timed on the GPU (timestamps read a few frames late) and the
/// report carries its state.
#[test]
fn a_large_drawing_streams_in_under_the_governor() {
    let Some(xvfb) = xvfb_run() else {
        return;
    };
    let _x = XVFB.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let rep = dir.path().join("r.json");
    let o = inkplay_windowed(
        &xvfb,
        &[
            "play",
            "synthetic:2000",
            "--at",
            "40%",
            "--vsync",
            "off",
            "--frames",
            "480",
            "--report",
            rep.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = report(&rep);
    let buffering = r["buffering_frames"].as_u64().unwrap();
    // About 30 frames of waiting on a quiet machine; 250-340 with two CPU hogs beside it (the
    // costs the governor learns grow with the load), which the old 160-frame run did not cover.
    assert!(
        (1..480).contains(&buffering),
        "waited, then played: {buffering}"
    );
    assert!(r["uploaded"].as_u64().unwrap() > 800, "{r}");
    assert_eq!(r["governor"]["preset"], "default");
    assert!(r["governor"]["stats"]["frames"].as_u64().unwrap() > 0);
    assert!(r["gpu_timed_frames"].as_u64().unwrap() > 0, "{r}");
    // It waited at 40% (not jumping back) and played on from there once the ink was in.
    let at = r["drawing_ms"].as_f64().unwrap() / r["duration_ms"].as_f64().unwrap();
    assert!(at > 0.4, "{at}");
}

/// Key E's export (here from a script: the same action): a file next to the input, named so that
/// nothing there is overwritten, written while the player keeps playing.
#[test]
fn exporting_from_the_player_writes_beside_the_input_while_it_plays() {
    let Some(xvfb) = xvfb_run() else {
        return;
    };
    let _x = XVFB.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cat.ndjson");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/quickdraw/cat.ndjson");
    std::fs::copy(&bundled, &input).unwrap();
    for taken in ["cat.mp4", "cat.gif"] {
        std::fs::write(dir.path().join(taken), b"keep me").unwrap();
    }
    let rep = dir.path().join("r.json");
    let o = inkplay_windowed(
        &xvfb,
        &[
            "play",
            input.to_str().unwrap(),
            "--size",
            "320x240",
            "--vsync",
            "off",
            "--frames",
            "400",
            "--speed",
            "4",
            "--script",
            "3:export",
            "--report",
            rep.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = report(&rep);
    assert_eq!(r["frames"], 400, "the player kept going");
    assert!(r["errors"].as_array().unwrap().is_empty(), "{r}");
    let exports = r["exports"].as_array().unwrap();
    assert_eq!(exports.len(), 1, "{r}");
    let out = Path::new(exports[0].as_str().unwrap());
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name == "cat-2.mp4" || name == "cat-2.gif", "{name}");
    assert!(std::fs::metadata(out).unwrap().len() > 1000);
    for taken in ["cat.mp4", "cat.gif"] {
        assert_eq!(std::fs::read(dir.path().join(taken)).unwrap(), b"keep me");
    }
}
