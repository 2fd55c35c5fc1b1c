//! The retained layer: finished ink kept between frames, so a frame draws only what is new.
//!
//! [`Retained`] owns the layer textures and their explicit state:
//! - `Empty`: nothing allocated (a new size, new settings before the next frame);
//! - `Ready`: the layer holds strokes `0..count` drawn with its view; with a layer budget, a
//!   `spare` layer waits for the next rebuild, so that rebuilding allocates nothing;
//! - `Rebuilding`: the view changed or the playhead moved back past the layer's ink, and the layer
//!   is being redrawn a budget at a time while the previous one *stands in*, re-projected to the
//!   current view (`StandinOnly` is the moment between settings changing and the next frame
//!   allocating the new layer).
//!
//! Each frame `Retained::update` draws the strokes finished since the last frame into the layer
//! (all of them after a restart, from the nearest checkpoint when there is one), within
//! the layer budget the governor grants. The budget queries the governor plans with
//! ([`Retained::backlog`], [`Retained::standin_expected`], [`Retained::ready_until`]) answer from
//! the same state. `damage.rs` says which pixels of the target must be redrawn.

pub(crate) mod checkpoints;
pub(crate) mod damage;
mod texture;

use checkpoints::CHECKPOINT_MIN_STROKES;
pub use texture::RetainedLayer;

use checkpoints::Checkpoints;
use damage::{Shown, TargetState};

use super::geometry::GpuGeometry;
use super::memory::{CountedBuffer, GpuCategory, GpuMemory};
use super::passes::{begin_layer_pass, clear_color, clear_color_f32};
use super::pipelines::Pipelines;
use super::uniforms::{write_uniform, StandinUniform};
use super::{FrameReport, Gpu};
use crate::model::Color;
use crate::playback::Timeline;
use crate::view::View;

/// The previous layer, shown while the layer is rebuilt, and its cached sampling bind group.
#[derive(Debug)]
pub(crate) struct Standin {
    pub(crate) layer: RetainedLayer,
    pub(crate) group: Option<wgpu::BindGroup>,
}

/// Where the retained layer is (see the module docs).
#[derive(Debug, Default)]
enum State {
    #[default]
    Empty,
    Ready {
        layer: RetainedLayer,
        spare: Option<RetainedLayer>,
    },
    StandinOnly {
        standin: Standin,
    },
    Rebuilding {
        layer: RetainedLayer,
        standin: Standin,
    },
}

/// What a layer update needs to know about the frame.
#[derive(Debug)]
pub(crate) struct LayerFrame<'a> {
    pub(crate) device: &'a wgpu::Device,
    pub(crate) gpu_mem: &'a GpuMemory,
    pub(crate) pipelines: &'a Pipelines,
    pub(crate) geometry: Option<&'a GpuGeometry>,
    /// The stroke bind group the layer is drawn with.
    pub(crate) group: Option<&'a wgpu::BindGroup>,
    /// The view in layer pixels.
    pub(crate) view: View,
    pub(crate) layer_size: (u32, u32),
    /// The frame's size (the layer's at full resolution).
    pub(crate) frame_size: (u32, u32),
    pub(crate) samples: u32,
    pub(crate) background: Color,
}

impl LayerFrame<'_> {
    /// An empty layer for this frame's size, sample count and view.
    pub(crate) fn new_layer(&self) -> RetainedLayer {
        RetainedLayer::new(
            self.device,
            self.gpu_mem,
            self.pipelines,
            self.layer_size,
            self.samples,
            self.view,
        )
    }
}

/// The stand-in uniform that shows `old` re-projected to `view` on `background`.
pub(crate) fn standin_uniform(
    old: &RetainedLayer,
    view: View,
    background: Color,
) -> StandinUniform {
    let k = old.view.scale / view.scale;
    let [r, g, b, a] = clear_color_f32(background);
    StandinUniform {
        k: [k, k],
        b: (old.view.offset - view.offset * k).to_array(),
        src_size: [old.size().0 as f32, old.size().1 as f32],
        _pad: [0.0; 2],
        bg: [r, g, b, a],
    }
}

/// The retained layer, its spare, its stand-in and its checkpoints (see the module docs).
#[derive(Debug)]
pub struct Retained {
    state: State,
    checkpoints: Checkpoints,
    /// Indices the layer may take per frame (`None`: unbounded, it always catches up at once).
    budget: Option<u64>,
    /// The stand-in pipeline has not drawn yet with the current layers (see
    /// [`Renderer`](super::Renderer)'s warm-up).
    standin_cold: bool,
    /// What the target holds after the last composed frame (for damage-only updates).
    target: Option<TargetState>,
    /// The uniform the sampling pipeline reads (stand-in, scaled layer, warm-up), and what it holds.
    sampling_uniform: CountedBuffer,
    last_sampling: Option<StandinUniform>,
}

