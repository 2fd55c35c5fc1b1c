//! The frame-budget governor: decides each frame how much background work fits in the budget.
//!
//! # The model
//! A frame's time is its *fixed* cost (input, clock, encode, overlay, present: what every frame
//! needs) plus *background work*: tessellating strokes, uploading them, and drawing strokes into
//! the retained layer (catching up after a jump, rebuilding after a backwards seek or a view
//! change). The governor measures the fixed cost (EWMA over frames without layer work) and learns
//! the cost of one unit of each kind of work (EWMA of ms per point tessellated, per byte uploaded,
//! per index drawn into the layer). Each frame it grants the work the time left in the budget
//! (`budget × (1 − headroom) − fixed`), converted to units, in the order the playhead needs it:
//! the layer first (it is what the viewer sees), then tessellation and upload of what comes next.
//! Every kind of pending work gets at least its minimum batch each frame, so nothing starves even
//! when the fixed cost alone is over budget.
//!
//! # Quality with hysteresis
//! When too many of the recent frames miss the budget, quality steps down one level (MSAA →
//! analytic antialiasing → coarser tessellation for new strokes); it steps back up only after a
//! settling window of comfortable frames, and the window grows each time a step up had to be undone,
//! so noisy costs near the budget never make it oscillate. Presets set the thresholds.
//!
//! # Deterministic
//! Nothing here reads a clock: callers pass measured milliseconds in. Tests drive it with a
//! scripted cost model.

use std::collections::VecDeque;

use serde::Serialize;

/// Named sets of budgets and thresholds (`--profile-preset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Preset {
    /// 15 % headroom; step down after 8 of the last 30 frames miss; step up after 120 good frames.
    #[default]
    Default,
    /// Tighter: 25 % headroom; step down after 3 of the last 10 frames miss; slower to step back up.
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

/// Quality levels, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub enum Quality {
    /// As configured.
    #[default]
    Full,
    /// Multisampling off: analytic antialiasing (one sample per pixel).
    AnalyticAa,
    /// Also tessellate new strokes at 4× the tolerance (fewer vertices).
    CoarseTessellation,
    /// Also draw the retained layer at half the resolution in each direction (a quarter of the
    /// pixels to fill), scaled up when composed: softer finished ink.
    HalfResLayer,
}

impl Quality {
    /// The next lower level.
    fn lower(self) -> Self {
        match self {
            Quality::Full => Quality::AnalyticAa,
            Quality::AnalyticAa => Quality::CoarseTessellation,
            _ => Quality::HalfResLayer,
        }
    }

    /// The next higher level.
    fn higher(self) -> Self {
        match self {
            Quality::HalfResLayer => Quality::CoarseTessellation,
            Quality::CoarseTessellation => Quality::AnalyticAa,
            _ => Quality::Full,
        }
    }

    /// Tessellation tolerance multiplier at this level.
    pub fn tolerance_factor(self) -> f32 {
        if self >= Quality::CoarseTessellation {
            4.0
        } else {
            1.0
        }
    }

    /// The retained layer's resolution divisor at this level (see
    /// [`Renderer::set_layer_downscale`](crate::gpu::Renderer::set_layer_downscale)).
    pub fn layer_downscale(self) -> u32 {
        if self == Quality::HalfResLayer {
            2
        } else {
            1
        }
    }

    /// Whether multisampling is allowed at this level.
    pub fn allows_msaa(self) -> bool {
        self == Quality::Full
    }
}

/// Kinds of background work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Drawing strokes into the retained layer (units: indices).
    Layer,
    /// Tessellating strokes (units: input points).
    Tessellate,
    /// Uploading geometry (units: bytes).
    Upload,
}

const WORK_KINDS: usize = 3;

impl Work {
    fn index(self) -> usize {
        self as usize
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
    /// Minimum batch per frame for pending work: layer indices, points, bytes.
    pub min_units: [u64; WORK_KINDS],
    /// Background work always gets at least this fraction of the budget, even when the frame's
    /// fixed cost alone exceeds it (so a slow machine still makes real progress).
    pub min_work_fraction: f64,
    /// EWMA weight of a new sample.
    pub alpha: f64,
}

impl GovernorConfig {
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
            // One typical stroke's worth: ~500 indices, ~60 points, ~4 KiB.
            min_units: [512, 64, 4096],
            min_work_fraction: 0.25,
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
                min_units: [2048, 256, 16384],
                min_work_fraction: 0.4,
                ..base
            },
        }
    }
}

