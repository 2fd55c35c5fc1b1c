//! The timeline scrubber: the drawing's presentation time across the window, with stroke marks,
//! the loop range and the playhead.

use egui::{Color32, Sense, Stroke};

use super::data::OverlayData;
use super::format::fmt_time;
use super::marks::MARK_MAX;
use super::state::UiState;
use crate::playback::LoopMode;
use crate::player::actions::Action;

/// The timeline under the transport bar: played part, loop range, one mark per stroke start,
/// the playhead; click or drag to seek.
pub(super) fn scrubber(
    ui: &mut egui::Ui,
    d: &OverlayData<'_>,
    st: &mut UiState,
    out: &mut Vec<Action>,
) {
    let c = d.clock;
    let width = ui.available_width().max(16.0);
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(width, 30.0), Sense::click_and_drag());
    let ppp = ui.ctx().pixels_per_point();
    st.marks.update(
        d.drawing_id,
        (rect.width() * ppp).round().max(1.0) as u32,
        c,
        d.timeline,
    );
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 3.0, Color32::from_gray(32));
    let dur = c.duration_ms();
    let x_of = |p: f64| {
        let f = if dur > 0.0 { (p / dur) as f32 } else { 0.0 };
        rect.left() + f.clamp(0.0, 1.0) * rect.width()
    };
    // Loop range.
    if let LoopMode::Range { start_ms, end_ms } = c.loop_mode() {
        let a = x_of(c.paced().to_presentation(start_ms.min(end_ms)));
        let b = x_of(c.paced().to_presentation(start_ms.max(end_ms)));
        painter.rect_filled(
            egui::Rect::from_x_y_ranges(a..=b.max(a + 1.0), rect.y_range()),
            0.0,
            Color32::from_rgba_unmultiplied(80, 140, 255, 50),
        );
    }
    // Played part.
    let head = x_of(c.position_ms());
    painter.rect_filled(
        egui::Rect::from_x_y_ranges(rect.left()..=head, rect.y_range()),
        3.0,
        Color32::from_rgba_unmultiplied(90, 160, 255, 60),
    );
    // One mark per stroke start (binned per pixel column, taller where more start), drawn from
    // the marks' texture: one column per physical pixel.
    let marks = st.marks.texture(ui.ctx(), ppp);
    painter.image(
        marks,
        egui::Rect::from_x_y_ranges(
            rect.x_range(),
            rect.bottom() - 3.0 - MARK_MAX..=rect.bottom() - 3.0,
        ),
        egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
        Color32::WHITE,
    );
    painter.line_segment(
        [
            egui::pos2(head, rect.top()),
            egui::pos2(head, rect.bottom()),
        ],
        Stroke::new(2.0, Color32::from_rgb(255, 200, 60)),
    );
    let frac_at = |x: f32| f64::from(((x - rect.left()) / rect.width()).clamp(0.0, 1.0));
    if resp.drag_started() {
        st.scrubbing = true;
        out.push(Action::ScrubBegin);
    }
    if resp.dragged() || resp.clicked() {
        if let Some(p) = resp.interact_pointer_pos() {
            out.push(Action::SeekFraction(frac_at(p.x)));
        }
    }
    if st.scrubbing && !resp.dragged() {
        st.scrubbing = false;
        out.push(Action::ScrubEnd);
    }
    if let Some(p) = resp.hover_pos() {
        let t = frac_at(p.x) * dur;
        resp.on_hover_text_at_pointer(fmt_time(t));
    }
}