impl Retained {
    /// Nothing allocated yet but the sampling uniform.
    pub(crate) fn new(device: &wgpu::Device, gpu_mem: &GpuMemory) -> Self {
        let sampling_uniform = gpu_mem.buffer(
            device,
            &wgpu::BufferDescriptor {
                label: Some("sampling"),
                size: std::mem::size_of::<StandinUniform>() as u64,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            },
            GpuCategory::Uniforms,
        );
        Self {
            state: State::Empty,
            checkpoints: Checkpoints::default(),
            budget: None,
            standin_cold: false,
            target: None,
            sampling_uniform,
            last_sampling: None,
        }
    }

    /// The layer, if allocated.
    pub fn layer(&self) -> Option<&RetainedLayer> {
        match &self.state {
            State::Ready { layer, .. } | State::Rebuilding { layer, .. } => Some(layer),
            State::Empty | State::StandinOnly { .. } => None,
        }
    }

    /// The previous layer while a rebuild is in progress.
    pub fn standin(&self) -> Option<&RetainedLayer> {
        self.standin_ref().map(|s| &s.layer)
    }

    fn standin_ref(&self) -> Option<&Standin> {
        match &self.state {
            State::StandinOnly { standin } | State::Rebuilding { standin, .. } => Some(standin),
            State::Empty | State::Ready { .. } => None,
        }
    }

    /// The stand-in and its bind group, made the first time with `make` from the stand-in and
    /// the sampling uniform.
    pub(crate) fn standin_with_group(
        &mut self,
        make: impl FnOnce(&RetainedLayer, &wgpu::Buffer) -> wgpu::BindGroup,
    ) -> Option<(&RetainedLayer, &wgpu::BindGroup)> {
        let uniform = &self.sampling_uniform.buffer;
        match &mut self.state {
            State::StandinOnly { standin } | State::Rebuilding { standin, .. } => {
                let Standin { layer, group } = standin;
                let group = group.get_or_insert_with(|| make(layer, uniform));
                Some((layer, group))
            }
            State::Empty | State::Ready { .. } => None,
        }
    }

    /// Whether a rebuild is in progress (the previous layer stands in).
    pub fn rebuilding(&self) -> bool {
        self.standin_ref().is_some()
    }

    /// Limit the indices drawn into the layer per frame.
    pub(crate) fn set_budget(&mut self, max_indices: Option<u64>) {
        self.budget = max_indices;
    }

    /// What the target held after the last composed frame.
    pub(crate) fn target_state(&self) -> Option<&TargetState> {
        self.target.as_ref()
    }

    /// Record what the target holds now (`None`: unknown, the next frame redraws all of it).
    pub(crate) fn set_target_state(&mut self, state: Option<TargetState>) {
        self.target = state;
    }

    /// The sampling pipeline's uniform buffer.
    pub(crate) fn sampling_uniform(&self) -> &CountedBuffer {
        &self.sampling_uniform
    }

    /// Write the sampling uniform (skipped when it already holds `u`).
    pub(crate) fn write_sampling(&mut self, gpu: &Gpu, u: StandinUniform) {
        write_uniform(gpu, &self.sampling_uniform, &mut self.last_sampling, u);
    }

    /// The layer and the spare, once after new layers were allocated: the stand-in pipeline is
    /// drawn with them once so a software rasterizer compiles it before the first rebuild.
    pub(crate) fn take_cold(&mut self) -> Option<(&RetainedLayer, &RetainedLayer)> {
        if !std::mem::take(&mut self.standin_cold) {
            return None;
        }
        match &self.state {
            State::Ready {
                layer,
                spare: Some(spare),
            } => Some((layer, spare)),
            _ => None,
        }
    }

    /// A new drawing: forget what the layer and the checkpoints hold (textures are kept).
    pub(crate) fn forget_content(&mut self) {
        if let State::Ready { layer, .. } | State::Rebuilding { layer, .. } = &mut self.state {
            layer.invalidate();
        }
        self.checkpoints.forget();
        self.target = None;
    }

    /// The target size changed: nothing drawn at the old size is reused.
    pub(crate) fn reset(&mut self) {
        self.state = State::Empty;
    }

