//! `inkplay bench --scenario soak`: a short soak of the bundled drawing runs the whole mix of
//! actions, samples memory in one state (its GPU figures exactly the same each time), reports
//! each figure's growth with its invariant, and writes the SVG plot. The heap and RSS invariants
//! are not asserted here: a 12-second soak of a drawing whose heap is half a megabyte moves by a
//! few kilobytes (1 %) when the machine is busy. The 30-minute soak, with `--check`, is
//! `scripts/soak.sh`.
#![allow(clippy::unwrap_used)]

mod common;

use common::inkplay;

#[test]
fn a_short_soak_runs_every_action_and_keeps_memory_flat() {
    let dir = tempfile::tempdir().unwrap();
    let (json, svg) = (dir.path().join("soak.json"), dir.path().join("soak.svg"));
    let o = inkplay(&[
        "bench",
        "--scenario",
        "soak",
        "--minutes",
        "0.2",
        "--size",
        "320x240",
        "--no-progress",
        "--json",
        json.to_str().unwrap(),
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    for action in [
        "play",
        "speed",
        "reverse",
        "seek",
        "scrub",
        "zoom",
        "pan",
        "loop range",
        "loop off",
    ] {
        assert!(
            r["actions"][action].as_u64().unwrap() > 0,
            "{action}: {}",
            r["actions"]
        );
    }
    assert!(r["samples"].as_array().unwrap().len() >= 20);
    // Sampled in the same state every time: the GPU objects outside the checkpoints are exact.
    let growth = r["growth"].as_array().unwrap();
    let objects = growth.iter().find(|g| g["name"] == "gpu_objects").unwrap();
    assert_eq!(objects["growth_pct"], 0.0, "{objects}");
    let bytes = growth.iter().find(|g| g["name"] == "gpu_bytes").unwrap();
    assert_eq!(bytes["growth_pct"], 0.0, "{bytes}");
    // What wgpu holds underneath (its own counters) is exact too, checkpoints aside. Its
    // device-memory blocks include the checkpoints' (pooled up to their budget, which a
    // 12-second soak may still be filling): sampled, not asserted.
    let objects = growth.iter().find(|g| g["name"] == "wgpu_objects").unwrap();
    assert!(objects["median_first"].as_f64().unwrap() > 0.0, "{objects}");
    assert_eq!(objects["growth_pct"], 0.0, "{objects}");
    let blocks = growth
        .iter()
        .find(|g| g["name"] == "wgpu_memory_blocks")
        .unwrap();
    assert!(blocks["median_first"].as_f64().unwrap() > 0.0, "{blocks}");
    let names: Vec<&str> = r["invariants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    for figure in [
        "rss_bytes",
        "heap_live_bytes",
        "gpu_bytes",
        "gpu_objects",
        "wgpu_objects",
        "wgpu_memory_blocks",
        "checkpoint_bytes",
    ] {
        assert!(names.iter().any(|n| n.starts_with(figure)), "{names:?}");
    }
    let plot = std::fs::read_to_string(&svg).unwrap();
    assert!(plot.starts_with("<svg") && plot.trim_end().ends_with("</svg>"));
    assert_eq!(plot.matches("<polyline").count(), 6, "one line per figure");
}
