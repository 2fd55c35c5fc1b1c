//! `inkplay play`: the interactive player (feature `ui`).

#[cfg(feature = "ui")]
use inkplay::gpu::RenderSettings;
use inkplay::Error;

use super::Output;
use crate::args::PlayArgs;
#[cfg(feature = "ui")]
use crate::args::{OnOff, PanelArg};

/// `inkplay play`: the player, with the flags turned into
/// [`PlayOptions`](inkplay::player::PlayOptions); prints a summary when `--frames` ran it
/// unattended.
#[cfg(feature = "ui")]
pub fn play(a: &PlayArgs) -> Result<Output, Error> {
    use inkplay::player::{self, Panels, PlayOptions};
    let script = match &a.script {
        Some(s) => {
            let text = match s.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| Error::Usage(format!("--script {path}: {e}")))?,
                None => s.clone(),
            };
            player::parse_script(&text).map_err(|e| Error::Usage(format!("--script: {e}")))?
        }
        None => Vec::new(),
    };
    let mut panels = Panels {
        overlay: !a.no_overlay,
        profiler: a.profile,
        ..Panels::default()
    };
    for p in &a.panels {
        match p {
            PanelArg::Memory => panels.memory = true,
            PanelArg::Frames => panels.frames = true,
            PanelArg::Help => panels.help = true,
        }
    }
    let opts = PlayOptions {
        source: a.file.clone(),
        limits: a.limits.limits(),
        size: (a.size.width, a.size.height),
        settings: RenderSettings {
            aa: a.aa.into(),
            background: a.background,
        },
        vsync: a.vsync == OnOff::On,
        pacing: a.pacing.options(a.max_pause, a.stroke_ms),
        framing: a.framing.framing(),
        speed: a.speed,
        reverse: a.reverse,
        loop_mode: a.loop_mode,
        start_at: a.at,
        paused: a.paused,
        panels,
        puffin_http: a.puffin_http.clone(),
        frames: a.frames,
        step_ms: a.step_ms,
        screenshot: a.screenshot.clone(),
        script,
        report: a.report.clone(),
        target_fps: a.target_fps,
        stream_batch: a.stream_batch as usize,
        loader: a.loader.into(),
        governor: (!a.no_governor).then(|| a.profile_preset.into()),
        memory_budget_mb: a.memory_budget_mb,
        capture: a.capture.map(|n| n as usize),
        capture_out: a.capture_out.clone(),
    };
    let r = player::run(opts)?;
    let mut out = String::new();
    if a.frames.is_some() {
        use std::fmt::Write as _;
        let _ = writeln!(
            out,
            "played {} frames of {} ({} strokes) on {}: playhead {:.0} ms, frame work p50 {:.2} ms p99 {:.2} ms",
            r.frames,
            r.name,
            r.strokes,
            r.adapter.as_ref().map_or("?", |x| x.name.as_str()),
            r.drawing_ms,
            r.frame_times.work.p50,
            r.frame_times.work.p99,
        );
        for s in &r.screenshots {
            let _ = writeln!(out, "saved {s}");
        }
        for s in &r.captures {
            let _ = writeln!(out, "capture {s}");
        }
    }
    Ok(out)
}

/// `inkplay play` in a build without the `ui` feature: a usage error.
#[cfg(not(feature = "ui"))]
pub fn play(_a: &PlayArgs) -> Result<Output, Error> {
    Err(Error::Usage(
        "this inkplay was built without the `ui` feature, so it has no player; use `render` or \
         `bench`, or build with default features"
            .into(),
    ))
}
