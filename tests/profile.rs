//! Profiles you can keep: `bench --trace` and the player's captures (key C's `capture` script
//! action, `--capture N`) open in puffin's own loader and hold the GPU passes and counters;
//! `profile-diff` compares two captures and fails naming a slower scope.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::sync::Mutex;

use common::{inkplay, inkplay_windowed, xvfb_run};
use inkplay::profile::{FrameRecord, Recorder};

/// The puffin global profiler is one per process: the tests that record through it take turns.
static PUFFIN: Mutex<()> = Mutex::new(());

fn text(o: &std::process::Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Open a `.puffin` file with puffin's own loader; the scope names it holds and its frame count.
fn open_puffin(path: &Path) -> (usize, Vec<String>) {
    let file = std::fs::File::open(path).unwrap();
    let view = puffin::FrameView::read(&mut std::io::BufReader::new(file))
        .unwrap_or_else(|e| panic!("{}: puffin cannot read it: {e}", path.display()));
    let mut names = Vec::new();
    for f in view.all_uniq() {
        for s in inkplay::profile::spans(f, view.scope_collection()).unwrap() {
            if !names.contains(&s.name) {
                names.push(s.name);
            }
        }
    }
    (view.all_uniq().count(), names)
}

fn trace(path: &Path) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["traceEvents"].as_array().unwrap().clone()
}

fn events<'a>(ev: &'a [serde_json::Value], ph: &str, name: &str) -> Vec<&'a serde_json::Value> {
    ev.iter()
        .filter(|e| e["ph"] == ph && e["name"].as_str() == Some(name))
        .collect()
}

#[test]
fn bench_trace_opens_in_puffin_with_gpu_passes_and_counters() {
    let dir = tempfile::tempdir().unwrap();
    let cap = dir.path().join("bench.puffin");
    let o = inkplay(&[
        "bench",
        "--frames",
        "40",
        "--no-progress",
        "--format",
        "json",
        "--trace",
        cap.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let timed = !report["gpu_ms"].is_null();

    let (frames, names) = open_puffin(&cap);
    assert!(frames >= 40, "{frames} puffin frames");
    assert!(names.iter().any(|n| n == "encode_frame"), "{names:?}");
    let ev = trace(&dir.path().join("bench.trace.json"));
    // A frame event per measured frame, with the playhead it showed.
    let frame_events: Vec<_> = ev
        .iter()
        .filter(|e| e["ph"] == "X" && e["tid"] == 1)
        .collect();
    assert_eq!(frame_events.len(), 40);
    assert!(frame_events
        .iter()
        .all(|e| e["args"]["shown_ms"].is_number()));
    // Counter tracks, one sample per frame; the playback scenario's playhead moves forward.
    for c in ["playhead", "layer", "upload", "governor"] {
        assert_eq!(events(&ev, "C", c).len(), 40, "counter {c}");
    }
    let asked: Vec<f64> = events(&ev, "C", "playhead")
        .iter()
        .map(|e| e["args"]["asked_ms"].as_f64().unwrap())
        .collect();
    assert!(asked.windows(2).all(|w| w[1] >= w[0]) && asked[39] > asked[0]);
    if timed {
        // The GPU lane: each frame's span and its passes, in puffin and in the trace. A frame
        // goes through the layer (its update, then the composition) or is drawn direct.
        for pass in ["GPU frame", "GPU layer update", "GPU composition"] {
            assert!(names.iter().any(|n| n == pass), "{pass} not in {names:?}");
        }
        assert_eq!(events(&ev, "X", "GPU frame").len(), 40);
        let direct = events(&ev, "X", "GPU direct").len();
        for pass in ["GPU layer update", "GPU composition"] {
            assert_eq!(events(&ev, "X", pass).len() + direct, 40, "{pass}");
        }
        // Every pass lies inside the span of one frame.
        let spans: Vec<(f64, f64)> = events(&ev, "X", "GPU frame")
            .iter()
            .map(|f| {
                let t = f["ts"].as_f64().unwrap();
                (t, t + f["dur"].as_f64().unwrap())
            })
            .collect();
        for pass in ["GPU layer update", "GPU composition", "GPU direct"] {
            for p in events(&ev, "X", pass) {
                let t = p["ts"].as_f64().unwrap();
                assert!(
                    spans.iter().any(|&(f0, f1)| t >= f0 && t <= f1),
                    "{pass} at {t} lies inside a frame's span"
                );
            }
        }
    }
}

#[test]
fn a_json_trace_is_a_chrome_trace_alone_and_another_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.json");
    let run = |trace: &Path| {
        inkplay(&[
            "bench",
            "synthetic:40",
            "--frames",
            "6",
            "--size",
            "160x90",
            "--no-progress",
            "--trace",
            trace.to_str().unwrap(),
        ])
    };
    let o = run(&json);
    assert!(o.status.success(), "{}", text(&o));
    let ev = trace(&json);
    assert_eq!(
        ev.iter()
            .filter(|e| e["ph"] == "X" && e["tid"] == 1)
            .count(),
        6
    );
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "only the trace: {files:?}");

    let txt = dir.path().join("bench.txt");
    let o = run(&txt);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bench.txt") && err.contains(".puffin") && err.contains(".json"),
        "{err}"
    );
    assert!(!txt.exists());
}

