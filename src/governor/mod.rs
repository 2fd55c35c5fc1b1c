//! The frame-budget governor: decides each frame how much background work fits in the budget.
//!
//! # The model
//! A frame's time is its *fixed* cost (input, clock, encode, overlay, present: what every frame
//! needs) plus *background work*: tessellating strokes, uploading them, and drawing strokes into
//! the retained layer (catching up after a jump, rebuilding after a backwards seek or a view
//! change). The governor learns both from what callers report:
//! - The fixed cost and the layer's cost per index drawn are fitted together, for each kind of
//!   frame ([`FrameKind`]: ordinary, stand-in, the frame that starts a rebuild, seek, direct), by
//!   exponentially weighted least squares on `frame ms − CPU work ms = fixed + c · indices`: the
//!   layer's GPU time is only visible in the frame's total. The sums decay by `1 − alpha / 2` a frame. The slope is
//!   taken only when the indices drawn vary enough to tell the two terms apart, never negative,
//!   and bounded so that it never explains more than the frames took; the fixed cost is the rest
//!   (at least 0). A kind of frame without a slope yet uses another kind's, else the prior; one
//!   without a fixed cost yet assumes half the budget. Seek frames (the layer restored from a
//!   checkpoint or cleared, see [`seek`]) are a kind of their own: their fixed cost includes the
//!   restore, and [`Governor::restore_units`] turns it into layer indices for the seek planner.
//!   A frame that also made a whole-layer copy ([`FrameSample::layer_copies`]: a checkpoint
//!   filled), or that started a fresh layer ([`FrameSample::fresh_layer`]), teaches no cost,
//!   neither the fit nor the spread; when it fitted the budget it may still grow the layer's
//!   ceiling (its layer work fitted, copy and all).
//! - Tessellation (per point) and upload (per byte) are timed on the CPU; their costs are running
//!   averages (EWMA with weight `alpha`, the first sample taken as it is), and so are the bytes
//!   uploaded per point.
//!
//! - The *spread*: the 95th percentile of how much longer than predicted a frame that uses its
//!   budget runs (the same work costs more in some frames: strokes of other sizes, a noisy
//!   machine), learned by a streaming quantile estimate; plans aim at the target divided by it.
//!
//! Each frame it grants the work the time left in the budget, `budget × (1 − headroom) / spread −
//! fixed` but at least `min_work_fraction × budget`, converted to units at the learned costs; the caller
//! spends it in the order the playhead needs it: the layer first (it is what the viewer sees),
//! then tessellation and upload of what comes next. Every kind of pending work gets at least its
//! minimum batch each frame, so nothing starves even when the fixed cost alone is over budget.
//! The layer's grant also has a ceiling, which grows to 2 to 4 times what a frame drew when that
//! frame fitted and drops to half of it when it did not, so a bad estimate never becomes one
//! enormous frame.
//!
//! # Quality with hysteresis
//! Quality goes down a ladder one level at a time ([`Quality`]): full (multisampling if
//! configured) → analytic antialiasing (multisampling off) → coarse tessellation (new strokes at
//! 4× the tolerance) → the retained layer at half resolution in each direction. A preset's
//! `lowest` level ends the ladder: conservative stops at analytic antialiasing, default at coarse
//! tessellation, and only aggressive reaches the half-resolution layer. Quality steps down when
//! too many of the recent frames miss the budget, and below analytic antialiasing only when the
//! frames that missed would have fitted without their background work (those levels only make
//! the work cheaper); it steps back up only after a settling window of comfortable frames, and
//! the window doubles each time a step up had to be undone soon after, so noisy costs near the
//! budget never make it oscillate. Presets set the thresholds.
//!
//! # Deterministic
//! Nothing here reads a clock: callers pass measured milliseconds in. Tests drive it with a
//! scripted cost model. Numbers in, numbers out: nothing here knows the GPU, the stream or the
//! tessellator.
//!
//! # Files
//! - `config`: [`Preset`] and [`GovernorConfig`]; `quality`: the [`Quality`] ladder.
//! - `work`: [`Work`], [`FrameKind`], [`FrameSample`]: what is counted.
//! - `cost`: the cost fit, [`FramePlan`] and the grants; `fit`: the fit's weighted sums.
//! - `alerts`: [`Alert`]s, kept and rate-limited.
//! - `seek`: the layer's plan for a frame (from what it holds, a checkpoint or nothing) and where
//!   checkpoints go.
//! - `path`: whether a frame is drawn through the layer or direct, and what the layer saves.
//! - here: the [`Governor`] (frames in, quality steps out) and its [`GovernorStats`].