    /// The layers must be reallocated (another sample count or resolution): the layer and the
    /// spare are freed, a stand-in stays until the new layer is complete.
    pub(crate) fn free_layers(&mut self) {
        self.state = match std::mem::take(&mut self.state) {
            State::Rebuilding { standin, .. } | State::StandinOnly { standin } => {
                State::StandinOnly { standin }
            }
            State::Ready { .. } | State::Empty => State::Empty,
        };
        self.checkpoints.clear();
    }

    /// The settings or the layer's resolution changed: the layer stands in (when budgeted and it
    /// has ink) until a new one is complete; the spare and the checkpoints are freed.
    pub(crate) fn retire(&mut self, frame_size: (u32, u32), background: Color) {
        self.checkpoints.clear();
        self.state = match std::mem::take(&mut self.state) {
            State::Ready { layer, .. } => match self.stand_in(layer, frame_size, background) {
                Some(standin) => State::StandinOnly { standin },
                None => State::Empty,
            },
            State::Rebuilding { standin, .. } | State::StandinOnly { standin } => {
                State::StandinOnly { standin }
            }
            State::Empty => State::Empty,
        };
    }

    /// `old` as the stand-in, when there is a budget and it holds ink (otherwise it is dropped).
    fn stand_in(
        &mut self,
        old: RetainedLayer,
        frame_size: (u32, u32),
        background: Color,
    ) -> Option<Standin> {
        if self.budget.is_none() || !old.has_content() {
            return None;
        }
        // A target that showed this layer (at full resolution) shows it as a stand-in at the
        // layer's own view: a backwards seek (same view) redraws only last frame's live strokes,
        // a zoom or pan the whole target. One that showed anything else is redrawn in full.
        let identity = standin_uniform(&old, old.view, background);
        let full_res = old.size() == frame_size;
        self.target = self.target.take().and_then(|st| {
            (st.shows == Shown::Layer && full_res).then_some(TargetState {
                shows: Shown::Standin(identity),
                ..st
            })
        });
        self.last_sampling = None;
        Some(Standin {
            layer: old,
            group: None,
        })
    }

    /// Allocate what the frame needs: the layer, and with a budget the spare (now, with the
    /// layer, so that no frame of playback allocates) and, for large single-sample drawings, the
    /// checkpoints.
    pub(crate) fn ensure(&mut self, f: &LayerFrame<'_>) {
        self.state = match std::mem::take(&mut self.state) {
            State::Empty => State::Ready {
                layer: f.new_layer(),
                spare: None,
            },
            State::StandinOnly { standin } => State::Rebuilding {
                layer: f.new_layer(),
                standin,
            },
            other => other,
        };
        if let (
            Some(_),
            State::Ready {
                spare: spare @ None,
                ..
            },
        ) = (self.budget, &mut self.state)
        {
            *spare = Some(f.new_layer());
            self.standin_cold = true;
        }
        let large = f
            .geometry
            .is_some_and(|g| g.strokes as usize >= CHECKPOINT_MIN_STROKES);
        if self.budget.is_some() && f.samples == 1 && large && self.checkpoints.is_empty() {
            let view = self.layer().map_or(f.view, |l| l.view);
            let format = f.pipelines.format();
            self.checkpoints
                .allocate(f.device, f.gpu_mem, format, f.layer_size, view);
        }
    }

    /// Whether `layer` cannot be extended to `target` finished strokes at `view` (the view
    /// changed or the playhead moved back past its ink): it must be rebuilt.
    fn must_restart(layer: &RetainedLayer, target: u32, view: View) -> bool {
        layer.view != view || target < layer.count
    }

