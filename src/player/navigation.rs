//! Where the drawing sits in the window: showing a drawing (fitted above the transport bar),
//! refitting, zooming about a point, opening a dropped file.

use std::path::Path;

use glam::Vec2;
use winit::window::Window;

use super::app::{show_error, App, Scene};
use super::overlay;
use crate::import::incoming::Incoming;
use crate::model::BBox;
use crate::view::{Framing, View};

impl App {
    /// Start showing a drawing: fit the view, begin streaming it in.
    pub(super) fn show_drawing(&mut self, incoming: Incoming, name: String, reset_clock: bool) {
        let Some(g) = self.gfx.as_mut() else {
            self.pending = Some((incoming, name));
            return;
        };
        self.next_id += 1;
        let inset = bottom_inset_px(&self.ui, &g.window);
        let (ink, page) = (incoming.extent(), incoming.page());
        let (w, h) = (g.config.width, g.config.height);
        self.view = fit_above(&self.opts.framing, page, ink, w, h, inset);
        self.fitted = true;
        // Until the first frame knows what is ready, a drawing still arriving holds at its start
        // (its end so far is not the end of the drawing).
        let hold = (!incoming.is_complete()).then_some(0.0);
        // Tessellated for twice the fitted scale, so zooming in stays smooth without re-tessellating.
        g.replay
            .open(&g.gpu, incoming, self.view, self.view.scale * 2.0);
        if reset_clock {
            self.clock.set_timeline(g.replay.renderer().timeline());
            self.loop_marks = (None, None);
            self.clock.play();
        }
        self.clock.set_hold(hold);
        g.window.set_title(&format!("inkplay — {name}"));
        self.scene = Some(Scene {
            ink,
            page,
            name,
            id: self.next_id,
        });
    }

    /// Fit the drawing into the window again (above the transport bar).
    pub(super) fn refit(&mut self) {
        if let Some(view) = self.fitted_view() {
            self.view = view;
            self.fitted = true;
        }
    }

    /// The view the framing gives the drawing in the window (none without both).
    fn fitted_view(&self) -> Option<View> {
        let (g, s) = (self.gfx.as_ref()?, self.scene.as_ref()?);
        let inset = bottom_inset_px(&self.ui, &g.window);
        Some(fit_above(
            &self.opts.framing,
            s.page,
            s.ink,
            g.config.width,
            g.config.height,
            inset,
        ))
    }

    /// Zoom by `factor` about a point in physical pixels, within 1/64 … 256 × the fitted scale.
    pub(super) fn zoom_at(&mut self, anchor_px: Vec2, factor: f32) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        // Keep zoom within 1/64 … 256 × the fitted scale.
        let fit = self.fit_scale();
        let scale = (self.view.scale * factor).clamp(fit / 64.0, fit * 256.0);
        let f = scale / self.view.scale;
        self.view = self.view.zoom_about(anchor_px, f);
        self.fitted = false;
    }

    /// The scale that fits the drawing (the current one without a window or drawing).
    pub(super) fn fit_scale(&self) -> f32 {
        self.fitted_view().map_or(self.view.scale, |v| v.scale)
    }

    /// Load a file (a drop, `open=` in a script) and show it; a bad file is an overlay error.
    pub(super) fn open(&mut self, path: &Path) {
        let spec = path.to_string_lossy().into_owned();
        let loaded = crate::import::SourceSpec::parse(&spec)
            .and_then(|source| crate::import::load_spec(&source, &self.opts.limits));
        match loaded {
            Ok(l) => {
                let name = path
                    .file_name()
                    .map_or_else(|| spec.clone(), |f| f.to_string_lossy().into_owned());
                self.ui.error = None;
                self.ui.status = Some(format!("opened {name}"));
                self.source = spec.clone();
                self.show_drawing(Incoming::complete(l.drawing, l.format), name, true);
            }
            Err(e) => show_error(&mut self.report, &mut self.ui, e.to_string()),
        }
    }
}

/// Physical pixels at the bottom of the window covered by the transport bar.
fn bottom_inset_px(ui: &overlay::UiState, window: &Window) -> u32 {
    if ui.panels.overlay {
        (ui.transport_height * window.scale_factor() as f32).round() as u32
    } else {
        0
    }
}

/// The view `framing` gives a drawing (its page and ink bounds) in the part of a `w`×`h` window
/// above a bottom inset.
fn fit_above(
    framing: &Framing,
    page: Option<BBox>,
    ink: Option<BBox>,
    w: u32,
    h: u32,
    bottom_inset_px: u32,
) -> View {
    let avail = h.saturating_sub(bottom_inset_px);
    let h = if avail < h / 3 { h } else { avail };
    framing.view_for(page, ink, w, h)
}
