//! What the governor counts: kinds of background work (and their units), kinds of frames, and what
//! a finished frame reports.

use serde::Serialize;

/// Kinds of background work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Drawing strokes into the retained layer (units: indices).
    Layer,
    /// Tessellating strokes (units: input points).
    Tessellate,
    /// Uploading geometry (units: bytes).
    Upload,
    /// Rendering, reading back and handing over frames of an export running beside playback
    /// (units: exported frames).
    Export,
}

/// Number of kinds of [`Work`] (the length of per-kind arrays).
pub(super) const WORK_KINDS: usize = 4;

impl Work {
    /// Its place in per-kind arrays.
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// What kind of frame this is. Each kind has its own cost model: frames that show a stand-in for
/// a layer being rebuilt cost more than ordinary ones, and the frame that starts a rebuild more
/// again (it clears or restores the new layer and draws the whole stand-in once); a direct frame
/// clears the target and draws every started stroke, no layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum FrameKind {
    /// Layer copy (damage only) + live strokes.
    #[default]
    Normal,
    /// The previous layer re-projected while the layer is rebuilt (redrawn where it was covered).
    Standin,
    /// The first stand-in frame of a rebuild. It draws only the minimum into the new layer, and
    /// its cost, which is not the layer's, does not shrink the layer's grant.
    RebuildStart,
    /// The layer starts over at the same view (a seek: restored from a checkpoint or cleared) and
    /// draws what fits; its fixed cost includes the restore.
    Seek,
    /// Every started stroke drawn straight into the target, the layer left as it is (see
    /// [`Governor::choose_path`](super::Governor::choose_path)); its units are the indices drawn.
    Direct,
}

impl FrameKind {
    /// Number of kinds.
    pub(super) const COUNT: usize = 5;
}

/// What a finished frame cost, for [`Governor::record`](super::Governor::record).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameSample {
    /// Its kind.
    pub kind: FrameKind,
    /// Layer indices drawn (in a direct frame, the indices drawn into the target).
    pub layer_units: u64,
    /// CPU time of background work (tessellation, upload), ms.
    pub cpu_work_ms: f64,
    /// Whole-layer copies made beside the layer work (a checkpoint filled, or the checkpoint
    /// builder restored), in no unit count. Costs are not learned from such a frame: counting a copy as the
    /// indices it is estimated to be worth would feed the estimate back into itself.
    pub layer_copies: u32,
    /// The frame started a fresh layer: the first draw into new layers (a software rasterizer
    /// compiles shaders for new targets then), a clear of an empty one with nothing standing in,
    /// or the first layer frame after direct ones (a whole copy into the target). A cost paid
    /// once, so nothing is learned from it either.
    pub fresh_layer: bool,
    /// The frame's total cost, ms.
    pub frame_ms: f64,
    /// For a pipelined frame (its GPU work ran beside the next frames' CPU work, and its cost is
    /// the larger of the two), its CPU and GPU time apart; `None` for a frame measured whole.
    pub pipelined: Option<Pipelined>,
}

/// The two sides of a pipelined frame (see [`FrameSample::pipelined`]), ms.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pipelined {
    /// CPU time of the frame's own work (background work included).
    pub cpu_ms: f64,
    /// GPU time, from timestamps.
    pub gpu_ms: f64,
}
