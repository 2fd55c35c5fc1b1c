//! [`PlayOptions`]: everything `inkplay play` can be told.

use std::path::PathBuf;

use super::actions::ScriptStep;
use super::overlay::Panels;
use crate::governor::Preset;
use crate::gpu::RenderSettings;
use crate::playback::{LoopMode, PacingOptions, TimeSpec};
use crate::stream::DEFAULT_STREAM_BATCH;

/// Everything `inkplay play` can be told.
#[derive(Debug, Clone)]
pub struct PlayOptions {
    /// A source spec (file, `FILE#N`, `synthetic:N`); `None` plays the bundled sample.
    pub source: Option<String>,
    /// Import limits for the source and for files dropped on the window.
    pub limits: crate::import::ImportLimits,
    /// Window inner size in logical pixels.
    pub size: (u32, u32),
    /// Antialiasing and background.
    pub settings: RenderSettings,
    /// What the first view (and a refit) shows of the drawing.
    pub framing: crate::view::Framing,
    /// Wait for vertical blank (Fifo) or not (Immediate/Mailbox where available).
    pub vsync: bool,
    /// Pacing.
    pub pacing: PacingOptions,
    /// Speed (×).
    pub speed: f64,
    /// Start playing backwards.
    pub reverse: bool,
    /// Loop mode.
    pub loop_mode: LoopMode,
    /// Where to start.
    pub start_at: Option<TimeSpec>,
    /// Start paused.
    pub paused: bool,
    /// Panels open at start.
    pub panels: Panels,
    /// Serve puffin frames on this address (for puffin_viewer).
    pub puffin_http: Option<String>,
    /// Run this many frames at a fixed step, then exit.
    pub frames: Option<u64>,
    /// The fixed step for `frames` (ms).
    pub step_ms: f64,
    /// Save the last frame (overlay included) here.
    pub screenshot: Option<PathBuf>,
    /// Scripted actions.
    pub script: Vec<ScriptStep>,
    /// Write a JSON report here on exit.
    pub report: Option<PathBuf>,
    /// Frame budget from this rate instead of the monitor's.
    pub target_fps: Option<f64>,
    /// Strokes streamed per frame while loading when the governor is off.
    pub stream_batch: usize,
    /// Where a drawing's strokes are made and tessellated while it streams in.
    pub loader: crate::stream::Loader,
    /// The frame-budget governor's preset (`None`: off; then `stream_batch` strokes stream in per
    /// frame and the layer always catches up at once).
    pub governor: Option<Preset>,
    /// The replay's memory budget, heap and GPU together (MB): checkpoints and the mesh cache
    /// take what the rest leaves, and an alert shows when the replay holds more. `None`: the
    /// default budget ([`DEFAULT_MEMORY_BUDGET`](crate::gpu::DEFAULT_MEMORY_BUDGET)), no alert.
    pub memory_budget_mb: Option<f64>,
    /// Keep this many frames for a profile capture and write them when the player exits (key C
    /// writes one at any time; without this it keeps
    /// [`DEFAULT_CAPTURE_FRAMES`](super::profiling::DEFAULT_CAPTURE_FRAMES)).
    pub capture: Option<usize>,
    /// Where `--capture`'s file goes (default `NAME-capture.puffin` beside the input).
    pub capture_out: Option<PathBuf>,
}

impl Default for PlayOptions {
    fn default() -> Self {
        Self {
            source: None,
            limits: crate::import::ImportLimits::default(),
            size: (1280, 720),
            settings: RenderSettings::default(),
            framing: crate::view::Framing::default(),
            vsync: true,
            pacing: PacingOptions::default(),
            speed: 1.0,
            reverse: false,
            loop_mode: LoopMode::Off,
            start_at: None,
            paused: false,
            panels: Panels::default(),
            puffin_http: None,
            frames: None,
            step_ms: 1000.0 / 60.0,
            screenshot: None,
            script: Vec::new(),
            report: None,
            target_fps: None,
            stream_batch: DEFAULT_STREAM_BATCH,
            loader: crate::stream::Loader::Auto,
            governor: Some(Preset::Default),
            memory_budget_mb: None,
            capture: None,
            capture_out: None,
        }
    }
}
