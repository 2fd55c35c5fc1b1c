//! Exporting from the player (key E, the transport bar's export button, `export[=PATH]` in a
//! script): the loop range, or the whole drawing, at the current speed and pacing, to a file next
//! to the input (`NAME.mp4`, or `NAME.gif` where ffmpeg is missing), while playback goes on.
//!
//! The export renders into its own target on the player's device. Each frame, after the replay's
//! own work is planned, the governor grants it the exported frames that fit in what is left (at
//! least one, at the cost per exported frame it learns), so it is background work the frame
//! budget accounts for. Finishing (ffmpeg finalizing a video, the rename) runs on a thread.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::time::Instant;

use super::app::{show_error, App, Gfx};
use super::export_job::{have_ffmpeg, output_beside, Running, Stage};
use super::overlay::UiState;
use super::report::PlayReport;
use crate::export::{ExportFormat, ExportOptions, ExportSummary, Exporter, Timing};
use crate::import::incoming::Incoming;
use crate::import::Format;
use crate::playback::LoopMode;
use crate::Error;

impl App {
    /// Start exporting (to `path`, or next to the input). An export already running, a drawing
    /// still streaming in, or bad options are said in the overlay.
    pub(super) fn start_export(&mut self, path: Option<PathBuf>) {
        if self.export.is_some() {
            self.ui.status = Some("an export is already running".into());
            return;
        }
        let Some(g) = self.gfx.as_ref() else {
            return;
        };
        let Some(incoming) = g.replay.incoming().filter(|i| i.is_complete()) else {
            self.ui.status = Some("export: wait until the drawing has loaded".into());
            return;
        };
        let (from, to) = match self.clock.loop_mode() {
            LoopMode::Range { start_ms, end_ms } => (Some(start_ms), Some(end_ms)),
            _ => (None, None),
        };
        let ms = |t: f64| crate::export::ExportTime::Time(crate::playback::TimeSpec::Ms(t));
        let opts = ExportOptions {
            size: (g.config.width, g.config.height),
            settings: self.opts.settings,
            framing: self.opts.framing,
            timing: Timing {
                speed: self.clock.speed(),
                pacing: self.clock.pacing(),
                from: from.map(ms),
                to: to.map(ms),
                ..Timing::default()
            },
            // The output and its format are settled on the starting thread (asking whether
            // ffmpeg runs takes longer than a frame).
            ..ExportOptions::new(PathBuf::new(), ExportFormat::Gif)
        };
        let shared = Incoming::complete_shared(incoming.shared(), Format::Native);
        let (tx, rx) = mpsc::channel();
        let gpu = g.gpu.clone();
        let source = self.source.clone();
        std::thread::spawn(move || {
            let mut opts = opts;
            opts.output = path.unwrap_or_else(|| {
                output_beside(&source, "", if have_ffmpeg() { "mp4" } else { "gif" })
            });
            let made = ExportFormat::from_path(&opts.output)
                .map_err(Error::Usage)
                .and_then(|format| {
                    opts.format = format;
                    Exporter::new(gpu, shared, opts)
                });
            let _ = tx.send(made);
        });
        self.ui.export = Some("exporting: starting".into());
        self.export = Some(Running {
            stage: Stage::Starting(rx),
            path: PathBuf::new(),
            cancel: AtomicBool::new(false),
        });
    }
}

/// This frame's share of the export (after the replay's prepare, so the governor knows what is
/// left), and its end when it comes. A free function over the `App` fields it needs, so the frame
/// can call it while it holds the window's graphics.
pub(super) fn step(
    export: &mut Option<Running>,
    g: &mut Gfx,
    ui: &mut UiState,
    report: &mut PlayReport,
) {
    let Some(run) = export.as_mut() else {
        return;
    };
    let ex = match &mut run.stage {
        Stage::Starting(rx) => {
            match rx.try_recv() {
                Ok(Ok(ex)) => {
                    run.path = ex.output().to_path_buf();
                    run.stage = Stage::Rendering(Box::new(ex));
                }
                Ok(Err(e)) => end(export, ui, report, Err(e)),
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => {
                    end(export, ui, report, Err(stopped("start")))
                }
            }
            return;
        }
        Stage::Finishing(rx) => {
            match rx.try_recv() {
                Ok(result) => end(export, ui, report, result),
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => {
                    end(export, ui, report, Err(stopped("finish")))
                }
            }
            return;
        }
        Stage::Rendering(ex) => ex,
    };
    puffin::profile_scope!("export");
    let frames = g.replay.grant_export();
    if frames > 0 {
        let (t0, loading, before) = (Instant::now(), ex.is_loading(), ex.submitted());
        let stepped = ex.step(frames as usize, &run.cancel);
        // The governor learns the cost of what was done: a step stops early rather than wait
        // (and a loading step is one batch, counted as one frame's work).
        let did = if loading { 1 } else { ex.submitted() - before };
        g.replay
            .spent_export(did as u64, t0.elapsed().as_secs_f64() * 1e3);
        if let Err(e) = stepped {
            return end(export, ui, report, Err(e));
        }
    }
    ui.export = Some(if ex.is_loading() {
        format!("exporting {}: loading", run.path.display())
    } else {
        format!(
            "exporting {}: {} / {} frames",
            run.path.display(),
            ex.done(),
            ex.total()
        )
    });
    if !ex.is_done() {
        return;
    }
    let Stage::Rendering(ex) =
        std::mem::replace(&mut run.stage, Stage::Starting(mpsc::channel().1))
    else {
        return;
    };
    match ex.into_finisher() {
        Ok(finisher) => {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let _ = tx.send(finisher.finish());
            });
            run.stage = Stage::Finishing(rx);
            ui.export = Some(format!("exporting {}: finishing", run.path.display()));
        }
        Err(e) => end(export, ui, report, Err(e)),
    }
}

fn stopped(what: &str) -> Error {
    Error::Usage(format!("export: the {what} thread stopped"))
}

/// The export ended: say how, and forget it.
fn end(
    export: &mut Option<Running>,
    ui: &mut UiState,
    report: &mut PlayReport,
    result: Result<ExportSummary, Error>,
) {
    match result {
        Ok(s) => {
            report.exports.push(s.output.display().to_string());
            ui.status = Some(format!("exported {}", s.line()));
        }
        Err(e) => show_error(report, ui, e.to_string()),
    }
    ui.export = None;
    *export = None;
}
