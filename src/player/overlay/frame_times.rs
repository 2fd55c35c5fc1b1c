//! The frame-time panel (with the governor's figures when it is on, and the GPU's passes when
//! the device has timestamps). A click in its plot inspects that frame.

use egui::{Color32, RichText};
use egui_plot::{HLine, Legend, Line, Plot};

use super::data::GovernorView;
use crate::player::actions::Action;
use crate::player::pass_stats::PassStats;
use crate::player::stats::{FrameStats, JANK_FACTOR};

/// The frame-time window: percentiles, jank against the budget, the GPU time of each pass, the
/// governor's learned costs and alerts, and a plot of recent frames (a click asks to inspect
/// the frame under the pointer).
pub(super) fn frame_times(
    ctx: &egui::Context,
    f: &FrameStats,
    passes: &PassStats,
    gov: Option<&GovernorView<'_>>,
    open: &mut bool,
    out: &mut Vec<Action>,
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
                f.budget_ms, JANK_FACTOR, f.janky, f.over_budget, f.frames
            ));
            pass_breakdown(ui, passes);
            // The intervals end with the latest frame, like the work samples.
            let ids: Vec<f64> = f.ids().map(|i| i as f64).collect();
            let skip = ids.len().saturating_sub(f.intervals().len());
            let intervals: Vec<[f64; 2]> = ids[skip..]
                .iter()
                .zip(f.intervals())
                .map(|(&i, v)| [i, v])
                .collect();
            let work: Vec<[f64; 2]> = ids.iter().zip(f.work()).map(|(&i, v)| [i, v]).collect();
            if let Some(g) = gov {
                let s = &g.stats;
                // Pipelined frames (a hardware adapter) learn the CPU's and the GPU's fixed costs
                // apart.
                let fixed = match s.gpu_fixed_ms {
                    Some(gpu) => format!("CPU fixed {:.2} ms, GPU fixed {gpu:.2} ms", s.fixed_ms),
                    None => format!("fixed {:.2} ms", s.fixed_ms),
                };
                ui.label(format!(
                    "governor: {fixed} (stand-in frames {:.2} ms), layer {:.1} ns/index, \
                     tessellation {:.0} ns/point, upload {:.2} ns/byte; quality {:?} \
                     ({} down, {} up)",
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
            let plot = Plot::new("frame times")
                .height(130.0)
                .legend(Legend::default())
                .y_axis_label("ms")
                .include_y(0.0)
                .include_y(f.budget_ms * 2.0)
                .allow_scroll(false)
                .allow_drag(false)
                .show(ui, |p| {
                    p.line(
                        Line::new("interval", intervals).color(Color32::from_rgb(110, 170, 255)),
                    );
                    p.line(Line::new("work", work).color(Color32::from_rgb(255, 180, 60)));
                    p.hline(
                        HLine::new("budget", f.budget_ms).color(Color32::from_rgb(255, 90, 90)),
                    );
                });
            if plot.response.clicked() {
                let at = plot
                    .response
                    .interact_pointer_pos()
                    .map(|pos| plot.transform.value_from_position(pos).x);
                // The recorded frame nearest the click.
                let nearest = at.and_then(|x| {
                    ids.iter()
                        .min_by(|a, b| (*a - x).abs().total_cmp(&(*b - x).abs()))
                        .copied()
                });
                if let Some(frame) = nearest {
                    out.push(Action::InspectFrame(frame as u64));
                }
            }
            ui.label(
                RichText::new("click a frame: seek to what it showed and see it in the profiler")
                    .small(),
            );
        });
}

/// The GPU time of each pass over recent frames (median and 95th percentile per frame it ran).
fn pass_breakdown(ui: &mut egui::Ui, passes: &PassStats) {
    if passes.is_empty() {
        ui.label(RichText::new("GPU passes: no timestamps from this device").small());
        return;
    }
    // Fixed-width text rather than a grid: a grid whose cells change width every frame asks
    // egui to discard and redo the frame.
    let mut table = format!(
        "{:<26} {:>6} {:>8} {:>8} {:>8}",
        format!("GPU pass (last {})", passes.len()),
        "frames",
        "p50 ms",
        "p95 ms",
        "max ms"
    );
    for p in passes.summary() {
        table.push_str(&format!(
            "\n{:<26} {:>6} {:>8.3} {:>8.3} {:>8.3}",
            p.label, p.frames, p.ms.p50, p.ms.p95, p.ms.max
        ));
    }
    ui.label(RichText::new(table).monospace().small());
}
