//! Checkpoints: copies of a single-sample layer's colour at stroke counts spread evenly by layer
//! work ([`checkpoint_positions`]), so a seek restarts the layer from the nearest one at or before
//! the playhead ([`plan_layer`](crate::governor::seek::plan_layer)).
//!
//! They are planned by need ([`checkpoint_count`]): none for a drawing the layer redraws within a
//! frame, one per frame of layer work for a larger one, fewer when the replay's memory budget
//! ([`MemoryBudget`]: heap and GPU together, less [`HEADROOM`](super::HEADROOM) of it) leaves room for fewer after
//! everything else the replay holds; when it leaves none, as many as keep a seek within
//! [`SEEK_FRAMES_AT_MOST`](crate::governor::seek::SEEK_FRAMES_AT_MOST) frames of layer work, as
//! far as a ceiling allows: checkpoints never hold more than the budget or [`CEILING`], whichever
//! is larger.
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
//! again as the estimate moves (on a software rasterizer that churn left the process's memory at
//! its high-water mark and rising). The pool and the slots together never hold more than the plan
//! allows ([`CheckpointStats::budget_bytes`](super::CheckpointStats)); a plan for another size,
//! or a new memory budget, frees it.

#[path = "builder.rs"]
mod builder;

use super::budget::{MemoryBudget, CEILING};
use super::frame::LayerFrame;
use super::snapshot::Snapshot;
use super::RetainedLayer;
use crate::governor::seek::{
    checkpoint_count, checkpoint_positions, checkpoint_slots, checkpoint_spacing, StrokeCosts,
};
use crate::gpu::geometry::GpuGeometry;
use crate::gpu::memory::GpuMemory;
use crate::view::View;

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

/// One checkpoint: a snapshot of the layer's colour holding strokes `0..count` (0: not filled
/// yet).
#[derive(Debug)]
struct Slot {
    /// Allocated when it is first filled (not all at once: that would stall one frame).
    color: Option<Snapshot>,
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
#[derive(Debug, Default)]
pub(crate) struct Checkpoints {
    key: Option<Key>,
    /// Stroke counts to take them at, one per slot, increasing.
    positions: Vec<u32>,
    slots: Vec<Slot>,
    /// What each slot holds, for the planner (`None`: empty).
    counts: Vec<Option<u32>>,
    /// Walks through the drawing filling empty slots (while any is empty).
    builder: Option<RetainedLayer>,
    /// The builder's whole-layer copy in progress, a band of rows a step.
    band: Option<builder::Band>,
    memory: MemoryBudget,
    /// What the last plan allows the slots and the pool to hold (bytes).
    budget_bytes: u64,
    /// How many the last plan would have made with memory to spare.
    needed: usize,
    pub(crate) work: CheckpointWork,
    /// How far apart (layer indices) they were planned.
    planned_spacing: u64,
    /// Textures of cleared checkpoints, for the next plan of their size.
    pool: Vec<Snapshot>,
    /// GPU objects created for the checkpoints and their builder, ever.
    allocations: u64,
}

impl Checkpoints {
    /// Set the replay's memory budget and the heap it holds (the replay tells every frame); a new
    /// budget re-plans them, the heap moving only informs the next plan.
    pub(crate) fn set_memory(&mut self, memory: MemoryBudget) {
        if memory.total_bytes != self.memory.total_bytes {
            self.clear();
            self.pool.clear();
        }
        self.memory = memory;
    }

    /// The replay's memory budget.
    pub(crate) fn memory(&self) -> MemoryBudget {
        self.memory
    }

    /// What the last plan allows them to hold (bytes).
    pub(crate) fn budget(&self) -> u64 {
        self.budget_bytes
    }

