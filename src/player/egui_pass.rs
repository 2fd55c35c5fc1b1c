//! The overlay's part of a frame: before drawing, sample memory when due and run egui over the
//! player's state (it emits actions); after the drawing is encoded, encode egui's paint pass on
//! the same texture.

use super::actions::Action;
use super::app::{App, Gfx};
use super::overlay;
use super::stats::MemorySample;

impl App {
    /// What the memory panel records now.
    pub(super) fn memory_sample(&self) -> MemorySample {
        let (gpu, (allocations, objects), cache, checkpoints) =
            self.gfx.as_ref().map_or_else(Default::default, |g| {
                (
                    g.gpu_mem.stats(),
                    (g.gpu_mem.allocations(), g.gpu_mem.live_allocations()),
                    g.replay.cache().stats(),
                    g.replay.renderer().checkpoint_stats(),
                )
            });
        MemorySample {
            t_s: self.started.elapsed().as_secs_f64(),
            rss_bytes: crate::memory::rss_bytes().unwrap_or(0),
            heap_live_bytes: crate::memory::heap_live_bytes(),
            heap_peak_bytes: crate::memory::heap_peak_bytes(),
            gpu,
            cache,
            checkpoints,
            gpu_allocations: allocations,
            gpu_objects: objects,
        }
    }

    /// Sample memory when due (checking it against `--memory-budget-mb`), then run the overlay
    /// for this frame; what the user asked for goes to `ui_actions`. `None` without a window.
    pub(super) fn run_overlay(&mut self, ui_actions: &mut Vec<Action>) -> Option<egui::FullOutput> {
        puffin::profile_scope!("egui_ui");
        if self.memory.due(self.started.elapsed().as_secs_f64()) {
            let sample = self.memory_sample();
            self.memory.offer(sample);
            if let (Some(g), Some(_)) = (self.gfx.as_mut(), self.opts.memory_budget_mb) {
                let (used, budget) = (g.replay.memory_used(), g.replay.memory_budget());
                g.replay.check_memory(used, budget);
            }
        }
        let fit = self.fit_scale();
        let g = self.gfx.as_mut()?;
        let raw = g.egui_state.take_egui_input(&g.window);
        let http = self.opts.puffin_http.as_deref();
        let (name, id) = self
            .scene
            .as_ref()
            .map_or(("", 0), |s| (s.name.as_str(), s.id));
        let strokes = g.replay.incoming().map_or(0, |i| i.expected());
        let points = g.replay.points();
        let data = overlay::OverlayData {
            name,
            drawing_id: id,
            strokes,
            points,
            uploaded: g.replay.renderer().geometry().map_or(0, |x| x.uploaded),
            clock: &self.clock,
            timeline: g.replay.renderer().timeline(),
            loop_marks: self.loop_marks,
            adapter: &g.gpu.summary,
            present_mode: g.config.present_mode,
            size: (g.config.width, g.config.height),
            scale_factor: g.window.scale_factor(),
            zoom: self.view.scale / fit,
            frames: &self.frame_stats,
            passes: &self.pass_stats,
            memory: &self.memory,
            puffin_http: http,
            governor: g.replay.governor().map(|gov| overlay::GovernorView {
                preset: gov.config().preset.name(),
                quality: gov.quality(),
                stats: gov.stats(),
                gov,
            }),
            buffering: self.buffering,
            rebuilding: g.replay.renderer().rebuilding(),
        };
        let ui = &mut self.ui;
        let mut out = g.egui_ctx.run(raw, |ctx| {
            overlay::show(ctx, &data, ui, ui_actions);
        });
        g.egui_state
            .handle_platform_output(&g.window, std::mem::take(&mut out.platform_output));
        Some(out)
    }
}

/// Encode egui's output (textures, buffers, one render pass loading what is already drawn) on
/// top of the frame in `view`; returns the command buffers egui-wgpu needs submitted first.
pub(super) fn encode_overlay(
    g: &mut Gfx,
    encoder: &mut wgpu::CommandEncoder,
    view: &wgpu::TextureView,
    egui_output: egui::FullOutput,
) -> Vec<wgpu::CommandBuffer> {
    puffin::profile_scope!("egui_paint");
    let ppp = egui_output.pixels_per_point;
    let jobs = g.egui_ctx.tessellate(egui_output.shapes, ppp);
    for (id, delta) in &egui_output.textures_delta.set {
        g.egui_renderer
            .update_texture(&g.gpu.device, &g.gpu.queue, *id, delta);
    }
    let screen = egui_wgpu::ScreenDescriptor {
        size_in_pixels: [g.config.width, g.config.height],
        pixels_per_point: ppp,
    };
    let command_buffers =
        g.egui_renderer
            .update_buffers(&g.gpu.device, &g.gpu.queue, encoder, &jobs, &screen);
    let mut pass = encoder
        .begin_render_pass(&wgpu::RenderPassDescriptor {
            label: Some("egui"),
            color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                view,
                depth_slice: None,
                resolve_target: None,
                ops: wgpu::Operations {
                    load: wgpu::LoadOp::Load,
                    store: wgpu::StoreOp::Store,
                },
            })],
            depth_stencil_attachment: None,
            timestamp_writes: None,
            occlusion_query_set: None,
        })
        .forget_lifetime();
    g.egui_renderer.render(&mut pass, &jobs, &screen);
    drop(pass);
    for id in &egui_output.textures_delta.free {
        g.egui_renderer.free_texture(id);
    }
    command_buffers
}
