//! The transport bar: play/step buttons, speed, reverse, loop, pacing and the position readout.

use egui::RichText;

use super::data::OverlayData;
use super::format::fmt_time;
use super::state::UiState;
use super::timeline::scrubber;
use crate::playback::{LoopMode, Pacing, SPEED_STEPS};
use crate::player::actions::Action;

/// The transport bar at the bottom: buttons, speed, reverse, loop, pacing, position and the
/// timeline; records its height in `st`.
pub(super) fn transport(
    ctx: &egui::Context,
    d: &OverlayData<'_>,
    st: &mut UiState,
    out: &mut Vec<Action>,
) {
    let c = d.clock;
    let panel = egui::TopBottomPanel::bottom("transport").show(ctx, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let b = |ui: &mut egui::Ui, text: &str, tip: &str| ui.button(text).on_hover_text(tip);
            if b(ui, "⏮", "Jump to start (Home)").clicked() {
                out.push(Action::ToStart);
            }
            if b(ui, "⏪", "One stroke back (Shift+←)").clicked() {
                out.push(Action::StepStroke(false));
            }
            if b(ui, "◀", "One frame back (←)").clicked() {
                out.push(Action::StepFrames(-1));
            }
            let play = if c.is_playing() { "⏸" } else { "▶" };
            if b(ui, play, "Play / pause (Space)").clicked() {
                out.push(Action::TogglePlay);
            }
            if b(ui, "▶|", "One frame forward (→)").clicked() {
                out.push(Action::StepFrames(1));
            }
            if b(ui, "⏩", "One stroke forward (Shift+→)").clicked() {
                out.push(Action::StepStroke(true));
            }
            if b(ui, "⏭", "Jump to end (End)").clicked() {
                out.push(Action::ToEnd);
            }
            ui.separator();
            ui.label("speed");
            egui::ComboBox::from_id_salt("speed")
                .width(64.0)
                .selected_text(format!("{}×", c.speed()))
                .show_ui(ui, |ui| {
                    for s in SPEED_STEPS {
                        if ui
                            .selectable_label(c.speed() == s, format!("{s}×"))
                            .clicked()
                        {
                            out.push(Action::Speed(s));
                        }
                    }
                });
            if ui
                .selectable_label(c.is_reverse(), "⇄ reverse")
                .on_hover_text("Play backwards (R)")
                .clicked()
            {
                out.push(Action::ToggleReverse);
            }
            ui.separator();
            ui.label("loop");
            let loop_text = match c.loop_mode() {
                LoopMode::Off => "off".to_string(),
                LoopMode::All => "all".to_string(),
                LoopMode::Range { start_ms, end_ms } => {
                    format!("{}–{}", fmt_time(start_ms), fmt_time(end_ms))
                }
            };
            egui::ComboBox::from_id_salt("loop")
                .width(90.0)
                .selected_text(loop_text)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(c.loop_mode() == LoopMode::Off, "off")
                        .clicked()
                    {
                        out.push(Action::Loop(LoopMode::Off));
                    }
                    if ui
                        .selectable_label(c.loop_mode() == LoopMode::All, "whole drawing")
                        .clicked()
                    {
                        out.push(Action::Loop(LoopMode::All));
                    }
                    if let (Some(a), Some(b)) = d.loop_marks {
                        let r = LoopMode::Range {
                            start_ms: a.min(b),
                            end_ms: a.max(b),
                        };
                        if ui
                            .selectable_label(c.loop_mode() == r, "marked range ([ ])")
                            .clicked()
                        {
                            out.push(Action::Loop(r));
                        }
                    } else {
                        ui.label("mark a range with [ and ]");
                    }
                });
            ui.separator();
            let p = c.pacing();
            egui::ComboBox::from_id_salt("pacing")
                .width(96.0)
                .selected_text(match p.pacing {
                    Pacing::AsRecorded => "as recorded",
                    Pacing::Uniform => "uniform",
                })
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(p.pacing == Pacing::AsRecorded, "as recorded")
                        .clicked()
                    {
                        out.push(Action::Pacing(Pacing::AsRecorded));
                    }
                    if ui
                        .selectable_label(p.pacing == Pacing::Uniform, "uniform")
                        .clicked()
                    {
                        out.push(Action::Pacing(Pacing::Uniform));
                    }
                })
                .response
                .on_hover_text("Pacing (U)");
            let mut capped = p.max_gap_ms.is_some();
            if ui
                .checkbox(&mut capped, "cap pauses")
                .on_hover_text("Shorten long pen-up pauses")
                .changed()
            {
                out.push(Action::MaxPause(capped.then_some(500.0)));
            }
            if let Some(mut cap) = p.max_gap_ms {
                if ui
                    .add(
                        egui::DragValue::new(&mut cap)
                            .range(0.0..=60_000.0)
                            .speed(10.0)
                            .suffix(" ms"),
                    )
                    .changed()
                {
                    out.push(Action::MaxPause(Some(cap)));
                }
            }
            ui.separator();
            if b(
                ui,
                "⤓ export",
                "Export the loop range or the whole drawing next to the input (E)",
            )
            .clicked()
            {
                out.push(Action::Export(None));
            }
            ui.separator();
            let finished = d.timeline.finished(c.drawing_ms());
            ui.label(
                RichText::new(format!(
                    "{} / {}   stroke {finished}/{}",
                    fmt_time(c.position_ms()),
                    fmt_time(c.duration_ms()),
                    d.strokes
                ))
                .monospace(),
            );
        });
        scrubber(ui, d, st, out);
        ui.add_space(4.0);
    });
    st.transport_height = panel.response.rect.height();
}
