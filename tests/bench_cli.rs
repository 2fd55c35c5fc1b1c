//! `inkplay bench` as CI runs it: a report with every field filled, per-frame CSV, --check, bad
//! arguments. (Speed itself is measured by the bench, never asserted here.)

mod common;

use common::inkplay;

#[test]
fn report_has_every_field_with_real_values() {
    let dir = tempfile::tempdir().expect("tmp");
    let json = dir.path().join("r.json");
    let csv = dir.path().join("r.csv");
    let o = inkplay(&[
        "bench",
        "synthetic:60:2",
        "--frames",
        "6",
        "--size",
        "160x90",
        "--compare",
        "--json",
        json.to_str().expect("utf8"),
        "--csv",
        csv.to_str().expect("utf8"),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains("frame") && stdout.contains("tiny-skia"),
        "{stdout}"
    );
    let v = read_json(&json);
    for key in [
        "adapter",
        "scenario",
        "strokes",
        "points",
        "frames",
        "size",
        "aa",
        "budget_ms",
        "load_ms",
        "first_ink_ms",
        "frame_ms",
        "cpu_ms",
        "gpu_ms",
        "janky_frames",
        "rss_bytes",
        "heap_bytes_peak",
        "heap_bytes_live",
        "gpu_bytes",
        "gpu_bytes_per_point",
        "cache",
        "invariants",
        "peers",
        "first_ink_from_open_ms",
        "governor",
        "buffering_frames",
        "standin_frames",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    for key in ["name", "backend", "device_type", "driver"] {
        assert!(
            v["adapter"][key].as_str().is_some_and(|s| !s.is_empty()),
            "adapter.{key}"
        );
    }
    for key in ["import", "tessellate", "upload"] {
        assert!(
            v["load_ms"][key].as_f64().is_some_and(|x| x >= 0.0),
            "load_ms.{key}"
        );
    }
    for key in ["p50", "p95", "p99", "max", "mean"] {
        assert!(
            v["frame_ms"][key].as_f64().is_some_and(|x| x > 0.0),
            "frame_ms.{key}"
        );
        assert!(
            v["cpu_ms"][key].as_f64().is_some_and(|x| x > 0.0),
            "cpu_ms.{key}"
        );
    }
    assert!(v["frame_ms"]["p50"].as_f64() <= v["frame_ms"]["p99"].as_f64());
    assert_eq!(v["strokes"], 60);
    assert_eq!(v["frames"], 6);
    assert!(v["rss_bytes"].as_u64().is_some_and(|x| x > 0));
    assert!(v["heap_bytes_peak"].as_u64().is_some_and(|x| x > 0));
    let live = v["heap_bytes_live"]
        .as_u64()
        .expect("heap measured by the binary");
    assert!(
        live > 0
            && v["heap_bytes_peak"]
                .as_u64()
                .is_some_and(|peak| live <= peak)
    );
    assert!(v["gpu_bytes"].as_u64().is_some_and(|x| x > 0));
    // The GPU bytes by kind add up to the total.
    let kinds = v["gpu_by_kind"].as_object().expect("gpu_by_kind");
    for k in [
        "vertices",
        "indices",
        "layer",
        "checkpoints",
        "target",
        "images",
    ] {
        assert!(kinds.contains_key(k), "gpu_by_kind.{k}");
    }
    let sum: u64 = kinds.values().filter_map(|x| x.as_u64()).sum();
    assert_eq!(Some(sum), v["gpu_bytes"].as_u64());
    assert!(stdout.contains("gpu mem   geometry"), "{stdout}");
    assert!(v["gpu_bytes_per_point"].as_f64().is_some_and(|x| x > 0.0));
    assert_eq!(v["cache"]["misses"], 60, "each stroke tessellated once");
    let peers: Vec<&str> = v["peers"]
        .as_array()
        .expect("peers")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        peers,
        ["draw-all", "epaint", "tiny-skia", "vello", "vello_cpu"]
    );
    for p in v["peers"].as_array().expect("peers") {
        assert!(p["frame_ms"]["p99"].as_f64().is_some_and(|x| x > 0.0));
        assert!(p["ratio_p99"].as_f64().is_some_and(|x| x > 0.0));
        // Every peer drew the frame inkplay drew (its ink within a pixel of inkplay's).
        assert_eq!(p["compared"], true, "{}", p["name"]);
        for key in ["recall", "precision"] {
            let x = p["ink"][key].as_f64().unwrap_or(0.0);
            assert!(x >= 0.9, "{} ink {key} {x}", p["name"]);
        }
    }
    let rows = std::fs::read_to_string(&csv).expect("csv");
    assert_eq!(rows.lines().count(), 7, "header + one row per frame");
    assert!(rows.starts_with("frame,playhead_ms,shown_ms,frame_ms,cpu_ms,gpu_ms"));
    assert_eq!(v["governor"]["config"]["preset"], "Default");
    assert!(v["governor"]["stats"]["frames"].as_u64() == Some(6));
}

/// Values of one CSV column (by header name).
/// A JSON report written by `inkplay bench --json`.
fn read_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("json")).expect("parse")
}

