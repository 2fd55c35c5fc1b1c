//! The egui overlay: transport bar and timeline scrubber, info, memory, frame times, help, the
//! puffin_egui profiler and error messages. It only *reads* the player's state and emits
//! [`Action`]s; the player applies them.

use egui::{Align2, Color32, RichText, Sense, Stroke};
use egui_plot::{HLine, Legend, Line, Plot};

use super::actions::{Action, Panel, SHORTCUTS};
use super::stats::{FrameStats, MemoryHistory};
use crate::gpu::AdapterSummary;
use crate::playback::{LoopMode, Pacing, PacingOptions, PlaybackClock, Timeline, SPEED_STEPS};

/// Which parts of the overlay are showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panels {
    /// The whole overlay (off: only the drawing).
    pub overlay: bool,
    /// puffin_egui profiler window.
    pub profiler: bool,
    /// Memory panel.
    pub memory: bool,
    /// Frame-time panel.
    pub frames: bool,
    /// Keyboard help.
    pub help: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            overlay: true,
            profiler: false,
            memory: false,
            frames: false,
            help: false,
        }
    }
}

impl Panels {
    /// Show or hide one panel.
    pub fn toggle(&mut self, p: Panel) {
        let f = match p {
            Panel::Profiler => &mut self.profiler,
            Panel::Memory => &mut self.memory,
            Panel::Frames => &mut self.frames,
            Panel::Help => &mut self.help,
        };
        *f = !*f;
    }
}

/// Stroke-start marks for the scrubber, binned per pixel column (cached: recomputed only when
/// the drawing (or how much of it has arrived), the pacing or the width changes, so a 100k-stroke timeline costs nothing per frame).
#[derive(Debug, Clone, Default)]
pub struct Marks {
    key: Option<(u64, usize, u32, u64, u64, bool)>,
    bins: Vec<u32>,
}

impl Marks {
    fn update(&mut self, drawing_id: u64, width: u32, clock: &PlaybackClock, timeline: &Timeline) {
        let o: PacingOptions = clock.pacing();
        let key = (
            drawing_id,
            timeline.len(), // grows while a drawing arrives
            width,
            o.max_gap_ms.map_or(u64::MAX, f64::to_bits),
            o.uniform_stroke_ms.to_bits(),
            o.pacing == Pacing::Uniform,
        );
        if self.key == Some(key) {
            return;
        }
        puffin::profile_scope!("timeline_marks");
        self.key = Some(key);
        self.bins.clear();
        self.bins.resize(width.max(1) as usize, 0);
        let dur = clock.duration_ms();
        let last = self.bins.len() - 1;
        for (start, _) in timeline.spans() {
            let f = if dur > 0.0 {
                clock.paced().to_presentation(start) / dur
            } else {
                0.0
            };
            let i = ((f * last as f64).round() as usize).min(last);
            self.bins[i] += 1;
        }
    }
}

/// State the overlay keeps between frames.
#[derive(Debug, Default)]
pub struct UiState {
    /// What is showing.
    pub panels: Panels,
    /// The last error to show (a bad file, a failed screenshot), until dismissed.
    pub error: Option<String>,
    /// A short status line (e.g. "saved shot.png").
    pub status: Option<String>,
    /// Height of the transport bar in points (the drawing is fitted above it).
    pub transport_height: f32,
    marks: Marks,
    scrubbing: bool,
}

/// What the overlay shows this frame.
#[derive(Debug)]
pub struct OverlayData<'a> {
    /// Drawing name (file name or "bundled sample").
    pub name: &'a str,
    /// An id that changes when the drawing changes.
    pub drawing_id: u64,
    /// Stroke and point counts.
    pub strokes: usize,
    /// Points in the drawing.
    pub points: usize,
    /// Strokes on the GPU so far.
    pub uploaded: u32,
    /// The clock.
    pub clock: &'a PlaybackClock,
    /// The timeline.
    pub timeline: &'a Timeline,
    /// Marked loop range (drawing ms).
    pub loop_marks: (Option<f64>, Option<f64>),
    /// The adapter.
    pub adapter: &'a AdapterSummary,
    /// Present mode in use.
    pub present_mode: wgpu::PresentMode,
    /// Surface size in physical pixels.
    pub size: (u32, u32),
    /// Window scale factor.
    pub scale_factor: f64,
    /// Zoom relative to fit.
    pub zoom: f32,
    /// Frame times.
    pub frames: &'a FrameStats,
    /// Memory history.
    pub memory: &'a MemoryHistory,
    /// Whether puffin_http is serving.
    pub puffin_http: Option<&'a str>,
    /// The governor's state, when it is on.
    pub governor: Option<GovernorView<'a>>,
    /// The playhead is waiting for ink still streaming in.
    pub buffering: bool,
    /// The retained layer is being rebuilt (the previous one stands in).
    pub rebuilding: bool,
}

