//! The memory panel.

use egui::RichText;
use egui_plot::{Legend, Line, Plot};

use super::data::OverlayData;
use super::format::mib;
use crate::player::stats::MemorySample;

/// The memory window: process, heap, GPU bytes by kind, GPU objects, mesh cache, and their
/// history (the figures the soak samples, see `bench::soak`).
pub(super) fn memory(ctx: &egui::Context, d: &OverlayData<'_>, open: &mut bool) {
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
                row(
                    "  layer checkpoints",
                    format!(
                        "{}, {} / {} filled",
                        mib(m.gpu.checkpoints),
                        m.checkpoints.filled,
                        m.checkpoints.planned,
                    ),
                );
                row("    their budget", mib(m.checkpoints.budget_bytes));
                row("  uniforms + stroke table", mib(m.gpu.uniforms));
                row("  targets (depth, MSAA)", mib(m.gpu.target));
                row("  staging", mib(m.gpu.staging));
                row("  image atlas", mib(m.gpu.images));
                row(
                    "GPU objects alive / made",
                    format!("{} / {}", m.gpu_objects, m.gpu_allocations),
                );
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
            let series = |f: &dyn Fn(&MemorySample) -> u64| -> Vec<[f64; 2]> {
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
