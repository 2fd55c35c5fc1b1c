//! The renderer: one target format's pipelines, the drawing's geometry and stroke table, the
//! `Retained` layer (`layer/`), and the frame: update the layer with newly finished ink, then compose
//! layer + live strokes into the target (see `compose.rs`).

use super::frame::{FrameReport, FrameTarget, RenderSettings};
use super::geometry::GpuGeometry;
use super::images::GpuImages;
use super::layer::{LayerFrame, Retained, RetainedLayer};
use super::memory::{CountedBuffer, CountedTexture, GpuCategory, GpuMemStats, GpuMemory};

use super::depth::DepthScratch;
use super::pipelines::Pipelines;
use super::timer::{end_mark, mark, GpuTimers};
use super::uniforms::{split_f64, write_uniform, Globals};
use super::Gpu;
use crate::model::{BBox, Drawing};
use crate::playback::{FrameDrawList, Timeline};
use crate::tess::CpuChunk;
use crate::view::View;
use std::sync::Arc;

/// The playhead the retained layer is drawn with: after every recorded moment (about 31 700
/// years), so finished strokes are drawn whole.
const FINISHED_PLAYHEAD_MS: f64 = 1e15;

/// Frames whose GPU times can be in flight at once (read back a few frames late).
const TIMER_SLOTS: usize = 6;

/// What a layer update needs from the renderer this frame: a [`LayerFrame`] borrowing the
/// renderer's fields one by one, so that its retained layer can be borrowed mutably beside it.
macro_rules! layer_frame {
    ($r:expr, $gpu:expr) => {
        LayerFrame {
            device: &$gpu.device,
            gpu_mem: &$r.gpu_mem,
            pipelines: &$r.pipelines,
            depth: &$r.depth,
            geometry: $r.geometry.as_ref(),
            group: $r.layer_stroke_group.as_ref(),
            view: $r.layer_view(),
            layer_size: $r.layer_size(),
            frame_size: $r.size,
            samples: $r.settings.aa.sample_count(),
            background: $r.settings.background,
        }
    };
}

/// The renderer: pipelines, geometry, layer and per-frame state for one target format.
///
/// Targets are textures of the format given to [`Renderer::new`] (`Rgba8Unorm` or
/// `Bgra8Unorm`: colours stay sRGB-encoded, see [the module docs](super)) with
/// `RENDER_ATTACHMENT | COPY_DST` usage (the retained layer is copied into them).
#[derive(Debug)]
pub struct Renderer {
    gpu_mem: GpuMemory,
    pub(super) pipelines: Pipelines,
    pub(super) settings: RenderSettings,
    timeline: Timeline,
    pub(super) geometry: Option<GpuGeometry>,
    globals: CountedBuffer,
    last_globals: Option<Globals>,
    pub(super) stroke_group: Option<wgpu::BindGroup>,
    /// The globals and stroke group the layer (and the checkpoint builder) draw with: the layer's
    /// view and resolution, and a playhead after every stroke, since everything drawn into it is
    /// finished and drawn whole (the builder draws strokes past the frame's playhead).
    layer_globals: CountedBuffer,
    last_layer_globals: Option<Globals>,
    layer_stroke_group: Option<wgpu::BindGroup>,
    /// The layer is drawn at 1/`layer_div` of the target's resolution (single sample only).
    layer_div: u32,
    /// A bind group sampling a downscaled layer's colour, for composing it (keyed by texture).
    pub(super) scaled_group: Option<(wgpu::Texture, wgpu::BindGroup)>,
    /// Per-stroke ink bounds in drawing units (points inflated by the widest half-width).
    pub(super) stroke_bounds: Vec<BBox>,
    /// Finished ink kept between frames.
    pub(super) retained: Retained,
    pub(super) frame_msaa: Option<CountedTexture>,
    pub(super) frame_depth: Option<Arc<CountedTexture>>,
    /// The depth textures every pass shares (see `depth.rs`).
    depth: DepthScratch,
    pub(super) view: View,
    pub(super) size: (u32, u32),
    /// Per-pass GPU timestamps (`None` without encoder timestamps); a frame is timed when its
    /// caller opened one ([`GpuTimers::begin`]), and the passes below mark themselves in it.
    pub(super) timers: Option<GpuTimers>,
    /// The images the drawing's strokes show (atlas and table).
    images: GpuImages,
    /// [`Renderer::encode_frame`] draws direct (see `path.rs`).
    pub(super) direct: bool,
    /// The last frame was drawn direct (the next layer frame copies the whole layer).
    pub(super) was_direct: bool,
}

