//! The info box: what is showing and on what.

use egui::{Align2, Color32, RichText};

use super::data::OverlayData;
use super::state::UiState;

/// The info box at the top left: drawing, counts, zoom, governor, loading and buffering state,
/// adapter and surface.
pub(super) fn info(ctx: &egui::Context, d: &OverlayData<'_>, st: &UiState) {
    egui::Area::new(egui::Id::new("info"))
        .anchor(Align2::LEFT_TOP, [8.0, 8.0])
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(d.name).strong());
                ui.label(format!(
                    "{} strokes · {} points · zoom {:.0}%",
                    d.strokes,
                    d.points,
                    d.zoom * 100.0
                ));
                if let Some(g) = &d.governor {
                    ui.label(format!(
                        "governor {} · quality {:?} · target {:.1} ms",
                        g.preset,
                        g.quality,
                        g.gov.target_ms()
                    ));
                }
                if d.buffering {
                    // Ink not on the GPU yet, or (everything uploaded) the retained layer still
                    // drawing its way to the playhead after a seek.
                    let why = if (d.uploaded as usize) < d.strokes {
                        "buffering: waiting for ink to stream in"
                    } else {
                        "catching up: drawing the ink up to the playhead"
                    };
                    ui.label(RichText::new(why).color(Color32::from_rgb(255, 200, 60)));
                }
                if d.rebuilding {
                    ui.label(
                        RichText::new("rebuilding the layer (previous frame stands in)")
                            .color(Color32::from_rgb(140, 200, 255)),
                    );
                }
                if (d.uploaded as usize) < d.strokes {
                    ui.label(
                        RichText::new(format!(
                            "loading: {}/{} strokes on the GPU",
                            d.uploaded, d.strokes
                        ))
                        .color(Color32::from_rgb(255, 200, 60)),
                    );
                }
                ui.label(
                    RichText::new(format!(
                        "{} ({}) · {:?} · {}×{} @{:.2}x",
                        d.adapter.name,
                        d.adapter.backend,
                        d.present_mode,
                        d.size.0,
                        d.size.1,
                        d.scale_factor
                    ))
                    .small(),
                );
                if let Some(addr) = d.puffin_http {
                    ui.label(RichText::new(format!("puffin_http on {addr}")).small());
                }
                if let Some(s) = &st.status {
                    ui.label(RichText::new(s).small());
                }
                if let Some(s) = &st.export {
                    ui.label(RichText::new(s).small());
                }
                ui.label(RichText::new("H: help").small().weak());
            });
        });
}