/// A capture made through the library's recorder: `frames` frames, each with one `work` scope of
/// about `ms` (±5 %) and one `steady` scope of 0.2 ms.
fn synthetic_capture(path: &Path, ms: f64, frames: u64) {
    use puffin::{GlobalProfiler, ScopeDetails, StreamInfo, ThreadInfo};
    let mut rec = Recorder::new(frames as usize);
    let ids = GlobalProfiler::lock().register_user_scopes(&[
        ScopeDetails::from_scope_name("work"),
        ScopeDetails::from_scope_name("steady"),
    ]);
    let mut t = 1_000_000_000i64;
    for i in 0..frames {
        rec.start_frame();
        let jitter = 1.0 + 0.05 * ((i * 7 % 11) as f64 / 10.0 - 0.5);
        let work = (ms * jitter * 1e6) as i64;
        let mut stream = puffin::Stream::default();
        let (a, _) = stream.begin_scope(|| t, ids[0], "");
        stream.end_scope(a, t + work);
        let (b, _) = stream.begin_scope(|| t + work, ids[1], "");
        stream.end_scope(b, t + work + 200_000);
        let info = StreamInfo::parse(stream).unwrap();
        GlobalProfiler::lock().report_user_scopes(
            ThreadInfo {
                start_time_ns: None,
                name: "main".into(),
            },
            &info.as_stream_into_ref(),
        );
        rec.end_frame(FrameRecord {
            index: i,
            start_ns: t,
            cpu_ms: ms,
            ..FrameRecord::default()
        });
        t += 16_700_000;
    }
    rec.start_frame();
    rec.capture(frames as usize).write(path).unwrap();
}

