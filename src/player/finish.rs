//! The end of a run: the [`PlayReport`] filled in from the final state, written to `--report`.

use super::app::App;
use super::report::{PlayGovernorReport, PlayReport};
use crate::Error;

impl App {
    /// The fatal error, or the report (also written to `--report`).
    pub(super) fn finish(mut self) -> Result<PlayReport, Error> {
        if let Some(e) = self.fatal.take() {
            return Err(e);
        }
        self.finish_captures()?;
        let fit = self.fit_scale();
        let r = &mut self.report;
        if let Some(s) = &self.scene {
            r.name = s.name.clone();
        }
        if let Some(d) = self.gfx.as_ref().and_then(|g| g.replay.drawing()) {
            r.strokes = d.strokes.len();
        }
        r.frames = self.frame_index;
        r.drawing_ms = self.clock.drawing_ms();
        r.position_ms = self.clock.position_ms();
        r.duration_ms = self.clock.duration_ms();
        r.playing = self.clock.is_playing();
        r.speed = self.clock.speed();
        r.reverse = self.clock.is_reverse();
        r.loop_mode = format!("{:?}", self.clock.loop_mode());
        r.pacing = format!("{:?}", self.clock.pacing().pacing);
        let p = self.ui.panels;
        (
            r.overlay,
            r.profiler,
            r.memory_panel,
            r.frames_panel,
            r.help,
        ) = (p.overlay, p.profiler, p.memory, p.frames, p.help);
        r.frame_times = self.frame_stats.summary();
        r.budget_ms = self.frame_stats.budget_ms;
        r.janky_frames = self.frame_stats.janky;
        if let Some(g) = &self.gfx {
            r.uploaded = g.replay.renderer().geometry().map_or(0, |x| x.uploaded);
            r.gpu = g.gpu_mem.stats();
            r.cache = g.replay.cache().stats();
            r.surface_size = (g.config.width, g.config.height);
            r.scale_factor = g.window.scale_factor();
            r.zoom = self.view.scale / fit;
        }
        r.governor = self
            .gfx
            .as_ref()
            .and_then(|g| g.replay.governor())
            .map(|g| PlayGovernorReport {
                preset: g.config().preset.name().into(),
                budget_ms: g.config().budget_ms,
                quality: g.quality(),
                stats: g.stats(),
                alerts: g.alerts().cloned().collect(),
            });
        r.scopes = self
            .scopes
            .lock()
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        if let Some(path) = &self.opts.report {
            let json = serde_json::to_string_pretty(&self.report)
                .map_err(|e| Error::Usage(format!("report: {e}")))?;
            crate::output::write_atomic(path, |w| w.write_all(json.as_bytes()))?;
        }
        drop(self.puffin_server.take());
        Ok(self.report)
    }
}
