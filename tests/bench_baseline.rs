//! `inkplay bench --save-baseline / --baseline`: a run passes against its own baseline, fails
//! naming the metric against a doctored faster one, refuses an incomparable one, and says which
//! exit status each case is (0, 1, 2, 3).
//!
//! The runs are sized to take a few milliseconds a frame on the software adapter (well above the
//! 5 %-of-budget floor), without the governor (the same work every frame), and run one at a time.
//! From one run to the next this 2-core VM moves by up to ±25 % at the median and more than
//! +100 % at the 95th–99th percentiles of sub-millisecond frames (measured on consecutive runs of
//! the same build), more than any bootstrap of a single run can see, so the same-build checks run
//! at `--max-regression 200` and the doctored baselines are five times faster.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::sync::Mutex;

use common::inkplay;

/// One bench at a time: two at once would measure each other.
static SERIAL: Mutex<()> = Mutex::new(());

fn bench(extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "bench",
        "synthetic:2000",
        "--no-governor",
        "--frames",
        "240",
        "--size",
        "1280x720",
        // Multisampled: a few milliseconds a frame on the software adapter, so a baseline five
        // times faster differs by well over the floor of 5 % of the budget (0.8 ms) even when
        // the machine is fast that minute (analytic frames of about 1 ms did not, once).
        "--aa",
        "msaa4",
        "--no-progress",
        "--max-regression",
        "200",
    ];
    args.extend_from_slice(extra);
    inkplay(&args)
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A quick bench (a tiny drawing, a few frames) for what does not measure anything.
const QUICK: [&str; 7] = [
    "bench",
    "synthetic:50",
    "--frames",
    "30",
    "--size",
    "160x120",
    "--no-progress",
];

/// A copy of a baseline file with every run's frame times multiplied by `factor` (the
/// repeats of a baseline of several runs too).
fn doctor(from: &Path, to: &Path, factor: f64) {
    let mut b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(from).unwrap()).unwrap();
    let scale = |run: &mut serde_json::Value| {
        for series in ["frame_ms", "cpu_ms", "gpu_ms"] {
            for v in run[series].as_array_mut().unwrap() {
                *v = serde_json::json!(v.as_f64().unwrap() * factor);
            }
        }
    };
    for run in b["runs"].as_array_mut().unwrap() {
        scale(run);
        if let Some(repeats) = run.get_mut("repeats").and_then(|r| r.as_array_mut()) {
            repeats.iter_mut().for_each(scale);
        }
    }
    std::fs::write(to, serde_json::to_string(&b).unwrap()).unwrap();
}

