//! The keyboard help panel.

use egui::{Align2, RichText};

use crate::player::actions::SHORTCUTS;

/// The keyboard shortcuts window.
pub(super) fn help(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keys")
        .open(open)
        .anchor(Align2::RIGHT_TOP, [-12.0, 12.0])
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("keys").striped(true).show(ui, |ui| {
                for (k, what) in SHORTCUTS {
                    ui.label(RichText::new(*k).monospace().strong());
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
}
