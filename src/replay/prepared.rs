//! What the work before a frame did: [`Prepared`].

use crate::import::ImportError;
use crate::stream::StepStats;

/// What the work before a frame did ([`Replay::prepare`](super::Replay::prepare)).
#[derive(Debug, Default)]
pub struct Prepared {
    /// Streaming.
    pub stream: StepStats,
    /// Indices the layer may draw this frame (0 without a governor: unbounded).
    pub layer_budget: u64,
    /// Indices the layer still had to draw.
    pub layer_backlog: u64,
    /// Importing the drawing stopped with this error (it ends with the strokes that arrived).
    pub import_error: Option<ImportError>,
    /// A quality level other than the last frame's was applied (the layers may be reallocated).
    pub quality_applied: bool,
    /// Strokes arrived (or the drawing's expected length changed): the timeline grew.
    pub timeline_changed: bool,
}