impl Renderer {
    /// A renderer for targets of `format` (a `*Unorm` format: see the module docs on colour),
    /// its GPU memory counted in `gpu_mem`.
    pub fn new(
        gpu: &Gpu,
        gpu_mem: &GpuMemory,
        format: wgpu::TextureFormat,
        settings: RenderSettings,
    ) -> Self {
        let pipelines = Pipelines::new(&gpu.device, format);
        let uniform = |label: &str| {
            gpu_mem.buffer(
                &gpu.device,
                &wgpu::BufferDescriptor {
                    label: Some(label),
                    size: std::mem::size_of::<Globals>() as u64,
                    usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                    mapped_at_creation: false,
                },
                GpuCategory::Uniforms,
            )
        };
        let globals = uniform("globals");
        let layer_globals = uniform("layer globals");
        Self {
            retained: Retained::new(&gpu.device, gpu_mem),
            gpu_mem: gpu_mem.clone(),
            pipelines,
            settings,
            timeline: Timeline::default(),
            geometry: None,
            globals,
            last_globals: None,
            stroke_group: None,
            layer_globals,
            last_layer_globals: None,
            layer_stroke_group: None,
            layer_div: 1,
            scaled_group: None,
            frame_msaa: None,
            frame_depth: None,
            depth: DepthScratch::default(),
            view: View::default(),
            size: (0, 0),
            stroke_bounds: Vec::new(),
            timers: GpuTimers::new(gpu, gpu_mem, TIMER_SLOTS),
            images: GpuImages::new(gpu, gpu_mem),
            direct: false,
            was_direct: false,
        }
    }

    /// The frame timers: open a frame before encoding it to have its passes timed (see
    /// [`GpuTimers`]); `None` when the device has no encoder timestamps.
    pub fn gpu_timers_mut(&mut self) -> Option<&mut GpuTimers> {
        self.timers.as_mut()
    }

    /// Start showing a drawing of `capacity` strokes that is still arriving: its strokes are
    /// added, in order, with [`Renderer::extend_drawing`] (geometry follows with
    /// [`Renderer::upload_chunk`]).
    pub(crate) fn begin_drawing(&mut self, gpu: &Gpu, capacity: usize) {
        puffin::profile_scope!("begin_drawing");
        self.timeline = Timeline::default();
        self.geometry = Some(GpuGeometry::new(&gpu.device, &self.gpu_mem, capacity));
        self.images = GpuImages::new(gpu, &self.gpu_mem);
        self.make_stroke_groups(gpu);
        self.stroke_bounds = Vec::with_capacity(capacity);
        self.retained.forget_content();
    }

