//! Shared test helpers: the corpus location, a headless renderer, snapshot comparison.
#![allow(dead_code, clippy::unwrap_used)]

pub mod fidelity;

use std::path::{Path, PathBuf};

use inkplay::gpu::{AntiAlias, RenderSettings};
use inkplay::headless::Headless;
use inkplay::model::Color;

/// `../shared/corpus`, read in place. Returns `None` (skip) only outside CI; in CI
/// (`CI` set) a missing corpus fails the test.
pub fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if p.join("SOURCES.md").exists() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "corpus missing at {} but CI is set: the corpus tests must run in CI",
            p.display()
        );
    }
    eprintln!("skipping: corpus not found at {}", p.display());
    None
}

/// A headless renderer on whatever adapter wgpu picks (lavapipe on the project's machines).
pub fn headless(w: u32, h: u32, aa: AntiAlias) -> Headless {
    Headless::new(
        w,
        h,
        RenderSettings {
            aa,
            background: Color::WHITE,
        },
    )
    .expect("a GPU adapter (run scripts/setup.sh to install Mesa's software Vulkan driver)")
}

/// A replay of `source` (a file or `synthetic:N:SEED`) at `w`×`h`, analytic antialiasing on white,
/// under the default governor at 60 Hz and the memory budget `budget` (bytes; `None`: the
/// default), opened to stream in as the player opens one (its frames load it).
pub fn governed_replay(source: &str, (w, h): (u32, u32), budget: Option<u64>) -> Headless {
    use inkplay::{Framing, GovernorConfig, ImportLimits, Incoming, Preset};
    let mut hl = headless(w, h, AntiAlias::Analytic);
    hl.set_governor(Some(GovernorConfig::preset(Preset::Default, 60.0)));
    if let Some(b) = budget {
        hl.replay.set_memory_budget(b);
    }
    let (incoming, _) = Incoming::open_source(Some(source), &ImportLimits::default()).unwrap();
    let view = Framing::default().view_for(incoming.page(), incoming.extent(), w, h);
    hl.open(incoming, view);
    hl
}

/// Per-channel difference above which a pixel counts as different.
pub const CHANNEL_TOLERANCE: u8 = 40;
/// Fraction of pixels allowed to differ (antialiasing differs between adapters and drivers).
pub const MAX_DIFF_FRACTION: f64 = 0.01;

/// Count pixels whose largest channel difference exceeds `tol`; also return the largest difference.
pub fn diff_count(a: &[u8], b: &[u8], tol: u8) -> (usize, u8) {
    let mut n = 0;
    let mut max = 0u8;
    for (pa, pb) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        let d = pa
            .iter()
            .zip(pb)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        max = max.max(d);
        if d > tol {
            n += 1;
        }
    }
    (n, max)
}

/// Compare an image with `tests/snapshots/NAME.png`.
///
/// Tolerance: a pixel differs when a channel differs by more than [`CHANNEL_TOLERANCE`]; at most
/// [`MAX_DIFF_FRACTION`] of the pixels may differ. References were made on lavapipe (Mesa 22.3,
/// Vulkan). `INKPLAY_UPDATE_SNAPSHOTS=1` rewrites them. On failure the actual image and a diff
/// image are written to `target/snapshot-failures/`.
pub fn assert_snapshot(name: &str, rgba: &[u8], w: u32, h: u32) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let reference = dir.join(format!("{name}.png"));
    let update = std::env::var_os("INKPLAY_UPDATE_SNAPSHOTS").is_some();
    if update || (!reference.exists() && std::env::var_os("CI").is_none()) {
        inkplay::output::write_png(&reference, rgba, w, h).unwrap();
        eprintln!("wrote snapshot {}", reference.display());
        return;
    }
    let (expected, ew, eh) = inkplay::output::read_png(&reference)
        .unwrap_or_else(|e| panic!("snapshot {name}: cannot read reference: {e}"));
    assert_eq!((ew, eh), (w, h), "snapshot {name}: size differs");
    let (n, max) = diff_count(rgba, &expected, CHANNEL_TOLERANCE);
    let allowed = ((w * h) as f64 * MAX_DIFF_FRACTION) as usize;
    if n > allowed {
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/snapshot-failures");
        std::fs::create_dir_all(&out).unwrap();
        inkplay::output::write_png(&out.join(format!("{name}.actual.png")), rgba, w, h).unwrap();
        let diff: Vec<u8> = rgba
            .chunks_exact(4)
            .zip(expected.chunks_exact(4))
            .flat_map(|(a, b)| {
                let d = a
                    .iter()
                    .zip(b)
                    .map(|(x, y)| x.abs_diff(*y))
                    .max()
                    .unwrap_or(0);
                if d > CHANNEL_TOLERANCE {
                    [255, 0, 0, 255]
                } else {
                    [d, d, d, 255]
                }
            })
            .collect();
        inkplay::output::write_png(&out.join(format!("{name}.diff.png")), &diff, w, h).unwrap();
        panic!(
            "snapshot {name}: {n} pixels differ by more than {CHANNEL_TOLERANCE} (allowed {allowed}, largest difference {max}); see {}",
            out.display()
        );
    }
}

