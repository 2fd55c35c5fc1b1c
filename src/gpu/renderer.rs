//! One frame: update the retained layer with newly finished ink, then compose layer + live strokes.

use super::geometry::GpuGeometry;
use super::layer::RetainedLayer;
use super::memory::{CountedBuffer, CountedTexture, GpuCategory, GpuMemStats, GpuMemory};
use super::pipelines::{split_f64, Globals, Pipelines, StandinUniform, DEPTH_FORMAT};
use super::{AntiAlias, Gpu};
use crate::model::{BBox, Color, Drawing};
use crate::playback::{FrameDrawList, Timeline};
use crate::tess::CpuChunk;
use crate::view::View;

/// How frames look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderSettings {
    /// Antialiasing.
    pub aa: AntiAlias,
    /// Background (straight alpha; transparent backgrounds are supported).
    pub background: Color,
}

impl Default for RenderSettings {
    fn default() -> Self {
        Self {
            aa: AntiAlias::default(),
            background: Color::WHITE,
        }
    }
}

/// A pixel rectangle `[x0, x1) × [y0, y1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PxRect {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
}

impl PxRect {
    /// Grown by `by` pixels on every side, within `[0, size)`.
    fn inflate(self, by: u32, size: (u32, u32)) -> PxRect {
        PxRect {
            x0: self.x0.saturating_sub(by),
            y0: self.y0.saturating_sub(by),
            x1: (self.x1 + by).min(size.0),
            y1: (self.y1 + by).min(size.1),
        }
    }

    fn union(a: Option<PxRect>, b: Option<PxRect>) -> Option<PxRect> {
        match (a, b) {
            (Some(a), Some(b)) => Some(PxRect {
                x0: a.x0.min(b.x0),
                y0: a.y0.min(b.y0),
                x1: a.x1.max(b.x1),
                y1: a.y1.max(b.y1),
            }),
            (a, None) => a,
            (None, b) => b,
        }
    }
}

/// Pixel bounds of strokes `range` under `v`, padded for antialiasing and clamped to `size`;
/// `None` if empty or off-screen.
fn px_bounds(
    bounds: &[BBox],
    v: View,
    size: (u32, u32),
    range: std::ops::Range<u32>,
) -> Option<PxRect> {
    let strokes = bounds.get(range.start as usize..range.end as usize)?;
    let b = strokes.iter().copied().reduce(|a, b| a.union(&b))?;
    // Feather (0.5 px), sub-pixel widening (0.5 px) and rounding: 2 px is safely enough.
    let pad = 2.0;
    let x0 = (b.min_x * v.scale + v.offset.x - pad).floor().max(0.0);
    let y0 = (b.min_y * v.scale + v.offset.y - pad).floor().max(0.0);
    let x1 = (b.max_x * v.scale + v.offset.x + pad)
        .ceil()
        .min(size.0 as f32);
    let y1 = (b.max_y * v.scale + v.offset.y + pad)
        .ceil()
        .min(size.1 as f32);
    (x1 > x0 && y1 > y0).then_some(PxRect {
        x0: x0 as u32,
        y0: y0 as u32,
        x1: x1 as u32,
        y1: y1 as u32,
    })
}

/// Checkpoints kept for a drawing (at 20, 40, 60 and 80 % of its strokes).
pub const CHECKPOINTS: usize = 4;

/// Drawings with fewer strokes rebuild quickly enough without checkpoints.
pub const CHECKPOINT_MIN_STROKES: usize = 1000;

/// A copy of a single-sample layer (colour and depth) holding strokes `0..count` drawn with `view`:
/// a backwards seek restarts the layer from the nearest checkpoint before the playhead instead of
/// from nothing.
#[derive(Debug)]
struct Checkpoint {
    color: CountedTexture,
    depth: CountedTexture,
    /// Strokes held (0: empty).
    count: u32,
    view: View,
}

fn copy_whole(encoder: &mut wgpu::CommandEncoder, from: &wgpu::Texture, to: &wgpu::Texture) {
    encoder.copy_texture_to_texture(
        from.as_image_copy(),
        to.as_image_copy(),
        wgpu::Extent3d {
            width: from.width(),
            height: from.height(),
            depth_or_array_layers: 1,
        },
    );
}

/// Write `value` into a uniform buffer unless it already holds it (`last`).
fn write_uniform<T: bytemuck::Pod + PartialEq>(
    ctx: &Gpu,
    buffer: &CountedBuffer,
    last: &mut Option<T>,
    value: T,
) {
    if *last != Some(value) {
        ctx.queue
            .write_buffer(buffer, 0, bytemuck::bytes_of(&value));
        *last = Some(value);
    }
}

/// The stand-in uniform that shows `old` re-projected to `view` on `background`.
fn standin_uniform(old: &RetainedLayer, view: View, background: Color) -> StandinUniform {
    let k = old.view.scale / view.scale;
    let [r, g, b, a] = clear_color_f32(background);
    StandinUniform {
        k: [k, k],
        b: (old.view.offset - view.offset * k).to_array(),
        src_size: [old.size.0 as f32, old.size.1 as f32],
        _pad: [0.0; 2],
        bg: [r, g, b, a],
    }
}