mod alerts;
mod config;
mod cost;
mod fit;
mod path;
mod quality;
pub mod seek;
mod work;

use std::collections::VecDeque;

use serde::Serialize;

pub use alerts::{Alert, AlertKind, JANK_ALERT_EVERY, MAX_ALERTS};
pub use config::{GovernorConfig, Preset};
pub use cost::FramePlan;
pub use path::{PathUnits, ENTER_DIRECT, EXPLORE};
pub use quality::Quality;
pub use work::{FrameKind, FrameSample, Pipelined, Work};

use alerts::Alerts;
use cost::CostModel;
use work::WORK_KINDS;

/// Counters for reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GovernorStats {
    /// Frames seen.
    pub frames: u64,
    /// Frames over the budget.
    pub over_budget: u64,
    /// Frames over 1.5 × the budget.
    pub janky: u64,
    /// Quality steps down.
    pub steps_down: u64,
    /// Quality steps up.
    pub steps_up: u64,
    /// Memory-budget violations.
    pub memory_violations: u64,
    /// Learned fixed frame cost (ms).
    pub fixed_ms: f64,
    /// Learned fixed cost of frames showing a stand-in (ms).
    pub standin_fixed_ms: f64,
    /// Learned fixed cost of the frames that start a rebuild (ms).
    pub rebuild_start_fixed_ms: f64,
    /// Learned fixed cost of seek frames, the checkpoint restore included (ms).
    pub seek_fixed_ms: f64,
    /// Learned fixed cost of direct frames (ms).
    pub direct_fixed_ms: f64,
    /// Frames drawn direct (see [`Governor::choose_path`]).
    pub direct_frames: u64,
    /// While frames are pipelined, the GPU's fixed cost of an ordinary frame (ms); `fixed_ms` is
    /// then the CPU's.
    pub gpu_fixed_ms: Option<f64>,
    /// How much longer than predicted frames that use their budget run (95th percentile of the
    /// ratio, at least 1): plans aim at the target divided by it.
    pub spread: f64,
    /// Learned cost per unit: layer index, tessellated point, uploaded byte, exported frame (ms).
    pub ms_per_unit: [f64; WORK_KINDS],
}

/// The governor (see the module docs).
#[derive(Debug, Clone)]
pub struct Governor {
    cfg: GovernorConfig,
    quality: Quality,
    /// Learned costs, and the current frame's work.
    costs: CostModel,
    /// The last `window` frames: (missed the budget, would have fitted without its background
    /// work).
    misses: VecDeque<(bool, bool)>,
    comfortable_streak: u32,
    recover_after: u32,
    last_step_up: Option<u64>,
    stats: GovernorStats,
    alerts: Alerts,
    /// The last frame's path was direct (see `path`).
    direct: bool,
}

impl Governor {
    /// Prior costs before anything is measured (ms per layer index, tessellated point, uploaded
    /// byte): deliberately pessimistic (a software rasterizer), so the first frames do little and
    /// the learned costs take over within a few frames.
    pub const PRIOR_MS_PER_UNIT: [f64; WORK_KINDS] = cost::PRIOR_MS_PER_UNIT;

