//! Checkpoints: copies of a single-sample layer's colour at stroke counts spread evenly by layer
//! work ([`checkpoint_positions`]), as many as a GPU-memory budget holds and no closer than one
//! frame of layer work, so a seek restarts the layer from the nearest one at or before the playhead
//! ([`plan_layer`](crate::governor::seek::plan_layer)).
//!
//! Only colour is kept: the layer's depth matters within one stroke only (later strokes are
//! always nearer), so every layer pass clears it. A checkpoint costs width × height × 4 bytes.
//!
//! They are filled two ways: the layer fills an empty one as it passes its position (playback does
//! this for free), and once the whole drawing is on the GPU a *builder* layer walks through the
//! drawing with the work frames have left over ([`Checkpoints::build`]), jumping ahead from
//! filled ones; it is freed when every checkpoint is filled.
//!
//! Their textures outlive a re-plan: cleared checkpoints (a quality step, a settings change) and
//! slots a new plan does without (the governor measured a faster layer: fewer are needed) keep
//! their textures in a pool, and a plan for the same size takes them back, so the memory held
//! follows the most checkpoints planned at a size, not each plan, and is not freed and allocated
//! again, up to the whole budget, as the estimate moves (on a software rasterizer that churn left
//! the process's memory at its high-water mark and rising). The pool and the slots together
//! never hold more than the budget; a plan for another size, or a new budget, frees it.

use super::frame::LayerFrame;
use super::RetainedLayer;
use crate::governor::seek::{
    checkpoint_positions, checkpoint_slots, checkpoint_spacing, StrokeCosts,
};
use crate::gpu::geometry::GpuGeometry;
use crate::gpu::memory::{CountedTexture, GpuCategory, GpuMemory};
use crate::gpu::passes::{begin_layer_pass, clear_color, copy_whole};
use crate::gpu::pipelines::Pipelines;
use crate::view::View;

/// The default GPU-memory budget for checkpoints (bytes).
pub const DEFAULT_CHECKPOINT_BUDGET: u64 = 256 << 20;

/// The layer work that decides how checkpoints are spaced and filled, from the governor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckpointWork {
    /// Layer indices one frame can draw (checkpoints are at least this far apart).
    pub per_frame: u64,
    /// Layer indices the builder may draw this frame.
    pub build: u64,
    /// What restoring one costs, in layer indices (for the seek planner).
    pub restore_units: u64,
}

/// What one step of the checkpoint builder did (see [`Checkpoints::build`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BuildStep {
    /// Layer indices drawn into the builder.
    pub indices: u64,
    /// Whole-layer copies made: into the builder from a checkpoint ahead, or from the builder
    /// into the checkpoint it reached.
    pub copies: u32,
}

/// One checkpoint: a colour texture holding strokes `0..count` (0: not filled yet).
#[derive(Debug)]
struct Slot {
    /// Allocated when it is first filled (not all at once: that would stall one frame).
    color: Option<CountedTexture>,
    count: u32,
}

/// What the checkpoints were planned for.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key {
    view: View,
    size: (u32, u32),
    strokes: u32,
}

/// The checkpoints of the drawing shown (see the module docs).
#[derive(Debug)]
pub(crate) struct Checkpoints {
    key: Option<Key>,
    /// Stroke counts to take them at, one per slot, increasing.
    positions: Vec<u32>,
    slots: Vec<Slot>,
    /// What each slot holds, for the planner (`None`: empty).
    counts: Vec<Option<u32>>,
    /// Walks through the drawing filling empty slots (while any is empty).
    builder: Option<RetainedLayer>,
    budget_bytes: u64,
    pub(crate) work: CheckpointWork,
    /// How far apart (layer indices) they were planned.
    planned_spacing: u64,
    /// Textures of cleared checkpoints, for the next plan of their size.
    pool: Vec<CountedTexture>,
    /// GPU objects created for the checkpoints and their builder, ever.
    allocations: u64,
}

impl Default for Checkpoints {
    fn default() -> Self {
        Self {
            key: None,
            positions: Vec::new(),
            slots: Vec::new(),
            counts: Vec::new(),
            builder: None,
            budget_bytes: DEFAULT_CHECKPOINT_BUDGET,
            work: CheckpointWork::default(),
            planned_spacing: 0,
            pool: Vec::new(),
            allocations: 0,
        }
    }
}

impl Checkpoints {
    /// Set the GPU-memory budget (bytes); a change re-plans them.
    pub(crate) fn set_budget(&mut self, bytes: u64) {
        if bytes != self.budget_bytes {
            self.budget_bytes = bytes;
            self.clear();
            self.pool.clear();
        }
    }

    /// The GPU-memory budget (bytes).
    pub(crate) fn budget(&self) -> u64 {
        self.budget_bytes
    }