/// What the overlay shows of the governor.
#[derive(Debug)]
pub struct GovernorView<'a> {
    /// Preset name.
    pub preset: &'static str,
    /// Quality level.
    pub quality: crate::governor::Quality,
    /// Counters and learned costs.
    pub stats: crate::governor::GovernorStats,
    /// The governor itself (for its alerts).
    pub gov: &'a crate::governor::Governor,
}

/// `12.34 s`, `3:05.2` (m:ss.s) or `1:02:03` (h:mm:ss).
fn fmt_time(ms: f64) -> String {
    let s = ms.max(0.0) / 1e3;
    if s >= 3600.0 {
        let t = s.floor() as u64;
        format!("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60)
    } else if s >= 60.0 {
        format!("{}:{:04.1}", (s / 60.0).floor(), s % 60.0)
    } else {
        format!("{s:.2} s")
    }
}

/// Bytes in the largest unit that keeps the number ≥ 1 (B, KiB, MiB, GiB).
fn mib(b: u64) -> String {
    let v = b as f64;
    match b {
        0..1024 => format!("{b} B"),
        1024..1_048_576 => format!("{:.1} KiB", v / 1024.0),
        1_048_576..1_073_741_824 => format!("{:.1} MiB", v / 1_048_576.0),
        _ => format!("{:.2} GiB", v / 1_073_741_824.0),
    }
}

/// Build the overlay for one frame; user requests go to `out`.
pub fn show(ctx: &egui::Context, d: &OverlayData<'_>, st: &mut UiState, out: &mut Vec<Action>) {
    puffin::profile_function!();
    if !st.panels.overlay {
        return;
    }
    transport(ctx, d, st, out);
    info(ctx, d, st);
    if st.panels.memory {
        memory(ctx, d, &mut st.panels.memory);
    }
    if st.panels.frames {
        frame_times(ctx, d.frames, d.governor.as_ref(), &mut st.panels.frames);
    }
    if st.panels.help {
        help(ctx, &mut st.panels.help);
    }
    if st.panels.profiler {
        // puffin_egui's own window opens at 1024×600 and would hide the drawing; this one starts
        // in the top-right quarter (and can be resized).
        egui::Window::new("Profiler (puffin)")
            .open(&mut st.panels.profiler)
            .default_pos([ctx.content_rect().right() - 612.0, 12.0])
            .default_size([600.0, 380.0])
            .show(ctx, puffin_egui::profiler_ui);
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

fn transport(ctx: &egui::Context, d: &OverlayData<'_>, st: &mut UiState, out: &mut Vec<Action>) {
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

fn scrubber(ui: &mut egui::Ui, d: &OverlayData<'_>, st: &mut UiState, out: &mut Vec<Action>) {
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
    // One mark per stroke start (binned per pixel column); uploaded strokes brighter.
    let n = st.marks.bins.len().max(1) as f32;
    let max = st.marks.bins.iter().copied().max().unwrap_or(1).max(1) as f32;
    let mark = Color32::from_gray(170);
    for (i, &count) in st.marks.bins.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let x = rect.left() + (i as f32 + 0.5) / n * rect.width();
        let h = 6.0 + 14.0 * ((count as f32).ln_1p() / max.ln_1p());
        painter.line_segment(
            [
                egui::pos2(x, rect.bottom() - 3.0),
                egui::pos2(x, rect.bottom() - 3.0 - h),
            ],
            Stroke::new(1.0 / ppp.max(1.0), mark),
        );
    }
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

fn info(ctx: &egui::Context, d: &OverlayData<'_>, st: &UiState) {
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
                    ui.label(
                        RichText::new("buffering: waiting for ink to stream in")
                            .color(Color32::from_rgb(255, 200, 60)),
                    );
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
                ui.label(RichText::new("H: help").small().weak());
            });
        });
}

fn memory(ctx: &egui::Context, d: &OverlayData<'_>, open: &mut bool) {
    egui::Window::new("Memory")
        .open(open)
        .default_pos([12.0, 120.0])
        .default_width(330.0)
        .show(ctx, |ui| {
            let Some(m) = d.memory.latest() else {
                ui.label("sampling…");
                return;
            };
            egui::Grid::new("mem grid").striped(true).show(ui, |ui| {
                let mut row = |k: &str, v: String| {
                    ui.label(k);
                    ui.label(RichText::new(v).monospace());
                    ui.end_row();
                };
                row("process RSS", mib(m.rss_bytes));
                row(
                    "heap live / peak",
                    match (m.heap_live_bytes, m.heap_peak_bytes) {
                        (Some(live), Some(peak)) => format!("{} / {}", mib(live), mib(peak)),
                        _ => "not measured (no counting allocator)".into(),
                    },
                );
                row("GPU total", mib(m.gpu.total()));
                row("  vertices", mib(m.gpu.vertices));
                row("  indices", mib(m.gpu.indices));
                row("  retained layer", mib(m.gpu.layer));
                row("  uniforms + stroke table", mib(m.gpu.uniforms));
                row("  targets (depth, MSAA)", mib(m.gpu.target));
                row("  staging", mib(m.gpu.staging));
                row("GPU allocations (total)", m.gpu_allocations.to_string());
                row(
                    "mesh cache",
                    format!("{} meshes, {}", m.cache.entries, mib(m.cache.bytes as u64)),
                );
                row(
                    "  hits / misses / evictions",
                    format!(
                        "{} / {} / {}",
                        m.cache.hits, m.cache.misses, m.cache.evictions
                    ),
                );
            });
            let series = |f: &dyn Fn(&super::stats::MemorySample) -> u64| -> Vec<[f64; 2]> {
                d.memory
                    .samples()
                    .map(|s| [s.t_s, f(s) as f64 / (1024.0 * 1024.0)])
                    .collect()
            };
            Plot::new("memory history")
                .height(110.0)
                .legend(Legend::default())
                .y_axis_label("MiB")
                .allow_scroll(false)
                .show(ui, |p| {
                    p.line(Line::new("RSS", series(&|s| s.rss_bytes)));
                    if m.heap_live_bytes.is_some() {
                        p.line(Line::new(
                            "heap",
                            series(&|s| s.heap_live_bytes.unwrap_or(0)),
                        ));
                    }
                    p.line(Line::new("GPU", series(&|s| s.gpu.total())));
                });
        });
}