/// What the last composed frame left in its target.
#[derive(Debug)]
struct TargetState {
    texture: wgpu::Texture,
    /// What the target shows apart from `dirty`.
    shows: Shown,
    /// Pixels that differ from it (where live strokes were drawn).
    dirty: Option<PxRect>,
}

/// The picture under a frame's live strokes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shown {
    /// The retained layer, copied.
    Layer,
    /// The stand-in, re-projected with this uniform.
    Standin(StandinUniform),
}

impl TargetState {
    /// The part of `target` that must be redrawn to show `shows` again: `None` when nothing, the
    /// whole target when it holds something else.
    fn damage(state: Option<&Self>, target: &wgpu::Texture, shows: Shown) -> Option<PxRect> {
        match state {
            Some(st) if st.texture == *target && st.shows == shows => st.dirty,
            _ => Some(PxRect {
                x0: 0,
                y0: 0,
                x1: target.width(),
                y1: target.height(),
            }),
        }
    }
}

/// Where a frame is drawn: a texture (window surface or offscreen) and a view of it. The texture
/// needs `RENDER_ATTACHMENT | COPY_DST` usage and the renderer's format.
#[derive(Debug, Clone, Copy)]
pub struct FrameTarget<'a> {
    /// The texture (copied into when the layer is composed without multisampling).
    pub texture: &'a wgpu::Texture,
    /// A view of it (rendered into).
    pub view: &'a wgpu::TextureView,
}

impl FrameTarget<'_> {
    /// Size in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.texture.width(), self.texture.height())
    }
}

/// What a frame did (for stats, tests and the governor).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrameReport {
    /// Strokes drawn into the retained layer this frame.
    pub layer_strokes_added: u32,
    /// Whether the layer was cleared and rebuilt.
    pub layer_rebuilt: bool,
    /// Strokes drawn live (in progress) or, for direct frames, all strokes drawn.
    pub live_strokes: u32,
    /// Indexed draw calls issued.
    pub draw_calls: u32,
    /// Pixels copied from the layer (or the stand-in redrawn) into the target (damage only, when
    /// the target is reused).
    pub copied_pixels: u64,
    /// Indices drawn into the layer this frame (the layer work the governor budgets).
    pub layer_indices: u64,
    /// Finished strokes not yet in the layer (catching up within the layer budget).
    pub layer_pending: u32,
    /// The previous layer was shown in place of the one being rebuilt.
    pub standin: bool,
    /// A rebuild started from a checkpoint rather than from nothing.
    pub checkpoint_restored: bool,
}

/// The renderer: pipelines, geometry, layer and per-frame state for one target format.
#[derive(Debug)]
pub struct Renderer {
    gpu_mem: GpuMemory,
    pipelines: Pipelines,
    settings: RenderSettings,
    timeline: Timeline,
    geometry: Option<GpuGeometry>,
    globals: CountedBuffer,
    last_globals: Option<Globals>,
    stroke_group: Option<wgpu::BindGroup>,
    /// The globals and stroke group the layer is drawn with when it has its own resolution.
    layer_globals: CountedBuffer,
    last_layer_globals: Option<Globals>,
    layer_stroke_group: Option<wgpu::BindGroup>,
    /// The layer is drawn at 1/`layer_div` of the target's resolution (single sample only).
    layer_div: u32,
    /// A bind group sampling a downscaled layer's colour, for composing it (keyed by texture).
    scaled_group: Option<(wgpu::Texture, wgpu::BindGroup)>,
    /// Per-stroke ink bounds in drawing units (points inflated by the widest half-width).
    stroke_bounds: Vec<BBox>,
    /// What the target holds after the last composed frame (for damage-only updates).
    target_state: Option<TargetState>,
    layer: Option<RetainedLayer>,
    /// Indices the layer may take per frame (`None`: unbounded, it always catches up at once).
    layer_budget: Option<u64>,
    /// While the layer is rebuilt over several frames: the previous layer, shown in its place.
    standin: Option<RetainedLayer>,
    standin_group: Option<wgpu::BindGroup>,
    standin_uniform: CountedBuffer,
    last_standin: Option<StandinUniform>,
    /// The other layer, kept for the next rebuild so rebuilding allocates nothing.
    spare: Option<RetainedLayer>,
    /// The stand-in pipeline has not drawn yet with the current layers (see
    /// [`Renderer::warm_standin`]).
    standin_cold: bool,
    /// Snapshots of the layer along the drawing (see [`Checkpoint`]).
    checkpoints: Vec<Checkpoint>,
    frame_msaa: Option<CountedTexture>,
    frame_depth: Option<CountedTexture>,
    view: View,
    size: (u32, u32),
}

