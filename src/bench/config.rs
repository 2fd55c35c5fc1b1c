//! What a bench run is told: [`BenchConfig`] and the `load` scenario's batch without the governor.

use super::scenario::Scenario;
use crate::governor::Preset;
use crate::gpu::AntiAlias;

/// Strokes tessellated and uploaded per frame in the `load` scenario without the governor (the
/// player's batch in the same case).
pub const STREAM_BATCH: usize = crate::stream::DEFAULT_STREAM_BATCH;

/// Everything a bench run needs.
#[derive(Debug, Clone)]
pub struct BenchConfig {
    /// Source spec (`None` = bundled sample).
    pub input: Option<String>,
    /// Import limits for the input.
    pub limits: crate::import::ImportLimits,
    /// Measured frames.
    pub frames: usize,
    /// Warm-up frames (not measured).
    pub warmup: usize,
    /// Target width.
    pub width: u32,
    /// Target height.
    pub height: u32,
    /// Antialiasing.
    pub aa: AntiAlias,
    /// Scenario.
    pub scenario: Scenario,
    /// Playback speed (× real time at 60 fps); `None` = cover the drawing in `frames`.
    pub speed: Option<f64>,
    /// Frame budget, ms.
    pub budget_ms: f64,
    /// Memory budget for RSS, MB.
    pub memory_budget_mb: f64,
    /// Also measure the peers.
    pub compare: bool,
    /// The frame-budget governor's preset (`None`: governor off, all work done at once).
    pub governor: Option<Preset>,
    /// `load` with a governor: run it again without, and hold the invariant that the governed
    /// run is no worse (`inkplay bench --check` sets this).
    pub versus_ungoverned: bool,
    /// Where the drawing's strokes are made and tessellated while it streams in.
    pub loader: crate::stream::Loader,
    /// Record the measured frames as a profile capture ([`BenchRun::capture`](super::BenchRun)).
    pub trace: bool,
}

impl Default for BenchConfig {
    fn default() -> Self {
        Self {
            input: None,
            limits: crate::import::ImportLimits::default(),
            frames: 600,
            warmup: 5,
            width: 1280,
            height: 720,
            aa: AntiAlias::Analytic,
            scenario: Scenario::Playback,
            speed: None,
            budget_ms: 16.7,
            memory_budget_mb: 100.0,
            compare: false,
            governor: Some(Preset::Default),
            versus_ungoverned: false,
            loader: crate::stream::Loader::Auto,
            trace: false,
        }
    }
}
