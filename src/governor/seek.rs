//! The seek planner: where the retained layer starts a frame and how far it gets within the
//! frame's grant, and where checkpoints go. Numbers in, numbers out, like the rest of the governor.
//!
//! # A frame of the layer
//! The layer must hold the strokes finished at the playhead (`target`). It can start from what it
//! holds (when that is at most `target`), from a checkpoint at or before `target` (a copy of the
//! layer taken earlier, which costs `restore_units` layer indices' worth of time), or from nothing.
//! [`plan_layer`] picks the start that gets furthest towards `target` within the grant, and among
//! equals the one that draws the least. The frame then shows the layer as far as it got: an exact
//! image of a moment at or before the playhead, never an unbounded amount of work. Each later
//! frame at the same playhead gets further (the plan never ends before what keeping the layer
//! would reach), so a stop converges to the exact frame.
//!
//! # How many checkpoints, and where
//! [`checkpoint_count`] plans them by need: a drawing the layer redraws within one frame needs
//! none, and a larger one needs one per frame of layer work, so that every seek is exact in its
//! first frame. When memory affords fewer, it plans fewer, spread further apart. When it affords
//! none (the rest of the replay, a drawing's geometry say, is over the budget on its own), the
//! budget is lost anyway and seeks are kept short instead: as many as keep a seek within
//! [`SEEK_FRAMES_AT_MOST`] frames of layer work (its first frames show the exact earlier moments
//! it passes), up to a ceiling of their own. While memory affords some, the budget binds: the
//! frames of layer work a seek needs come from an estimate, which early in a replay can be several
//! times too high, and a floor from it would hold more than the budget. [`checkpoint_positions`] spaces
//! them evenly by layer indices (the layer's work), no closer than what one frame draws, so that
//! from any playhead the nearest checkpoint before it is at most `max(spacing, one frame)` of
//! work away.

/// When memory affords no checkpoints, they are planned (up to a ceiling) so that a seek draws at
/// most this many frames of layer work to reach its playhead (four frames are 67 ms at 60 Hz).
pub const SEEK_FRAMES_AT_MOST: u64 = 4;

/// The layer cost of strokes, as the seek planner needs it (implemented by the uploaded geometry;
/// tests use a table).
pub trait StrokeCosts {
    /// Indices of strokes `from..to`.
    fn indices(&self, from: u32, to: u32) -> u64;
    /// The end `e` (`from <= e <= to`) of the longest run `from..e` whose indices fit in `budget`,
    /// and at least one stroke when `from < to` (progress even when one stroke is over budget).
    fn within(&self, from: u32, to: u32, budget: u64) -> u32;
}

/// Where the layer starts this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerStart {
    /// From what it holds.
    Keep,
    /// From checkpoint `slot`, which holds `strokes` strokes.
    Restore {
        /// The checkpoint's slot.
        slot: usize,
        /// Strokes it holds.
        strokes: u32,
    },
    /// From nothing (cleared).
    Clear,
}

/// The layer's plan for one frame: its start, and the strokes it holds at the end (`start..end`
/// drawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerPlan {
    /// Where it starts.
    pub start: LayerStart,
    /// Strokes held after the frame.
    pub end: u32,
}

impl LayerPlan {
    /// The strokes held before drawing, given what the layer holds now.
    pub fn from(&self, layer: u32) -> u32 {
        match self.start {
            LayerStart::Keep => layer,
            LayerStart::Restore { strokes, .. } => strokes,
            LayerStart::Clear => 0,
        }
    }

    /// Whether the layer starts over (restored or cleared) rather than going on.
    pub fn restarts(&self) -> bool {
        self.start != LayerStart::Keep
    }
}

/// What the layer planner knows for one frame.
#[derive(Debug, Clone, Copy)]
pub struct LayerState<'a> {
    /// Strokes the layer holds, when it can be extended (drawn with the current view); `None`
    /// when it must start over.
    pub layer: Option<u32>,
    /// Strokes each checkpoint slot holds, when usable (taken with the current view).
    pub checkpoints: &'a [Option<u32>],
    /// Strokes finished at the playhead.
    pub target: u32,
    /// Layer indices this frame may draw (`None`: no limit).
    pub grant: Option<u64>,
    /// What restoring a checkpoint costs, in layer indices.
    pub restore_units: u64,
}