/// A colour premultiplied by its alpha, sRGB-encoded (targets are Unorm).
fn clear_color_f32(c: Color) -> [f32; 4] {
    let [r, g, b, a] = c.to_f32();
    [r * a, g * a, b * a, a]
}

fn clear_color(c: Color) -> wgpu::Color {
    let [r, g, b, a] = clear_color_f32(c);
    wgpu::Color {
        r: f64::from(r),
        g: f64::from(g),
        b: f64::from(b),
        a: f64::from(a),
    }
}

/// Begin the pass that writes the frame: the target (through the MSAA texture when multisampling),
/// cleared to `bg`, with a fresh depth buffer.
fn begin_frame_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    label: &str,
    msaa: Option<&CountedTexture>,
    depth: &CountedTexture,
    target: &wgpu::TextureView,
    bg: wgpu::Color,
) -> wgpu::RenderPass<'e> {
    let (view, resolve) = match msaa {
        Some(m) => (&m.view, Some(target)),
        None => (target, None),
    };
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view,
            depth_slice: None,
            resolve_target: resolve,
            ops: wgpu::Operations {
                load: wgpu::LoadOp::Clear(bg),
                // The multisampled colour is only needed until it is resolved.
                store: if msaa.is_some() {
                    wgpu::StoreOp::Discard
                } else {
                    wgpu::StoreOp::Store
                },
            },
        })],
        depth_stencil_attachment: Some(scratch_depth(depth)),
        timestamp_writes: None,
        occlusion_query_set: None,
    })
}

/// Begin a pass that draws over what `target` holds (no resolve), with a fresh depth buffer.
fn begin_overlay_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    label: &str,
    target: &wgpu::TextureView,
    depth: &CountedTexture,
) -> wgpu::RenderPass<'e> {
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: target,
            depth_slice: None,
            resolve_target: None,
            ops: wgpu::Operations {
                load: wgpu::LoadOp::Load,
                store: wgpu::StoreOp::Store,
            },
        })],
        depth_stencil_attachment: Some(scratch_depth(depth)),
        timestamp_writes: None,
        occlusion_query_set: None,
    })
}

/// A bind group for the stand-in pipeline sampling `layer`'s single-sample colour with `uniform`
/// (the stand-in, a downscaled layer being composed, the warm-up).
fn sampling_group(
    device: &wgpu::Device,
    pipelines: &Pipelines,
    uniform: &CountedBuffer,
    layer: &RetainedLayer,
    label: &str,
) -> wgpu::BindGroup {
    let single = layer.resolved.as_ref().unwrap_or(&layer.color);
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some(label),
        layout: &pipelines.standin_layout,
        entries: &[
            wgpu::BindGroupEntry {
                binding: 0,
                resource: wgpu::BindingResource::TextureView(&single.view),
            },
            wgpu::BindGroupEntry {
                binding: 1,
                resource: wgpu::BindingResource::Sampler(&pipelines.standin_sampler),
            },
            wgpu::BindGroupEntry {
                binding: 2,
                resource: uniform.as_entire_binding(),
            },
        ],
    })
}

/// A depth attachment used only within one pass: cleared, never stored.
fn scratch_depth(depth: &CountedTexture) -> wgpu::RenderPassDepthStencilAttachment<'_> {
    wgpu::RenderPassDepthStencilAttachment {
        view: &depth.view,
        depth_ops: Some(wgpu::Operations {
            load: wgpu::LoadOp::Clear(1.0),
            store: wgpu::StoreOp::Discard,
        }),
        stencil_ops: None,
    }
}

impl Renderer {
    /// A renderer for targets of `format` (a `*Unorm` format: see the module docs on colour).
    pub fn new(
        ctx: &Gpu,
        gpu_mem: &GpuMemory,
        format: wgpu::TextureFormat,
        settings: RenderSettings,
    ) -> Self {
        let pipelines = Pipelines::new(&ctx.device, format);
        let uniform = |label: &str, size: usize| {
            gpu_mem.buffer(
                &ctx.device,
                &wgpu::BufferDescriptor {
                    label: Some(label),
                    size: size as u64,
                    usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                    mapped_at_creation: false,
                },
                GpuCategory::Uniforms,
            )
        };
        let globals = uniform("globals", std::mem::size_of::<Globals>());
        let layer_globals = uniform("layer globals", std::mem::size_of::<Globals>());
        let standin_uniform = uniform("standin", std::mem::size_of::<StandinUniform>());
        Self {
            gpu_mem: gpu_mem.clone(),
            layer_budget: None,
            standin: None,
            standin_group: None,
            standin_uniform,
            last_standin: None,
            spare: None,
            standin_cold: false,
            checkpoints: Vec::new(),
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
            layer: None,
            frame_msaa: None,
            frame_depth: None,
            view: View::default(),
            size: (0, 0),
            stroke_bounds: Vec::new(),
            target_state: None,
        }
    }

