//! The Vello peers: `vello` on inkplay's own device and `vello_cpu` on every core, each drawing
//! the frames inkplay drew, from the paths `vello_paths.rs` makes.
//!
//! Each is used the way a Vello user replaying a drawing would use it at its best:
//! - `vello` keeps one scene of the finished strokes, appending a stroke's encoding once when it
//!   finishes (and starting it over when the playhead goes back); a frame is that scene, appended,
//!   plus the strokes in progress, rendered to a texture (area antialiasing) and waited for.
//! - `vello_cpu` keeps each finished stroke's path and issues every visible one each frame (its
//!   API is immediate), then rasterises into a pixmap with its worker threads.
//!
//! What each keeps is in pixels of the view it was made with: a peer draws every frame in one
//! view, as `--compare` does.

use std::time::Instant;

use vello::kurbo::{Affine, Rect};
use vello::peniko::Color;
use vello::{AaConfig, AaSupport, RenderParams, Renderer, RendererOptions, Scene};

use super::vello_paths::{item, Item, Paint, Scratch};
use crate::gpu::{read_texture_rgba8, CountedTexture, Gpu, GpuCategory, GpuError, GpuMemory};
use crate::model::Drawing;
use crate::playback::Timeline;
use crate::view::View;

/// What a frame draws: strokes `..finished` complete, `finished..started` in progress at `t`.
#[derive(Debug, Clone, Copy)]
pub struct PeerFrameAt {
    /// The playhead, ms.
    pub t: f64,
    /// Strokes complete at `t`.
    pub finished: usize,
    /// Strokes started by `t`.
    pub started: usize,
}

impl PeerFrameAt {
    /// The frame at `t` of `timeline`.
    pub fn of(timeline: &Timeline, t: f64) -> Self {
        let list = timeline.draw_list(t);
        Self {
            t,
            finished: list.finished.end as usize,
            started: list.live.end as usize,
        }
    }
}

/// Vello on inkplay's device.
pub struct VelloPeer {
    renderer: Renderer,
    target: CountedTexture,
    size: (u32, u32),
    /// The finished strokes `..done`, encoded once each.
    finished: Scene,
    done: usize,
    scene: Scene,
    scratch: Scratch,
}

impl std::fmt::Debug for VelloPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VelloPeer")
            .field("size", &self.size)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl VelloPeer {
    /// A peer drawing into its own `width`×`height` storage texture on `gpu`'s device.
    pub fn new(gpu: &Gpu, gpu_mem: &GpuMemory, width: u32, height: u32) -> Result<Self, GpuError> {
        let renderer = Renderer::new(
            &gpu.device,
            RendererOptions {
                use_cpu: false,
                antialiasing_support: AaSupport::area_only(),
                num_init_threads: None,
                pipeline_cache: None,
            },
        )
        .map_err(|e| GpuError::Device(format!("Vello: {e}")))?;
        let target = gpu_mem.texture_2d(
            &gpu.device,
            "vello peer target",
            (width, height),
            wgpu::TextureFormat::Rgba8Unorm,
            wgpu::TextureUsages::STORAGE_BINDING
                | wgpu::TextureUsages::TEXTURE_BINDING
                | wgpu::TextureUsages::COPY_SRC,
            GpuCategory::Target,
        );
        gpu.check()?;
        Ok(Self {
            renderer,
            target,
            size: (width, height),
            finished: Scene::new(),
            done: 0,
            scene: Scene::new(),
            scratch: Scratch::default(),
        })
    }

    /// Draw frame `at` of `drawing` in `view`; returns wall ms (GPU finished).
    pub fn frame(
        &mut self,
        gpu: &Gpu,
        drawing: &Drawing,
        at: PeerFrameAt,
        view: &View,
    ) -> Result<f64, GpuError> {
        let t0 = Instant::now();
        let strokes = &drawing.strokes;
        let finished = at.finished.min(strokes.len());
        if finished < self.done {
            self.finished.reset();
            self.done = 0;
        }
        for s in &strokes[self.done..finished] {
            if let Some(it) = item(s, view, f64::INFINITY, &mut self.scratch) {
                encode(&mut self.finished, &it);
            }
        }
        self.done = finished;
        self.scene.reset();
        self.scene.append(&self.finished, None);
        for s in &strokes[finished..at.started.min(strokes.len())] {
            if let Some(it) = item(s, view, at.t, &mut self.scratch) {
                encode(&mut self.scene, &it);
            }
        }
        let (width, height) = self.size;
        self.renderer
            .render_to_texture(
                &gpu.device,
                &gpu.queue,
                &self.scene,
                &self.target.view,
                &RenderParams {
                    base_color: Color::WHITE,
                    width,
                    height,
                    antialiasing_method: AaConfig::Area,
                },
            )
            .map_err(|e| GpuError::Device(format!("Vello: {e}")))?;
        gpu.wait_idle()?;
        gpu.check()?;
        Ok(t0.elapsed().as_secs_f64() * 1e3)
    }

    /// The last frame's pixels (RGBA8).
    pub fn pixels(&self, gpu: &Gpu, gpu_mem: &GpuMemory) -> Result<Vec<u8>, GpuError> {
        read_texture_rgba8(gpu, gpu_mem, &self.target.texture)
    }
}