fn column(csv: &str, name: &str) -> Vec<f64> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let i = header
        .iter()
        .position(|h| *h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    lines
        .map(|l| l.split(',').nth(i).expect("field").parse().expect("number"))
        .collect()
}

fn bench_csv(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("frames.csv");
    let mut all = vec!["bench"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--csv", csv.to_str().expect("utf8")]);
    let o = inkplay(&all);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(&csv).expect("csv")
}

/// `synthetic:` drawings arrive from a loader thread at a pace that depends on the machine; the
/// streaming tests load the same drawing from a file, which arrives complete, so every frame's
/// progress is the streamer's alone.
fn synthetic_file(dir: &tempfile::TempDir, spec: &str) -> String {
    let out = dir.path().join("drawing.inkplay.json");
    let o = inkplay(&["convert", spec, "-o", out.to_str().expect("utf8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out.to_str().expect("utf8").to_string()
}

#[test]
fn a_synthetic_load_starts_before_the_drawing_is_generated() {
    let dir = tempfile::tempdir().expect("tmp");
    let json = dir.path().join("r.json");
    let o = inkplay(&[
        "bench",
        "synthetic:20000:1",
        "--scenario",
        "load",
        "--frames",
        "20",
        "--size",
        "96x64",
        "--json",
        json.to_str().expect("utf8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid");
    assert_eq!(r["strokes"], 20000, "the whole drawing arrived: {r}");
    // Opening is instant: the strokes are generated while frames are drawn.
    assert!(
        r["load_ms"]["import"].as_f64().expect("import") < 50.0,
        "{r}"
    );
    assert!(r["first_ink_from_open_ms"].as_f64().is_some(), "{r}");
}

#[test]
fn governed_load_streams_and_waits_for_ink() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = synthetic_file(&dir, "synthetic:3000:1");
    let csv = bench_csv(&[
        &file,
        "--scenario",
        "load",
        "--frames",
        "30",
        "--speed",
        "100000",
        "--size",
        "96x64",
    ]);
    let uploaded = column(&csv, "uploaded_strokes");
    assert!(uploaded.windows(2).all(|w| w[1] >= w[0]));
    let loading: Vec<&f64> = uploaded.iter().filter(|&&u| u < 3000.0).collect();
    assert!(
        uploaded.windows(2).take(loading.len()).all(|w| w[1] > w[0]),
        "progress every frame while loading: {uploaded:?}"
    );
    // At 100000× the playhead outruns streaming: it waits, and never shows ink that is not there.
    let buffering = column(&csv, "buffering");
    assert!(buffering.contains(&1.0), "{csv}");
    let playheads = column(&csv, "playhead_ms");
    assert!(playheads.windows(2).all(|w| w[1] >= w[0]), "no jumps back");
}

#[test]
fn ungoverned_load_streams_a_fixed_batch_per_frame() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = synthetic_file(&dir, "synthetic:700:1");
    let csv = bench_csv(&[
        &file,
        "--scenario",
        "load",
        "--frames",
        "5",
        "--size",
        "96x64",
        "--no-governor",
    ]);
    assert_eq!(
        column(&csv, "uploaded_strokes")[..5],
        [256.0, 512.0, 700.0, 700.0, 700.0],
        "256 strokes per frame until all are in"
    );
}

#[test]
fn rebuild_scenario_shows_a_stand_in_after_a_zoom_and_earlier_moments_after_a_seek() {
    // 90 frames: the zoom at frame 30, the seek back at frame 60, 30 frames for it to finish.
    let (zoom, seek, n) = (30, 60, 90);
    let csv = bench_csv(&[
        "synthetic:3000:2",
        "--scenario",
        "rebuild",
        "--frames",
        &n.to_string(),
        "--size",
        "320x180",
    ]);
    let standin = column(&csv, "standin");
    let pending = column(&csv, "layer_pending");
    let (playhead, shown) = (column(&csv, "playhead_ms"), column(&csv, "shown_ms"));
    // The zoom starts a rebuild: stand-in frames until nothing is pending.
    assert_eq!(standin[..zoom].iter().sum::<f64>(), 0.0);
    assert_eq!(standin[zoom], 1.0, "{csv}");
    let zoom_done = zoom + standin[zoom..].iter().take_while(|&&s| s == 1.0).count();
    assert!(pending[zoom..zoom_done].iter().all(|&p| p > 0.0), "{csv}");
    assert!(standin[zoom_done..].iter().all(|&s| s == 0.0), "{csv}");
    // The seek back needs no stand-in: the layer starts over (from a checkpoint, when the
    // background builder made one, possibly exact at once) and the frames show the earlier
    // moments it gets to until it is at the playhead. On a slow minute the zoom's rebuild (a
    // budget of strokes a frame, by measured time) is still going at the seek and takes the seek
    // in: the stand-in stays until it is done.
    if zoom_done <= seek {
        assert_eq!(column(&csv, "layer_rebuilt")[seek], 1.0, "{csv}");
    }
    for k in zoom_done..n {
        assert_eq!(pending[k] > 0.0, shown[k] < playhead[k], "frame {k}: {csv}");
    }
    assert_eq!(
        *pending.last().expect("rows"),
        0.0,
        "both rebuilds finish: {csv}"
    );
}

#[test]
fn check_fails_with_status_1_and_still_prints_the_report() {
    let o = inkplay(&[
        "bench",
        "synthetic:10",
        "--frames",
        "3",
        "--size",
        "64x64",
        "--check",
        "--budget-ms",
        "0.0001",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("FAIL"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("check failed"));
}

/// `--check` on a governed `load` runs it again without the governor and holds that the governor
/// made it no worse; both runs' frame times are in the report.
#[test]
fn check_on_load_compares_with_the_ungoverned_run() {
    let dir = tempfile::tempdir().expect("tmp");
    let json = dir.path().join("r.json");
    let o = inkplay(&[
        "bench",
        "synthetic:300",
        "--scenario",
        "load",
        "--frames",
        "20",
        "--size",
        "160x90",
        "--check",
        "--budget-ms",
        "1000",
        "--memory-budget-mb",
        "100000",
        "--json",
        json.to_str().expect("utf8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = read_json(&json);
    let ungoverned = v["no_governor_frame_ms"]["p99"]
        .as_f64()
        .expect("second run");
    let inv = v["invariants"]
        .as_array()
        .expect("invariants")
        .iter()
        .find(|i| i["name"] == "frame_ms.p99 <= max(no-governor p99, budget_ms)")
        .expect("the invariant");
    assert_eq!(inv["limit"].as_f64(), Some(ungoverned.max(1000.0)));
    assert_eq!(inv["ok"], true);
    assert!(String::from_utf8_lossy(&o.stdout).contains("no-gov"));
    // Without --check the load runs once.
    let o = inkplay(&[
        "bench",
        "synthetic:50",
        "--scenario",
        "load",
        "--frames",
        "5",
        "--size",
        "64x64",
        "--json",
        json.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v = read_json(&json);
    assert!(v["no_governor_frame_ms"].is_null());
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["bench", "--frames", "0"][..],
        &["bench", "--budget-ms", "-1"],
        &["bench", "--speed", "nan"],
        &["bench", "--scenario", "bogus"],
        &["bench", "--size", "12"],
        &["bench", "/no/such/drawing.ndjson"],
    ] {
        let o = inkplay(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_scrub_settles_to_an_exact_frame_after_the_drag_stops() {
    let dir = tempfile::tempdir().expect("tmp");
    let json = dir.path().join("r.json");
    let csv = dir.path().join("r.csv");
    let o = inkplay(&[
        "bench",
        "synthetic:3000:2",
        "--scenario",
        "scrub",
        "--frames",
        "120",
        "--size",
        "320x180",
        "--json",
        json.to_str().expect("utf8"),
        "--csv",
        csv.to_str().expect("utf8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = read_json(&json);
    assert_eq!(v["scenario"], "scrub");
    let settle = v["frames_to_exact"].as_u64().expect("exact after the stop");
    assert!(v["ms_to_exact"].as_f64().is_some_and(|ms| ms >= 0.0));
    // The scripted drag, then the frames at the stop position until the exact one.
    assert_eq!(v["frames"].as_u64(), Some(120 + settle));
    let csv = std::fs::read_to_string(&csv).expect("csv");
    let playhead = column(&csv, "playhead_ms");
    let standin = column(&csv, "standin");
    let pending = column(&csv, "layer_pending");
    assert_eq!(playhead.len() as u64, 120 + settle);
    let stop = playhead[119];
    assert!(
        playhead[119..].iter().all(|&t| t == stop),
        "held at the stop"
    );
    // The drag moved both ways and started the layer over on the way (from checkpoints or from
    // nothing after backward moves), never with a stand-in (the view did not change).
    assert!(playhead[..120].windows(2).any(|w| w[1] < w[0]));
    assert!(column(&csv, "layer_rebuilt").contains(&1.0), "{csv}");
    assert!(standin.iter().all(|&s| s == 0.0), "{csv}");
    // The last frame is exact: the playhead itself, nothing pending.
    assert_eq!(pending.last(), Some(&0.0));
    assert_eq!(column(&csv, "shown_ms").last(), Some(&stop));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("after the playhead stopped"), "{stdout}");
}