    /// Start showing a drawing: creates its stroke table; geometry arrives with
    /// [`Renderer::upload_chunk`] (all at once or streamed).
    pub fn set_drawing(&mut self, ctx: &Gpu, drawing: &Drawing) {
        self.begin_drawing(ctx, drawing.strokes.len());
        self.extend_drawing(ctx, drawing);
    }

    /// Start showing a drawing of `capacity` strokes that is still arriving: its strokes are
    /// added, in order, with [`Renderer::extend_drawing`] (geometry follows with
    /// [`Renderer::upload_chunk`]).
    pub fn begin_drawing(&mut self, ctx: &Gpu, capacity: usize) {
        puffin::profile_scope!("begin_drawing");
        self.timeline = Timeline::default();
        let geometry = GpuGeometry::new(&ctx.device, &self.gpu_mem, capacity);
        let group = |label, globals: &CountedBuffer| {
            ctx.device.create_bind_group(&wgpu::BindGroupDescriptor {
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
                ],
            })
        };
        self.stroke_group = Some(group("stroke group", &self.globals));
        self.layer_stroke_group = Some(group("layer stroke group", &self.layer_globals));
        self.geometry = Some(geometry);
        self.target_state = None;
        self.stroke_bounds = Vec::with_capacity(capacity);
        if let Some(l) = &mut self.layer {
            l.invalidate();
        }
        for c in &mut self.checkpoints {
            c.count = 0;
        }
    }

    /// Add the strokes of `drawing` that the renderer does not know yet (those past
    /// [`Timeline::len`]): the drawing grew at its end, as a drawing still being imported does.
    /// Strokes beyond the capacity given to [`Renderer::begin_drawing`] are ignored.
    pub fn extend_drawing(&mut self, ctx: &Gpu, drawing: &Drawing) {
        let Some(g) = &self.geometry else {
            return;
        };
        let first = self.timeline.len();
        let end = drawing.strokes.len().min(g.strokes as usize);
        if first >= end {
            return;
        }
        puffin::profile_scope!("extend_drawing");
        let new = &drawing.strokes[first..end];
        g.write_strokes(&ctx.queue, first, new);
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
    pub fn upload_chunk(&mut self, ctx: &Gpu, chunk: &CpuChunk) {
        if let Some(g) = &mut self.geometry {
            g.push_chunk(&ctx.device, &self.gpu_mem, chunk);
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
            self.spare = None;
            self.checkpoints.clear();
            if let Some(old) = self.layer.take() {
                self.keep_as_standin(old);
            }
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
            self.spare = None;
            self.checkpoints.clear();
            if let Some(old) = self.layer.take() {
                self.keep_as_standin(old);
            }
        }
    }

    /// The layer's resolution divisor in effect (1 with multisampling).
    fn layer_div(&self) -> u32 {
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
    fn layer_view(&self) -> View {
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

    /// Bytes held on the GPU (all renderers sharing the gpu_mem).
    pub fn gpu_stats(&self) -> GpuMemStats {
        self.gpu_mem.stats()
    }

    /// The retained layer, if allocated.
    pub fn layer(&self) -> Option<&RetainedLayer> {
        self.layer.as_ref()
    }

    /// Limit the indices drawn into the retained layer per frame (`None`: no limit). With a limit,
    /// catching up after a jump is spread over frames, and a rebuild (after a view change or a
    /// backwards seek) shows the previous layer, re-projected to the current view, until the new
    /// one is complete.
    pub fn set_layer_budget(&mut self, max_indices: Option<u64>) {
        self.layer_budget = max_indices;
    }

    /// Indices the layer still has to draw to show `playhead_ms` (all finished strokes after a view
    /// change or a backwards move, the newly finished ones otherwise): the governor's layer backlog.
    pub fn layer_backlog(&self, playhead_ms: f64) -> u64 {
        let target = self.draw_list(playhead_ms).finished.end;
        let Some(g) = &self.geometry else {
            return 0;
        };
        let from = match &self.layer {
            Some(l) if !l.needs_clear && !self.must_restart(l, target) => l.count,
            _ => 0,
        };
        g.index_count(from..target)
    }

    /// Whether the next frame at `playhead_ms` will show a stand-in (a rebuild is in progress, or
    /// one starts because the view changed or the playhead moved back), given a layer budget.
    pub fn standin_expected(&self, playhead_ms: f64) -> bool {
        if self.standin.is_some() {
            return true;
        }
        let target = self.draw_list(playhead_ms).finished.end;
        self.layer
            .as_ref()
            .is_some_and(|l| l.count > 0 && !l.needs_clear && self.must_restart(l, target))
    }

    /// The latest playhead (at most `playhead_ms`) whose finished strokes the layer can hold after
    /// the next frame, under the layer budget (infinite when it can catch up with `playhead_ms`);
    /// during a rebuild, the strokes finished since the stand-in's ink that can be drawn over it
    /// within the budget. Playback that runs ahead of that waits there, so a frame never shows a
    /// playhead with ink missing behind it, and a rebuild cannot be outrun.
    pub fn layer_ready_until(&self, playhead_ms: f64) -> f64 {
        let (Some(budget), Some(g)) = (self.layer_budget, &self.geometry) else {
            return f64::INFINITY;
        };
        let target = self.draw_list(playhead_ms).finished.end;
        let from = if self.standin_expected(playhead_ms) {
            // During a rebuild the stand-in holds strokes up to its count, and the strokes
            // finished after them are drawn over it every frame: the same budget bounds them.
            match (&self.standin, &self.layer) {
                (Some(s), _) => s.count,
                (None, Some(l)) => l.count,
                (None, None) => 0,
            }
        } else {
            // A layer not made yet, or to be cleared (nothing to stand in), starts from stroke 0.
            match &self.layer {
                Some(l) if !l.needs_clear => l.count,
                _ => 0,
            }
        };
        if target <= from {
            return f64::INFINITY;
        }
        let (end, _) = g.strokes_within(from, target, budget);
        if end >= target {
            return f64::INFINITY;
        }
        end.checked_sub(1)
            .and_then(|i| self.timeline.end_of(i as usize))
            .unwrap_or(0.0)
    }

    /// Whether the next frame at `playhead_ms` starts a rebuild: the layer is cleared (or restored
    /// from a checkpoint) and the stand-in drawn, work a frame pays once.
    pub fn rebuild_starts(&self, playhead_ms: f64) -> bool {
        self.standin.is_none() && self.standin_expected(playhead_ms)
    }

    /// Whether a rebuild is in progress (the previous layer stands in).
    pub fn rebuilding(&self) -> bool {
        self.standin.is_some()
    }

    /// An empty layer at the current size, sample count and view.
    fn new_layer(&self, ctx: &Gpu) -> RetainedLayer {
        RetainedLayer::new(
            &ctx.device,
            &self.gpu_mem,
            &self.pipelines,
            self.layer_size(),
            self.settings.aa.sample_count(),
            self.layer_view(),
        )
    }

    /// Whether `layer` cannot be extended to `target` finished strokes at the current view (the
    /// view changed or the playhead moved back past its ink): it must be rebuilt.
    fn must_restart(&self, layer: &RetainedLayer, target: u32) -> bool {
        layer.view != self.layer_view() || target < layer.count
    }

    /// Keep `old` as the stand-in if it has content and none is showing yet.
    fn keep_as_standin(&mut self, old: RetainedLayer) {
        if self.layer_budget.is_some()
            && self.standin.is_none()
            && old.count > 0
            && !old.needs_clear
        {
            // A target that showed this layer (at full resolution) shows it as a stand-in at the
            // layer's own view: a backwards seek (same view) redraws only last frame's live
            // strokes, a zoom or pan the whole target. One that showed anything else is redrawn
            // in full.
            let identity = standin_uniform(&old, old.view, self.settings.background);
            let full_res = old.size == self.size;
            self.target_state = self.target_state.take().and_then(|st| {
                (st.shows == Shown::Layer && full_res).then_some(TargetState {
                    shows: Shown::Standin(identity),
                    ..st
                })
            });
            self.standin = Some(old);
            self.standin_group = None;
            self.last_standin = None;
        }
    }

    fn ensure_size(&mut self, ctx: &Gpu, size: (u32, u32)) {
        let samples = self.settings.aa.sample_count();
        if self.size != size {
            // Nothing drawn at the old size is reused.
            self.size = size;
            self.layer = None;
            self.spare = None;
            self.standin = None;
            self.standin_group = None;
            self.frame_depth = None;
        }
        if self.frame_depth.is_none() {
            self.layer = None;
            self.spare = None;
            self.checkpoints.clear();
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
            self.frame_depth = Some(self.gpu_mem.texture(
                &ctx.device,
                &desc("frame depth", DEPTH_FORMAT, samples),
                GpuCategory::Target,
            ));
            self.frame_msaa = (samples > 1).then(|| {
                self.gpu_mem.texture(
                    &ctx.device,
                    &desc("frame colour (msaa)", self.pipelines.format(), samples),
                    GpuCategory::Target,
                )
            });
        }
        if self.layer.is_none() {
            self.layer = Some(self.new_layer(ctx));
        }
        // With a layer budget, rebuilds need a second layer: allocate it now, with the first, so
        // that no frame of playback allocates.
        if self.layer_budget.is_some() && self.spare.is_none() && self.standin.is_none() {
            self.spare = Some(self.new_layer(ctx));
            self.standin_cold = true;
        }
        // Checkpoints for large drawings, single-sample layers, with a budget (allocated here with
        // the layers, not during playback).
        if self.layer_budget.is_some()
            && samples == 1
            && self
                .geometry
                .as_ref()
                .is_some_and(|g| g.strokes as usize >= CHECKPOINT_MIN_STROKES)
            && self.checkpoints.is_empty()
        {
            let (color_format, layer) = (self.pipelines.format(), &self.layer);
            let layer_size = self.layer_size();
            let tex = |label, format| {
                self.gpu_mem.texture(
                    &ctx.device,
                    &wgpu::TextureDescriptor {
                        label: Some(label),
                        size: wgpu::Extent3d {
                            width: layer_size.0,
                            height: layer_size.1,
                            depth_or_array_layers: 1,
                        },
                        mip_level_count: 1,
                        sample_count: 1,
                        dimension: wgpu::TextureDimension::D2,
                        format,
                        usage: wgpu::TextureUsages::COPY_SRC | wgpu::TextureUsages::COPY_DST,
                        view_formats: &[],
                    },
                    GpuCategory::Layer,
                )
            };
            let view = layer.as_ref().map_or(self.layer_view(), |l| l.view);
            self.checkpoints = (0..CHECKPOINTS)
                .map(|_| Checkpoint {
                    color: tex("checkpoint colour", color_format),
                    depth: tex("checkpoint depth", DEPTH_FORMAT),
                    count: 0,
                    view,
                })
                .collect();
        }
    }

    /// Stroke count at which checkpoint `k` is taken.
    fn checkpoint_at(&self, k: usize) -> u32 {
        let strokes = self.geometry.as_ref().map_or(0, |g| g.strokes);
        ((k as u64 + 1) * u64::from(strokes) / (CHECKPOINTS as u64 + 1)) as u32
    }

    /// Bring the layer towards `target` finished strokes, within the layer budget. A view change
    /// or a backwards move restarts it (keeping the old layer as the stand-in when budgeted).
    fn update_layer(
        &mut self,
        ctx: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: u32,
        report: &mut FrameReport,
    ) {
        let samples = self.settings.aa.sample_count();
        let bg = clear_color(self.settings.background);
        let Some(mut layer) = self.layer.take() else {
            return;
        };
        let restart = self.must_restart(&layer, target);
        if restart {
            let has_content = layer.count > 0 && !layer.needs_clear;
            if self.layer_budget.is_some() && self.standin.is_none() && has_content {
                let fresh = match self.spare.take() {
                    Some(s) if s.size == self.layer_size() && s.sample_count == samples => s,
                    _ => self.new_layer(ctx),
                };
                let old = std::mem::replace(&mut layer, fresh);
                self.keep_as_standin(old);
            }
            let view = self.layer_view();
            layer.view = view;
            layer.invalidate();
            // Start from the nearest checkpoint at or before the target, if one fits this view.
            let best = self
                .checkpoints
                .iter()
                .filter(|c| c.count > 0 && c.count <= target && c.view == view)
                .max_by_key(|c| c.count);
            if let Some(c) = best {
                if layer.sample_count == 1 {
                    copy_whole(encoder, &c.color.texture, &layer.color.texture);
                    copy_whole(encoder, &c.depth.texture, &layer.depth.texture);
                    layer.count = c.count;
                    layer.needs_clear = false;
                    report.checkpoint_restored = true;
                    // The layer went back: the target is composed in full.
                    report.layer_rebuilt = true;
                }
            }
        }
        let layer_before = layer.count;
        let end = match (self.layer_budget, &self.geometry) {
            (Some(budget), Some(g)) => g.strokes_within(layer.count, target, budget).0,
            _ => target,
        };
        if layer.needs_clear || end > layer.count {
            puffin::profile_scope!("layer_update");
            report.layer_rebuilt |= layer.needs_clear;
            let (color_load, depth_load) = if layer.needs_clear {
                (wgpu::LoadOp::Clear(bg), wgpu::LoadOp::Clear(1.0))
            } else {
                (wgpu::LoadOp::Load, wgpu::LoadOp::Load)
            };
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("layer update"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: &layer.color.view,
                    depth_slice: None,
                    resolve_target: layer.resolved.as_ref().map(|r| &r.view),
                    ops: wgpu::Operations {
                        load: color_load,
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
                    view: &layer.depth.view,
                    depth_ops: Some(wgpu::Operations {
                        load: depth_load,
                        store: wgpu::StoreOp::Store,
                    }),
                    stencil_ops: None,
                }),
                timestamp_writes: None,
                occlusion_query_set: None,
            });
            let new = layer.count..end.max(layer.count);
            let group = if self.layer_div() > 1 {
                &self.layer_stroke_group
            } else {
                &self.stroke_group
            };
            if let (Some(g), Some(group)) = (&self.geometry, group) {
                report.draw_calls +=
                    self.pipelines
                        .draw_strokes(&mut pass, samples, g, group, new.clone());
                report.layer_indices = g.index_count(new.clone());
            }
            report.layer_strokes_added = new.len() as u32;
            layer.count = new.end;
            layer.needs_clear = false;
        }
        // Take the checkpoints the layer just passed.
        if layer.sample_count == 1 {
            for k in 0..self.checkpoints.len() {
                let at = self.checkpoint_at(k);
                let c = &mut self.checkpoints[k];
                let stale = c.count == 0 || c.view != layer.view;
                if at > 0
                    && layer_before < at
                    && layer.count >= at
                    && (stale || c.count != layer.count)
                {
                    copy_whole(encoder, &layer.color.texture, &c.color.texture);
                    copy_whole(encoder, &layer.depth.texture, &c.depth.texture);
                    c.count = layer.count;
                    c.view = layer.view;
                }
            }
        }
        report.layer_pending = target.saturating_sub(layer.count);
        if report.layer_pending == 0 {
            // Complete: the stand-in becomes the spare for the next rebuild.
            if let Some(old) = self.standin.take() {
                self.spare = Some(old);
                self.standin_group = None;
            }
        }
        self.layer = Some(layer);
    }

    /// Encode a frame showing the stand-in (the previous layer re-projected to the current view)
    /// and the strokes `over` it.
    fn compose_standin(
        &mut self,
        ctx: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        over: std::ops::Range<u32>,
        report: &mut FrameReport,
    ) {
        let samples = self.settings.aa.sample_count();
        let (Some(old), Some(depth)) = (&self.standin, &self.frame_depth) else {
            return;
        };
        let u = standin_uniform(old, self.view, self.settings.background);
        write_uniform(ctx, &self.standin_uniform, &mut self.last_standin, u);
        let group = self.standin_group.get_or_insert_with(|| {
            sampling_group(
                &ctx.device,
                &self.pipelines,
                &self.standin_uniform,
                old,
                "standin",
            )
        });
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
            self.target_state = None;
            return;
        }
        // One sample: the stand-in does not change while the layer is rebuilt, so, like the
        // layer's copy, it is only redrawn where the target differs from it (where last frame
        // drew strokes over it), not sampled over the whole target every frame.
        let shows = Shown::Standin(u);
        let damage = TargetState::damage(self.target_state.as_ref(), target.texture, shows);
        let dirty = px_bounds(&self.stroke_bounds, self.view, self.size, over.clone());
        if damage.is_some() || !over.is_empty() {
            let mut pass = begin_overlay_pass(encoder, "standin frame", target.view, depth);
            if let Some(r) = damage {
                pass.set_scissor_rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
                self.pipelines.draw_standin(&mut pass, samples, group);
                report.copied_pixels = u64::from(r.x1 - r.x0) * u64::from(r.y1 - r.y0);
                pass.set_scissor_rect(0, 0, self.size.0, self.size.1);
            }
            if let (Some(g), Some(sg)) = (&self.geometry, &self.stroke_group) {
                report.draw_calls += self.pipelines.draw_strokes(&mut pass, samples, g, sg, over);
            }
        }
        self.target_state = Some(TargetState {
            texture: target.texture.clone(),
            shows,
            dirty,
        });
    }

    /// Draw the stand-in once, one pixel of it into the spare layer (which is cleared before it is
    /// used), when new layers were allocated. A software rasterizer (llvmpipe, lavapipe) compiles
    /// a shader for the textures and targets it is first drawn with, at that draw: without this,
    /// the first frame of the first rebuild paid 10–35 ms for it on top of its own work.
    fn warm_standin(&mut self, ctx: &Gpu, encoder: &mut wgpu::CommandEncoder) {
        if !std::mem::take(&mut self.standin_cold) {
            return;
        }
        let (Some(src), Some(dst)) = (&self.layer, &self.spare) else {
            return;
        };
        let group = sampling_group(
            &ctx.device,
            &self.pipelines,
            &self.standin_uniform,
            src,
            "standin warm-up",
        );
        let mut pass = begin_overlay_pass(encoder, "standin warm-up", &dst.color.view, &dst.depth);
        pass.set_scissor_rect(0, 0, 1, 1);
        self.pipelines
            .draw_standin(&mut pass, dst.sample_count, &group);
    }

    /// Forget what the target holds: the next frame copies the whole layer. Call this if anything
    /// other than [`Renderer::encode_frame`] wrote the target.
    pub fn invalidate_target(&mut self) {
        self.target_state = None;
    }

    fn write_globals(&mut self, ctx: &Gpu, playhead_ms: f64) {
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
        let layer = (self.layer_div() > 1).then(|| globals(self.layer_view(), self.layer_size()));
        write_uniform(ctx, &self.globals, &mut self.last_globals, g);
        if let Some(l) = layer {
            write_uniform(ctx, &self.layer_globals, &mut self.last_layer_globals, l);
        }
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

    /// Encode a frame at `playhead_ms` into `target` (of size `size`) using the retained layer.
    ///
    /// Writes the globals uniform, so submit the encoder before encoding another frame.
    pub fn encode_frame(
        &mut self,
        ctx: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        playhead_ms: f64,
    ) -> FrameReport {
        puffin::profile_scope!("encode_frame");
        let size = target.size();
        self.ensure_size(ctx, size);
        self.warm_standin(ctx, encoder);
        self.write_globals(ctx, playhead_ms);
        let list = self.draw_list(playhead_ms);
        let samples = self.settings.aa.sample_count();
        let bg = clear_color(self.settings.background);
        let mut report = FrameReport::default();
        // 1. Bring the layer towards `list.finished` (within the layer budget).
        let layer_before = self.layer.as_ref().map_or(0, |l| l.count);
        self.update_layer(ctx, encoder, list.finished.end, &mut report);
        report.live_strokes = list.live.len() as u32;
        if let Some(old) = &self.standin {
            // Over the stand-in: the strokes in progress, and those finished since the ink it
            // holds (a playhead moving on while the layer is rebuilt).
            let over = old.count.min(list.live.start)..list.live.end;
            if let Some(g) = &self.geometry {
                // Finished strokes drawn over it are layer work too (bounded by the layer budget
                // through `layer_ready_until`).
                report.layer_indices +=
                    g.index_count(over.start..list.finished.end.max(over.start));
            }
            self.compose_standin(ctx, encoder, target, over, &mut report);
            return report;
        }
        let (Some(layer), Some(depth)) = (self.layer.as_ref(), self.frame_depth.as_ref()) else {
            return report;
        };
        // Strokes added to the layer this frame (their pixels changed).
        let added_end = layer.count;

        // 2. Compose: layer, then the strokes in progress.
        puffin::profile_scope!("compose");
        if samples == 1 {
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
                    TargetState::damage(self.target_state.as_ref(), target.texture, Shown::Layer);
                PxRect::union(
                    before,
                    px_bounds(&self.stroke_bounds, self.view, self.size, added),
                )
            };
            // A downscaled layer is not copied but drawn scaled up (bilinear), over the same
            // damage grown by what one layer pixel and its filtering reach.
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
                write_uniform(ctx, &self.standin_uniform, &mut self.last_standin, u);
                if self
                    .scaled_group
                    .as_ref()
                    .is_none_or(|(t, _)| *t != layer.color.texture)
                {
                    let group = sampling_group(
                        &ctx.device,
                        &self.pipelines,
                        &self.standin_uniform,
                        layer,
                        "scaled layer",
                    );
                    self.scaled_group = Some((layer.color.texture.clone(), group));
                }
            }
            if let (Some(r), false) = (damage, scaled) {
                let origin = wgpu::Origin3d {
                    x: r.x0,
                    y: r.y0,
                    z: 0,
                };
                encoder.copy_texture_to_texture(
                    wgpu::TexelCopyTextureInfo {
                        texture: &layer.color.texture,
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
                report.copied_pixels = u64::from(r.x1 - r.x0) * u64::from(r.y1 - r.y0);
            }
            let dirty = px_bounds(&self.stroke_bounds, self.view, self.size, list.live.clone());
            self.target_state = Some(TargetState {
                texture: target.texture.clone(),
                shows: Shown::Layer,
                dirty,
            });
            if (scaled && damage.is_some()) || !list.live.is_empty() {
                let mut pass = begin_overlay_pass(encoder, "live strokes", target.view, depth);
                if let (Some(r), Some((_, group)), true) = (damage, &self.scaled_group, scaled) {
                    pass.set_scissor_rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
                    self.pipelines.draw_standin(&mut pass, samples, group);
                    report.copied_pixels = u64::from(r.x1 - r.x0) * u64::from(r.y1 - r.y0);
                    pass.set_scissor_rect(0, 0, size.0, size.1);
                }
                if let (Some(g), Some(group)) = (&self.geometry, &self.stroke_group) {
                    report.draw_calls += self.pipelines.draw_strokes(
                        &mut pass,
                        samples,
                        g,
                        group,
                        list.live.clone(),
                    );
                }
            }
        } else {
            self.target_state = None;
            // Multisampled: every sample of the frame gets the resolved layer colour, the live
            // strokes are drawn multisampled over it, and the frame is resolved into the target.
            let mut pass = begin_frame_pass(
                encoder,
                "frame",
                self.frame_msaa.as_ref(),
                depth,
                target.view,
                bg,
            );
            self.pipelines
                .draw_composite(&mut pass, samples, &layer.composite_group);
            if let (Some(g), Some(group)) = (&self.geometry, &self.stroke_group) {
                report.draw_calls +=
                    self.pipelines
                        .draw_strokes(&mut pass, samples, g, group, list.live.clone());
            }
        }
        report
    }

    /// Encode a frame that draws every started stroke directly (no retained layer): the reference
    /// path and the "draw all cached geometry" baseline.
    pub fn encode_direct(
        &mut self,
        ctx: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        playhead_ms: f64,
    ) -> FrameReport {
        let size = target.size();
        puffin::profile_scope!("encode_direct");
        self.ensure_size(ctx, size);
        self.write_globals(ctx, playhead_ms);
        let list = self.draw_list(playhead_ms);
        let samples = self.settings.aa.sample_count();
        let mut report = FrameReport::default();
        let Some(depth) = self.frame_depth.as_ref() else {
            return report;
        };
        self.target_state = None;
        let bg = clear_color(self.settings.background);
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
        report.live_strokes = list.started().len() as u32;
        report
    }
}
