//! Profiles from the player: key C (and `capture[=PATH]` in a script) writes the last frames'
//! capture (`NAME-capture.puffin` and `NAME-capture.trace.json` beside the input, see
//! [`crate::profile`]) on a thread, `--capture N` keeps N frames and writes them when the player
//! exits, and a click in the frame-time plot seeks to what that frame showed and shows that
//! frame in the profiler.

use std::path::PathBuf;

use super::app::{show_error, App};
use super::export_job::output_beside;
use super::profiling::Inspected;
use crate::profile::Capture;
use crate::Error;

impl App {
    /// Write the last frames' capture to `path` (or `NAME-capture.puffin` beside the input) on a
    /// thread; the overlay says where, or why not.
    pub(super) fn start_capture(&mut self, path: Option<PathBuf>) {
        if self.capture_job.is_some() {
            self.ui.status = Some("a capture is already being written".into());
            return;
        }
        let capture = self.recorder.capture(self.recorder.capacity());
        if capture.frames.is_empty() {
            self.ui.status = Some("capture: no frames recorded yet".into());
            return;
        }
        let path = path.unwrap_or_else(|| output_beside(&self.source, "capture", "puffin"));
        self.ui.status = Some(format!(
            "writing capture of {} frames…",
            capture.frames.len()
        ));
        self.capture_job = Some(std::thread::spawn(move || capture.write(&path)));
    }

    /// A capture thread that finished: say where it went, or the error.
    pub(super) fn poll_capture(&mut self, wait: bool) {
        let done = self
            .capture_job
            .as_ref()
            .is_some_and(|j| wait || j.is_finished());
        if !done {
            return;
        }
        let Some(job) = self.capture_job.take() else {
            return;
        };
        match job.join() {
            Ok(Ok(files)) => {
                self.ui.status = Some(format!("capture written: {}", files.describe()));
                self.report
                    .captures
                    .push(files.main().display().to_string());
            }
            Ok(Err(e)) => show_error(&mut self.report, &mut self.ui, e.to_string()),
            Err(_) => show_error(
                &mut self.report,
                &mut self.ui,
                "capture: the writer panicked".into(),
            ),
        }
    }

    /// At exit: finish a capture being written, then write `--capture N`'s.
    pub(super) fn finish_captures(&mut self) -> Result<(), Error> {
        self.poll_capture(true);
        if self.opts.capture.is_some() {
            // The last frame's scopes.
            self.recorder.start_frame();
            let capture: Capture = self.recorder.capture(self.recorder.capacity());
            let path = self
                .opts
                .capture_out
                .clone()
                .unwrap_or_else(|| output_beside(&self.source, "capture", "puffin"));
            let files = capture.write(&path)?;
            self.report
                .captures
                .push(files.main().display().to_string());
        }
        Ok(())
    }

    /// Seek to the playhead frame `n` showed, pause, and show that frame in the profiler.
    pub(super) fn inspect_frame(&mut self, n: u64) {
        let Some(record) = self.recorder.frame(n) else {
            self.ui.status = Some(format!("frame {n} is no longer recorded"));
            return;
        };
        let shown = record.counters.shown_ms;
        let view = self.recorder.view_of(n);
        self.clock.pause();
        self.clock.seek_drawing(shown);
        self.ui.status = Some(format!(
            "frame {n}: {} ms of drawing time{}",
            shown.round(),
            if view.is_none() {
                " (no profile recorded for it)"
            } else {
                "; the profiler shows it"
            }
        ));
        if let Some(view) = view {
            self.ui.panels.profiler = true;
            self.ui.inspect = Some(Inspected {
                frame: n,
                view,
                ui: puffin_egui::ProfilerUi::default(),
            });
        }
    }
}
