//! The alternatives a user would pick, each drawing the same frames as inkplay.
//!
//! - `draw-all`: inkplay's own cached geometry, every started stroke redrawn every frame (the
//!   lyon-example way) — [`Headless::render_direct`](crate::headless::Headless::render_direct).
//! - `epaint`: egui's painter path. Every frame the visible strokes become `epaint::Shape::line`s,
//!   epaint tessellates them (with its 1-px feathering, its antialiasing) and egui-wgpu draws them on
//!   the same device into the same kind of target. epaint strokes have one width, so pressure is not
//!   shown; partial strokes are cut at the playhead exactly like inkplay's reveal.
//! - `tiny-skia`: CPU rasterisation of the same frame (anti-aliased paths, round caps and joins as
//!   the style says) into a pixmap, from scratch each frame, as a headless user without a GPU would.

use std::sync::Arc;
use std::time::Instant;

use egui::epaint::{self, ClippedShape, Color32, Pos2, Rect, Shape};

use crate::gpu::{Gpu, GpuError, GpuMemory, OffscreenTarget};
use crate::model::{Drawing, LineCap, LineJoin, Stroke};
use crate::view::View;

/// The part of a stroke drawn by time `t`, in pixels: samples up to `t` plus the point interpolated
/// between the last sample before `t` and the first after it.
pub fn visible_polyline(stroke: &Stroke, view: &View, t: f64, out: &mut Vec<[f32; 2]>) {
    out.clear();
    let px = |x: f32, y: f32| {
        let p = view.to_px(glam::Vec2::new(x, y));
        [p.x, p.y]
    };
    let mut prev: Option<crate::model::Point> = None;
    for p in &stroke.points {
        if p.t_ms <= t {
            out.push(px(p.x, p.y));
            prev = Some(p);
            continue;
        }
        if let Some(a) = prev {
            let span = p.t_ms - a.t_ms;
            let f = if span > 0.0 {
                ((t - a.t_ms) / span) as f32
            } else {
                0.0
            };
            out.push(px(a.x + (p.x - a.x) * f, a.y + (p.y - a.y) * f));
        }
        break;
    }
}

fn width_px(stroke: &Stroke, view: &View) -> f32 {
    (stroke.style.width * view.scale).max(0.0)
}

/// egui's painter: tessellate on the CPU every frame, draw with egui-wgpu.
pub struct EpaintPeer {
    renderer: egui_wgpu::Renderer,
    target: OffscreenTarget,
    poly: Vec<[f32; 2]>,
}

impl std::fmt::Debug for EpaintPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EpaintPeer").finish_non_exhaustive()
    }
}

impl EpaintPeer {
    /// A peer drawing into its own `width`×`height` target on `gpu`'s device.
    pub fn new(gpu: &Gpu, gpu_mem: &GpuMemory, width: u32, height: u32) -> Result<Self, GpuError> {
        let target = OffscreenTarget::new(gpu, gpu_mem, width, height)?;
        let mut renderer = egui_wgpu::Renderer::new(
            &gpu.device,
            target.format,
            egui_wgpu::RendererOptions {
                msaa_samples: 1,
                depth_stencil_format: None,
                dithering: false,
                predictable_texture_filtering: false,
            },
        );
        // epaint's untextured meshes sample the white texel of texture 0 (the font atlas).
        let white = epaint::ColorImage::filled([1, 1], Color32::WHITE);
        renderer.update_texture(
            &gpu.device,
            &gpu.queue,
            epaint::TextureId::Managed(0),
            &epaint::ImageDelta::full(
                epaint::ImageData::Color(Arc::new(white)),
                epaint::textures::TextureOptions::LINEAR,
            ),
        );
        Ok(Self {
            renderer,
            target,
            poly: Vec::new(),
        })
    }

    /// Draw the frame at `t`; returns wall ms (GPU finished).
    pub fn frame(
        &mut self,
        gpu: &Gpu,
        drawing: &Drawing,
        started: usize,
        view: &View,
        t: f64,
    ) -> Result<f64, GpuError> {
        let t0 = Instant::now();
        let (w, h) = self.target.size;
        let clip = Rect::from_min_max(Pos2::ZERO, Pos2::new(w as f32, h as f32));
        let mut shapes = Vec::with_capacity(started);
        for s in &drawing.strokes[..started.min(drawing.strokes.len())] {
            visible_polyline(s, view, t, &mut self.poly);
            let c = s.style.color;
            let color = Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a);
            let width = width_px(s, view);
            let pts: Vec<Pos2> = self.poly.iter().map(|p| Pos2::new(p[0], p[1])).collect();
            let shape = match pts.len() {
                0 => continue,
                1 => Shape::circle_filled(pts[0], width * 0.5, color),
                _ => Shape::line(pts, epaint::Stroke::new(width, color)),
            };
            shapes.push(ClippedShape {
                clip_rect: clip,
                shape,
            });
        }
        let mut tess =
            epaint::Tessellator::new(1.0, epaint::TessellationOptions::default(), [1, 1], vec![]);
        let prims = tess.tessellate_shapes(shapes);
        let screen = egui_wgpu::ScreenDescriptor {
            size_in_pixels: [w, h],
            pixels_per_point: 1.0,
        };
        let mut enc = gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("epaint peer"),
            });
        let extra =
            self.renderer
                .update_buffers(&gpu.device, &gpu.queue, &mut enc, &prims, &screen);
        {
            let pass = enc.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("epaint peer"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: self.target.view(),
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color::WHITE),
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: None,
                timestamp_writes: None,
                occlusion_query_set: None,
            });
            let mut pass = pass.forget_lifetime();
            self.renderer.render(&mut pass, &prims, &screen);
        }
        gpu.queue.submit(extra.into_iter().chain([enc.finish()]));
        gpu.wait_idle()?;
        gpu.check()?;
        Ok(t0.elapsed().as_secs_f64() * 1e3)
    }

    /// The target (for tests that look at the pixels).
    pub fn target(&self) -> &OffscreenTarget {
        &self.target
    }
}

