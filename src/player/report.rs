//! [`PlayReport`]: what the player did, written as JSON by `--report` (filled in at the end of a
//! run, see `finish`).

use serde::Serialize;

use super::stats::FrameSummary;
use crate::governor::{Alert, GovernorStats, Quality};
use crate::gpu::{AdapterSummary, GpuMemStats};
use crate::tess::CacheStats;

/// What the player did (written by `--report`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlayReport {
    /// The drawing showing at exit.
    pub name: String,
    /// Its strokes.
    pub strokes: usize,
    /// Strokes on the GPU at exit.
    pub uploaded: u32,
    /// Frames drawn.
    pub frames: u64,
    /// Drawing time at the playhead (ms).
    pub drawing_ms: f64,
    /// Presentation time at the playhead (ms).
    pub position_ms: f64,
    /// Presentation duration (ms).
    pub duration_ms: f64,
    /// Whether playing at exit.
    pub playing: bool,
    /// Speed (×).
    pub speed: f64,
    /// Playing backwards.
    pub reverse: bool,
    /// Loop mode.
    pub loop_mode: String,
    /// Pacing.
    pub pacing: String,
    /// Zoom relative to the fitted view.
    pub zoom: f32,
    /// Overlay and panels showing at exit.
    pub overlay: bool,
    /// Profiler window open.
    pub profiler: bool,
    /// Memory panel open.
    pub memory_panel: bool,
    /// Frame-time panel open.
    pub frames_panel: bool,
    /// Help open.
    pub help: bool,
    /// GPU devices lost and replaced while playing.
    pub device_losses: u64,
    /// Errors shown in the overlay (bad files, failed screenshots).
    pub errors: Vec<String>,
    /// Screenshots saved.
    pub screenshots: Vec<String>,
    /// Exports written from the player (key E).
    pub exports: Vec<String>,
    /// Profile captures written (key C, `--capture`): their `.puffin` files.
    pub captures: Vec<String>,
    /// GPU bytes at exit.
    pub gpu: GpuMemStats,
    /// Mesh cache at exit.
    pub cache: CacheStats,
    /// Frames drawn after the drawing was completely on the GPU (and not resized or read back, and
    /// without a quality step).
    pub steady_frames: u64,
    /// GPU buffers/textures inkplay created during those frames (should be 0), beside the
    /// layer's checkpoints, which are made as they are filled, within their budget.
    pub steady_gpu_allocations: u64,
    /// Strokes tessellated during those frames (should be 0: tessellated once).
    pub steady_tessellations: u64,
    /// Frames in which the retained layer was rebuilt (backwards seeks, view changes).
    pub layer_rebuilds: u64,
    /// Frames where the playhead waited for ink still streaming in.
    pub buffering_frames: u64,
    /// Frames where the previous layer stood in for one being rebuilt.
    pub standin_frames: u64,
    /// Frames whose GPU time came back (timestamp queries read a few frames late; the governor
    /// waits for them only where frames are pipelined, not on a software rasterizer).
    pub gpu_timed_frames: u64,
    /// The governor: preset, final quality, counters and learned costs, alerts (`None`: off).
    pub governor: Option<PlayGovernorReport>,
    /// Frame-time percentiles.
    pub frame_times: FrameSummary,
    /// The budget (ms).
    pub budget_ms: f64,
    /// Frames over 1.5× the budget.
    pub janky_frames: u64,
    /// Puffin scopes that ran (inkplay's, the tessellation workers', wgpu's, egui's).
    pub scopes: Vec<String>,
    /// The adapter.
    pub adapter: Option<AdapterSummary>,
    /// Present mode.
    pub present_mode: String,
    /// Surface size (physical pixels).
    pub surface_size: (u32, u32),
    /// Window scale factor.
    pub scale_factor: f64,
}

/// The governor's part of [`PlayReport`].
#[derive(Debug, Clone, Serialize)]
pub struct PlayGovernorReport {
    /// Preset name.
    pub preset: String,
    /// Budget (ms).
    pub budget_ms: f64,
    /// Quality at exit.
    pub quality: Quality,
    /// Counters and learned costs.
    pub stats: GovernorStats,
    /// Alerts raised.
    pub alerts: Vec<Alert>,
}