fn encode(scene: &mut Scene, it: &Item) {
    match &it.paint {
        Paint::Stroke(s) => scene.stroke(s, Affine::IDENTITY, it.color, None, &it.path),
        Paint::Fill(f) => scene.fill(*f, Affine::IDENTITY, it.color, None, &it.path),
    }
}

/// vello_cpu with its worker threads.
pub struct VelloCpuPeer {
    ctx: vello_cpu::RenderContext,
    pixmap: vello_cpu::Pixmap,
    /// Each finished stroke's path, made once (`None`: nothing to draw).
    paths: Vec<Option<Item>>,
    scratch: Scratch,
    threads: u16,
}

impl std::fmt::Debug for VelloCpuPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VelloCpuPeer")
            .field("threads", &self.threads)
            .finish_non_exhaustive()
    }
}

impl VelloCpuPeer {
    /// A `width`×`height` pixmap drawn by one worker thread per core (`None` past 65,535 px).
    pub fn new(width: u32, height: u32) -> Option<Self> {
        let (w, h) = (u16::try_from(width).ok()?, u16::try_from(height).ok()?);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = u16::try_from(cores).unwrap_or(u16::MAX);
        let settings = vello_cpu::RenderSettings {
            num_threads: threads,
            ..vello_cpu::RenderSettings::default()
        };
        Some(Self {
            ctx: vello_cpu::RenderContext::new_with(w, h, settings),
            pixmap: vello_cpu::Pixmap::new(w, h),
            paths: Vec::new(),
            scratch: Scratch::default(),
            threads,
        })
    }

    /// Its worker threads.
    pub fn threads(&self) -> u16 {
        self.threads
    }

    /// Draw frame `at` of `drawing` in `view` from scratch; returns wall ms.
    pub fn frame(&mut self, drawing: &Drawing, at: PeerFrameAt, view: &View) -> f64 {
        let t0 = Instant::now();
        let strokes = &drawing.strokes;
        let finished = at.finished.min(strokes.len());
        while self.paths.len() < finished {
            let s = &strokes[self.paths.len()];
            self.paths
                .push(item(s, view, f64::INFINITY, &mut self.scratch));
        }
        let ctx = &mut self.ctx;
        ctx.reset();
        ctx.set_paint(Color::WHITE);
        ctx.fill_rect(&Rect::new(
            0.0,
            0.0,
            f64::from(ctx.width()),
            f64::from(ctx.height()),
        ));
        for it in self.paths[..finished].iter().flatten() {
            issue(ctx, it);
        }
        for s in &strokes[finished..at.started.min(strokes.len())] {
            if let Some(it) = item(s, view, at.t, &mut self.scratch) {
                issue(ctx, &it);
            }
        }
        ctx.flush();
        ctx.render_to_pixmap(&mut self.pixmap);
        t0.elapsed().as_secs_f64() * 1e3
    }

    /// The last frame's pixels (premultiplied RGBA8, opaque: the page is white).
    pub fn pixels(&self) -> &[u8] {
        self.pixmap.data_as_u8_slice()
    }
}

fn issue(ctx: &mut vello_cpu::RenderContext, it: &Item) {
    ctx.set_paint(it.color);
    match &it.paint {
        Paint::Stroke(s) => {
            ctx.set_stroke(s.clone());
            ctx.stroke_path(&it.path);
        }
        Paint::Fill(f) => {
            ctx.set_fill_rule(*f);
            ctx.fill_path(&it.path);
        }
    }
}