/// CPU rasterisation with tiny-skia.
#[derive(Debug)]
pub struct TinySkiaPeer {
    pixmap: tiny_skia::Pixmap,
    poly: Vec<[f32; 2]>,
}

impl TinySkiaPeer {
    /// A `width`×`height` pixmap (`None` if the size is zero or too large).
    pub fn new(width: u32, height: u32) -> Option<Self> {
        Some(Self {
            pixmap: tiny_skia::Pixmap::new(width, height)?,
            poly: Vec::new(),
        })
    }

    /// Draw the frame at `t` from scratch; returns wall ms.
    pub fn frame(&mut self, drawing: &Drawing, started: usize, view: &View, t: f64) -> f64 {
        let t0 = Instant::now();
        self.pixmap.fill(tiny_skia::Color::WHITE);
        let mut paint = tiny_skia::Paint {
            anti_alias: true,
            ..tiny_skia::Paint::default()
        };
        for s in &drawing.strokes[..started.min(drawing.strokes.len())] {
            visible_polyline(s, view, t, &mut self.poly);
            let Some((first, rest)) = self.poly.split_first() else {
                continue;
            };
            let c = s.style.color;
            paint.set_color_rgba8(c.r, c.g, c.b, c.a);
            let width = width_px(s, view);
            let mut pb = tiny_skia::PathBuilder::new();
            if rest.is_empty() {
                pb.push_circle(first[0], first[1], (width * 0.5).max(0.01));
                if let Some(path) = pb.finish() {
                    self.pixmap.fill_path(
                        &path,
                        &paint,
                        tiny_skia::FillRule::Winding,
                        tiny_skia::Transform::identity(),
                        None,
                    );
                }
                continue;
            }
            pb.move_to(first[0], first[1]);
            for p in rest {
                pb.line_to(p[0], p[1]);
            }
            let Some(path) = pb.finish() else { continue };
            let stroke = tiny_skia::Stroke {
                width,
                miter_limit: s.style.miter_limit,
                line_cap: match s.style.cap {
                    LineCap::Butt => tiny_skia::LineCap::Butt,
                    LineCap::Round => tiny_skia::LineCap::Round,
                    LineCap::Square => tiny_skia::LineCap::Square,
                },
                line_join: match s.style.join {
                    LineJoin::Miter => tiny_skia::LineJoin::Miter,
                    LineJoin::MiterClip => tiny_skia::LineJoin::MiterClip,
                    LineJoin::Round => tiny_skia::LineJoin::Round,
                    LineJoin::Bevel => tiny_skia::LineJoin::Bevel,
                },
                dash: None,
            };
            self.pixmap.stroke_path(
                &path,
                &paint,
                &stroke,
                tiny_skia::Transform::identity(),
                None,
            );
        }
        t0.elapsed().as_secs_f64() * 1e3
    }

    /// The pixels (premultiplied RGBA8).
    pub fn pixels(&self) -> &[u8] {
        self.pixmap.data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Point;

    #[test]
    fn polyline_is_cut_at_the_playhead() {
        let s = Stroke::new(vec![
            Point::new(0.0, 0.0, 0.0),
            Point::new(10.0, 0.0, 100.0),
            Point::new(10.0, 10.0, 200.0),
        ]);
        let v = View::default();
        let mut out = Vec::new();
        visible_polyline(&s, &v, 150.0, &mut out);
        assert_eq!(out, vec![[0.0, 0.0], [10.0, 0.0], [10.0, 5.0]]);
        visible_polyline(&s, &v, -1.0, &mut out);
        assert!(out.is_empty());
        visible_polyline(&s, &v, 1e9, &mut out);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn tiny_skia_draws_ink() {
        let mut d = crate::import::synthetic::generate(20, 1);
        let (w, h) = (64, 48);
        d = d.validated().expect("valid").0;
        let v = View::fit(d.view_bbox(), w, h, 4.0);
        let mut p = TinySkiaPeer::new(w, h).expect("pixmap");
        p.frame(&d, 20, &v, 1e12);
        assert!(p.pixels().chunks_exact(4).any(|px| px[0] < 200));
    }
}
