//! The retained layer: finished ink kept between frames, so a frame draws only what is new.
//!
//! [`Retained`] owns the layer textures and their explicit state:
//! - `Empty`: nothing allocated (a new size, new settings before the next frame);
//! - `Ready`: the layer holds strokes `0..count` drawn with its view; with a layer budget, a
//!   `spare` layer waits for the next rebuild, so that rebuilding allocates nothing;
//! - `Rebuilding`: the view changed (or the settings or the layer's resolution did), and the layer
//!   is being redrawn a budget at a time while the previous one *stands in*, re-projected to the
//!   current view (`StandinOnly` is the moment between settings changing and the next frame
//!   allocating the new layer).
//!
//! Each frame `Retained::update` brings the layer towards the strokes finished at the playhead
//! within the layer budget the governor grants, from where the seek planner
//! ([`plan_layer`]) says gets furthest: what the layer holds, the nearest checkpoint at or before
//! the playhead (`checkpoints.rs`), or nothing. A seek at the same view therefore never shows a
//! stand-in: the layer shows an exact earlier moment and gets to the playhead over the next frames.
//! The budget queries the governor plans with ([`Retained::backlog`],
//! [`Retained::standin_expected`], [`Retained::seek_restarts`], [`Retained::ready_until`]) answer
//! from the same plan. `damage.rs` says which pixels of the target must be redrawn.

mod budget;
pub(crate) mod checkpoints;
pub(crate) mod damage;
mod frame;
mod queries;
mod snapshot;
mod texture;

pub use budget::{MemoryBudget, CEILING, DEFAULT_MEMORY_BUDGET, HEADROOM};
pub use checkpoints::CheckpointWork;
pub(crate) use frame::LayerFrame;
pub use queries::CheckpointStats;
pub use texture::RetainedLayer;

use crate::governor::seek::{plan_layer, LayerPlan, LayerStart, LayerState};
use checkpoints::Checkpoints;
use damage::{Shown, TargetState};

