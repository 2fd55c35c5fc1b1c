//! The renderer without a window: an offscreen target, frames on demand, pixels back.
//!
//! [`Headless`] is what `inkplay render`, the snapshot tests and the benches use. It is the same
//! [`Renderer`] the player uses; only the target differs (an [`OffscreenTarget`] texture).

use std::time::{Duration, Instant};

use crate::gpu::{
    FrameReport, Gpu, GpuArena, GpuContext, GpuError, GpuTimer, OffscreenTarget, RenderSettings,
    Renderer,
};
use crate::import::incoming::Incoming;
use crate::model::Drawing;
use crate::tess::MeshCache;
use crate::view::View;
use crate::Error;

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
    pub gpu: Gpu,
    /// Counted GPU allocations.
    pub arena: GpuArena,
    /// The renderer.
    pub renderer: Renderer,
    /// The target.
    pub target: OffscreenTarget,
    /// The mesh cache.
    pub cache: MeshCache,
    timer: Option<GpuTimer>,
    drawing_id: u64,
}

/// One frame's costs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameTiming {
    /// What the renderer did.
    pub report: FrameReport,
    /// Wall time from the start of encoding until the GPU finished, ms.
    pub wall_ms: f64,
    /// CPU time of the calling thread spent encoding and submitting, ms.
    pub cpu_ms: f64,
    /// GPU time between the frame's first and last command, ms (when timestamps are available).
    pub gpu_ms: Option<f64>,
}

pub use crate::stream::{Streamer, LOAD_BATCH, TOLERANCE_PX};

impl Headless {
    /// Open a device and a `width`×`height` target.
    pub fn new(width: u32, height: u32, settings: RenderSettings) -> Result<Self, GpuError> {
        let ctx = GpuContext::new_headless()?;
        Self::with_gpu(ctx.gpu, width, height, settings)
    }

    /// Render with an existing device (a host application's: see [`Gpu::from_host`]).
    pub fn with_gpu(
        gpu: Gpu,
        width: u32,
        height: u32,
        settings: RenderSettings,
    ) -> Result<Self, GpuError> {
        let ctx = gpu;
        let arena = GpuArena::new();
        let target = OffscreenTarget::new(&ctx, &arena, width, height)?;
        let timer = GpuTimer::new(&ctx, &arena);
        let renderer = Renderer::new(&ctx, &arena, target.format, settings);
        Ok(Self {
            gpu: ctx,
            arena,
            renderer,
            target,
            cache: MeshCache::default(),
            timer,
            drawing_id: 0,
        })
    }

    /// Fit the view to a drawing, tessellate it (in parallel) and upload it.
    pub fn load(&mut self, drawing: &Drawing) -> Result<LoadTimings, GpuError> {
        let (w, h) = self.target.size;
        self.load_with_view(drawing, crate::stream::fit_view(drawing, w, h))
    }