    /// How many the last plan would have made with memory to spare.
    pub(crate) fn needed(&self) -> usize {
        self.needed
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
        self.band = None;
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
    pub(crate) fn plan(&mut self, f: &LayerFrame<'_>, g: &GpuGeometry) {
        let (size, view) = (f.layer_size, f.view);
        let key = Key {
            view,
            size,
            strokes: g.strokes,
        };
        let per_frame = self.work.per_frame;
        if g.uploaded < g.strokes || per_frame == 0 {
            return;
        }
        let bytes_each = Snapshot::bytes(size);
        let gpu = f.gpu_mem.stats();
        let builder = if self.builder.is_some() {
            0
        } else {
            bytes_each
        };
        let affordable = self
            .memory
            .affordable(gpu.total() - gpu.checkpoints, builder, bytes_each);
        let total = g.index_count(0..g.strokes);
        // However far over the budget the rest of the replay is, checkpoints never hold more
        // than the budget or the ceiling, whichever is larger.
        let ceiling = checkpoint_slots(self.memory.total_bytes.max(CEILING), bytes_each);
        let slots = checkpoint_count(total, per_frame, affordable, ceiling);
        // Planned already, no sparser than twice what today's throughput asks for. The estimate
        // settles over the first frames: a plan from an early, optimistic one (too few
        // checkpoints) is redone; one that turns out denser than needed is kept (an estimate
        // learned from the builder's small steps alone can be far too optimistic, and dropping
        // checkpoints on it left seeks of a 100k-stroke drawing 50 frames from exact).
        let spacing = checkpoint_spacing(total, slots, per_frame);
        let settled = self.planned_spacing <= spacing.saturating_mul(2);
        if self.key == Some(key) && settled {
            return;
        }
        self.planned_spacing = spacing;
        let positions = checkpoint_positions(g, g.strokes, slots, per_frame);
        // The pool keeps textures for plans that move with the estimate, up to twice this one.
        let cap = slots.max(affordable.min(slots.saturating_mul(2)));
        self.budget_bytes = cap as u64 * bytes_each;
        self.needed = checkpoint_count(total, per_frame, usize::MAX, usize::MAX);
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
        let mut pooled: Vec<Snapshot> = std::mem::take(&mut self.pool)
            .into_iter()
            .chain(
                old.drain(positions.len().min(old.len())..)
                    .filter_map(|s| s.color),
            )
            .filter(|t| t.size() == size)
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
        pooled.truncate(cap.saturating_sub(old.len()));
        self.pool = pooled;
        for s in &mut old {
            s.count = 0;
        }
        self.slots = old;
        self.counts = vec![None; positions.len()];
        self.band = None;
        self.builder = (!positions.is_empty()).then(|| match self.builder.take() {
            Some(mut b) if b.size() == size => {
                b.invalidate();
                b.view = view;
                b
            }
            _ => {
                let before = f.gpu_mem.allocations();
                let builder = f.new_layer();
                self.allocations += f.gpu_mem.allocations() - before;
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
                color.load(encoder, &layer.color().texture);
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
        let Some(color) = self.slot_texture(device, gpu_mem, k, from) else {
            return;
        };
        color.save(encoder, &from.color().texture);
        self.filled_with(k, from.count);
    }

    /// Slot `k`'s snapshot, allocated (the size of `like`) the first time.
    pub(super) fn slot_texture(
        &mut self,
        device: &wgpu::Device,
        gpu_mem: &GpuMemory,
        k: usize,
        like: &RetainedLayer,
    ) -> Option<&Snapshot> {
        let slot = self.slots.get_mut(k)?;
        let allocations = &mut self.allocations;
        Some(slot.color.get_or_insert_with(|| {
            *allocations += 1;
            Snapshot::new(device, gpu_mem, like.size())
        }))
    }

    /// Slot `k` now holds `count` strokes.
    pub(super) fn filled_with(&mut self, k: usize, count: u32) {
        if let (Some(slot), Some(c)) = (self.slots.get_mut(k), self.counts.get_mut(k)) {
            slot.count = count;
            *c = Some(count);
        }
    }
}

impl StrokeCosts for GpuGeometry {
    fn indices(&self, from: u32, to: u32) -> u64 {
        self.index_count(from..to)
    }

    fn within(&self, from: u32, to: u32, budget: u64) -> u32 {
        self.strokes_within(from, to, budget).0
    }
}
