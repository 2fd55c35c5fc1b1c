//! One frame of a profile: [`FrameRecord`] and its [`FrameCounters`].

use std::sync::Arc;

use serde::Serialize;

use crate::gpu::GpuFrameTimes;

/// What a frame did, beside its timings: the per-frame counters of a trace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FrameCounters {
    /// The playhead the frame was asked for, ms of drawing time.
    pub playhead_ms: f64,
    /// The playhead it showed (earlier while the layer catches up), ms.
    pub shown_ms: f64,
    /// Strokes drawn into the retained layer.
    pub layer_strokes: u32,
    /// Indices drawn into the retained layer (and the checkpoint builder).
    pub layer_indices: u64,
    /// Bytes of geometry uploaded (streaming).
    pub uploaded_bytes: u64,
    /// The governor's grant to the layer, indices (0: ungoverned, unbounded).
    pub layer_grant: u64,
    /// The governor's quality level (0 is full quality; higher trades more away).
    pub quality: u8,
}

/// One frame as a profile keeps it.
#[derive(Clone, Default)]
pub struct FrameRecord {
    /// The front end's frame index (the tag its GPU times come back under).
    pub index: u64,
    /// When the frame started, on puffin's clock (ns since the Unix epoch).
    pub start_ns: i64,
    /// The frame's work on the CPU, ms.
    pub cpu_ms: f64,
    /// Its counters.
    pub counters: FrameCounters,
    /// Its GPU passes, once they came back (never, for a frame that was not timed).
    pub gpu: Option<GpuFrameTimes>,
    /// The puffin frames of its CPU scopes (usually one).
    pub puffin: Vec<Arc<puffin::FrameData>>,
}

impl std::fmt::Debug for FrameRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameRecord")
            .field("index", &self.index)
            .field("start_ns", &self.start_ns)
            .field("cpu_ms", &self.cpu_ms)
            .field("counters", &self.counters)
            .field("gpu", &self.gpu)
            .field("puffin_frames", &self.puffin.len())
            .finish()
    }
}
