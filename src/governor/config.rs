//! The governor's budgets and thresholds, and the named presets they come from.

use serde::Serialize;

use super::quality::Quality;
use super::work::WORK_KINDS;

/// Named sets of budgets and thresholds (`--profile-preset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Preset {
    /// 15 % headroom; step down after 8 of the last 30 frames miss; step up after 120 good frames;
    /// down to coarse tessellation at most.
    #[default]
    Default,
    /// Tighter: 25 % headroom; step down after 3 of the last 10 frames miss; slower to step back up;
    /// the only preset that goes down to the half-resolution layer.
    Aggressive,
    /// 10 % headroom; never degrades beyond dropping MSAA; 4× larger minimum batches.
    Conservative,
}

impl std::str::FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "default" => Ok(Preset::Default),
            "aggressive" => Ok(Preset::Aggressive),
            "conservative" => Ok(Preset::Conservative),
            o => Err(format!(
                "unknown preset {o:?} (expected default, aggressive or conservative)"
            )),
        }
    }
}

impl Preset {
    /// Name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Default => "default",
            Preset::Aggressive => "aggressive",
            Preset::Conservative => "conservative",
        }
    }
}

/// Budgets and thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GovernorConfig {
    /// The preset these came from.
    pub preset: Preset,
    /// The whole frame's budget (ms), from the display rate or `--target-fps`.
    pub budget_ms: f64,
    /// Fraction of the budget kept free.
    pub headroom: f64,
    /// Step down when this many frames of the last `window` missed the budget…
    pub degrade_after: u32,
    /// …within this many frames.
    pub window: u32,
    /// Step up after this many consecutive comfortable frames (doubled after each undone step up).
    pub recover_after: u32,
    /// A frame is comfortable when it takes at most this fraction of the budget.
    pub comfortable: f64,
    /// The lowest quality allowed.
    pub lowest: Quality,
    /// Minimum batch per frame for pending work: layer indices, points, bytes, exported frames.
    pub min_units: [u64; WORK_KINDS],
    /// Background work always gets at least this fraction of the budget, even when the frame's
    /// fixed cost alone exceeds it (so a slow machine still makes real progress).
    pub min_work_fraction: f64,
    /// Work nothing waits for (the layer's checkpoints, built in the background) takes at most
    /// this fraction of the budget a frame, so playback costs about the same whatever the
    /// drawing's size.
    pub background_fraction: f64,
    /// Weight of a new sample in the running averages (ms per tessellated point and per uploaded
    /// byte, bytes per point); the least-squares sums behind the fixed and layer costs decay by
    /// `1 − alpha / 2` a frame.
    pub alpha: f64,
}

impl GovernorConfig {
    /// The minimum batch of `work` per frame (see [`GovernorConfig::min_units`]).
    pub fn min_units_of(&self, work: super::Work) -> u64 {
        self.min_units[work.index()]
    }

    /// A preset's configuration for a frame rate.
    pub fn preset(preset: Preset, target_fps: f64) -> Self {
        let fps = if target_fps.is_finite() && target_fps > 0.0 {
            target_fps
        } else {
            60.0
        };
        let base = Self {
            preset,
            budget_ms: 1000.0 / fps,
            headroom: 0.15,
            degrade_after: 8,
            window: 30,
            recover_after: 120,
            comfortable: 0.6,
            // The half-resolution layer is not in the default ladder: it saves fill, but its
            // scaled composition costs more than the layer copy wherever the damage is large
            // (on lavapipe it doubled GPU time while a scattered drawing streamed in).
            lowest: Quality::CoarseTessellation,
            // One typical stroke's worth: ~500 indices, ~60 points, ~4 KiB. Exported frames have
            // no minimum: they are granted in fractions that add up over frames.
            min_units: [512, 64, 4096, 0],
            min_work_fraction: 0.25,
            background_fraction: 0.03,
            alpha: 0.2,
        };
        match preset {
            Preset::Default => base,
            Preset::Aggressive => Self {
                lowest: Quality::HalfResLayer,
                headroom: 0.25,
                min_work_fraction: 0.15,
                degrade_after: 3,
                window: 10,
                recover_after: 240,
                ..base
            },
            Preset::Conservative => Self {
                headroom: 0.10,
                degrade_after: 15,
                window: 30,
                recover_after: 90,
                lowest: Quality::AnalyticAa,
                min_units: [2048, 256, 16384, 0],
                min_work_fraction: 0.4,
                ..base
            },
        }
    }
}
