//! The egui overlay: transport bar and timeline scrubber, info, memory, frame times, help, the
//! puffin_egui profiler and error messages. It only *reads* the player's state and emits
//! [`Action`]s; the player applies them.
//!
//! One file per part: `transport` (the bar) and `timeline` (its scrubber, with the cached stroke
//! `marks`), `info`, `memory`, `frame_times` and `help`; `state` is what the overlay keeps
//! between frames, `data` what it is shown each frame, `format` how it writes times and sizes.
//! The profiler and error windows are drawn here.

mod data;
mod format;
mod frame_times;
mod help;
mod info;
mod marks;
mod memory;
mod state;
mod timeline;
mod transport;

use egui::{Align2, Color32, RichText};

pub use data::{GovernorView, OverlayData};
pub use state::{Panels, UiState};

use crate::player::actions::Action;
use crate::player::profiling::Inspected;

/// Build the overlay for one frame; user requests go to `out`.
pub fn show(ctx: &egui::Context, d: &OverlayData<'_>, st: &mut UiState, out: &mut Vec<Action>) {
    puffin::profile_function!();
    if !st.panels.overlay {
        return;
    }
    transport::transport(ctx, d, st, out);
    info::info(ctx, d, st);
    if st.panels.memory {
        memory::memory(ctx, d, &mut st.panels.memory);
    }
    if st.panels.frames {
        frame_times::frame_times(
            ctx,
            d.frames,
            d.passes,
            d.governor.as_ref(),
            &mut st.panels.frames,
            out,
        );
    }
    if st.panels.help {
        help::help(ctx, &mut st.panels.help);
    }
    if st.panels.profiler {
        // puffin_egui's own window opens at 1024×600 and would hide the drawing; this one starts
        // in the top-right quarter (and can be resized).
        let inspect = &mut st.inspect;
        egui::Window::new("Profiler (puffin)")
            .open(&mut st.panels.profiler)
            .default_pos([ctx.content_rect().right() - 612.0, 12.0])
            .default_size([600.0, 380.0])
            .show(ctx, |ui| profiler(ui, inspect));
    }
    if !st.panels.profiler {
        st.inspect = None;
    }
    if let Some(msg) = st.error.clone() {
        let mut open = true;
        egui::Window::new("Error")
            .fade_in(false) // an error shows at once, not mid-fade in the next frames
            .collapsible(false)
            .resizable(false)
            .anchor(Align2::CENTER_TOP, [0.0, 12.0])
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label(RichText::new(msg).color(Color32::from_rgb(255, 110, 100)));
                ui.label("The current drawing is kept.");
            });
        if !open {
            st.error = None;
        }
    }
}

/// The profiler: the live frames, or the frame clicked in the frame-time plot until "live".
fn profiler(ui: &mut egui::Ui, inspect: &mut Option<Inspected>) {
    let Some(i) = inspect.as_mut() else {
        puffin_egui::profiler_ui(ui);
        return;
    };
    let mut live = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("frame {} (clicked in Frame times)", i.frame)).strong());
        live = ui.button("back to live").clicked();
    });
    i.ui.ui(ui, &mut puffin_egui::MaybeMutRef::MutRef(&mut i.view));
    if live {
        *inspect = None;
    }
}