/// Plan the layer's frame (see the module docs).
pub fn plan_layer(s: &LayerState<'_>, costs: &impl StrokeCosts) -> LayerPlan {
    let target = s.target;
    let keep = s.layer.filter(|&l| l <= target);
    // Of the checkpoints, only the latest at or before the target can win: every restore costs
    // the same, and a later start gets at least as far and draws less. Restoring one no further
    // than the layer already is gains nothing.
    let restore = s
        .checkpoints
        .iter()
        .enumerate()
        .filter_map(|(slot, c)| c.map(|c| (slot, c)))
        .filter(|&(_, c)| c > 0 && c <= target && keep.is_none_or(|l| c > l))
        .fold(None, |best: Option<(usize, u32)>, (slot, c)| match best {
            Some((_, b)) if b >= c => best,
            _ => Some((slot, c)),
        });
    let starts = [
        keep.map(|l| (LayerStart::Keep, l, 0)),
        restore.map(|(slot, c)| (LayerStart::Restore { slot, strokes: c }, c, s.restore_units)),
        Some((LayerStart::Clear, 0, 0)),
    ];
    let mut best: Option<(LayerPlan, u64)> = None;
    for (start, from, overhead) in starts.into_iter().flatten() {
        let end = match s.grant {
            None => target,
            Some(g) => costs.within(from, target, g.saturating_sub(overhead)),
        };
        let cost = overhead + costs.indices(from, end);
        let better = match &best {
            None => true,
            Some((p, c)) => end > p.end || (end == p.end && cost < *c),
        };
        if better {
            best = Some((LayerPlan { start, end }, cost));
        }
    }
    best.map_or(
        LayerPlan {
            start: LayerStart::Clear,
            end: 0,
        },
        |(p, _)| p,
    )
}

/// How many checkpoints a drawing of `total` layer indices gets when one frame of layer work is
/// `per_frame` indices, memory affords `affordable` of them and `ceiling` is the most ever held
/// (see the module docs): as many as make every seek exact in its first frame, fewer when memory
/// affords fewer; when it affords none, as many as keep a seek within [`SEEK_FRAMES_AT_MOST`]
/// frames, as far as the ceiling allows.
pub fn checkpoint_count(total: u64, per_frame: u64, affordable: usize, ceiling: usize) -> usize {
    let apart = |frames: u64| {
        let n = total
            .div_ceil(per_frame.max(1).saturating_mul(frames))
            .saturating_sub(1);
        usize::try_from(n).unwrap_or(usize::MAX)
    };
    if affordable == 0 {
        apart(SEEK_FRAMES_AT_MOST).min(ceiling)
    } else {
        affordable.min(apart(1))
    }
}

/// Checkpoint slots a memory budget holds, each `bytes_each`.
pub fn checkpoint_slots(budget_bytes: u64, bytes_each: u64) -> usize {
    usize::try_from(budget_bytes / bytes_each.max(1)).unwrap_or(usize::MAX)
}

/// How far apart (in layer indices) checkpoints go in a drawing of `total` indices: evenly over
/// `slots` of them, but no closer than `per_frame`.
pub fn checkpoint_spacing(total: u64, slots: usize, per_frame: u64) -> u64 {
    total.div_ceil(slots as u64 + 1).max(per_frame).max(1)
}

/// Stroke counts at which to take checkpoints of a drawing of `strokes` (see the module docs):
/// evenly spaced by indices, at most `slots` of them and no closer than `per_frame` indices (what
/// the layer draws in one frame), in increasing order, each strictly between 0 and `strokes`.
pub fn checkpoint_positions(
    costs: &impl StrokeCosts,
    strokes: u32,
    slots: usize,
    per_frame: u64,
) -> Vec<u32> {
    let total = costs.indices(0, strokes);
    if slots == 0 || total == 0 {
        return Vec::new();
    }
    let spacing = checkpoint_spacing(total, slots, per_frame);
    let mut out: Vec<u32> = Vec::new();
    let mut k = 1u64;
    while out.len() < slots {
        let Some(want) = k.checked_mul(spacing).filter(|&w| w < total) else {
            break;
        };
        // The last stroke boundary at or below `want` (at least one stroke in).
        let at = costs.within(0, strokes, want);
        if at > 0 && at < strokes && out.last().is_none_or(|&l| at > l) {
            out.push(at);
        }
        k += 1;
    }
    out
}

#[cfg(test)]
#[path = "seek_tests.rs"]
mod tests;
