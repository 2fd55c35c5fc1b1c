//! The frame-time panel (with the governor's figures when it is on).

use egui::{Color32, RichText};
use egui_plot::{HLine, Legend, Line, Plot};

use super::data::GovernorView;
use crate::player::stats::{FrameStats, JANK_FACTOR};

/// The frame-time window: percentiles, jank against the budget, the governor's learned costs
/// and alerts, and a plot of recent frames.
pub(super) fn frame_times(
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
                f.budget_ms, JANK_FACTOR, f.janky, f.over_budget, f.frames
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