/// What a frame may spend on background work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FramePlan {
    /// Time left for background work this frame (ms); shrinks as work is reported.
    pub remaining_ms: f64,
    /// The quality level to render at.
    pub quality: Quality,
}

/// Something the overlay and the bench report should show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Frame number.
    pub frame: u64,
    /// What happened.
    pub kind: AlertKind,
    /// In words.
    pub message: String,
}

/// Kinds of alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AlertKind {
    /// A frame took more than 1.5 × the budget.
    Jank,
    /// Quality stepped down.
    QualityDown,
    /// Quality stepped back up.
    QualityUp,
    /// Memory over its budget.
    Memory,
}

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
    /// Learned cost per unit: layer index, tessellated point, uploaded byte (ms).
    pub ms_per_unit: [f64; WORK_KINDS],
}

/// Frames between two jank alerts (janky frames in between are counted in the next one).
pub const JANK_ALERT_EVERY: u64 = 60;

/// Most alerts kept (oldest dropped).
pub const MAX_ALERTS: usize = 64;

/// Exponentially weighted sums for the fixed-cost / layer-cost fit.
#[derive(Debug, Clone, Copy, Default)]
struct Fit {
    n: f64,
    sx: f64,
    sy: f64,
    sxx: f64,
    sxy: f64,
}

/// What kind of frame this is. Each kind has its own cost model: frames that show a stand-in for
/// a layer being rebuilt cost more than ordinary ones, and the frame that starts a rebuild more
/// again (it clears or restores the new layer and draws the whole stand-in once).
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
}

impl FrameKind {
    const COUNT: usize = 3;
}

/// What a finished frame cost, for [`Governor::record`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameSample {
    /// Its kind.
    pub kind: FrameKind,
    /// Layer indices drawn.
    pub layer_units: u64,
    /// CPU time of background work (tessellation, upload), ms.
    pub cpu_work_ms: f64,
    /// The frame's total cost, ms.
    pub frame_ms: f64,
}

/// Fixed cost and layer cost per index for one kind of frame.
#[derive(Debug, Clone, Copy, Default)]
struct KindModel {
    fit: Fit,
    fixed_ms: Option<f64>,
    /// Learned layer cost per index (`None`: use the other kind's, or the prior).
    layer_ms: Option<f64>,
}

/// The governor (see the module docs).
#[derive(Debug, Clone)]
pub struct Governor {
    cfg: GovernorConfig,
    quality: Quality,
    /// The current frame's kind, and a cost model per kind.
    kind: FrameKind,
    models: [KindModel; FrameKind::COUNT],
    ms_per_unit: [f64; WORK_KINDS],
    learned: [bool; WORK_KINDS],
    /// This frame: background CPU time reported, and layer units granted.
    frame_cpu_work_ms: f64,
    frame_layer_units: u64,
    frame_points: u64,
    /// Learned bytes uploaded per point tessellated.
    bytes_per_point: f64,
    /// Most layer indices granted in one frame (see [`Governor::grant`]).
    layer_ceiling: u64,
    /// The last `window` frames: (missed the budget, would have fitted without its background
    /// work).
    misses: VecDeque<(bool, bool)>,
    comfortable_streak: u32,
    recover_after: u32,
    last_step_up: Option<u64>,
    last_jank_alert: Option<u64>,
    jank_since_alert: u64,
    stats: GovernorStats,
    alerts: VecDeque<Alert>,
}

impl Governor {
    /// Prior costs before anything is measured: deliberately pessimistic (a software rasterizer),
    /// so the first frames do little and the learned costs take over within a few frames.
    pub const PRIOR_MS_PER_UNIT: [f64; WORK_KINDS] = [1e-4, 5e-4, 2e-6];