/// The `inkplay` binary built for these tests, to be given its arguments: directly, or in a
/// window on a fresh virtual X display (1280×800×24) through `xvfb`.
pub fn inkplay_command(xvfb: Option<&Path>) -> std::process::Command {
    let bin = env!("CARGO_BIN_EXE_inkplay");
    let mut c = match xvfb {
        Some(x) => {
            let mut c = std::process::Command::new(x);
            c.args(["-a", "-s", "-screen 0 1280x800x24", bin]);
            c
        }
        None => std::process::Command::new(bin),
    };
    c.env("XDG_RUNTIME_DIR", std::env::temp_dir());
    c
}

/// Run the `inkplay` binary built for these tests.
pub fn inkplay(args: &[&str]) -> std::process::Output {
    inkplay_command(None)
        .args(args)
        .output()
        .expect("run inkplay")
}

/// RGBA of pixel (x, y).
pub fn pixel(rgba: &[u8], w: u32, x: u32, y: u32) -> [u8; 4] {
    let i = ((y * w + x) * 4) as usize;
    [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
}

/// Number of pixels that are not (close to) white.
pub fn ink_pixels(rgba: &[u8]) -> usize {
    rgba.chunks_exact(4)
        .filter(|p| p[..3].iter().any(|&c| c < 200))
        .count()
}

/// `xvfb-run` for tests that need a window. `None` (skip) only outside CI; in CI a missing Xvfb
/// fails the test (scripts/setup.sh installs it).
pub fn xvfb_run() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("xvfb-run"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("xvfb-run not found but CI is set: run scripts/setup.sh");
        }
        eprintln!("skipping: xvfb-run not found (scripts/setup.sh installs it)");
    }
    found
}

/// Run `inkplay ARGS` in a window on a fresh virtual X display (1280×800×24).
pub fn inkplay_windowed(xvfb: &Path, args: &[&str]) -> std::process::Output {
    inkplay_command(Some(xvfb))
        .args(args)
        .output()
        .expect("run xvfb-run")
}

/// Read a PNG written by a test run.
pub fn png(path: &Path) -> (Vec<u8>, u32, u32) {
    inkplay::output::read_png(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Load drawing `index` of a file under the default limits, panicking with the import error.
pub fn load(path: &Path, index: usize) -> inkplay::import::Loaded {
    inkplay::import::load_spec(
        &inkplay::import::SourceSpec::File {
            path: path.to_path_buf(),
            index: Some(index),
        },
        &inkplay::import::ImportLimits::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Render two source specs at their end at 128×128 (in `dir`) and count the pixels that differ
/// at all.
pub fn pixels_differing_at_end(a: &str, b: &str, dir: &Path) -> usize {
    let mut shots = Vec::new();
    for (i, src) in [a, b].into_iter().enumerate() {
        let out = dir.join(format!("at-end-{i}.png"));
        let o = inkplay(&[
            "render",
            src,
            "--at",
            "end",
            "--size",
            "128x128",
            "-o",
            out.to_str().expect("a UTF-8 temporary path"),
        ]);
        assert!(
            o.status.success(),
            "{src}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        shots.push(png(&out).0);
    }
    diff_count(&shots[0], &shots[1], 0).0
}