/// The CI suite as a CI job runs it: a baseline of two runs (`--runs 2`); against it a run
/// passes, holding each statistic to the slower of the two; against a baseline doctored five
/// times faster it fails, naming the row and the metric (at 200 %, see the module docs).
#[test]
fn the_ci_suite_against_its_own_and_a_doctored_baseline() {
    let _s = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/ci-suite.toml");
    let base = dir.path().join("base.json");
    let run = |extra: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_inkplay"));
        c.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("XDG_RUNTIME_DIR", std::env::temp_dir())
            .args(["bench", "--suite", suite.to_str().unwrap(), "--no-progress"])
            .args(["--max-regression", "200"])
            .args(extra);
        c.output().unwrap()
    };
    let o = run(&["--save-baseline", base.to_str().unwrap(), "--runs", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    for row in saved["runs"].as_array().unwrap() {
        assert_eq!(
            row["repeats"].as_array().unwrap().len(),
            2,
            "{}",
            row["name"]
        );
    }
    let table = String::from_utf8_lossy(&o.stdout).into_owned();
    for row in [
        "playback-bundled",
        "playback-2k-720p",
        "seek-2k",
        "load-10k",
    ] {
        assert!(table.contains(&format!("== {row} ==")), "{table}");
    }
    // The same build against its own baseline passes. Three tries, 20 s apart, are allowed, as
    // a CI job confirms a regression by running again: this VM sometimes slows for a minute (a
    // whole row's frames twice as slow, its p99 five times), which no noise rule can tell from a
    // slower build within one run.
    let mut o = run(&["--baseline", base.to_str().unwrap()]);
    for _ in 0..2 {
        if o.status.code() != Some(1) {
            break;
        }
        eprintln!("a try regressed, trying again in 20 s:\n{}", text(&o));
        std::thread::sleep(std::time::Duration::from_secs(20));
        o = run(&["--baseline", base.to_str().unwrap()]);
    }
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("(baseline runs "), "{}", text(&o));
    let fast = dir.path().join("fast.json");
    doctor(&base, &fast, 1.0 / 5.0);
    let o = run(&["--baseline", fast.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    // Named by row and metric. The seek row's frames take several milliseconds, so five times
    // faster is always more than the 5 %-of-budget floor (the playback rows' frames of about a
    // millisecond sometimes are not, on a fast minute).
    assert!(err.contains("seek-2k: frame_ms.p50 regressed"), "{err}");
}

#[test]
fn a_run_passes_its_own_baseline_and_fails_a_faster_one() {
    let _s = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    let o = bench(&["--save-baseline", base.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // The same build again: noise, not a regression.
    let o = bench(&["--baseline", base.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("against the baseline") && out.contains("frame_ms.p99"),
        "{out}"
    );

    // A baseline whose frames were five times faster: exit 1, naming the frame metric.
    let fast = dir.path().join("fast.json");
    doctor(&base, &fast, 1.0 / 5.0);
    let o = bench(&["--baseline", fast.to_str().unwrap(), "--format", "json"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(err.contains("frame_ms.p50 regressed"), "{err}");
    // Measured twice before it fails (`--confirm 1`, the default).
    assert!(err.contains("measuring again to confirm (1 of 1)"), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let metrics = report["comparison"]["metrics"].as_array().unwrap();
    let p50 = metrics
        .iter()
        .find(|m| m["name"] == "frame_ms.p50")
        .unwrap();
    assert_eq!(p50["verdict"], "regressed");
}

#[test]
fn incomparable_or_unreadable_baselines() {
    let _s = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    let o = inkplay(&[&QUICK[..], &["--save-baseline", base.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Another size: refused (exit 2) unless --force.
    let other = [
        "bench",
        "synthetic:50",
        "--frames",
        "30",
        "--size",
        "200x120",
        "--no-progress",
        "--baseline",
        base.to_str().unwrap(),
    ];
    let o = inkplay(&other);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("size: 160x120 in the baseline, 200x120 now"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("--force"));
    let o = inkplay(&[&other[..], &["--force", "--max-regression", "1000"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // A missing or broken baseline: exit 3, before anything runs.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{}").unwrap();
    for b in [dir.path().join("missing.json"), broken] {
        let o = inkplay(&["bench", "synthetic:50", "--baseline", b.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(3), "{}", text(&o));
        assert!(text(&o).contains(b.file_name().unwrap().to_str().unwrap()));
    }
}

#[test]
fn github_and_bencher_formats() {
    let _s = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let o = inkplay(&[&QUICK[..], &["--format", "github"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // github-action-benchmark's customSmallerIsBetter format, checked by a JSON Schema validator
    // (and the check shown to reject what the action would not read).
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/schemas/github-action-benchmark.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("inkplay:github-action-benchmark", schema)
        .unwrap();
    let index = compiler
        .compile("inkplay:github-action-benchmark", &mut schemas)
        .unwrap();
    if let Err(e) = schemas.validate(&v, index) {
        panic!("--format github does not match the action's format: {e}");
    }
    let bad = serde_json::json!([{ "name": "x", "value": "1.0" }]);
    assert!(schemas.validate(&bad, index).is_err());
    let entries = v.as_array().unwrap();
    assert!(entries.len() >= 10);
    let names: std::collections::HashSet<_> = entries
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), entries.len(), "names are unique");
    let o = inkplay(&[&QUICK[..], &["--format", "bencher"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let (name, measures) = v.as_object().unwrap().iter().next().unwrap();
    assert!(name.starts_with("synthetic:50 playback 160x120"), "{name}");
    let p99 = &measures["frame_ms-p99"];
    assert!(p99["value"].as_f64().unwrap() > 0.0);
    assert!(p99["lower_value"].as_f64().unwrap() <= p99["upper_value"].as_f64().unwrap());
}
