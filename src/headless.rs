//! The renderer without a window: an offscreen target, frames on demand, pixels back.
//!
//! [`Headless`] is what `inkplay render`, the snapshot tests and the benches use: a [`Replay`]
//! (the same frame orchestrator the player uses) drawing into an [`OffscreenTarget`], each frame
//! submitted and waited for.

use std::time::{Duration, Instant};

use crate::governor::GovernorConfig;
use crate::gpu::{
    FrameReport, Gpu, GpuContext, GpuError, GpuFrameTimes, GpuMemory, OffscreenTarget, Readback,
    RenderSettings, Renderer,
};
use crate::import::incoming::Incoming;
use crate::model::Drawing;
use crate::replay::{Prepared, Replay};
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
    pub gpu_mem: GpuMemory,
    /// The frame orchestrator: drawing, renderer, mesh cache, governor.
    pub replay: Replay,
    /// The target.
    pub target: OffscreenTarget,
    /// The GPU times of the last frame timed by [`Headless::frame_timed`], pass by pass.
    last_gpu: Option<GpuFrameTimes>,
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
        let gpu_mem = GpuMemory::new();
        let target = OffscreenTarget::new(&gpu, &gpu_mem, width, height)?;
        let mut replay = Replay::new(&gpu, &gpu_mem, target.format, settings, None);
        if let Some(t) = replay.renderer_mut().gpu_timers_mut() {
            t.set_pass_marks(false);
        }
        Ok(Self {
            gpu,
            gpu_mem,
            replay,
            target,
            last_gpu: None,
        })
    }

    /// Govern the frames from now on (see [`Replay::set_governor`]). [`Headless::render`] and
    /// [`Headless::frame_timed`] only encode and wait: a governed frame is
    /// [`Headless::prepare`], then `frame_timed`, then [`Replay::finish`] on `self.replay` with
    /// what it cost (as the bench does), so the governor learns from every frame.
    pub fn set_governor(&mut self, governor: Option<GovernorConfig>) {
        self.replay.set_governor(governor);
    }

    /// Time each GPU pass of the frames [`Headless::frame_timed`] measures (off by default: only
    /// whole frames, since each pass's timestamps cost a software rasterizer time).
    pub fn set_pass_timing(&mut self, on: bool) {
        if let Some(t) = self.replay.renderer_mut().gpu_timers_mut() {
            t.set_pass_marks(on);
        }
    }

    /// The GPU times, pass by pass (with [`Headless::set_pass_timing`]), of the last frame
    /// [`Headless::frame_timed`] measured (`None` before one, or without encoder timestamps).
    pub fn last_gpu_times(&self) -> Option<&GpuFrameTimes> {
        self.last_gpu.as_ref()
    }

    /// The renderer.
    pub fn renderer(&self) -> &Renderer {
        self.replay.renderer()
    }

    /// The renderer, to change its view, settings or layer budget.
    pub fn renderer_mut(&mut self) -> &mut Renderer {
        self.replay.renderer_mut()
    }

    /// Fit the view to a drawing, tessellate it (in parallel) and upload it.
    pub fn load(&mut self, drawing: Drawing) -> Result<LoadTimings, Error> {
        let (w, h) = self.target.size;
        let view = crate::view::fit_view(&drawing, w, h);
        self.load_with_view(drawing, view)
    }

    /// Like [`Headless::load`] with a given view (see [`Replay::load_all`]), then the GPU is
    /// waited for.
    pub fn load_with_view(&mut self, drawing: Drawing, view: View) -> Result<LoadTimings, Error> {
        self.open(Incoming::from(drawing), view);
        self.replay.load_all(&self.gpu)?;
        let t1 = Instant::now();
        self.gpu.queue.submit([]);
        self.gpu.wait_idle()?;
        self.gpu.check()?;
        let (tessellate, upload) = self
            .replay
            .streamer()
            .map_or((Duration::ZERO, Duration::ZERO), |s| {
                (s.tessellate, s.upload)
            });
        Ok(LoadTimings {
            tessellate,
            upload: upload + t1.elapsed(),
            vertices: self.renderer().geometry().map_or(0, |g| g.vertex_count()),
        })
    }

    /// Start showing a drawing, complete or still arriving, with `view`; it streams in with the
    /// frames' [`Headless::prepare`] or at once with [`Replay::load_all`].
    pub fn open(&mut self, incoming: Incoming, view: View) {
        self.replay.open(&self.gpu, incoming, view, view.scale);
    }

    /// The work before a frame at `playhead_ms` (see [`Replay::prepare`]).
    pub fn prepare(&mut self, playhead_ms: f64) -> Result<Prepared, GpuError> {
        self.replay.prepare(&self.gpu, playhead_ms)
    }

    /// Render a frame at `playhead_ms` with the retained layer, and wait for the GPU.
    pub fn render(&mut self, playhead_ms: f64) -> Result<FrameReport, GpuError> {
        Ok(self.encode_submit_wait(playhead_ms, false, false)?.report)
    }

    /// Render a frame at `playhead_ms` drawing all geometry directly, and wait for the GPU.
    pub fn render_direct(&mut self, playhead_ms: f64) -> Result<FrameReport, GpuError> {
        Ok(self.encode_submit_wait(playhead_ms, true, false)?.report)
    }

    /// Render a frame and measure it: wall time until the GPU finished, the calling thread's CPU
    /// time to encode and submit, and GPU time from timestamps where the device has them.
    pub fn frame_timed(&mut self, playhead_ms: f64, direct: bool) -> Result<FrameTiming, GpuError> {
        self.encode_submit_wait(playhead_ms, direct, true)
    }

    /// A whole governed frame at `playhead_ms`: [`Headless::prepare`], [`Headless::frame_timed`],
    /// then [`Replay::finish`] with its wall time (what the work before it streamed is not
    /// returned: the caller only draws).
    pub fn frame_governed(&mut self, playhead_ms: f64) -> Result<FrameTiming, GpuError> {
        self.prepare(playhead_ms)?;
        let start = Instant::now();
        let ft = self.frame_timed(playhead_ms, false)?;
        let ms = start.elapsed().as_secs_f64() * 1e3;
        self.replay
            .finish(&ft.report, crate::replay::FrameCost::Measured(ms));
        Ok(ft)
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
        let wall = Instant::now();
        let cpu = cpu_time::ThreadTime::now();
        let mut enc = self
            .gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("frame"),
            });
        let tag = self.last_gpu.as_ref().map_or(0, |g| g.tag + 1);
        let slot = match self.replay.renderer_mut().gpu_timers_mut() {
            Some(t) if timed => t.begin(&mut enc, tag),
            _ => None,
        };
        let target = self.target.frame_target();
        let report = if direct {
            self.replay
                .encode_direct(&self.gpu, &mut enc, target, playhead_ms)
        } else {
            self.replay.encode(&self.gpu, &mut enc, target, playhead_ms)
        };
        let timers = self.replay.renderer_mut().gpu_timers_mut();
        let slot = match (slot, timers) {
            (Some(_), Some(t)) => t.end(&mut enc),
            _ => None,
        };
        self.gpu.queue.submit([enc.finish()]);
        let submit_ns = puffin::now_ns();
        let cpu_ms = cpu.elapsed().as_secs_f64() * 1e3;
        self.gpu.wait_idle()?;
        let wall_ms = wall.elapsed().as_secs_f64() * 1e3;
        self.gpu.check()?;
        let mut gpu_ms = None;
        if let (Some(i), Some(t)) = (slot, self.replay.renderer_mut().gpu_timers_mut()) {
            t.submitted(i, submit_ns);
            if let Some(times) = t.wait(&self.gpu, i)? {
                gpu_ms = Some(times.total_ms);
                self.last_gpu = Some(times);
            }
        }
        Ok(FrameTiming {
            report,
            wall_ms,
            cpu_ms,
            gpu_ms,
        })
    }

    /// A readback buffer for this target (see [`Headless::submit_frame`]).
    pub fn readback(&self) -> Readback {
        Readback::new(&self.gpu, &self.gpu_mem, &self.target.texture.texture)
    }

    /// Render a frame at `playhead_ms` with the retained layer and copy it into `readback`,
    /// without waiting: [`Readback::finish`] waits for this frame only, so several frames can
    /// be in flight (the exporter's pipeline).
    pub fn submit_frame(
        &mut self,
        playhead_ms: f64,
        readback: &mut Readback,
    ) -> Result<FrameReport, GpuError> {
        puffin::profile_function!();
        let mut enc = self
            .gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("frame"),
            });
        let report =
            self.replay
                .encode(&self.gpu, &mut enc, self.target.frame_target(), playhead_ms);
        readback.copy_from(&mut enc, &self.target.texture.texture);
        readback.request(self.gpu.queue.submit([enc.finish()]));
        self.gpu.check()?;
        Ok(report)
    }

    /// Read the target back as straight-alpha RGBA8 (ready for PNG).
    pub fn read_rgba(&self) -> Result<Vec<u8>, GpuError> {
        let mut px = self.target.read_rgba8(&self.gpu, &self.gpu_mem)?;
        crate::output::unpremultiply(&mut px);
        Ok(px)
    }
}
