//! Composing a frame into the target: the retained layer (copied, or drawn scaled up when it has
//! a lower resolution, or resolved into a multisampled frame) or, during a rebuild, the stand-in;
//! then the strokes in progress over it. Only the damage is redrawn (see `layer::damage`). Also
//! the direct frame (`encode_direct`): every started stroke drawn into the target, no layer.

use super::layer::damage::{px_bounds, PxRect, Shown, TargetState};
use super::layer::standin_uniform;
use super::passes::{begin_frame_pass, begin_overlay_pass, clear_color, sampling_group};
use super::timer::{end_mark, mark};
use super::{FrameReport, FrameTarget, Gpu, Renderer};
use crate::playback::FrameDrawList;

impl Renderer {
    /// Compose the layer and the live strokes of `list` into `target`. `layer_before` is the
    /// layer's stroke count before this frame's update (what was added since changed pixels).
    pub(super) fn compose_layer(
        &mut self,
        gpu: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        list: &FrameDrawList,
        layer_before: u32,
        report: &mut FrameReport,
    ) {
        let size = target.size();
        let samples = self.settings.aa.sample_count();
        let (Some(layer), Some(depth)) = (self.retained.layer(), self.frame_depth.as_ref()) else {
            return;
        };
        // Strokes added to the layer this frame (their pixels changed).
        let added_end = layer.count();
        puffin::profile_scope!("compose");
        if samples > 1 {
            self.retained.set_target_state(None);
            // Multisampled: every sample of the frame gets the resolved layer colour, the live
            // strokes are drawn multisampled over it, and the frame is resolved into the target.
            let bg = clear_color(self.settings.background);
            let Some(layer) = self.retained.layer() else {
                return;
            };
            mark(&mut self.timers, encoder, "composition + live strokes");
            let mut pass = begin_frame_pass(
                encoder,
                "frame",
                self.frame_msaa.as_ref(),
                depth,
                target.view,
                bg,
            );
            self.pipelines
                .draw_composite(&mut pass, samples, layer.composite_group());
            if let (Some(g), Some(group)) = (&self.geometry, &self.stroke_group) {
                report.draw_calls +=
                    self.pipelines
                        .draw_strokes(&mut pass, samples, g, group, list.live.clone());
            }
            return;
        }
        // One sample: a plain copy of the layer, then (only if a stroke is in progress) a pass
        // that draws it over the copy. A frame with nothing new costs one texture copy.
        // Only the pixels that differ from the layer are copied: where last frame's live strokes
        // were drawn, and where strokes were added to the layer since. A full copy when the
        // target is new, was written by someone else, or the layer was rebuilt.
        let damage = if report.layer_rebuilt {
            TargetState::damage(None, target.texture, Shown::Layer)
        } else {
            let added = if added_end > layer_before {
                layer_before..added_end
            } else {
                0..0
            };
            let before =
                TargetState::damage(self.retained.target_state(), target.texture, Shown::Layer);
            PxRect::union(
                before,
                px_bounds(&self.stroke_bounds, self.view, self.size, added),
            )
        };
        // A downscaled layer is not copied but drawn scaled up (bilinear), over the same damage
        // grown by what one layer pixel and its filtering reach.
        let scaled = self.layer_div() > 1;
        let damage = damage.map(|r| {
            if scaled {
                r.inflate(2 * self.layer_div(), size)
            } else {
                r
            }
        });
        if scaled {
            let u = standin_uniform(layer, self.view, self.settings.background);
            let texture = layer.color().texture.clone();
            self.retained.write_sampling(gpu, u);
            let Some(layer) = self.retained.layer() else {
                return;
            };
            if self
                .scaled_group
                .as_ref()
                .is_none_or(|(t, _)| *t != texture)
            {
                let group = sampling_group(
                    &gpu.device,
                    &self.pipelines,
                    self.retained.sampling_uniform(),
                    layer,
                    "scaled layer",
                );
                self.scaled_group = Some((texture, group));
            }
        }
        let Some(layer) = self.retained.layer() else {
            return;
        };
        mark(&mut self.timers, encoder, "composition");
        if let (Some(r), false) = (damage, scaled) {
            let origin = wgpu::Origin3d {
                x: r.x0,
                y: r.y0,
                z: 0,
            };
            encoder.copy_texture_to_texture(
                wgpu::TexelCopyTextureInfo {
                    texture: &layer.color().texture,
                    mip_level: 0,
                    origin,
                    aspect: wgpu::TextureAspect::All,
                },
                wgpu::TexelCopyTextureInfo {
                    texture: target.texture,
                    mip_level: 0,
                    origin,
                    aspect: wgpu::TextureAspect::All,
                },
                wgpu::Extent3d {
                    width: r.x1 - r.x0,
                    height: r.y1 - r.y0,
                    depth_or_array_layers: 1,
                },
            );
            report.copied_pixels = r.area();
        }
        let dirty = px_bounds(&self.stroke_bounds, self.view, self.size, list.live.clone());
        self.retained.set_target_state(Some(TargetState {
            texture: target.texture.clone(),
            shows: Shown::Layer,
            dirty,
        }));
        if (scaled && damage.is_some()) || !list.live.is_empty() {
            mark(&mut self.timers, encoder, "live strokes");
            let mut pass = begin_overlay_pass(encoder, "live strokes", target.view, depth);
            if let (Some(r), Some((_, group)), true) = (damage, &self.scaled_group, scaled) {
                pass.set_scissor_rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
                self.pipelines.draw_standin(&mut pass, samples, group);
                report.copied_pixels = r.area();
                pass.set_scissor_rect(0, 0, size.0, size.1);
            }
            if let (Some(g), Some(group)) = (&self.geometry, &self.stroke_group) {
                report.draw_calls +=
                    self.pipelines
                        .draw_strokes(&mut pass, samples, g, group, list.live.clone());
            }
        }
    }

