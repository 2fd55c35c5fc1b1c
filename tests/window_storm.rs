//! Window storms under Xvfb (xdotool): while a large drawing streams in and plays, the player's
//! window is resized to hundreds of random sizes (1×1 included), minimised and mapped again,
//! moved, shrunk to a few pixels, and brought back. The player keeps playing until it is quit (Q)
//! without an error, and its GPU memory ends where an undisturbed run's does: the same target,
//! uniform and staging bytes, layers of the final size only (nothing leaked, no layer of a size
//! the window went through kept), and the drawing's geometry within a few percent (each stroke is
//! tessellated for the scale of the window it arrived in). The checkpoints, planned from the
//! layer throughput the governor measured, are held to their budget elsewhere.
#![allow(clippy::unwrap_used)]

mod common;

use common::xvfb_run;

/// The player on `synthetic:20000` at 640×480, quit with Q four seconds after the storm (or after
/// a second, with no storm).
const SCRIPT: &str = r#"
set -u
bin=$1; out=$2; storm=$3
# xvfb-run can hand over before its server takes connections: wait until it answers.
for i in $(seq 200); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.05; done
"$bin" play synthetic:20000 --vsync off --frames 1000000 --size 640x480 --report "$out" &
p=$!
w=
for i in $(seq 400); do
  w=$(xdotool search --name '^inkplay' 2>/dev/null | head -1)
  [ -n "$w" ] && break
  sleep 0.05
done
[ -n "$w" ] || { echo "no inkplay window" >&2; kill $p; exit 3; }
sleep 1
if [ "$storm" = 1 ]; then
  RANDOM=17
  for i in $(seq 300); do xdotool windowsize "$w" $((RANDOM % 1400 + 1)) $((RANDOM % 900 + 1)); done
  xdotool windowsize "$w" 1 1; sleep 0.3
  xdotool windowminimize "$w" 2>/dev/null; sleep 0.3
  xdotool windowmap "$w"; xdotool windowmove "$w" 200 100
  for i in $(seq 50); do xdotool windowsize "$w" $((RANDOM % 3 + 1)) $((RANDOM % 3 + 1)); done
  xdotool windowsize "$w" 640 480
fi
# Let it settle, then quit with its own key (Q).
sleep 4
xdotool windowfocus --sync "$w" 2>/dev/null
xdotool key q
wait $p
"#;

fn run(xvfb: &std::path::Path, storm: bool) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let o = std::process::Command::new(xvfb)
        .args([
            "-a",
            "-s",
            "-screen 0 1600x1000x24",
            "bash",
            "-c",
            SCRIPT,
            "storm",
        ])
        .arg(env!("CARGO_BIN_EXE_inkplay"))
        .arg(&report)
        .arg(if storm { "1" } else { "0" })
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "storm {storm}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap()
}

#[test]
fn the_player_survives_a_window_storm_and_frees_what_it_allocated() {
    let Some(xvfb) = xvfb_run() else {
        return;
    };
    if std::process::Command::new("xdotool")
        .arg("version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "xdotool missing: run scripts/setup.sh"
        );
        eprintln!("skipped: xdotool not found (scripts/setup.sh installs it)");
        return;
    }
    let calm = run(&xvfb, false);
    let storm = run(&xvfb, true);
    for r in [&calm, &storm] {
        assert!(r["frames"].as_u64().unwrap() > 100, "{r}");
        assert_eq!(r["errors"].as_array().unwrap().len(), 0, "{r}");
        assert_eq!(r["surface_size"], serde_json::json!([640, 480]), "{r}");
        assert_eq!(r["uploaded"], 20000, "the drawing loaded: {r}");
    }
    // The storm reached the player: the layer was rebuilt for the sizes it went through.
    assert!(
        storm["layer_rebuilds"].as_u64().unwrap() > calm["layer_rebuilds"].as_u64().unwrap() + 20,
        "{} vs {}",
        storm["layer_rebuilds"],
        calm["layer_rebuilds"]
    );
    let (a, b) = (&calm["gpu"], &storm["gpu"]);
    for category in ["target", "uniforms", "staging"] {
        assert_eq!(a[category], b[category], "{category}: {a} vs {b}");
    }
    // Layers of the final size only: the layer, its spare, and the checkpoint builder's while
    // checkpoints are still being filled (colour, 4 bytes a pixel; their depth is the frame's,
    // shared, counted as a target). A stale layer of a size the window went through, or a leaked
    // one, would not fit.
    let layer = 640 * 480 * 4;
    for r in [a, b] {
        let held = r["layer"].as_u64().unwrap();
        assert!(
            held % layer == 0 && held <= 3 * layer,
            "layer bytes {held}: {r}"
        );
    }
    // The drawing streamed in during the storm, tessellated for the window's scale when each
    // stroke arrived (a tiny window, a coarser tolerance) and the governor's quality: its
    // geometry differs a little, and no more (no chunk uploaded twice, none left behind).
    let geometry =
        |g: &serde_json::Value| g["vertices"].as_f64().unwrap() + g["indices"].as_f64().unwrap();
    assert!(
        (geometry(a) - geometry(b)).abs() <= geometry(a) * 0.05,
        "{a} vs {b}"
    );
}
