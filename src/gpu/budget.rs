//! The renderer's layer budget and the questions the governor plans a frame with: how much the
//! layer has to draw, whether the frame shows a stand-in or starts the layer over (a seek), and how
//! far the playhead can go this frame. All answered by the retained layer's plan (`layer/`).

use super::layer::{CheckpointStats, CheckpointWork, MemoryBudget};
use super::Renderer;

impl Renderer {
    /// Limit the indices drawn into the retained layer per frame (`None`: no limit). With a limit,
    /// catching up after a jump is spread over frames, and a rebuild (after a view change or a
    /// backwards seek) shows the previous layer, re-projected to the current view, until the new
    /// one is complete.
    pub fn set_layer_budget(&mut self, max_indices: Option<u64>) {
        self.retained.set_budget(max_indices);
    }

    /// Finished strokes at `playhead_ms` (the layer's target).
    pub(super) fn finished_at(&self, playhead_ms: f64) -> u32 {
        self.draw_list(playhead_ms).finished.end
    }

    /// Indices the layer still has to draw to show `playhead_ms` (all finished strokes after a view
    /// change or a backwards move, the newly finished ones otherwise): the governor's layer backlog.
    pub fn layer_backlog(&self, playhead_ms: f64) -> u64 {
        let target = self.finished_at(playhead_ms);
        self.retained
            .backlog(self.geometry.as_ref(), target, self.layer_view())
    }

    /// Whether the next frame at `playhead_ms` will show a stand-in (a rebuild is in progress, or
    /// one starts because the view changed or the playhead moved back), given a layer budget.
    pub fn standin_expected(&self, playhead_ms: f64) -> bool {
        let target = self.finished_at(playhead_ms);
        self.retained.standin_expected(target, self.layer_view())
    }

    /// The latest playhead (at most `playhead_ms`) whose finished strokes the layer can hold after
    /// the next frame, under the layer budget (infinite when it can catch up with `playhead_ms`);
    /// during a rebuild, the strokes finished since the stand-in's ink that can be drawn over it
    /// within the budget. Playback that runs ahead of that waits there, so a frame never shows a
    /// playhead with ink missing behind it, and a rebuild cannot be outrun. A direct frame shows no
    /// further either, so the layer frame after it shows the same moment or a later one.
    pub fn layer_ready_until(&self, playhead_ms: f64) -> f64 {
        let target = self.finished_at(playhead_ms);
        self.retained.ready_until(
            self.geometry.as_ref(),
            self.timeline(),
            target,
            self.layer_view(),
        )
    }

    /// Whether the next frame at `playhead_ms` starts a rebuild: the layer is cleared (or restored
    /// from a checkpoint) and the stand-in drawn, work a frame pays once.
    pub fn rebuild_starts(&self, playhead_ms: f64) -> bool {
        let target = self.finished_at(playhead_ms);
        self.retained.rebuild_starts(target, self.layer_view())
    }

    /// Whether a rebuild is in progress (the previous layer stands in).
    pub fn rebuilding(&self) -> bool {
        self.retained.rebuilding()
    }

    /// Whether the next frame at `playhead_ms`, within `grant` layer indices, starts the layer
    /// over at the same view (restored from a checkpoint or cleared): a seek, whose fixed cost
    /// includes the restore.
    pub fn seek_restarts(&self, playhead_ms: f64, grant: u64) -> bool {
        let target = self.finished_at(playhead_ms);
        self.retained
            .seek_restarts(self.geometry.as_ref(), target, self.layer_view(), grant)
    }

    /// Set the layer work that spaces checkpoints and fills them in the background (see
    /// [`CheckpointWork`]); the governed replay sets it every frame. Without it no checkpoints
    /// are made.
    pub fn set_checkpoint_work(&mut self, work: CheckpointWork) {
        self.retained.set_checkpoint_work(work);
    }

    /// Set the replay's memory budget (heap and GPU together; default
    /// [`DEFAULT_MEMORY_BUDGET`](super::DEFAULT_MEMORY_BUDGET)) and the heap the replay holds:
    /// checkpoints, each the layer's width × height × 4 bytes, take what the rest leaves (see
    /// [`MemoryBudget`]). The governed replay sets it every frame; a new total re-plans them.
    pub fn set_memory_budget(&mut self, memory: MemoryBudget) {
        self.retained.set_memory_budget(memory);
    }

    /// The memory budget the checkpoints are planned within.
    pub fn memory_budget(&self) -> MemoryBudget {
        self.retained.memory_budget()
    }

    /// The checkpoints: budget, how many are planned and how many are filled.
    pub fn checkpoint_stats(&self) -> CheckpointStats {
        self.retained.checkpoint_stats()
    }

    /// GPU objects created for the checkpoints and their builder, ever
    /// ([`CheckpointStats::allocations`], without counting the slots: asked every player frame).
    pub fn checkpoint_allocations(&self) -> u64 {
        self.retained.checkpoint_allocations()
    }
}
