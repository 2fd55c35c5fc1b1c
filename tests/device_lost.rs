//! A lost GPU device, forced on the software adapter with the fault-injection hook
//! (`INKPLAY_LOSE_DEVICE_AT_FRAME=N` destroys the device as the N-th frame is encoded).
//!
//! The player opens a new device for its window, streams the drawing in again and ends where an
//! undisturbed run ends: the same playhead, every stroke on the GPU again, the same pixels (within
//! the snapshot tolerance), with the loss counted in its report. That holds for a file and for a
//! drawing still being generated on the frame thread; one generated on a loader thread is opened
//! again from its source and keeps its playhead (how much of it arrives when depends on the
//! thread's timing). Headless commands end with exit 1 and a message saying the
//! device was lost, and leave no output behind.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{corpus, png, xvfb_run};

const HOOK: &str = inkplay::gpu::LOSE_DEVICE_ENV;

/// `inkplay ARGS` (under xvfb-run when given), with the device destroyed at frame `lose_at`.
fn run(xvfb: Option<&Path>, args: &[&str], lose_at: Option<u32>) -> std::process::Output {
    let mut c = common::inkplay_command(xvfb);
    c.args(args);
    match lose_at {
        Some(n) => c.env(HOOK, n.to_string()),
        None => c.env_remove(HOOK),
    };
    c.output().unwrap()
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Play `source` for 120 frames without the overlay (and `extra`); the report, the last frame's
/// pixels and what it logged.
fn play(
    xvfb: &Path,
    dir: &Path,
    source: &str,
    extra: &[&str],
    lose_at: Option<u32>,
) -> (serde_json::Value, Vec<u8>, String) {
    let tag = format!(
        "{}-{}",
        extra.join("").replace(['%', ':', '='], ""),
        lose_at.unwrap_or(0)
    );
    let report = dir.join(format!("report{tag}.json"));
    let shot = dir.join(format!("shot{tag}.png"));
    let mut args = vec![
        "play",
        source,
        "--no-overlay",
        "--size",
        "640x480",
        "--frames",
        "120",
        "--report",
        report.to_str().unwrap(),
        "--screenshot",
        shot.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = run(Some(xvfb), &args, lose_at);
    let e = err(&o);
    assert!(o.status.success(), "{source} {extra:?}: {e}");
    assert!(!e.contains("panicked"), "{e}");
    if lose_at.is_some() {
        assert!(e.contains("GPU device lost"), "{e}");
    }
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    (r, png(&shot).0, e)
}

/// One test at a time: the player's loader thread must not starve behind the other test's
/// processes.
static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn the_player_replaces_a_lost_device_and_keeps_its_place() {
    let Some(xvfb) = xvfb_run() else {
        return;
    };
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // A drawing still being generated when the device is lost (paused after a seek): made on
    // the frame thread, it goes on from what arrived; made on a loader thread, the rest is lost
    // with the thread and it is opened again from its source. Without a governor, a fixed batch
    // a frame: the same strokes have arrived at the seek in both runs.
    let seek = [
        "--paused",
        "--script",
        "2:seek=3000000",
        "--no-governor",
        "--stream-batch",
        "300",
    ];
    // The loader thread's first strokes take a few dozen frames to arrive: the seek waits for
    // them, and the device is lost later.
    let mut threaded = seek.to_vec();
    threaded[2] = "60:seek=3000000";
    threaded.extend(["--loader", "thread"]);
    let mut cases = vec![
        ("synthetic:20000".to_string(), seek.to_vec(), 20),
        ("synthetic:20000".to_string(), threaded.clone(), 70),
    ];
    // A file: complete from the start.
    if let Some(c) = corpus() {
        let cat = c.join("quickdraw/raw/cat.ndjson");
        cases.push((
            format!("{}#3", cat.display()),
            vec!["--at", "60%", "--paused"],
            20,
        ));
    }
    for (source, extra, lose_at) in &cases {
        let (calm, calm_px, _) = play(&xvfb, dir.path(), source, extra, None);
        let (lost, lost_px, lost_log) = play(&xvfb, dir.path(), source, extra, Some(*lose_at));
        assert_eq!(calm["device_losses"], 0);
        assert_eq!(lost["device_losses"], 1, "{source} {extra:?}: {lost}");
        assert_eq!(lost["errors"].as_array().unwrap().len(), 0, "{lost}");
        assert_eq!(lost["frames"], 120);
        // The playhead the player kept when it lost the device is where it ends.
        let kept: f64 = lost_log
            .split("the playhead stays at ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("{lost_log}"));
        let ended = lost["drawing_ms"].as_f64().unwrap();
        assert!(
            (ended - kept).abs() < 1e-6,
            "{source}: {kept} kept, {ended} at the end"
        );
        if extra.contains(&"thread") {
            // A loader thread's timing decides how much had arrived at the seek and how far its
            // uploads are when the run ends: the drawing streamed in again, from its source.
            assert!(lost["uploaded"].as_u64().unwrap() > 0, "{source}: {lost}");
            continue;
        }
        // Every stroke that arrived is on the new device, and both runs show the same moment:
        // the same pixels.
        assert_eq!(
            lost["uploaded"], lost["strokes"],
            "{source}: streamed in again"
        );
        assert_eq!(lost["drawing_ms"], calm["drawing_ms"], "{source}");
        let (differ, _) = common::diff_count(&lost_px, &calm_px, 40);
        assert!(
            differ * 100 <= calm_px.len() / 4,
            "{source} {extra:?}: {differ} pixels differ from an undisturbed run"
        );
        let marked = lost_px
            .chunks_exact(4)
            .filter(|p| p[..3].iter().any(|&c| c < 245))
            .count();
        assert!(
            marked > 1000,
            "{source} {extra:?}: ink shows ({marked} pixels)"
        );
    }
}

#[test]
fn headless_commands_end_with_exit_1_and_write_nothing() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    for (i, (args, out)) in [
        (
            vec!["render", "synthetic:2000", "--size", "320x240"],
            "a.png",
        ),
        (
            vec!["export", "synthetic:2000", "--size", "320x240"],
            "a.gif",
        ),
        (
            vec![
                "export",
                "synthetic:2000",
                "--size",
                "320x240",
                "--format",
                "frames",
            ],
            "frames",
        ),
        (vec!["bench", "synthetic:2000", "--frames", "30"], ""),
    ]
    .into_iter()
    .enumerate()
    {
        for lose_at in [0, 5] {
            let mut a = args.clone();
            let path = dir.path().join(format!("{i}-{lose_at}-{out}"));
            if !out.is_empty() {
                a.extend(["-o", path.to_str().unwrap()]);
            }
            let o = run(None, &a, Some(lose_at));
            let e = err(&o);
            if args[0] == "render" && lose_at > 0 {
                // One frame: the hook never reaches frame 5.
                assert!(o.status.success(), "{e}");
                continue;
            }
            assert_eq!(o.status.code(), Some(1), "{args:?} at {lose_at}: {e}");
            assert!(
                e.contains("the GPU device was lost (the device was destroyed)"),
                "{args:?}: {e}"
            );
            assert!(!e.contains("panicked") && !e.contains("Validation"), "{e}");
            if !out.is_empty() {
                assert!(!path.exists(), "{args:?}: {} was left", path.display());
            }
            let left: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(&format!("{i}-{lose_at}")) || n.contains(".tmp"))
                .collect();
            assert!(left.is_empty(), "{args:?}: left {left:?}");
        }
    }
}