    /// Bring the layer towards `target` finished strokes, within the budget. A view change or a
    /// backwards move restarts it (keeping the old layer as the stand-in when budgeted).
    pub(crate) fn update(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        f: &LayerFrame<'_>,
        target: u32,
        report: &mut FrameReport,
    ) {
        let (mut layer, mut spare, mut standin) = match std::mem::take(&mut self.state) {
            State::Ready { layer, spare } => (layer, spare, None),
            State::Rebuilding { layer, standin } => (layer, None, Some(standin)),
            other => {
                self.state = other;
                return;
            }
        };
        if Self::must_restart(&layer, target, f.view) {
            if self.budget.is_some() && standin.is_none() && layer.has_content() {
                let fresh = match spare.take() {
                    Some(s) if s.size() == f.layer_size && s.sample_count() == f.samples => s,
                    _ => f.new_layer(),
                };
                let old = std::mem::replace(&mut layer, fresh);
                standin = self.stand_in(old, f.frame_size, f.background);
            }
            layer.view = f.view;
            layer.invalidate();
            // Start from the nearest checkpoint at or before the target, if one fits this view.
            if self.checkpoints.restore(encoder, &mut layer, target) {
                report.checkpoint_restored = true;
                // The layer went back: the target is composed in full.
                report.layer_rebuilt = true;
            }
        }
        let layer_before = layer.count;
        let end = match (self.budget, f.geometry) {
            (Some(budget), Some(g)) => g.strokes_within(layer.count, target, budget).0,
            _ => target,
        };
        if layer.needs_clear || end > layer.count {
            puffin::profile_scope!("layer_update");
            report.layer_rebuilt |= layer.needs_clear;
            let clear = layer.needs_clear.then(|| clear_color(f.background));
            let mut pass = begin_layer_pass(encoder, &layer, clear);
            let new = layer.count..end.max(layer.count);
            if let (Some(g), Some(group)) = (f.geometry, f.group) {
                report.draw_calls +=
                    f.pipelines
                        .draw_strokes(&mut pass, f.samples, g, group, new.clone());
                report.layer_indices = g.index_count(new.clone());
            }
            report.layer_strokes_added = new.len() as u32;
            layer.count = new.end;
            layer.needs_clear = false;
        }
        // Take the checkpoints the layer just passed.
        let strokes = f.geometry.map_or(0, |g| g.strokes);
        self.checkpoints
            .take_passed(encoder, &layer, layer_before, strokes);
        report.layer_pending = target.saturating_sub(layer.count);
        if report.layer_pending == 0 {
            // Complete: the stand-in becomes the spare for the next rebuild.
            if let Some(old) = standin.take() {
                spare = Some(old.layer);
            }
        }
        self.state = match standin {
            Some(standin) => State::Rebuilding { layer, standin },
            None => State::Ready { layer, spare },
        };
    }

    /// Indices the layer still has to draw to hold `target` finished strokes at `view` (all of
    /// them after a view change or a backwards move, the newly finished ones otherwise): the
    /// governor's layer backlog.
    pub fn backlog(&self, geometry: Option<&GpuGeometry>, target: u32, view: View) -> u64 {
        let Some(g) = geometry else {
            return 0;
        };
        let from = match self.layer() {
            Some(l) if !l.needs_clear && !Self::must_restart(l, target, view) => l.count,
            _ => 0,
        };
        g.index_count(from..target)
    }

    /// Whether the next frame, holding `target` finished strokes at `view`, shows a stand-in (a
    /// rebuild is in progress, or one starts because the view changed or the playhead moved
    /// back), given a budget.
    pub fn standin_expected(&self, target: u32, view: View) -> bool {
        self.rebuilding()
            || self
                .layer()
                .is_some_and(|l| l.has_content() && Self::must_restart(l, target, view))
    }

    /// Whether the next frame starts a rebuild: the layer is cleared (or restored from a
    /// checkpoint) and the stand-in drawn, work a frame pays once.
    pub fn rebuild_starts(&self, target: u32, view: View) -> bool {
        !self.rebuilding() && self.standin_expected(target, view)
    }

    /// The latest playhead (at most the one that finishes `target` strokes) whose finished
    /// strokes the layer can hold after the next frame, under the budget (infinite when it can
    /// catch up); during a rebuild, the strokes finished since the stand-in's ink that can be
    /// drawn over it within the budget. See [`Renderer::layer_ready_until`](super::Renderer::layer_ready_until).
    pub fn ready_until(
        &self,
        geometry: Option<&GpuGeometry>,
        timeline: &Timeline,
        target: u32,
        view: View,
    ) -> f64 {
        let (Some(budget), Some(g)) = (self.budget, geometry) else {
            return f64::INFINITY;
        };
        let from = if self.standin_expected(target, view) {
            // During a rebuild the stand-in holds strokes up to its count, and the strokes
            // finished after them are drawn over it every frame: the same budget bounds them.
            match (self.standin(), self.layer()) {
                (Some(s), _) => s.count,
                (None, Some(l)) => l.count,
                (None, None) => 0,
            }
        } else {
            // A layer not made yet, or to be cleared (nothing to stand in), starts from stroke 0.
            match self.layer() {
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
            .and_then(|i| timeline.end_of(i as usize))
            .unwrap_or(0.0)
    }
}