    /// GPU objects created for the checkpoints and their builder, ever.
    pub(crate) fn allocations(&self) -> u64 {
        self.allocations
    }

    /// Forget them (the layer's size, view, sample count or resolution changed, or a new
    /// drawing); their textures wait in the pool for the next plan of their size.
    pub(crate) fn clear(&mut self) {
        self.key = None;
        self.positions.clear();
        self.pool
            .extend(self.slots.drain(..).filter_map(|s| s.color));
        self.counts.clear();
        self.builder = None;
    }

    /// What each slot holds, when they were taken with `view` (else none are usable).
    pub(crate) fn usable(&self, view: View) -> &[Option<u32>] {
        match self.key {
            Some(k) if k.view == view => &self.counts,
            _ => &[],
        }
    }

    /// Slots planned and slots filled.
    pub(crate) fn filled(&self) -> (usize, usize) {
        (
            self.slots.len(),
            self.counts.iter().filter(|c| c.is_some()).count(),
        )
    }

    /// Whether they are planned and all filled.
    pub(crate) fn complete(&self) -> bool {
        self.key.is_some() && self.counts.iter().all(Option::is_some)
    }

    /// Plan them for the complete drawing in `g`, a layer of `size` drawn with `view` (nothing
    /// to do when they are planned for it already). Allocates the builder; each slot's texture is
    /// allocated when it is first filled.
    pub(crate) fn plan(
        &mut self,
        device: &wgpu::Device,
        gpu_mem: &GpuMemory,
        pipelines: &Pipelines,
        g: &GpuGeometry,
        size: (u32, u32),
        view: View,
    ) {
        let key = Key {
            view,
            size,
            strokes: g.strokes,
        };
        let per_frame = self.work.per_frame;
        if g.uploaded < g.strokes || per_frame == 0 {
            return;
        }
        let bytes_each = u64::from(size.0) * u64::from(size.1) * 4;
        let slots = checkpoint_slots(self.budget_bytes, bytes_each);
        // Planned already, no sparser than twice what today's throughput asks for. The estimate
        // settles over the first frames: a plan from an early, optimistic one (too few
        // checkpoints) is redone; one that turns out denser than needed is kept (it only uses
        // memory the budget allows).
        let spacing = checkpoint_spacing(g.index_count(0..g.strokes), slots, per_frame);
        let settled = self.planned_spacing <= spacing.saturating_mul(2);
        if self.key == Some(key) && settled {
            return;
        }
        self.planned_spacing = spacing;
        let positions = checkpoint_positions(g, g.strokes, slots, per_frame);
        let keep = self.key.is_some_and(|k| k.size == size);
        let mut old = if keep {
            std::mem::take(&mut self.slots)
        } else {
            Vec::new()
        };
        // Textures of this size (pooled, or of slots this plan does without) fill the slots that
        // have none, and what is left stays pooled; textures of another size are freed. So the
        // textures held follow the most checkpoints planned at this size, not each plan's count
        // (which follows the layer throughput the governor measures).
        let mut pooled: Vec<CountedTexture> = std::mem::take(&mut self.pool)
            .into_iter()
            .chain(
                old.drain(positions.len().min(old.len())..)
                    .filter_map(|s| s.color),
            )
            .filter(|t| (t.texture.width(), t.texture.height()) == size)
            .collect();
        for s in old.iter_mut().filter(|s| s.color.is_none()) {
            s.color = pooled.pop();
        }
        while old.len() < positions.len() {
            old.push(Slot {
                color: pooled.pop(),
                count: 0,
            });
        }
        self.pool = pooled;
        for s in &mut old {
            s.count = 0;
        }
        self.slots = old;
        self.counts = vec![None; positions.len()];
        self.builder = (!positions.is_empty()).then(|| match self.builder.take() {
            Some(mut b) if b.size() == size => {
                b.invalidate();
                b.view = view;
                b
            }
            _ => {
                let before = gpu_mem.allocations();
                let builder = RetainedLayer::new(device, gpu_mem, pipelines, size, 1, view);
                self.allocations += gpu_mem.allocations() - before;
                builder
            }
        });
        self.positions = positions;
        self.key = Some(key);
    }

    /// Copy checkpoint `slot` into `layer`, which then holds its strokes.
    pub(crate) fn restore(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        slot: usize,
        layer: &mut RetainedLayer,
    ) -> bool {
        match self
            .slots
            .get(slot)
            .and_then(|s| s.color.as_ref().map(|c| (s, c)))
        {
            Some((s, color)) if s.count > 0 && layer.sample_count() == 1 => {
                copy_whole(encoder, &color.texture, &layer.color().texture);
                layer.count = s.count;
                layer.needs_clear = false;
                true
            }
            _ => false,
        }
    }

