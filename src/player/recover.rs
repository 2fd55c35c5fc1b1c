//! A lost GPU device: the player opens a new one for the same window (device, surface, replay,
//! egui), streams the drawing in again and keeps its playhead, zoom and pan, with a notice in
//! the overlay. See `gpu::lost` for how a loss is noticed and forced in tests.

use std::time::Duration;

use super::app::{show_error, App};
use super::export_job::Stage;
use crate::import::incoming::Incoming;
use crate::Error;

/// Attempts at opening a new device before the player gives up (a driver reset can take a
/// moment), and the wait between them.
const ATTEMPTS: u32 = 5;
const RETRY_AFTER: Duration = Duration::from_millis(400);

impl App {
    /// Replace the lost device (`why` it was lost) and everything made with it. Fails only when
    /// no new device can be opened.
    pub(super) fn recover_device(&mut self, why: &str) -> Result<(), Error> {
        let Some(mut old) = self.gfx.take() else {
            return Ok(());
        };
        log::warn!(
            "GPU device lost ({why}): opening a new one; the playhead stays at {} ms",
            self.clock.drawing_ms()
        );
        let window = std::sync::Arc::clone(&old.window);
        let arrived = old.replay.close();
        // An export still rendering drew with the old device; one whose writer is finishing
        // needs no GPU and goes on.
        if self
            .export
            .as_ref()
            .is_some_and(|r| !matches!(r.stage, Stage::Finishing(_)))
        {
            if let Some(r) = self.export.take() {
                show_error(
                    &mut self.report,
                    &mut self.ui,
                    format!(
                        "export to {} stopped: the GPU device was lost (press E to export again)",
                        r.path.display()
                    ),
                );
            }
        }
        drop(old);

        let mut attempt = 1;
        let gfx = loop {
            match self.attach(std::sync::Arc::clone(&window)) {
                Ok(g) => break g,
                Err(e) if attempt >= ATTEMPTS => return Err(e),
                Err(e) => {
                    log::warn!("no new GPU device yet (attempt {attempt}): {e}");
                    attempt += 1;
                    std::thread::sleep(RETRY_AFTER);
                }
            }
        };
        self.gfx = Some(gfx);
        self.ui.forget_textures();

        // The drawing streams in again: what arrived (and, for a drawing still being made, the
        // rest, unless a loader thread was making it: then it is opened again from its source).
        let incoming = match arrived {
            Some(i) if i.is_resumable() => i,
            arrived => {
                // As much of it as had arrived is made again now, so that the timeline still
                // reaches the playhead.
                let had = arrived.map_or(0, |i| i.drawing().strokes.len());
                let mut i = Incoming::open_source(Some(&self.source), &self.opts.limits)?.0;
                i.pull(had, u64::MAX)?;
                i
            }
        };
        let name = self
            .scene
            .as_ref()
            .map_or_else(String::new, |s| s.name.clone());
        let (view, fitted) = (self.view, self.fitted);
        self.show_drawing(incoming, name, false);
        self.view = view;
        self.fitted = fitted;
        self.report.device_losses += 1;
        self.ui.status = Some(format!(
            "the GPU device was lost ({why}): a new one is drawing, the drawing is streaming in again"
        ));
        if let Some(g) = &self.gfx {
            g.window.request_redraw();
        }
        Ok(())
    }
}
