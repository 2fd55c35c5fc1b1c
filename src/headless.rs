//! The renderer without a window: an offscreen target, frames on demand, pixels back.
//!
//! [`Headless`] is what `inkplay render`, the snapshot tests and the benches use. It is the same
//! [`Renderer`] the player uses; only the target differs (an [`OffscreenTarget`] texture).

use std::time::{Duration, Instant};

use crate::gpu::{
    FrameReport, GpuArena, GpuContext, GpuError, OffscreenTarget, RenderSettings, Renderer,
};
use crate::model::Drawing;
use crate::tess::{self, ChunkLimits, MeshCache, TessOptions};
use crate::view::View;

/// Time spent loading a drawing onto the GPU.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LoadTimings {
    /// Tessellation (all threads), wall time.
    pub tessellate: Duration,
    /// Upload to GPU buffers, wall time (GPU finished).
    pub upload: Duration,
    /// Vertices uploaded.
    pub vertices: u64,
}

/// Offscreen rendering of one drawing at a time.
#[derive(Debug)]
pub struct Headless {
    /// The device.
    pub ctx: GpuContext,
    /// Counted GPU allocations.
    pub arena: GpuArena,
    /// The renderer.
    pub renderer: Renderer,
    /// The target.
    pub target: OffscreenTarget,
    /// The mesh cache.
    pub cache: MeshCache,
    drawing_id: u64,
}

/// Tolerance used for tessellation, in pixels at the view's scale.
pub const TOLERANCE_PX: f32 = 0.1;

impl Headless {
    /// Open a device and a `width`×`height` target.
    pub fn new(width: u32, height: u32, settings: RenderSettings) -> Result<Self, GpuError> {
        let ctx = GpuContext::new_headless()?;
        Self::with_context(ctx, width, height, settings)
    }

    /// Use an existing device.
    pub fn with_context(
        ctx: GpuContext,
        width: u32,
        height: u32,
        settings: RenderSettings,
    ) -> Result<Self, GpuError> {
        let arena = GpuArena::new();
        let target = OffscreenTarget::new(&ctx, &arena, width, height)?;
        let renderer = Renderer::new(&ctx, &arena, target.format, settings);
        Ok(Self {
            ctx,
            arena,
            renderer,
            target,
            cache: MeshCache::default(),
            drawing_id: 0,
        })
    }

    /// Fit the view to a drawing, tessellate it (in parallel) and upload it.
    pub fn load(&mut self, drawing: &Drawing) -> Result<LoadTimings, GpuError> {
        let (w, h) = self.target.size;
        let view = View::fit(drawing.ink_bbox(), w, h, View::default_margin(w, h));
        self.load_with_view(drawing, view)
    }

    /// Like [`Headless::load`] with a given view.
    pub fn load_with_view(
        &mut self,
        drawing: &Drawing,
        view: View,
    ) -> Result<LoadTimings, GpuError> {
        self.drawing_id += 1;
        self.renderer.set_view(view);
        self.renderer.set_drawing(&self.ctx, drawing);
        let opts = TessOptions::for_scale(TOLERANCE_PX, view.scale);
        let limits = ChunkLimits::for_device(self.ctx.device.limits().max_buffer_size);
        let t0 = Instant::now();
        let chunks =
            tess::tessellate_drawing(drawing, self.drawing_id, &opts, &mut self.cache, limits);
        let tessellate = t0.elapsed();
        let t1 = Instant::now();
        for c in &chunks {
            self.renderer.upload_chunk(&self.ctx, c);
        }
        self.ctx.queue.submit([]);
        self.ctx.wait_idle()?;
        let upload = t1.elapsed();
        self.ctx.check()?;
        Ok(LoadTimings {
            tessellate,
            upload,
            vertices: self.renderer.geometry().map_or(0, |g| g.vertex_count()),
        })
    }

    /// Render a frame at `playhead_ms` with the retained layer, and wait for the GPU.
    pub fn render(&mut self, playhead_ms: f64) -> Result<FrameReport, GpuError> {
        self.frame(playhead_ms, false)
    }

    /// Render a frame at `playhead_ms` drawing all geometry directly, and wait for the GPU.
    pub fn render_direct(&mut self, playhead_ms: f64) -> Result<FrameReport, GpuError> {
        self.frame(playhead_ms, true)
    }

    fn frame(&mut self, playhead_ms: f64, direct: bool) -> Result<FrameReport, GpuError> {
        let mut enc = self
            .ctx
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("frame"),
            });
        let size = self.target.size;
        let view = &self.target.texture.view;
        let report = if direct {
            self.renderer
                .encode_direct(&self.ctx, &mut enc, view, size, playhead_ms)
        } else {
            self.renderer
                .encode_frame(&self.ctx, &mut enc, view, size, playhead_ms)
        };
        self.ctx.queue.submit([enc.finish()]);
        self.ctx.wait_idle()?;
        self.ctx.check()?;
        Ok(report)
    }

    /// Read the target back as straight-alpha RGBA8 (ready for PNG).
    pub fn read_rgba(&self) -> Result<Vec<u8>, GpuError> {
        let mut px = self.target.read_rgba8(&self.ctx, &self.arena)?;
        crate::output::unpremultiply(&mut px);
        Ok(px)
    }
}
