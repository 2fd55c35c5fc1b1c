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
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("json")).expect("parse");
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
        "gpu_bytes",
        "gpu_bytes_per_point",
        "cache",
        "invariants",
        "peers",
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
    assert!(v["gpu_bytes"].as_u64().is_some_and(|x| x > 0));
    assert!(v["gpu_bytes_per_point"].as_f64().is_some_and(|x| x > 0.0));
    assert_eq!(v["cache"]["misses"], 60, "each stroke tessellated once");
    let peers: Vec<&str> = v["peers"]
        .as_array()
        .expect("peers")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(peers, ["draw-all", "epaint", "tiny-skia"]);
    for p in v["peers"].as_array().expect("peers") {
        assert!(p["frame_ms"]["p99"].as_f64().is_some_and(|x| x > 0.0));
        assert!(p["ratio_p99"].as_f64().is_some_and(|x| x > 0.0));
    }
    let rows = std::fs::read_to_string(&csv).expect("csv");
    assert_eq!(rows.lines().count(), 7, "header + one row per frame");
    assert!(rows.starts_with("frame,playhead_ms,frame_ms,cpu_ms,gpu_ms"));
}

#[test]
fn load_scenario_streams_geometry_in() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("load.csv");
    let o = inkplay(&[
        "bench",
        "synthetic:700:1",
        "--scenario",
        "load",
        "--frames",
        "5",
        "--size",
        "96x64",
        "--csv",
        csv.to_str().expect("utf8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let uploaded: Vec<u32> = std::fs::read_to_string(&csv)
        .expect("csv")
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(',').next()?.parse().ok())
        .collect();
    assert_eq!(
        uploaded,
        vec![256, 512, 700, 700, 700],
        "256 strokes per frame until all are in"
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
    assert!(String::from_utf8_lossy(&o.stderr).contains("bench check failed"));
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