use super::geometry::GpuGeometry;
use super::memory::{CountedBuffer, GpuCategory, GpuMemory};
use super::passes::{begin_layer_pass, clear_color, clear_color_f32};
use super::uniforms::{write_uniform, StandinUniform};
use super::{FrameReport, Gpu};
use crate::model::Color;
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
    /// The layer was allocated and has not been drawn into yet (its first update reports it as
    /// [`FrameReport::layer_fresh`]).
    fresh: bool,
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
            fresh: false,
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

    /// A new drawing: forget what the layer holds (its textures are kept) and the checkpoints.
    pub(crate) fn forget_content(&mut self) {
        if let State::Ready { layer, .. } | State::Rebuilding { layer, .. } = &mut self.state {
            layer.invalidate();
        }
        self.checkpoints.clear();
        self.target = None;
    }

    /// The next frames are drawn direct at `view`: a stand-in is let go (a rebuild's partial layer
    /// is kept, at the current view), and a layer of another view is emptied for `view`, so that
    /// the frame that goes back to the layer draws it from what it holds, a checkpoint or nothing,
    /// never from a stand-in.
    pub(crate) fn leave_for_direct(&mut self, view: View) {
        self.state = match std::mem::take(&mut self.state) {
            State::StandinOnly { .. } => State::Empty,
            State::Rebuilding { layer, standin } => {
                let same = |s: &RetainedLayer| {
                    s.size() == layer.size() && s.sample_count() == layer.sample_count()
                };
                let spare = Some(standin.layer).filter(same);
                State::Ready { layer, spare }
            }
            other => other,
        };
        if let State::Ready { layer, .. } = &mut self.state {
            if Self::view_changed(layer, view) {
                layer.view = view;
                layer.invalidate();
            }
        }
        self.target = None;
    }

    /// How many strokes a ready layer drawn at `view` holds (none while it waits for a clear).
    pub(crate) fn holds_at(&self, view: View) -> Option<u32> {
        match &self.state {
            State::Ready { layer, .. } if !layer.needs_clear && layer.view == view => {
                Some(layer.count)
            }
            _ => None,
        }
    }

    /// The target size changed: nothing drawn at the old size is reused.
    pub(crate) fn reset(&mut self) {
        self.state = State::Empty;
    }

    /// The layers must be reallocated (another sample count or resolution): the layer and the
    /// spare are freed, a stand-in stays until the new layer is complete, the checkpoints are
    /// forgotten (their textures pooled).
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
    /// has ink) until a new one is complete; the spare is freed and the checkpoints forgotten
    /// (their textures pooled for the next plan of their size).
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
    /// layer, so that no frame of playback allocates) and, once a single-sample drawing is
    /// complete on the GPU, the checkpoints.
    pub(crate) fn ensure(&mut self, f: &LayerFrame<'_>) {
        self.state = match std::mem::take(&mut self.state) {
            State::Empty => {
                self.fresh = true;
                State::Ready {
                    layer: f.new_layer(),
                    spare: None,
                }
            }
            State::StandinOnly { standin } => {
                self.fresh = true;
                State::Rebuilding {
                    layer: f.new_layer(),
                    standin,
                }
            }
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
        if let (Some(_), Some(g), 1) = (self.budget, f.geometry, f.samples) {
            self.checkpoints.plan(f, g);
        }
    }

    /// Whether `layer` must be rebuilt because it was drawn with another view (the previous
    /// layer stands in meanwhile).
    fn view_changed(layer: &RetainedLayer, view: View) -> bool {
        layer.view != view
    }

    /// The layer's plan for a frame holding `target` finished strokes at `view` within `grant`
    /// indices (see [`plan_layer`]): from what it holds, a checkpoint, or nothing.
    fn plan(&self, g: &GpuGeometry, target: u32, view: View, grant: Option<u64>) -> LayerPlan {
        let layer = self
            .layer()
            .filter(|l| !l.needs_clear && !Self::view_changed(l, view))
            .map(|l| l.count);
        plan_layer(
            &LayerState {
                layer,
                checkpoints: self.checkpoints.usable(view),
                target,
                grant,
                restore_units: self.checkpoints.work.restore_units,
            },
            g,
        )
    }

    /// Bring the layer towards `target` finished strokes within the budget: from what it holds,
    /// the nearest checkpoint or nothing, whichever gets furthest. A view change rebuilds it,
    /// keeping the old layer as the stand-in when budgeted.
    pub(crate) fn update(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        f: &LayerFrame<'_>,
        target: u32,
        report: &mut FrameReport,
    ) {
        report.layer_fresh = std::mem::take(&mut self.fresh);
        let plan = f
            .geometry
            .map(|g| self.plan(g, target, f.view, self.budget));
        let (mut layer, mut spare, mut standin) = match std::mem::take(&mut self.state) {
            State::Ready { layer, spare } => (layer, spare, None),
            State::Rebuilding { layer, standin } => (layer, None, Some(standin)),
            other => {
                self.state = other;
                return;
            }
        };
        // An empty layer waiting for its clear, with nothing standing in: the frame starts it.
        report.layer_fresh |= standin.is_none() && layer.needs_clear && layer.count == 0;
        if Self::view_changed(&layer, f.view) {
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
        }
        let end = match plan {
            Some(plan) => {
                match plan.start {
                    LayerStart::Keep => {}
                    LayerStart::Restore { slot, .. } => {
                        if self.checkpoints.restore(encoder, slot, &mut layer) {
                            report.checkpoint_restored = true;
                            // The layer went back: the target is composed in full.
                            report.layer_rebuilt = true;
                        } else {
                            layer.invalidate();
                        }
                    }
                    LayerStart::Clear => layer.invalidate(),
                }
                plan.end.max(layer.count)
            }
            None => target,
        };
        let layer_before = layer.count;
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
        // Fill the checkpoint the layer just passed.
        let passed =
            self.checkpoints
                .take_passed(encoder, f.device, f.gpu_mem, &layer, layer_before);
        report.checkpoint_copies = u32::from(passed);
        report.layer_pending = target.saturating_sub(layer.count);
        if report.layer_pending == 0 {
            // Complete: the stand-in becomes the spare for the next rebuild (one of another
            // sample count, after a quality step, is replaced then: freeing it now would make
            // the next frame allocate a spare, and no frame of playback allocates).
            if let Some(old) = standin.take() {
                spare = Some(old.layer);
            }
        }
        // With nothing standing in, the builder fills checkpoints with what the frame has left.
        if let (None, Some(g), Some(group)) = (&standin, f.geometry, f.group) {
            if f.samples == 1 {
                puffin::profile_scope!("checkpoints");
                let step = self.checkpoints.build(encoder, f, g, group);
                report.checkpoint_indices = step.indices;
                report.checkpoint_copies += step.copies;
            }
        }
        self.state = match standin {
            Some(standin) => State::Rebuilding { layer, standin },
            None => State::Ready { layer, spare },
        };
    }
}