fn frame_times(
    ctx: &egui::Context,
    f: &FrameStats,
    gov: Option<&GovernorView<'_>>,
    open: &mut bool,
) {
    egui::Window::new("Frame times")
        .open(open)
        .default_pos([360.0, 120.0])
        .default_width(430.0)
        .show(ctx, |ui| {
            let s = f.summary();
            ui.label(
                RichText::new(format!(
                    "interval p50 {:.1}  p95 {:.1}  p99 {:.1}  max {:.1} ms",
                    s.interval.p50, s.interval.p95, s.interval.p99, s.interval.max
                ))
                .monospace(),
            );
            ui.label(
                RichText::new(format!(
                    "work     p50 {:.1}  p95 {:.1}  p99 {:.1}  max {:.1} ms",
                    s.work.p50, s.work.p95, s.work.p99, s.work.max
                ))
                .monospace(),
            );
            ui.label(format!(
                "budget {:.1} ms · janky (> {:.1}× budget) {} · work over budget {} · frames {}",
                f.budget_ms,
                super::stats::JANK_FACTOR,
                f.janky,
                f.over_budget,
                f.frames
            ));
            let n0 = f.frames.saturating_sub(f.intervals().len() as u64) as f64;
            let intervals: Vec<[f64; 2]> = f
                .intervals()
                .enumerate()
                .map(|(i, v)| [n0 + i as f64, v])
                .collect();
            let w0 = f.frames.saturating_sub(f.work().len() as u64) as f64;
            let work: Vec<[f64; 2]> = f
                .work()
                .enumerate()
                .map(|(i, v)| [w0 + i as f64, v])
                .collect();
            if let Some(g) = gov {
                let s = &g.stats;
                ui.label(format!(
                    "governor: fixed {:.2} ms (stand-in frames {:.2} ms), layer {:.1} ns/index, \
                     tessellation {:.0} ns/point, upload {:.2} ns/byte; quality {:?} \
                     ({} down, {} up)",
                    s.fixed_ms,
                    s.standin_fixed_ms,
                    s.ms_per_unit[0] * 1e6,
                    s.ms_per_unit[1] * 1e6,
                    s.ms_per_unit[2] * 1e6,
                    g.quality,
                    s.steps_down,
                    s.steps_up
                ));
                let alerts: Vec<_> = g.gov.alerts().collect();
                for a in alerts.iter().rev().take(4) {
                    ui.label(
                        RichText::new(format!("frame {}: {}", a.frame, a.message))
                            .small()
                            .color(Color32::from_rgb(255, 170, 120)),
                    );
                }
            }
            Plot::new("frame times")
                .height(130.0)
                .legend(Legend::default())
                .y_axis_label("ms")
                .include_y(0.0)
                .include_y(f.budget_ms * 2.0)
                .allow_scroll(false)
                .show(ui, |p| {
                    p.line(
                        Line::new("interval", intervals).color(Color32::from_rgb(110, 170, 255)),
                    );
                    p.line(Line::new("work", work).color(Color32::from_rgb(255, 180, 60)));
                    p.hline(
                        HLine::new("budget", f.budget_ms).color(Color32::from_rgb(255, 90, 90)),
                    );
                });
        });
}

fn help(ctx: &egui::Context, open: &mut bool) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_sizes_read_well() {
        assert_eq!(fmt_time(1234.0), "1.23 s");
        assert_eq!(fmt_time(185_200.0), "3:05.2");
        assert_eq!(fmt_time(3_723_000.0), "1:02:03");
        assert_eq!(mib(512), "512 B");
        assert_eq!(mib(2048), "2.0 KiB");
        assert_eq!(mib(7 << 20), "7.0 MiB");
        assert_eq!(mib(3 << 30), "3.00 GiB");
    }
}
