//! What the governor asks the retained layer before a frame: how much it has to draw, whether
//! the frame shows a stand-in or starts the layer over (a seek), and how far the playhead can
//! go; and the checkpoints' settings and figures. All answered from the same plan as
//! [`Retained::update`].

use super::{CheckpointWork, MemoryBudget, Retained};
use crate::gpu::geometry::GpuGeometry;
use crate::playback::Timeline;
use crate::view::View;

impl Retained {
    /// Indices the layer still has to draw to hold `target` finished strokes at `view`, from
    /// the cheapest start (what it holds, a checkpoint, or nothing): the governor's layer backlog.
    pub fn backlog(&self, geometry: Option<&GpuGeometry>, target: u32, view: View) -> u64 {
        let Some(g) = geometry else {
            return 0;
        };
        let plan = self.plan(g, target, view, None);
        let from = plan.from(self.layer().map_or(0, |l| l.count));
        g.index_count(from..target)
    }

    /// Whether the next frame, holding `target` finished strokes at `view`, shows a stand-in (a
    /// rebuild is in progress, or one starts because the view changed), given a budget.
    pub fn standin_expected(&self, _target: u32, view: View) -> bool {
        self.rebuilding()
            || self
                .layer()
                .is_some_and(|l| l.has_content() && Self::view_changed(l, view))
    }

    /// Whether the next frame starts a rebuild: the layer is cleared and the stand-in drawn, work
    /// a frame pays once.
    pub fn rebuild_starts(&self, target: u32, view: View) -> bool {
        !self.rebuilding() && self.standin_expected(target, view)
    }

    /// Whether the next frame, within `grant` layer indices, starts the layer over at the same
    /// view (a seek: restored from a checkpoint, or cleared).
    pub fn seek_restarts(
        &self,
        geometry: Option<&GpuGeometry>,
        target: u32,
        view: View,
        grant: u64,
    ) -> bool {
        match geometry {
            Some(g) if !self.standin_expected(target, view) => {
                let restarts = self.plan(g, target, view, Some(grant)).restarts();
                // A layer that is empty anyway does not start over.
                restarts && self.layer().is_some_and(|l| l.has_content())
            }
            _ => false,
        }
    }

    /// The latest playhead (at most the one that finishes `target` strokes) whose finished
    /// strokes the layer can hold after the next frame, under the budget (infinite when it gets
    /// there); during a rebuild, the strokes finished since the stand-in's ink that can be drawn
    /// over it within the budget. See [`Renderer::layer_ready_until`](super::Renderer::layer_ready_until).
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
        let end = if self.standin_expected(target, view) {
            // During a rebuild the stand-in holds strokes up to its count, and the strokes
            // finished after them are drawn over it every frame: the same budget bounds them.
            let from = match (self.standin(), self.layer()) {
                (Some(s), _) => s.count,
                (None, Some(l)) => l.count,
                (None, None) => 0,
            };
            if target <= from {
                return f64::INFINITY;
            }
            g.strokes_within(from, target, budget).0
        } else {
            self.plan(g, target, view, Some(budget)).end
        };
        if end >= target {
            return f64::INFINITY;
        }
        end.checked_sub(1)
            .and_then(|i| timeline.end_of(i as usize))
            .unwrap_or(0.0)
    }

    /// Set the work that spaces and fills the checkpoints (from the governor).
    pub(crate) fn set_checkpoint_work(&mut self, work: CheckpointWork) {
        self.checkpoints.work = work;
    }

    /// Set the replay's memory budget the checkpoints are planned within.
    pub(crate) fn set_memory_budget(&mut self, memory: MemoryBudget) {
        self.checkpoints.set_memory(memory);
    }

    /// The replay's memory budget the checkpoints are planned within.
    pub(crate) fn memory_budget(&self) -> MemoryBudget {
        self.checkpoints.memory()
    }

    /// What the checkpoints may hold, how many are planned and how many filled.
    pub fn checkpoint_stats(&self) -> CheckpointStats {
        let (planned, filled) = self.checkpoints.filled();
        CheckpointStats {
            budget_bytes: self.checkpoints.budget(),
            needed: self.checkpoints.needed(),
            planned,
            filled,
            complete: self.checkpoints.complete(),
            allocations: self.checkpoints.allocations(),
        }
    }

    /// GPU objects created for the checkpoints and their builder, ever.
    pub fn checkpoint_allocations(&self) -> u64 {
        self.checkpoints.allocations()
    }
}

/// Checkpoints of the retained layer, for reports and the memory panel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CheckpointStats {
    /// What the plan allows them (and their pool of spare textures) to hold (bytes): what the
    /// memory budget leaves, or more where seeks need more than it leaves.
    pub budget_bytes: u64,
    /// How many would make every seek exact in its first frame (one frame of layer work apart).
    pub needed: usize,
    /// How many the need, the memory budget and the layer's throughput call for.
    pub planned: usize,
    /// How many hold ink.
    pub filled: usize,
    /// Whether they are planned for the drawing and view shown and all filled (a drawing too
    /// small to need any is complete with none).
    pub complete: bool,
    /// GPU objects created for them and their builder, ever: they are filled as the layer's
    /// throughput allows, a few frames after a plan, so their allocations are background work
    /// within their budget, not a frame loop's.
    pub allocations: u64,
}