    /// Encode a frame that draws every started stroke directly (no retained layer): the reference
    /// path and the "draw all cached geometry" baseline.
    pub fn encode_direct(
        &mut self,
        gpu: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        playhead_ms: f64,
    ) -> FrameReport {
        let size = target.size();
        puffin::profile_scope!("encode_direct");
        super::lost::frame_hook(&gpu.device);
        self.ensure_size(gpu, size);
        self.write_globals(gpu, playhead_ms);
        let list = self.draw_list(playhead_ms);
        let samples = self.settings.aa.sample_count();
        let mut report = FrameReport {
            shown_ms: playhead_ms,
            ..FrameReport::default()
        };
        let Some(depth) = self.frame_depth.as_ref() else {
            return report;
        };
        self.retained.set_target_state(None);
        let bg = clear_color(self.settings.background);
        mark(&mut self.timers, encoder, "direct");
        let mut pass = begin_frame_pass(
            encoder,
            "direct frame",
            self.frame_msaa.as_ref(),
            depth,
            target.view,
            bg,
        );
        if let (Some(g), Some(group)) = (&self.geometry, &self.stroke_group) {
            report.draw_calls =
                self.pipelines
                    .draw_strokes(&mut pass, samples, g, group, list.started());
        }
        drop(pass);
        end_mark(&mut self.timers, encoder);
        report.live_strokes = list.started().len() as u32;
        report
    }

    /// Encode a frame showing the stand-in (the previous layer re-projected to the current view)
    /// and the strokes `over` it.
    pub(super) fn compose_standin(
        &mut self,
        gpu: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        over: std::ops::Range<u32>,
        report: &mut FrameReport,
    ) {
        let samples = self.settings.aa.sample_count();
        let (Some(old), Some(_)) = (self.retained.standin(), self.frame_depth.as_ref()) else {
            return;
        };
        let u = standin_uniform(old, self.view, self.settings.background);
        self.retained.write_sampling(gpu, u);
        let shows = Shown::Standin(u);
        let damage = TargetState::damage(self.retained.target_state(), target.texture, shows);
        let dirty = px_bounds(&self.stroke_bounds, self.view, self.size, over.clone());
        let pipelines = &self.pipelines;
        let Some((_, group)) = self.retained.standin_with_group(|old, uniform| {
            sampling_group(&gpu.device, pipelines, uniform, old, "standin")
        }) else {
            return;
        };
        let Some(depth) = self.frame_depth.as_ref() else {
            return;
        };
        report.standin = true;
        if samples > 1 {
            let bg = clear_color(self.settings.background);
            let mut pass = begin_frame_pass(
                encoder,
                "standin frame",
                self.frame_msaa.as_ref(),
                depth,
                target.view,
                bg,
            );
            self.pipelines.draw_standin(&mut pass, samples, group);
            if let (Some(g), Some(sg)) = (&self.geometry, &self.stroke_group) {
                report.draw_calls += self.pipelines.draw_strokes(&mut pass, samples, g, sg, over);
            }
            drop(pass);
            self.retained.set_target_state(None);
            return;
        }
        // One sample: the stand-in does not change while the layer is rebuilt, so, like the
        // layer's copy, it is only redrawn where the target differs from it (where last frame
        // drew strokes over it), not sampled over the whole target every frame.
        if damage.is_some() || !over.is_empty() {
            let mut pass = begin_overlay_pass(encoder, "standin frame", target.view, depth);
            if let Some(r) = damage {
                pass.set_scissor_rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
                self.pipelines.draw_standin(&mut pass, samples, group);
                report.copied_pixels = r.area();
                pass.set_scissor_rect(0, 0, self.size.0, self.size.1);
            }
            if let (Some(g), Some(sg)) = (&self.geometry, &self.stroke_group) {
                report.draw_calls += self.pipelines.draw_strokes(&mut pass, samples, g, sg, over);
            }
        }
        self.retained.set_target_state(Some(TargetState {
            texture: target.texture.clone(),
            shows,
            dirty,
        }));
    }

    /// Draw the stand-in once, one pixel of it into the spare layer (which is cleared before it is
    /// used), when new layers were allocated. A software rasterizer (llvmpipe, lavapipe) compiles
    /// a shader for the textures and targets it is first drawn with, at that draw: without this,
    /// the first frame of the first rebuild paid 10–35 ms for it on top of its own work.
    /// Returns whether it drew (a cost paid once, reported as [`FrameReport::layer_fresh`]).
    pub(super) fn warm_standin(&mut self, gpu: &Gpu, encoder: &mut wgpu::CommandEncoder) -> bool {
        let uniform = self.retained.sampling_uniform().buffer.clone();
        let Some((src, dst)) = self.retained.take_cold() else {
            return false;
        };
        let group = sampling_group(
            &gpu.device,
            &self.pipelines,
            &uniform,
            src,
            "standin warm-up",
        );
        let mut pass =
            begin_overlay_pass(encoder, "standin warm-up", &dst.color().view, dst.depth());
        pass.set_scissor_rect(0, 0, 1, 1);
        self.pipelines
            .draw_standin(&mut pass, dst.sample_count(), &group);
        true
    }
}