    /// A governor with `cfg`, at full quality, its costs the priors.
    pub fn new(cfg: GovernorConfig) -> Self {
        Self {
            cfg,
            quality: Quality::Full,
            costs: CostModel::new(&cfg),
            misses: VecDeque::with_capacity(cfg.window as usize + 1),
            comfortable_streak: 0,
            recover_after: cfg.recover_after,
            last_step_up: None,
            stats: GovernorStats::default(),
            alerts: Alerts::default(),
            direct: false,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &GovernorConfig {
        &self.cfg
    }

    /// The current quality level.
    pub fn quality(&self) -> Quality {
        self.quality
    }

    /// The budget for the whole frame after headroom (ms).
    pub fn target_ms(&self) -> f64 {
        self.cfg.budget_ms * (1.0 - self.cfg.headroom)
    }

    /// Counters and learned costs.
    pub fn stats(&self) -> GovernorStats {
        GovernorStats {
            fixed_ms: self.costs.fixed_ms(FrameKind::Normal).unwrap_or(0.0),
            standin_fixed_ms: self.costs.fixed_ms(FrameKind::Standin).unwrap_or(0.0),
            rebuild_start_fixed_ms: self.costs.fixed_ms(FrameKind::RebuildStart).unwrap_or(0.0),
            seek_fixed_ms: self.costs.fixed_ms(FrameKind::Seek).unwrap_or(0.0),
            direct_fixed_ms: self.costs.fixed_ms(FrameKind::Direct).unwrap_or(0.0),
            gpu_fixed_ms: self
                .costs
                .is_pipelined()
                .then(|| self.costs.layer_fixed_ms(FrameKind::Normal))
                .flatten(),
            spread: self.costs.spread(),
            ms_per_unit: self.costs.ms_per_unit(),
            ..self.stats
        }
    }

    /// Recent alerts, oldest first.
    pub fn alerts(&self) -> impl ExactSizeIterator<Item = &Alert> + '_ {
        self.alerts.iter()
    }

    /// Start an ordinary frame: how much time background work may take, and at which quality.
    pub fn begin_frame(&mut self) -> FramePlan {
        self.begin_frame_of(FrameKind::Normal)
    }

    /// Start a frame of a given kind.
    pub fn begin_frame_of(&mut self, kind: FrameKind) -> FramePlan {
        self.costs.begin_frame(kind);
        let fixed = self
            .costs
            .fixed_ms(kind)
            .unwrap_or(self.cfg.budget_ms * 0.5);
        let aim = self.target_ms() / self.costs.spread();
        let least = self.cfg.min_work_fraction * self.cfg.budget_ms;
        // While frames are pipelined the layer is drawn on the GPU beside the CPU's work, against
        // the GPU's own fixed cost.
        let gpu_remaining_ms = self.costs.is_pipelined().then(|| {
            let gpu_fixed = self
                .costs
                .layer_fixed_ms(kind)
                .unwrap_or(self.cfg.budget_ms * 0.5);
            (aim - gpu_fixed).max(least)
        });
        FramePlan {
            remaining_ms: (aim - fixed).max(least),
            gpu_remaining_ms,
            quality: self.quality,
        }
    }

    /// How much of one unit of `work` fits in what is left of the plan, as a fraction (no
    /// minimum): for work whose unit is larger than a frame's share (an exported frame), which the
    /// caller accumulates over frames.
    pub fn grant_fraction(&self, plan: &FramePlan, work: Work) -> f64 {
        self.costs.grant_fraction(plan, work)
    }

    /// How many units of `work` fit in what is left of the plan (at least the minimum batch).
    pub fn grant(&self, plan: &FramePlan, work: Work) -> u64 {
        self.costs.grant(&self.cfg, plan, work)
    }

    /// Layer indices one frame of `kind` can draw at the learned costs when it has nothing else to
    /// do (no ceiling): how far apart checkpoints need to be. `None` until the layer's cost per
    /// index has been fitted significantly, clear of the frames' noise (the prior is only a guess,
    /// and so are the bound from the first frames' totals and a slope from a few small steps).
    pub fn layer_units_per_frame(&self, kind: FrameKind) -> Option<u64> {
        if !self.costs.layer_learned() {
            return None;
        }
        let fixed = self
            .costs
            .layer_fixed_ms(kind)
            .unwrap_or(self.cfg.budget_ms * 0.5);
        let ms = (self.target_ms() / self.costs.spread() - fixed)
            .max(self.cfg.min_work_fraction * self.cfg.budget_ms);
        let per = (ms / self.costs.layer_cost(kind).max(1e-12)).floor();
        Some(if per.is_finite() {
            per as u64
        } else {
            u64::MAX
        })
    }

    /// What restoring a checkpoint costs in layer indices: how much more a seek frame's fixed
    /// cost is than an ordinary frame's (on the GPU, while frames are pipelined), at the layer's
    /// cost per index (0 until both are learned).
    pub fn restore_units(&self) -> u64 {
        match (
            self.costs.layer_fixed_ms(FrameKind::Seek),
            self.costs.layer_fixed_ms(FrameKind::Normal),
        ) {
            (Some(seek), Some(normal)) => {
                let units = ((seek - normal).max(0.0)
                    / self.costs.layer_cost(FrameKind::Normal).max(1e-12))
                .floor();
                if units.is_finite() {
                    units as u64
                } else {
                    0
                }
            }
            _ => 0,
        }
    }

    /// How many points to tessellate *and upload* this frame: tessellation and upload come
    /// together when streaming, so the grant uses their combined learned cost per point (bytes per
    /// point are learned from what was reported).
    pub fn grant_stream(&self, plan: &FramePlan) -> u64 {
        self.costs.grant_stream(&self.cfg, plan)
    }

    /// Set aside time for `units` of GPU work granted ahead of the rest (the layer is granted first
    /// but drawn after streaming): shrinks the plan by the estimated time, records nothing (report
    /// what was really done with [`Governor::spent`] afterwards).
    pub fn reserve(&self, plan: &mut FramePlan, work: Work, units: u64) {
        self.costs.reserve(plan, work, units);
    }

    /// Report work done: `units` of `work`. CPU-side work (tessellation, upload) passes the
    /// measured `cpu_ms`; layer drawing runs on the GPU and passes `None` (its cost is learned from
    /// the frame's total in [`Governor::end_frame`]). Shrinks the plan by the (estimated) time.
    pub fn spent(&mut self, plan: &mut FramePlan, work: Work, units: u64, cpu_ms: Option<f64>) {
        self.costs.spent(&self.cfg, plan, work, units, cpu_ms);
    }

    /// End a frame that took `frame_ms` in all (wall time until it was done).
    pub fn end_frame(&mut self, frame_ms: f64) {
        let mut s = self.take_sample();
        s.frame_ms = frame_ms;
        self.record(s);
    }

    /// The current frame's work so far, to [`Governor::record`] once its time is known (a player
    /// learns GPU times a few frames late). Its `frame_ms` is 0.
    pub fn take_sample(&mut self) -> FrameSample {
        self.costs.take_sample()
    }

    /// Learn from a finished frame and update quality and alerts.
    pub fn record(&mut self, sample: FrameSample) {
        let frame_ms = sample.frame_ms;
        if !frame_ms.is_finite() {
            return;
        }
        self.stats.frames += 1;
        self.costs.record(&self.cfg, &sample);

        let budget = self.cfg.budget_ms;
        let miss = frame_ms > budget;
        if miss {
            self.stats.over_budget += 1;
        }
        if frame_ms > 1.5 * budget {
            self.stats.janky += 1;
            self.alerts.jank(self.stats.frames, frame_ms, budget);
        }
        if self.misses.len() == self.cfg.window as usize {
            self.misses.pop_front();
        }
        // A direct frame's drawing is the frame itself, not background work.
        let layer_work = if sample.kind == FrameKind::Direct {
            0
        } else {
            sample.layer_units
        };
        let work_ms = sample.cpu_work_ms + layer_work as f64 * self.costs.layer_cost(sample.kind);
        self.misses.push_back((miss, frame_ms - work_ms <= budget));
        self.comfortable_streak = if frame_ms <= self.cfg.comfortable * budget {
            self.comfortable_streak + 1
        } else {
            0
        };

        let missed = self.misses.iter().filter(|m| m.0).count() as u32;
        let missed_for_work = self.misses.iter().filter(|m| m.0 && m.1).count() as u32;
        // Dropping MSAA lowers every frame's own cost; the levels below it only make background
        // work cheaper (tessellation, filling the layer), so they are taken only when the frames
        // that missed would have fitted without their work: a frame whose fixed cost alone is over
        // the budget (or that a noisy machine slowed down) would lose quality for nothing.
        let would_help = self.quality == Quality::Full || missed_for_work >= self.cfg.degrade_after;
        if missed >= self.cfg.degrade_after && self.quality < self.cfg.lowest && would_help {
            let from = self.quality;
            self.quality = self.quality.lower();
            self.stats.steps_down += 1;
            // A step up that had to be undone soon: wait twice as long next time.
            if self
                .last_step_up
                .is_some_and(|f| self.stats.frames - f < u64::from(self.recover_after) * 2)
            {
                self.recover_after = self.recover_after.saturating_mul(2);
            }
            self.misses.clear();
            self.comfortable_streak = 0;
            self.alerts.push(
                self.stats.frames,
                AlertKind::QualityDown,
                format!(
                    "{missed} of the last {} frames missed the budget: quality {from:?} -> {:?}",
                    self.cfg.window, self.quality
                ),
            );
        } else if self.quality > Quality::Full && self.comfortable_streak >= self.recover_after {
            let from = self.quality;
            self.quality = self.quality.higher();
            self.stats.steps_up += 1;
            self.last_step_up = Some(self.stats.frames);
            self.comfortable_streak = 0;
            self.misses.clear();
            self.alerts.push(
                self.stats.frames,
                AlertKind::QualityUp,
                format!(
                    "{} comfortable frames: quality {from:?} -> {:?}",
                    self.recover_after, self.quality
                ),
            );
        }
    }

    /// Check memory against a budget (bytes); an alert when over.
    pub fn check_memory(&mut self, used_bytes: u64, budget_bytes: u64) -> bool {
        let over = used_bytes > budget_bytes;
        if over {
            self.stats.memory_violations += 1;
            if self.stats.memory_violations == 1 || self.stats.memory_violations % 600 == 0 {
                self.alerts.push(
                    self.stats.frames,
                    AlertKind::Memory,
                    format!(
                        "memory {:.0} MB over the {:.0} MB budget",
                        used_bytes as f64 / 1e6,
                        budget_bytes as f64 / 1e6
                    ),
                );
            }
        }
        over
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod pipelined_tests;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
