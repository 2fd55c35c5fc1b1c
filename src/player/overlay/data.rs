//! What the overlay is shown each frame: [`OverlayData`] (read-only views of the player's state)
//! and [`GovernorView`].

use crate::gpu::AdapterSummary;
use crate::playback::{PlaybackClock, Timeline};
use crate::player::stats::{FrameStats, MemoryHistory};

/// What the overlay shows this frame.
#[derive(Debug)]
pub struct OverlayData<'a> {
    /// Drawing name (file name or "bundled sample").
    pub name: &'a str,
    /// An id that changes when the drawing changes.
    pub drawing_id: u64,
    /// Stroke and point counts.
    pub strokes: usize,
    /// Points in the drawing.
    pub points: usize,
    /// Strokes on the GPU so far.
    pub uploaded: u32,
    /// The clock.
    pub clock: &'a PlaybackClock,
    /// The timeline.
    pub timeline: &'a Timeline,
    /// Marked loop range (drawing ms).
    pub loop_marks: (Option<f64>, Option<f64>),
    /// The adapter.
    pub adapter: &'a AdapterSummary,
    /// Present mode in use.
    pub present_mode: wgpu::PresentMode,
    /// Surface size in physical pixels.
    pub size: (u32, u32),
    /// Window scale factor.
    pub scale_factor: f64,
    /// Zoom relative to fit.
    pub zoom: f32,
    /// Frame times.
    pub frames: &'a FrameStats,
    /// Recent frames' GPU passes.
    pub passes: &'a crate::player::pass_stats::PassStats,
    /// Memory history.
    pub memory: &'a MemoryHistory,
    /// Whether puffin_http is serving.
    pub puffin_http: Option<&'a str>,
    /// The governor's state, when it is on.
    pub governor: Option<GovernorView<'a>>,
    /// The playhead is waiting for ink still streaming in.
    pub buffering: bool,
    /// The retained layer is being rebuilt (the previous one stands in).
    pub rebuilding: bool,
}

/// What the overlay shows of the governor.
#[derive(Debug)]
pub struct GovernorView<'a> {
    /// Preset name.
    pub preset: &'static str,
    /// Quality level.
    pub quality: crate::governor::Quality,
    /// Counters and learned costs.
    pub stats: crate::governor::GovernorStats,
    /// The governor itself (for its alerts).
    pub gov: &'a crate::governor::Governor,
}