#[test]
fn profile_diff_passes_on_itself_and_fails_naming_a_slower_scope() {
    let _p = PUFFIN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.puffin"), dir.path().join("b.puffin"));
    synthetic_capture(&a, 1.0, 120);
    synthetic_capture(&b, 2.0, 120);
    let arg = |p: &Path| p.to_str().unwrap().to_string();

    let same = inkplay(&["profile-diff", &arg(&a), &arg(&a)]);
    assert!(same.status.success(), "{}", text(&same));
    let table = String::from_utf8_lossy(&same.stdout);
    let row = table
        .lines()
        .find(|l| l.starts_with("work "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(row.contains("120") && row.ends_with("unchanged"), "{table}");

    let slower = inkplay(&["profile-diff", &arg(&a), &arg(&b)]);
    assert_eq!(slower.status.code(), Some(1), "{}", text(&slower));
    let err = String::from_utf8_lossy(&slower.stderr);
    assert!(err.contains("work regressed"), "{err}");
    assert!(!err.contains("steady"), "{err}");
    let table = String::from_utf8_lossy(&slower.stdout);
    let row = table.lines().find(|l| l.starts_with("work ")).unwrap();
    assert!(
        row.contains("+100.") && row.ends_with("regressed"),
        "{table}"
    );
    // Faster is an improvement, not a failure; a wide threshold lets the slower one pass.
    let faster = inkplay(&["profile-diff", &arg(&b), &arg(&a), "--format", "json"]);
    assert!(faster.status.success(), "{}", text(&faster));
    let json: serde_json::Value = serde_json::from_slice(&faster.stdout).unwrap();
    let work = json["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "work")
        .unwrap();
    assert_eq!(work["verdict"], "improved");
    let wide = inkplay(&[
        "profile-diff",
        &arg(&a),
        &arg(&b),
        "--max-regression",
        "110",
    ]);
    assert!(wide.status.success(), "{}", text(&wide));

    // Not a capture: a clear error and exit 2.
    let bad = dir.path().join("report.json");
    std::fs::write(&bad, "{}").unwrap();
    let o = inkplay(&["profile-diff", &arg(&a), &arg(&bad)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("report.json: not a readable puffin capture")
    );
}

/// Key C's capture (the `capture` script action) and `--capture N`, from the player under Xvfb:
/// both open in puffin's loader, the trace holds the GPU passes (egui's too) and the counters,
/// and `inspect=N` (a click in the frame-time plot) seeks to what frame N showed.
#[test]
fn player_captures_open_in_puffin_and_hold_the_gpu_passes() {
    let Some(xvfb) = xvfb_run() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    let script = format!("20:capture={} 30:inspect=10", p("key.puffin"));
    let o = inkplay_windowed(
        &xvfb,
        &[
            "play",
            "--vsync",
            "off",
            "--frames",
            "40",
            "--panel",
            "frames",
            "--script",
            &script,
            "--capture",
            "25",
            "--capture-out",
            &p("exit.puffin"),
            "--report",
            &p("report.json"),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("report.json")).unwrap()).unwrap();
    assert_eq!(r["captures"].as_array().unwrap().len(), 2, "{r}");

    let (frames, names) = open_puffin(Path::new(&p("key.puffin")));
    assert!(frames >= 15, "{frames} frames");
    for scope in [
        "frame",
        "encode",
        "GPU frame",
        "GPU composition",
        "GPU egui",
    ] {
        assert!(names.iter().any(|n| n == scope), "{scope} not in {names:?}");
    }
    let (frames, _) = open_puffin(Path::new(&p("exit.puffin")));
    assert_eq!(frames, 25);
    let ev = trace(Path::new(&p("exit.trace.json")));
    assert_eq!(events(&ev, "C", "playhead").len(), 25);
    assert!(!events(&ev, "X", "GPU egui").is_empty());
    assert!(!events(&ev, "X", "GPU layer update").is_empty());
    // Two captures of the same player compared: the table, GPU passes included (a threshold
    // far above this machine's noise: the verdicts are tested above).
    let o = inkplay(&[
        "profile-diff",
        &p("key.puffin"),
        &p("exit.puffin"),
        "--max-regression",
        "100000",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.lines().any(|l| l.starts_with("GPU composition ")),
        "{table}"
    );
    assert!(table.lines().any(|l| l.starts_with("encode ")), "{table}");

    // Frame 10 showed some moment; after `inspect=10` the player is paused there.
    let ev = trace(Path::new(&p("key.trace.json")));
    let shown = ev
        .iter()
        .find(|e| e["ph"] == "X" && e["tid"] == 1 && e["args"]["frame"] == 10)
        .map(|e| e["args"]["shown_ms"].as_f64().unwrap())
        .unwrap();
    assert!(shown > 0.0);
    assert_eq!(r["playing"], false);
    assert!(
        (r["drawing_ms"].as_f64().unwrap() - shown).abs() < 1e-6,
        "{r}"
    );
}