    /// The bind groups strokes are drawn with (frame and layer globals, the geometry's
    /// per-stroke buffers): made when a drawing begins and when those buffers grow.
    fn make_stroke_groups(&mut self, gpu: &Gpu) {
        let Some(geometry) = &self.geometry else {
            return;
        };
        let group = |label, globals: &CountedBuffer| {
            gpu.device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some(label),
                layout: &self.pipelines.stroke_layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: globals.as_entire_binding(),
                    },
                    wgpu::BindGroupEntry {
                        binding: 1,
                        resource: geometry.stroke_table.as_entire_binding(),
                    },
                    wgpu::BindGroupEntry {
                        binding: 2,
                        resource: geometry.stroke_frames.as_entire_binding(),
                    },
                    wgpu::BindGroupEntry {
                        binding: 3,
                        resource: wgpu::BindingResource::TextureView(&self.images.atlas.view),
                    },
                    wgpu::BindGroupEntry {
                        binding: 4,
                        resource: wgpu::BindingResource::Sampler(&self.images.sampler),
                    },
                    wgpu::BindGroupEntry {
                        binding: 5,
                        resource: self.images.table.as_entire_binding(),
                    },
                ],
            })
        };
        self.stroke_group = Some(group("stroke group", &self.globals));
        self.layer_stroke_group = Some(group("layer stroke group", &self.layer_globals));
    }

    /// Make room for `n` strokes in the geometry's per-stroke buffers (and new bind groups
    /// when they grew).
    fn reserve_strokes(&mut self, gpu: &Gpu, n: usize) {
        let grown = self
            .geometry
            .as_mut()
            .is_some_and(|g| g.reserve(gpu, &self.gpu_mem, n));
        if grown {
            self.make_stroke_groups(gpu);
        }
    }

    /// Add the strokes of `drawing` that the renderer does not know yet (those past
    /// [`Timeline::len`]): the drawing grew at its end, as a drawing still being imported does.
    /// Strokes beyond the capacity given to [`Renderer::begin_drawing`] are ignored.
    pub(crate) fn extend_drawing(&mut self, gpu: &Gpu, drawing: &Drawing) {
        let Some(total) = self.geometry.as_ref().map(|g| g.strokes as usize) else {
            return;
        };
        let first = self.timeline.len();
        let end = drawing.strokes.len().min(total);
        if first >= end {
            return;
        }
        puffin::profile_scope!("extend_drawing");
        self.reserve_strokes(gpu, end);
        // Room for the whole drawing at once: growing by doubling would hold up to twice the
        // per-stroke tables a large drawing needs.
        self.timeline.reserve_exact(total);
        self.stroke_bounds
            .reserve_exact(total.saturating_sub(self.stroke_bounds.len()));
        let new = &drawing.strokes[first..end];
        let mut images_changed = false;
        if let Some(g) = &self.geometry {
            g.write_strokes(&gpu.queue, first, new);
            images_changed = self
                .images
                .add(gpu, &self.gpu_mem, first, new, &g.stroke_table);
        }
        if images_changed {
            self.make_stroke_groups(gpu);
        }
        self.timeline.extend(new);
        use rayon::prelude::*;
        self.stroke_bounds.par_extend(new.par_iter().map(|st| {
            let max_p = st.points.iter().map(|p| p.pressure).fold(0.0f32, f32::max);
            let hw = 0.5 * st.style.width * st.style.width_factor(max_p);
            st.bbox().map_or(
                BBox {
                    min_x: 0.0,
                    min_y: 0.0,
                    max_x: 0.0,
                    max_y: 0.0,
                },
                |b| b.inflate(hw),
            )
        }));
    }

    /// Upload the next chunk of the current drawing's geometry.
    pub(crate) fn upload_chunk(&mut self, gpu: &Gpu, chunk: &CpuChunk) {
        self.reserve_strokes(gpu, chunk.layout.end_stroke() as usize);
        if let Some(g) = &mut self.geometry {
            g.push_chunk(&gpu.device, &gpu.queue, &self.gpu_mem, chunk);
        }
    }

    /// The playhead index of the current drawing.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The uploaded geometry, if any.
    pub fn geometry(&self) -> Option<&GpuGeometry> {
        self.geometry.as_ref()
    }

    /// Current settings.
    pub fn settings(&self) -> RenderSettings {
        self.settings
    }

    /// Change antialiasing or background (invalidates the layer).
    pub fn set_settings(&mut self, settings: RenderSettings) {
        if settings != self.settings {
            self.settings = settings;
            self.retained.retire(self.size, self.settings.background);
            self.frame_msaa = None;
            self.frame_depth = None;
        }
    }

    /// Draw the retained layer at 1/`n` of the target's resolution in each direction (1 to 4; 1
    /// is full resolution), scaled up when composed: a quarter of the pixels to fill at `n` = 2,
    /// softer finished ink (the aggressive preset's lowest quality level). Applies to single-sample
    /// rendering; a change rebuilds the layer (the old one standing in, with a layer budget).
    pub fn set_layer_downscale(&mut self, n: u32) {
        let n = n.clamp(1, 4);
        if n != self.layer_div {
            self.layer_div = n;
            self.retained.retire(self.size, self.settings.background);
        }
    }

    /// The layer's resolution divisor in effect (1 with multisampling).
    pub(super) fn layer_div(&self) -> u32 {
        if self.settings.aa.sample_count() > 1 {
            1
        } else {
            self.layer_div
        }
    }

    /// The layer's size for the current target size.
    fn layer_size(&self) -> (u32, u32) {
        let d = self.layer_div();
        (self.size.0.div_ceil(d), self.size.1.div_ceil(d))
    }

    /// The view the layer is drawn with: the current view in layer pixels.
    pub(super) fn layer_view(&self) -> View {
        let d = self.layer_div() as f32;
        View {
            scale: self.view.scale / d,
            offset: self.view.offset / d,
        }
    }

    /// Set the view transform (a change invalidates the layer).
    pub fn set_view(&mut self, view: View) {
        self.view = view;
    }

    /// The current view.
    pub fn view(&self) -> View {
        self.view
    }

    /// Bytes held on the GPU (all renderers sharing the [`GpuMemory`]).
    pub fn gpu_stats(&self) -> GpuMemStats {
        self.gpu_mem.stats()
    }

    /// The retained layer, if allocated.
    pub fn layer(&self) -> Option<&RetainedLayer> {
        self.retained.layer()
    }

    pub(super) fn ensure_size(&mut self, gpu: &Gpu, size: (u32, u32)) {
        let samples = self.settings.aa.sample_count();
        if self.size != size {
            // Nothing drawn at the old size is reused.
            self.size = size;
            self.retained.reset();
            self.frame_depth = None;
        }
        if self.frame_depth.is_none() {
            self.retained.free_layers();
            let extent = wgpu::Extent3d {
                width: size.0,
                height: size.1,
                depth_or_array_layers: 1,
            };
            let desc = |label, format, samples| wgpu::TextureDescriptor {
                label: Some(label),
                size: extent,
                mip_level_count: 1,
                sample_count: samples,
                dimension: wgpu::TextureDimension::D2,
                format,
                usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
                view_formats: &[],
            };
            self.frame_depth = Some(self.depth.get(&gpu.device, &self.gpu_mem, size, samples));
            self.frame_msaa = (samples > 1).then(|| {
                self.gpu_mem.texture(
                    &gpu.device,
                    &desc("frame colour (msaa)", self.pipelines.format(), samples),
                    GpuCategory::Target,
                )
            });
        }
        let frame = layer_frame!(self, gpu);
        self.retained.ensure(&frame);
    }

    /// Forget what the target holds: the next frame copies the whole layer. Call this if anything
    /// other than [`Renderer::encode_frame`] wrote the target.
    pub fn invalidate_target(&mut self) {
        self.retained.set_target_state(None);
    }

    pub(super) fn write_globals(&mut self, gpu: &Gpu, playhead_ms: f64) {
        let (hi, lo) = split_f64(playhead_ms);
        let globals = |view: View, size: (u32, u32)| Globals {
            scale: [view.scale, view.scale],
            offset: view.offset.to_array(),
            viewport: [size.0 as f32, size.1 as f32],
            feather_px: self.settings.aa.feather_px(),
            min_half_width_px: 0.5,
            playhead_hi: hi,
            playhead_lo: lo,
            _pad: [0.0; 2],
        };
        let g = globals(self.view, self.size);
        let (hi, lo) = split_f64(FINISHED_PLAYHEAD_MS);
        let layer = Globals {
            playhead_hi: hi,
            playhead_lo: lo,
            ..globals(self.layer_view(), self.layer_size())
        };
        write_uniform(gpu, &self.globals, &mut self.last_globals, g);
        write_uniform(
            gpu,
            &self.layer_globals,
            &mut self.last_layer_globals,
            layer,
        );
    }

    /// What would be drawn at `playhead_ms`, limited to uploaded strokes.
    pub fn draw_list(&self, playhead_ms: f64) -> FrameDrawList {
        let mut l = self.timeline.draw_list(playhead_ms);
        let up = self.geometry.as_ref().map_or(0, |g| g.uploaded);
        l.finished.end = l.finished.end.min(up);
        l.live.start = l.live.start.min(up);
        l.live.end = l.live.end.min(up);
        l
    }

    /// Encode a frame at `playhead_ms` into `target` using the retained layer (or direct, when
    /// the governed replay chose that path: [`Renderer::set_direct`]).
    ///
    /// Writes the globals uniform, so submit the encoder before encoding another frame.
    pub fn encode_frame(
        &mut self,
        gpu: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        playhead_ms: f64,
    ) -> FrameReport {
        if self.direct {
            return self.encode_path_direct(gpu, encoder, target, playhead_ms);
        }
        puffin::profile_scope!("encode_frame");
        super::lost::frame_hook(&gpu.device);
        self.ensure_size(gpu, target.size());
        let warmed = self.warm_standin(gpu, encoder);
        // Never further than the layer gets within its budget (an earlier, exact moment).
        let asked = self.finished_at(playhead_ms);
        let playhead_ms = playhead_ms.min(self.layer_ready_until(playhead_ms));
        self.write_globals(gpu, playhead_ms);
        let list = self.draw_list(playhead_ms);
        let mut report = FrameReport {
            shown_ms: playhead_ms,
            ..FrameReport::default()
        };
        // 1. Bring the layer towards `list.finished` (within the layer budget).
        let layer_before = self.retained.layer().map_or(0, |l| l.count());
        mark(&mut self.timers, encoder, "layer update");
        let frame = layer_frame!(self, gpu);
        self.retained
            .update(encoder, &frame, list.finished.end, &mut report);
        // The first layer frame after direct ones copies the whole layer: a cost of switching.
        report.layer_fresh |= warmed || std::mem::take(&mut self.was_direct);
        report.live_strokes = list.live.len() as u32;
        // Pending: what the layer lacks for the playhead asked for, not only the one shown.
        let held = self.retained.layer().map_or(0, |l| l.count());
        report.layer_pending = report.layer_pending.max(asked.saturating_sub(held));
        if let Some(old) = self.retained.standin() {
            // Over the stand-in: the strokes in progress, and those finished since the ink it
            // holds (a playhead moving on while the layer is rebuilt).
            let over = old.count().min(list.live.start)..list.live.end;
            if let Some(g) = &self.geometry {
                // Finished strokes drawn over it are layer work too (bounded by the layer budget
                // through `layer_ready_until`).
                report.layer_indices +=
                    g.index_count(over.start..list.finished.end.max(over.start));
            }
            mark(&mut self.timers, encoder, "stand-in");
            self.compose_standin(gpu, encoder, target, over, &mut report);
            end_mark(&mut self.timers, encoder);
            return report;
        }
        // 2. Compose: layer, then the strokes in progress.
        self.compose_layer(gpu, encoder, target, &list, layer_before, &mut report);
        end_mark(&mut self.timers, encoder);
        report
    }
}