    /// Fill an empty checkpoint `layer` just passed (it went from `before` strokes to its
    /// count): at most one a frame, the builder fills the others. Whether it made that
    /// whole-layer copy.
    pub(crate) fn take_passed(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        device: &wgpu::Device,
        gpu_mem: &GpuMemory,
        layer: &RetainedLayer,
        before: u32,
    ) -> bool {
        if layer.sample_count() != 1 || self.key.is_none_or(|k| k.view != layer.view) {
            return false;
        }
        let passed = self
            .positions
            .iter()
            .enumerate()
            .rev()
            .find(|&(k, &at)| before < at && layer.count >= at && self.counts[k].is_none())
            .map(|(k, _)| k);
        if let Some(k) = passed {
            self.fill(encoder, device, gpu_mem, k, layer);
        }
        if self.counts.iter().all(Option::is_some) {
            self.builder = None;
        }
        passed.is_some()
    }

    /// Copy `from` (holding its count of strokes) into slot `k`, allocating its texture the
    /// first time.
    fn fill(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        device: &wgpu::Device,
        gpu_mem: &GpuMemory,
        k: usize,
        from: &RetainedLayer,
    ) {
        let Some(slot) = self.slots.get_mut(k) else {
            return;
        };
        let allocations = &mut self.allocations;
        let color = slot.color.get_or_insert_with(|| {
            *allocations += 1;
            checkpoint_texture(device, gpu_mem, from.color().texture.format(), from.size())
        });
        copy_whole(encoder, &from.color().texture, &color.texture);
        slot.count = from.count;
        self.counts[k] = Some(from.count);
    }

    /// Take the builder one step towards the first empty checkpoint: restore it from a filled
    /// one ahead, draw up to [`CheckpointWork::build`] indices, or fill the checkpoint it reached.
    /// Returns what it did: the indices drawn, or the whole-layer copy made.
    pub(crate) fn build(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        f: &LayerFrame<'_>,
        g: &GpuGeometry,
        group: &wgpu::BindGroup,
    ) -> BuildStep {
        let mut step = BuildStep::default();
        let Some(mut b) = self.builder.take() else {
            return step;
        };
        // One step a frame: a restore into the builder, some drawing, or the copy into the slot
        // it reached. Copies are whole layers the estimate knows least about; the builder never
        // makes two of them, nor a copy and drawing, in one step.
        if let Some(j) = self.counts.iter().position(Option::is_none) {
            let at = self.positions[j];
            // Start from the furthest filled checkpoint at or before `at` when that is ahead of
            // the builder (or the builder went past `at`).
            let from_slot = (0..j).rev().find_map(|i| {
                let c = self.counts[i].filter(|&c| c <= at)?;
                self.slots[i].color.as_ref().map(|t| (c, t))
            });
            let behind = b.needs_clear || b.count > at;
            match from_slot {
                _ if !b.needs_clear && b.count == at => {
                    self.fill(encoder, f.device, f.gpu_mem, j, &b);
                    step.copies += 1;
                }
                Some((c, color)) if behind || c > b.count => {
                    copy_whole(encoder, &color.texture, &b.color().texture);
                    b.count = c;
                    b.needs_clear = false;
                    step.copies += 1;
                }
                _ => {
                    if behind {
                        b.invalidate();
                    }
                    let end = g.within(b.count, at, self.work.build);
                    step.indices += g.index_count(b.count..end);
                    let clear = b.needs_clear.then(|| clear_color(f.background));
                    let mut pass = begin_layer_pass(encoder, &b, clear);
                    f.pipelines
                        .draw_strokes(&mut pass, 1, g, group, b.count..end);
                    drop(pass);
                    b.count = end;
                    b.needs_clear = false;
                }
            }
        }
        if self.counts.iter().any(Option::is_none) {
            self.builder = Some(b);
        }
        step
    }
}

/// A checkpoint's colour texture.
fn checkpoint_texture(
    device: &wgpu::Device,
    gpu_mem: &GpuMemory,
    format: wgpu::TextureFormat,
    size: (u32, u32),
) -> CountedTexture {
    gpu_mem.texture(
        device,
        &wgpu::TextureDescriptor {
            label: Some("checkpoint"),
            size: wgpu::Extent3d {
                width: size.0,
                height: size.1,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format,
            usage: wgpu::TextureUsages::COPY_SRC | wgpu::TextureUsages::COPY_DST,
            view_formats: &[],
        },
        GpuCategory::Checkpoints,
    )
}

impl StrokeCosts for GpuGeometry {
    fn indices(&self, from: u32, to: u32) -> u64 {
        self.index_count(from..to)
    }

    fn within(&self, from: u32, to: u32, budget: u64) -> u32 {
        self.strokes_within(from, to, budget).0
    }
}