    /// A governor with `cfg`, at full quality (or `start` if lower).
    pub fn new(cfg: GovernorConfig) -> Self {
        Self {
            cfg,
            quality: Quality::Full,
            kind: FrameKind::Normal,
            models: [KindModel::default(); FrameKind::COUNT],
            ms_per_unit: Self::PRIOR_MS_PER_UNIT,
            learned: [false; WORK_KINDS],
            frame_cpu_work_ms: 0.0,
            frame_layer_units: 0,
            frame_points: 0,
            bytes_per_point: 120.0,
            layer_ceiling: 4 * cfg.min_units[Work::Layer.index()],
            misses: VecDeque::with_capacity(cfg.window as usize + 1),
            comfortable_streak: 0,
            recover_after: cfg.recover_after,
            last_step_up: None,
            last_jank_alert: None,
            jank_since_alert: 0,
            stats: GovernorStats::default(),
            alerts: VecDeque::new(),
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
            fixed_ms: self.models[0].fixed_ms.unwrap_or(0.0),
            standin_fixed_ms: self.models[1].fixed_ms.unwrap_or(0.0),
            rebuild_start_fixed_ms: self.models[2].fixed_ms.unwrap_or(0.0),
            ms_per_unit: [
                self.layer_cost(FrameKind::Normal),
                self.ms_per_unit[1],
                self.ms_per_unit[2],
            ],
            ..self.stats
        }
    }