    /// Like [`Headless::load`] with a given view. Strokes are tessellated and uploaded in batches
    /// (so at most one batch of meshes plus the cache is on the CPU at once), then the GPU is waited for.
    pub fn load_with_view(
        &mut self,
        drawing: &Drawing,
        view: View,
    ) -> Result<LoadTimings, GpuError> {
        let mut s = self.begin_stream(drawing, view);
        while !self.stream_step(&mut s, drawing, LOAD_BATCH)? {}
        let t1 = Instant::now();
        self.gpu.queue.submit([]);
        self.gpu.wait_idle()?;
        self.gpu.check()?;
        Ok(LoadTimings {
            tessellate: s.tessellate,
            upload: s.upload + t1.elapsed(),
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
        Ok(self.encode_submit_wait(playhead_ms, direct, false)?.report)
    }

    /// Render a frame and measure it: wall time until the GPU finished, the calling thread's CPU
    /// time to encode and submit, and GPU time from timestamps where the device has them.
    pub fn frame_timed(&mut self, playhead_ms: f64, direct: bool) -> Result<FrameTiming, GpuError> {
        self.encode_submit_wait(playhead_ms, direct, true)
    }

    /// One frame, waited for; GPU timestamps only when `timed` (reading them back is a second
    /// wait that plain renders do not need).
    fn encode_submit_wait(
        &mut self,
        playhead_ms: f64,
        direct: bool,
        timed: bool,
    ) -> Result<FrameTiming, GpuError> {
        puffin::profile_function!();
        let timer = if timed { self.timer.as_ref() } else { None };
        let wall = Instant::now();
        let cpu = cpu_time::ThreadTime::now();
        let mut enc = self
            .gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("frame"),
            });
        if let Some(t) = timer {
            t.start(&mut enc);
        }
        let target = self.target.frame_target();
        let report = if direct {
            self.renderer
                .encode_direct(&self.gpu, &mut enc, target, playhead_ms)
        } else {
            self.renderer
                .encode_frame(&self.gpu, &mut enc, target, playhead_ms)
        };
        if let Some(t) = timer {
            t.end(&mut enc);
        }
        self.gpu.queue.submit([enc.finish()]);
        let cpu_ms = cpu.elapsed().as_secs_f64() * 1e3;
        self.gpu.wait_idle()?;
        let wall_ms = wall.elapsed().as_secs_f64() * 1e3;
        self.gpu.check()?;
        let gpu_ms = match timer {
            Some(t) => Some(t.read_ms(&self.gpu)?),
            None => None,
        };
        Ok(FrameTiming {
            report,
            wall_ms,
            cpu_ms,
            gpu_ms,
        })
    }

    /// Start streaming a drawing in (see [`Streamer`]): the view is set and the stroke table is
    /// uploaded; geometry follows with [`Headless::stream_step`].
    pub fn begin_stream(&mut self, drawing: &Drawing, view: View) -> Streamer {
        self.drawing_id += 1;
        self.renderer.set_view(view);
        Streamer::begin(
            &self.gpu,
            &mut self.renderer,
            drawing,
            view.scale,
            self.drawing_id,
        )
    }

    /// Like [`Headless::begin_stream`] for a drawing still being imported (see
    /// [`Streamer::begin_incoming`]).
    pub fn begin_stream_incoming(&mut self, incoming: &Incoming, view: View) -> Streamer {
        self.drawing_id += 1;
        self.renderer.set_view(view);
        Streamer::begin_incoming(
            &self.gpu,
            &mut self.renderer,
            incoming,
            view.scale,
            self.drawing_id,
        )
    }

    /// Tessellate and upload up to `max_strokes` more strokes (see [`Streamer::step`]). Returns
    /// whether the drawing is now completely on the GPU.
    pub fn stream_step(
        &mut self,
        s: &mut Streamer,
        drawing: &Drawing,
        max_strokes: usize,
    ) -> Result<bool, GpuError> {
        s.step(
            &self.gpu,
            &mut self.renderer,
            &mut self.cache,
            drawing,
            max_strokes,
        )
    }

    /// Pull up to `max_strokes` more strokes of a drawing still arriving, tessellate and upload
    /// them (see [`Streamer::step_incoming`]). Returns whether the drawing is now completely on
    /// the GPU; an import error ends it and is returned.
    pub fn stream_step_incoming(
        &mut self,
        s: &mut Streamer,
        incoming: &mut Incoming,
        max_strokes: usize,
    ) -> Result<bool, Error> {
        let (_, err) = s.step_incoming(
            &self.gpu,
            &mut self.renderer,
            &mut self.cache,
            incoming,
            max_strokes,
            u64::MAX,
        )?;
        match err {
            Some(e) => Err(e.into()),
            None => Ok(s.done()),
        }
    }

    /// Read the target back as straight-alpha RGBA8 (ready for PNG).
    pub fn read_rgba(&self) -> Result<Vec<u8>, GpuError> {
        let mut px = self.target.read_rgba8(&self.gpu, &self.arena)?;
        crate::output::unpremultiply(&mut px);
        Ok(px)
    }
}