    /// Recent alerts, oldest first.
    pub fn alerts(&self) -> impl ExactSizeIterator<Item = &Alert> + '_ {
        self.alerts.iter()
    }

    fn alert(&mut self, kind: AlertKind, message: String) {
        if self.alerts.len() == MAX_ALERTS {
            self.alerts.pop_front();
        }
        self.alerts.push_back(Alert {
            frame: self.stats.frames,
            kind,
            message,
        });
    }

    /// Start an ordinary frame: how much time background work may take, and at which quality.
    pub fn begin_frame(&mut self) -> FramePlan {
        self.begin_frame_of(FrameKind::Normal)
    }

    /// Layer cost per index for a kind of frame (learned, else another kind's, else the prior).
    fn layer_cost(&self, kind: FrameKind) -> f64 {
        self.models[kind as usize]
            .layer_ms
            .or_else(|| self.models.iter().find_map(|m| m.layer_ms))
            .unwrap_or(self.ms_per_unit[Work::Layer.index()])
    }

    fn unit_cost(&self, work: Work) -> f64 {
        match work {
            Work::Layer => self.layer_cost(self.kind),
            _ => self.ms_per_unit[work.index()],
        }
    }

    /// Start a frame of a given kind.
    pub fn begin_frame_of(&mut self, kind: FrameKind) -> FramePlan {
        self.kind = kind;
        self.frame_cpu_work_ms = 0.0;
        self.frame_layer_units = 0;
        self.frame_points = 0;
        let fixed = self.models[kind as usize]
            .fixed_ms
            .unwrap_or(self.cfg.budget_ms * 0.5);
        FramePlan {
            remaining_ms: (self.target_ms() - fixed)
                .max(self.cfg.min_work_fraction * self.cfg.budget_ms),
            quality: self.quality,
        }
    }

    /// How many units of `work` fit in what is left of the plan (at least the minimum batch).
    pub fn grant(&self, plan: &FramePlan, work: Work) -> u64 {
        let cost = self.unit_cost(work).max(1e-12);
        let fit = (plan.remaining_ms / cost).floor();
        let mut fit = if fit.is_finite() { fit as u64 } else { 0 };
        if work == Work::Layer && self.kind == FrameKind::RebuildStart {
            return self.cfg.min_units[work.index()];
        }
        if work == Work::Layer {
            // The layer's cost is inferred from noisy frame totals; a bad estimate must not turn
            // into one enormous frame. The grant may at most double on what recently fitted.
            fit = fit.min(self.layer_ceiling);
        }
        fit.max(self.cfg.min_units[work.index()])
    }

    /// How many points to tessellate *and upload* this frame: tessellation and upload come
    /// together when streaming, so the grant uses their combined learned cost per point (bytes per
    /// point are learned from what was reported).
    pub fn grant_stream(&self, plan: &FramePlan) -> u64 {
        let per_point = self.ms_per_unit[Work::Tessellate.index()]
            + self.bytes_per_point * self.ms_per_unit[Work::Upload.index()];
        let fit = (plan.remaining_ms / per_point.max(1e-12)).floor();
        let fit = if fit.is_finite() { fit as u64 } else { 0 };
        fit.max(self.cfg.min_units[Work::Tessellate.index()])
    }

    /// Set aside time for `units` of GPU work granted ahead of the rest (the layer is granted first
    /// but drawn after streaming): shrinks the plan by the estimated time, records nothing (report
    /// what was really done with [`Governor::spent`] afterwards).
    pub fn reserve(&self, plan: &mut FramePlan, work: Work, units: u64) {
        let ms = units as f64 * self.unit_cost(work);
        plan.remaining_ms = (plan.remaining_ms - ms).max(0.0);
    }

    /// Report work done: `units` of `work`. CPU-side work (tessellation, upload) passes the
    /// measured `cpu_ms`; layer drawing runs on the GPU and passes `None` (its cost is learned from
    /// the frame's total in [`Governor::end_frame`]). Shrinks the plan by the (estimated) time.
    pub fn spent(&mut self, plan: &mut FramePlan, work: Work, units: u64, cpu_ms: Option<f64>) {
        let k = work.index();
        let ms = match cpu_ms {
            Some(ms) => {
                self.frame_cpu_work_ms += ms.max(0.0);
                match work {
                    Work::Tessellate => self.frame_points += units,
                    Work::Upload if self.frame_points > 0 => {
                        let bpp = units as f64 / self.frame_points as f64;
                        self.bytes_per_point += self.cfg.alpha * (bpp - self.bytes_per_point);
                    }
                    _ => {}
                }
                if units > 0 && ms.is_finite() && ms > 0.0 {
                    self.learn(k, ms / units as f64);
                }
                ms.max(0.0)
            }
            None => {
                self.frame_layer_units += units;
                units as f64 * self.unit_cost(work)
            }
        };
        plan.remaining_ms = (plan.remaining_ms - ms).max(0.0);
    }

    fn learn(&mut self, k: usize, per_unit: f64) {
        if !(per_unit.is_finite() && per_unit >= 0.0) {
            return;
        }
        self.ms_per_unit[k] = if self.learned[k] {
            self.ms_per_unit[k] + self.cfg.alpha * (per_unit - self.ms_per_unit[k])
        } else {
            per_unit
        };
        self.learned[k] = true;
    }

    /// Learn the fixed cost and the layer's cost per index together from `own_ms = fixed + c · x`
    /// (`x` = layer indices drawn) by exponentially weighted least squares: the layer's GPU time is
    /// only visible in the frame's total, and most frames of a playback draw some layer work.
    fn fit_fixed_and_layer(&mut self, kind: FrameKind, x: f64, y: f64) {
        let decay = 1.0 - self.cfg.alpha / 2.0;
        let mut c = self.layer_cost(kind);
        let m = &mut self.models[kind as usize];
        let f = &mut m.fit;
        for v in [&mut f.n, &mut f.sx, &mut f.sy, &mut f.sxx, &mut f.sxy] {
            *v *= decay;
        }
        f.n += 1.0;
        f.sx += x;
        f.sy += y;
        f.sxx += x * x;
        f.sxy += x * y;
        let det = f.n * f.sxx - f.sx * f.sx;
        // Enough spread in x (relative variance above 1 %) to separate the two terms.
        if f.sxx > 0.0 && det > 0.01 * f.n * f.sxx {
            let slope = (f.n * f.sxy - f.sx * f.sy) / det;
            if slope.is_finite() && slope >= 0.0 {
                c = slope;
                m.layer_ms = Some(c);
            }
        }
        // Never predict more than the frames actually took: if the layer's cost per index would
        // explain more than the whole frame (a stale estimate, or x that never varies because it
        // always equals the grant), bound it by the observed ratio so the grant can grow again.
        if f.sx > 0.0 && c * f.sx > f.sy {
            c = f.sy / f.sx;
            m.layer_ms = Some(c);
        }
        let fixed = ((f.sy - c * f.sx) / f.n).max(0.0);
        if fixed.is_finite() {
            m.fixed_ms = Some(fixed);
        }
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
        FrameSample {
            kind: self.kind,
            layer_units: std::mem::take(&mut self.frame_layer_units),
            cpu_work_ms: std::mem::take(&mut self.frame_cpu_work_ms),
            frame_ms: 0.0,
        }
    }

    /// Learn from a finished frame and update quality and alerts.
    pub fn record(&mut self, sample: FrameSample) {
        let frame_ms = sample.frame_ms;
        if !frame_ms.is_finite() {
            return;
        }
        self.stats.frames += 1;
        let own = (frame_ms - sample.cpu_work_ms).max(0.0);
        self.fit_fixed_and_layer(sample.kind, sample.layer_units as f64, own);
        // Slow start for the layer grant: after a frame that fitted, grow it to twice what was
        // drawn, or up to four times when the frame used at most half the budget; halve it after
        // one that did not fit (never below a few minimum batches).
        let floor = 4 * self.cfg.min_units[Work::Layer.index()];
        if sample.layer_units > 0 && sample.kind != FrameKind::RebuildStart {
            self.layer_ceiling = if frame_ms <= self.cfg.budget_ms {
                let growth = (self.cfg.budget_ms / frame_ms.max(1e-3)).clamp(2.0, 4.0);
                self.layer_ceiling
                    .max((sample.layer_units as f64 * growth).min(u64::MAX as f64) as u64)
            } else {
                (sample.layer_units / 2).max(floor)
            };
        }

        let budget = self.cfg.budget_ms;
        let miss = frame_ms > budget;
        if miss {
            self.stats.over_budget += 1;
        }
        if frame_ms > 1.5 * budget {
            self.stats.janky += 1;
            self.jank_since_alert += 1;
            // One alert per second of frames at most, counting the janky frames it stands for.
            if self
                .last_jank_alert
                .is_none_or(|f| self.stats.frames - f >= JANK_ALERT_EVERY)
            {
                let n = std::mem::take(&mut self.jank_since_alert);
                self.last_jank_alert = Some(self.stats.frames);
                self.alert(
                    AlertKind::Jank,
                    format!(
                        "{n} janky frame(s), the last {frame_ms:.1} ms (budget {budget:.1} ms)"
                    ),
                );
            }
        }
        if self.misses.len() == self.cfg.window as usize {
            self.misses.pop_front();
        }
        let work_ms = sample.cpu_work_ms + sample.layer_units as f64 * self.layer_cost(sample.kind);
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
            self.alert(
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
            self.alert(
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
                self.alert(
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
mod tests {
    use super::*;
    use crate::import::synthetic::SplitMix64;

    /// A scripted machine: true costs the governor has to learn, plus noise.
    struct Machine {
        fixed_ms: f64,
        ms_per_point: f64,
        ms_per_byte: f64,
        ms_per_index: f64,
        noise_ms: f64,
        rng: SplitMix64,
    }

    impl Machine {
        fn noise(&mut self) -> f64 {
            (self.rng.unit() - 0.5) * 2.0 * self.noise_ms
        }
    }

    /// Stream `strokes` strokes of `points` points (12 indices and 100 bytes per point) while
    /// playing, with a layer backlog of `layer_backlog` indices; returns per-frame times and
    /// strokes loaded per frame.
    fn simulate(
        g: &mut Governor,
        m: &mut Machine,
        strokes: u64,
        points: u64,
        mut layer_backlog: u64,
        frames: usize,
    ) -> (Vec<f64>, Vec<u64>) {
        let mut loaded = 0u64;
        let mut times = Vec::new();
        let mut per_frame = Vec::new();
        for _ in 0..frames {
            let mut plan = g.begin_frame();
            let mut frame = m.fixed_ms + m.noise();
            if layer_backlog > 0 {
                let n = g.grant(&plan, Work::Layer).min(layer_backlog);
                layer_backlog -= n;
                frame += n as f64 * m.ms_per_index;
                g.spent(&mut plan, Work::Layer, n, None);
            }
            let mut n = 0;
            if loaded < strokes {
                let pts = g.grant_stream(&plan);
                n = (pts / points).max(1).min(strokes - loaded);
                let tess = (n * points) as f64 * m.ms_per_point;
                g.spent(&mut plan, Work::Tessellate, n * points, Some(tess));
                let bytes = n * points * 100;
                let up = bytes as f64 * m.ms_per_byte;
                g.spent(&mut plan, Work::Upload, bytes, Some(up));
                frame += tess + up;
                loaded += n;
            }
            g.end_frame(frame);
            times.push(frame);
            per_frame.push(n);
        }
        (times, per_frame)
    }

    fn lavapipe_like(seed: u64) -> Machine {
        Machine {
            fixed_ms: 6.0,
            ms_per_point: 2.6e-4,
            ms_per_byte: 1e-6,
            ms_per_index: 8e-5,
            noise_ms: 1.0,
            rng: SplitMix64::new(seed),
        }
    }

    #[test]
    fn a_100k_stroke_load_stays_inside_the_budget_and_always_progresses() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        let mut m = lavapipe_like(1);
        let (times, loaded) = simulate(&mut g, &mut m, 100_000, 60, 0, 3000);
        // After the first few frames (priors → learned costs), every frame fits.
        let worst = times[5..].iter().copied().fold(0.0, f64::max);
        assert!(worst <= 16.7, "worst frame {worst:.2} ms");
        assert!(
            times[..5].iter().all(|&t| t <= 2.0 * 16.7),
            "{:?}",
            &times[..5]
        );
        let total: u64 = loaded.iter().sum();
        assert_eq!(total, 100_000, "the whole drawing loads");
        let frames_with_work = loaded.iter().filter(|&&n| n > 0).count();
        assert!(
            loaded[..frames_with_work].iter().all(|&n| n >= 1),
            "progress every frame until done"
        );
        // And it uses the budget: ~8 ms of work per frame at 15.6 µs per stroke → ~500 strokes.
        assert!(frames_with_work < 400, "{frames_with_work} frames to load");
        assert_eq!(
            g.quality(),
            Quality::Full,
            "loading within budget needs no degradation"
        );
    }

    #[test]
    fn work_progresses_even_when_the_frame_alone_is_over_budget() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        let mut m = lavapipe_like(2);
        m.fixed_ms = 25.0;
        let (_, loaded) = simulate(&mut g, &mut m, 5000, 60, 10_000, 200);
        let done_at = loaded
            .iter()
            .scan(0, |sum, &n| {
                *sum += n;
                Some(*sum)
            })
            .position(|s| s == 5000)
            .unwrap();
        // A quarter of the budget still goes to work: ~190 strokes a frame, not one.
        assert!(done_at < 60, "loaded after {done_at} frames");
        assert!(
            loaded[..=done_at].iter().all(|&n| n >= 1),
            "at least one stroke every frame until loaded"
        );
        assert!(
            g.quality() > Quality::Full,
            "sustained misses step quality down"
        );
        assert!(g.alerts().any(|a| a.kind == AlertKind::QualityDown));
        let jank_alerts = g.alerts().filter(|a| a.kind == AlertKind::Jank).count();
        assert!(
            jank_alerts <= 4,
            "jank alerts are rate-limited: {jank_alerts}"
        );
    }

    #[test]
    fn a_layer_rebuild_is_spread_over_frames_within_the_budget() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        let mut m = lavapipe_like(3);
        // Learn the fixed cost first, then a 5M-index rebuild (10k strokes on lavapipe ≈ 400 ms).
        simulate(&mut g, &mut m, 0, 60, 0, 30);
        let (times, _) = simulate(&mut g, &mut m, 0, 60, 5_000_000, 200);
        let worst = times.iter().copied().fold(0.0, f64::max);
        assert!(worst <= 2.0 * 16.7, "worst frame {worst:.2} ms");
        assert!(
            times[3..].iter().all(|&t| t <= 16.7 + 1.0),
            "learned after 3 frames"
        );
        // ~400 ms of work at ~7 ms per frame: done in about 60 frames, not 200.
        let busy = times.iter().filter(|&&t| t > m.fixed_ms + 2.0).count();
        assert!(busy < 90, "{busy} frames of rebuild");
    }

    #[test]
    fn hysteresis_prevents_oscillation_under_noise() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        let mut rng = SplitMix64::new(7);
        // Frames hover around the budget; at lower quality they are a bit cheaper.
        for _ in 0..5000 {
            let _ = g.begin_frame();
            let base = match g.quality() {
                Quality::Full => 16.0,
                Quality::AnalyticAa => 12.0,
                Quality::CoarseTessellation => 9.0,
                Quality::HalfResLayer => 7.0,
            };
            g.end_frame(base + (rng.unit() - 0.5) * 6.0);
        }
        let s = g.stats();
        assert!(
            s.steps_down + s.steps_up <= 6,
            "{} steps down, {} up in 5000 noisy frames",
            s.steps_down,
            s.steps_up
        );
        assert!(s.steps_down >= 1, "frames near the budget do step down");
    }

    #[test]
    fn quality_recovers_after_a_settling_window() {
        let cfg = GovernorConfig::preset(Preset::Default, 60.0);
        let mut g = Governor::new(cfg);
        for _ in 0..40 {
            // Slow frames, slow because of their work.
            let mut plan = g.begin_frame();
            g.spent(&mut plan, Work::Tessellate, 50_000, Some(20.0));
            g.end_frame(30.0);
        }
        assert_eq!(
            g.quality(),
            Quality::CoarseTessellation,
            "every level of the default preset down"
        );
        let mut frames_to_full = 0;
        while g.quality() != Quality::Full && frames_to_full < 10_000 {
            let _ = g.begin_frame();
            g.end_frame(5.0);
            frames_to_full += 1;
        }
        assert_eq!(g.quality(), Quality::Full);
        assert_eq!(
            frames_to_full,
            2 * cfg.recover_after,
            "one settling window per level"
        );
    }

    #[test]
    fn levels_below_analytic_aa_are_taken_only_when_work_is_what_misses() {
        // Frames over the budget with no background work (the fixed cost alone misses, as with
        // the overlay on a software rasterizer): MSAA goes, nothing else would help.
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        for _ in 0..200 {
            let _ = g.begin_frame();
            g.end_frame(30.0);
        }
        assert_eq!(g.quality(), Quality::AnalyticAa);
        assert_eq!(g.stats().steps_down, 1);
        // Some work, but the frame would miss without it too (26 ms of fixed cost): no change.
        for _ in 0..200 {
            let mut plan = g.begin_frame();
            g.spent(&mut plan, Work::Tessellate, 10_000, Some(4.0));
            g.end_frame(30.0);
        }
        assert_eq!(g.quality(), Quality::AnalyticAa);
        // Frames that miss because of their work: down to the lowest level.
        for _ in 0..40 {
            let mut plan = g.begin_frame();
            g.spent(&mut plan, Work::Tessellate, 50_000, Some(20.0));
            g.end_frame(30.0);
        }
        assert_eq!(g.quality(), Quality::CoarseTessellation);
    }

    #[test]
    fn presets_change_behaviour_as_documented() {
        let frames_to_degrade = |p: Preset| {
            let mut g = Governor::new(GovernorConfig::preset(p, 60.0));
            for k in 1..1000 {
                let _ = g.begin_frame();
                g.end_frame(20.0);
                if g.quality() != Quality::Full {
                    return (k, g);
                }
            }
            (1000, g)
        };
        let (aggressive, _) = frames_to_degrade(Preset::Aggressive);
        let (default, _) = frames_to_degrade(Preset::Default);
        let (conservative, mut c) = frames_to_degrade(Preset::Conservative);
        assert!(aggressive < default && default < conservative);
        for _ in 0..1000 {
            let mut plan = c.begin_frame();
            c.spent(&mut plan, Work::Tessellate, 50_000, Some(30.0));
            c.end_frame(40.0);
        }
        assert_eq!(
            c.quality(),
            Quality::AnalyticAa,
            "conservative never degrades beyond AA"
        );
        // Aggressive goes furthest: down to the half-resolution layer.
        let mut a = Governor::new(GovernorConfig::preset(Preset::Aggressive, 60.0));
        for _ in 0..100 {
            let mut plan = a.begin_frame();
            a.spent(&mut plan, Work::Tessellate, 50_000, Some(30.0));
            a.end_frame(40.0);
        }
        assert_eq!(a.quality(), Quality::HalfResLayer);
        let a = GovernorConfig::preset(Preset::Aggressive, 60.0);
        let d = GovernorConfig::preset(Preset::Default, 60.0);
        let cc = GovernorConfig::preset(Preset::Conservative, 60.0);
        assert!(a.headroom > d.headroom && d.headroom > cc.headroom);
        assert!(
            cc.min_units.iter().zip(d.min_units).all(|(c, d)| *c > d),
            "larger batches"
        );
        assert_eq!(
            GovernorConfig::preset(Preset::Default, 120.0).budget_ms,
            1000.0 / 120.0
        );
    }

    #[test]
    fn learns_fixed_and_layer_costs_from_frame_totals() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        let mut rng = SplitMix64::new(5);
        // Every frame draws some layer work: the costs are separated by their spread.
        for _ in 0..200 {
            let mut plan = g.begin_frame();
            let x = 20_000 + (rng.unit() * 60_000.0) as u64;
            g.spent(&mut plan, Work::Layer, x, None);
            g.end_frame(4.0 + x as f64 * 1.5e-4 + (rng.unit() - 0.5) * 0.2);
        }
        let s = g.stats();
        assert!((s.fixed_ms - 4.0).abs() < 0.3, "fixed {}", s.fixed_ms);
        assert!(
            (s.ms_per_unit[0] - 1.5e-4).abs() < 1e-5,
            "layer {}",
            s.ms_per_unit[0]
        );
        // And the next frame's layer grant fills what the budget leaves: (14.2 - 4) / 1.5e-4.
        let plan = g.begin_frame();
        let grant = g.grant(&plan, Work::Layer);
        assert!((60_000..75_000).contains(&grant), "{grant}");
    }

    #[test]
    fn the_layer_grant_ramps_up_and_backs_off() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        let min = g.config().min_units[Work::Layer.index()];
        // Whatever the estimate says, the first grant is a few minimum batches, then it grows at
        // most 4× per frame that took under half the budget…
        let mut last = 0;
        for k in 0..5 {
            let mut plan = g.begin_frame();
            let n = g.grant(&plan, Work::Layer);
            if k == 0 {
                assert_eq!(n, 4 * min);
            } else {
                assert!(n <= 4 * last, "{n} after {last}");
            }
            g.spent(&mut plan, Work::Layer, n, None);
            g.end_frame(2.0 + n as f64 * 1e-6); // far cheaper than the prior: it may grow
            last = n;
        }
        assert!(last >= 64 * min, "grew to {last}");
        // …and at most 2× per frame that fitted with less to spare (the first grant here still
        // follows the last cheap frame).
        for k in 0..4 {
            let mut plan = g.begin_frame();
            let n = g.grant(&plan, Work::Layer);
            if k > 0 {
                assert!(n <= 2 * last, "{n} after {last}");
            }
            g.spent(&mut plan, Work::Layer, n, None);
            g.end_frame(12.0);
            last = n;
        }
        // The cost suddenly jumps 100× (a zoom made every stroke huge): one slow frame halves it.
        let mut plan = g.begin_frame();
        let n = g.grant(&plan, Work::Layer);
        g.spent(&mut plan, Work::Layer, n, None);
        g.end_frame(2.0 + n as f64 * 1e-4);
        let plan = g.begin_frame();
        assert!(g.grant(&plan, Work::Layer) <= n / 2);
    }

    #[test]
    fn the_frame_that_starts_a_rebuild_draws_little_and_keeps_the_grant() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        let min = g.config().min_units[Work::Layer.index()];
        // Playback has grown the layer grant.
        for _ in 0..8 {
            let mut plan = g.begin_frame();
            let n = g.grant(&plan, Work::Layer);
            g.spent(&mut plan, Work::Layer, n, None);
            g.end_frame(4.0 + n as f64 * 1e-6);
        }
        let plan = g.begin_frame();
        let grown = g.grant(&plan, Work::Layer);
        assert!(grown >= 16 * min, "{grown}");
        // A zoom: the first frame clears the new layer and draws the whole stand-in, which is
        // expensive, but the layer only gets the minimum…
        let mut plan = g.begin_frame_of(FrameKind::RebuildStart);
        assert_eq!(g.grant(&plan, Work::Layer), min);
        g.spent(&mut plan, Work::Layer, min, None);
        g.end_frame(24.0);
        // …and the rebuild's next frames are not throttled for what that frame cost.
        let plan = g.begin_frame_of(FrameKind::Standin);
        assert!(g.grant(&plan, Work::Layer) >= grown / 2);
        assert!(g.stats().rebuild_start_fixed_ms > 20.0);
        // The other kinds' fixed costs did not learn from it.
        assert!(g.stats().fixed_ms < 8.0, "{:?}", g.stats());
    }

    #[test]
    fn memory_and_jank_become_alerts() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        let _ = g.begin_frame();
        g.end_frame(40.0);
        assert!(g.check_memory(200_000_000, 100_000_000));
        assert!(!g.check_memory(50_000_000, 100_000_000));
        let kinds: Vec<AlertKind> = g.alerts().map(|a| a.kind).collect();
        assert_eq!(kinds, vec![AlertKind::Jank, AlertKind::Memory]);
        assert_eq!(g.stats().janky, 1);
        assert_eq!(g.stats().memory_violations, 1);
    }
}
