//! What work costs, learned from what frames report, and how much of it fits in a frame.
//!
//! Each kind of frame ([`FrameKind`]) has its own fixed cost and layer cost per index, fitted
//! together by exponentially weighted least squares on `frame ms − CPU work ms = fixed + c ·
//! indices` (the layer's GPU time is only visible in the frame's total). Tessellation and upload
//! are timed on the CPU: their costs per point and per byte are running averages. A
//! [`FramePlan`] is the time a frame has left for background work; the grants turn it into units.
//!
//! That is a serial frame: CPU and GPU work add up (a software rasterizer, or a frame that waits
//! for its GPU work). A pipelined frame's GPU work runs beside the next frames' CPU work and the
//! frame costs the larger of the two; such frames report both times apart
//! ([`FrameSample::pipelined`]), and the model learns the two sides separately, with no constant
//! per device: the GPU's fixed cost and layer cost per index by the same fit on the GPU time, the
//! CPU's fixed cost as a running average of CPU time less background work. While frames are
//! pipelined, a plan has a GPU budget for the layer beside the CPU budget for streaming.

use super::config::GovernorConfig;
use super::fit::Fit;
use super::quality::Quality;
use super::work::{FrameKind, FrameSample, Pipelined, Work, WORK_KINDS};

/// Prior costs before anything is measured (ms per layer index, tessellated point, uploaded
/// byte, exported frame): deliberately pessimistic (a software rasterizer), so the first frames do little and the
/// learned costs take over within a few frames.
pub(super) const PRIOR_MS_PER_UNIT: [f64; WORK_KINDS] = [1e-4, 5e-4, 2e-6, 10.0];

/// What a frame may spend on background work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FramePlan {
    /// Time left for background work this frame (ms); shrinks as work is reported. While frames
    /// are pipelined, the CPU's time only (streaming).
    pub remaining_ms: f64,
    /// While frames are pipelined, the GPU's time left for the layer (ms); `None`: the layer shares
    /// `remaining_ms`.
    pub gpu_remaining_ms: Option<f64>,
    /// The quality level to render at.
    pub quality: Quality,
}

impl FramePlan {
    /// Time left for the layer.
    pub fn layer_ms(&self) -> f64 {
        self.gpu_remaining_ms.unwrap_or(self.remaining_ms)
    }

    /// The same plan with `f` of the time left (on both sides).
    pub fn share(&self, f: f64) -> FramePlan {
        FramePlan {
            remaining_ms: self.remaining_ms * f,
            gpu_remaining_ms: self.gpu_remaining_ms.map(|g| g * f),
            ..*self
        }
    }

    /// The same plan with at most `ms` left (on both sides).
    pub fn at_most(&self, ms: f64) -> FramePlan {
        FramePlan {
            remaining_ms: self.remaining_ms.min(ms),
            gpu_remaining_ms: self.gpu_remaining_ms.map(|g| g.min(ms)),
            ..*self
        }
    }

    /// Time left for `work`: the layer's ([`FramePlan::layer_ms`]) or the CPU's.
    fn left(&self, work: Work) -> f64 {
        match work {
            Work::Layer => self.layer_ms(),
            _ => self.remaining_ms,
        }
    }

    fn left_mut(&mut self, work: Work) -> &mut f64 {
        match work {
            Work::Layer => self
                .gpu_remaining_ms
                .as_mut()
                .unwrap_or(&mut self.remaining_ms),
            _ => &mut self.remaining_ms,
        }
    }
}

/// Fixed cost and layer cost per index for one kind of frame.
#[derive(Debug, Clone, Copy, Default)]
struct KindModel {
    fit: Fit,
    fixed_ms: Option<f64>,
    /// Learned layer cost per index (`None`: use the other kind's, or the prior).
    layer_ms: Option<f64>,
    /// Whether `layer_ms` was ever fitted significantly (see `Fit::significant`): frames whose
    /// indices varied enough for their cost to show through the noise, not a slope from a few
    /// small steps or only the bound from what the frames took.
    fitted: bool,
}

/// What the governor has learned about costs, and the current frame's work so far.
#[derive(Debug, Clone)]
pub(super) struct CostModel {
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
    /// Most layer indices granted in one frame (see `Governor::grant`).
    layer_ceiling: u64,
    /// Per kind, fitted on the GPU time of pipelined frames: the GPU's fixed and layer costs.
    gpu_models: [KindModel; FrameKind::COUNT],
    /// Per kind, the CPU's fixed cost in pipelined frames (CPU time less background work).
    cpu_fixed: [Option<f64>; FrameKind::COUNT],
    /// Whether the latest frame was pipelined.
    pipelined: bool,
    /// How much longer than predicted full frames run, at a high quantile (see `spread`).
    spread: f64,
}

impl CostModel {
    /// Nothing learned yet: the priors, and a layer grant of a few minimum batches.
    pub(super) fn new(cfg: &GovernorConfig) -> Self {
        Self {
            kind: FrameKind::Normal,
            models: [KindModel::default(); FrameKind::COUNT],
            ms_per_unit: PRIOR_MS_PER_UNIT,
            learned: [false; WORK_KINDS],
            frame_cpu_work_ms: 0.0,
            frame_layer_units: 0,
            frame_points: 0,
            bytes_per_point: 120.0,
            layer_ceiling: 4 * cfg.min_units[Work::Layer.index()],
            gpu_models: [KindModel::default(); FrameKind::COUNT],
            cpu_fixed: [None; FrameKind::COUNT],
            pipelined: false,
            spread: 1.0,
        }
    }

    /// How much longer than the model predicts a frame that uses its budget runs, at the 95th
    /// percentile (at least 1): the same work costs more in some frames than in others (strokes
    /// of different areas, a noisy machine), and a frame planned to end at the target must still
    /// end before the budget in all but a few. Plans aim at `target / spread`.
    pub(super) fn spread(&self) -> f64 {
        self.spread
    }

    /// Learn the spread from a frame predicted to take `predicted` ms that took `frame_ms`: a
    /// streaming estimate of the 95th percentile of their ratio (it steps up by 0.95 × `STEP`
    /// when a frame ran longer than it, down by 0.05 × `STEP` otherwise).
    fn learn_spread(&mut self, predicted: f64, frame_ms: f64) {
        const STEP: f64 = 0.05;
        if !(predicted > 0.0 && frame_ms.is_finite()) {
            return;
        }
        let r = frame_ms / predicted;
        self.spread += if r > self.spread {
            0.95 * STEP
        } else {
            -0.05 * STEP
        };
        self.spread = self.spread.clamp(1.0, 3.0);
    }

    /// The learned fixed cost of a kind of frame (ms), if any yet: while frames are pipelined,
    /// the CPU's.
    pub(super) fn fixed_ms(&self, kind: FrameKind) -> Option<f64> {
        if self.pipelined {
            self.cpu_fixed[kind as usize]
        } else {
            self.models[kind as usize].fixed_ms
        }
    }

    /// The fixed cost of a kind of frame on the side that draws the layer (ms): while frames are
    /// pipelined, the GPU's; otherwise the frame's.
    pub(super) fn layer_fixed_ms(&self, kind: FrameKind) -> Option<f64> {
        self.layer_models()[kind as usize].fixed_ms
    }

    /// Whether the latest frame was pipelined (the layer has a GPU budget of its own).
    pub(super) fn is_pipelined(&self) -> bool {
        self.pipelined
    }

    fn layer_models(&self) -> &[KindModel; FrameKind::COUNT] {
        if self.pipelined {
            &self.gpu_models
        } else {
            &self.models
        }
    }

    /// Cost per unit: layer index (in ordinary frames), tessellated point, uploaded byte,
    /// exported frame (ms).
    pub(super) fn ms_per_unit(&self) -> [f64; WORK_KINDS] {
        let mut c = self.ms_per_unit;
        c[Work::Layer.index()] = self.layer_cost(FrameKind::Normal);
        c
    }

    /// Whether any kind of frame has fitted the layer's cost per index significantly.
    pub(super) fn layer_learned(&self) -> bool {
        self.layer_models().iter().any(|m| m.fitted)
    }

    /// Layer cost per index for a kind of frame (learned, else another kind's, else the prior).
    pub(super) fn layer_cost(&self, kind: FrameKind) -> f64 {
        Self::layer_cost_in(
            self.layer_models(),
            kind,
            self.ms_per_unit[Work::Layer.index()],
        )
    }

    /// Layer cost per index for a kind of frame where fitted significantly (see `Fit::significant`),
    /// else another kind's that was, else the prior.
    pub(super) fn fitted_layer_cost(&self, kind: FrameKind) -> f64 {
        Self::cost_of(
            self.layer_models(),
            kind,
            self.ms_per_unit[Work::Layer.index()],
            |m| m.fitted.then_some(m.layer_ms).flatten(),
        )
    }

    fn layer_cost_in(models: &[KindModel; FrameKind::COUNT], kind: FrameKind, prior: f64) -> f64 {
        Self::cost_of(models, kind, prior, |m| m.layer_ms)
    }

    /// `cost` of `kind`'s model, else of the first model that has one, else `prior`.
    fn cost_of(
        models: &[KindModel; FrameKind::COUNT],
        kind: FrameKind,
        prior: f64,
        cost: impl Fn(&KindModel) -> Option<f64>,
    ) -> f64 {
        cost(&models[kind as usize])
            .or_else(|| models.iter().find_map(&cost))
            .unwrap_or(prior)
    }

    fn unit_cost(&self, work: Work) -> f64 {
        match work {
            Work::Layer => self.layer_cost(self.kind),
            _ => self.ms_per_unit[work.index()],
        }
    }

    /// Start a frame of a given kind, with no work done yet.
    pub(super) fn begin_frame(&mut self, kind: FrameKind) {
        self.kind = kind;
        self.frame_cpu_work_ms = 0.0;
        self.frame_layer_units = 0;
        self.frame_points = 0;
    }

    /// How many units of `work` fit in what is left of the plan (see `Governor::grant`).
    pub(super) fn grant(&self, cfg: &GovernorConfig, plan: &FramePlan, work: Work) -> u64 {
        let cost = self.unit_cost(work).max(1e-12);
        let fit = (plan.left(work) / cost).floor();
        let mut fit = if fit.is_finite() { fit as u64 } else { 0 };
        if work == Work::Layer && self.kind == FrameKind::RebuildStart {
            return cfg.min_units[work.index()];
        }
        if work == Work::Layer {
            // The layer's cost is inferred from noisy frame totals; a bad estimate must not turn
            // into one enormous frame. The grant is bounded by a ceiling that grows to at most four
            // times what a frame that fitted drew (see `record`).
            fit = fit.min(self.layer_ceiling);
        }
        fit.max(cfg.min_units[work.index()])
    }

    /// Units of `work` that fit in what is left of the plan, fractional (see
    /// `Governor::grant_fraction`).
    pub(super) fn grant_fraction(&self, plan: &FramePlan, work: Work) -> f64 {
        let f = plan.left(work) / self.unit_cost(work).max(1e-12);
        if f.is_finite() {
            f.max(0.0)
        } else {
            0.0
        }
    }

    /// How many points to tessellate and upload this frame, at their combined cost per point (see
    /// `Governor::grant_stream`).
    pub(super) fn grant_stream(&self, cfg: &GovernorConfig, plan: &FramePlan) -> u64 {
        let per_point = self.ms_per_unit[Work::Tessellate.index()]
            + self.bytes_per_point * self.ms_per_unit[Work::Upload.index()];
        let fit = (plan.remaining_ms / per_point.max(1e-12)).floor();
        let fit = if fit.is_finite() { fit as u64 } else { 0 };
        fit.max(cfg.min_units[Work::Tessellate.index()])
    }

    /// Shrink the plan by the estimated time of `units` of `work` (see `Governor::reserve`).
    pub(super) fn reserve(&self, plan: &mut FramePlan, work: Work, units: u64) {
        let ms = units as f64 * self.unit_cost(work);
        let left = plan.left_mut(work);
        *left = (*left - ms).max(0.0);
    }

    /// Work done: learn from its measured CPU time (if any), count it in the frame, shrink the plan
    /// (see `Governor::spent`).
    pub(super) fn spent(
        &mut self,
        cfg: &GovernorConfig,
        plan: &mut FramePlan,
        work: Work,
        units: u64,
        cpu_ms: Option<f64>,
    ) {
        let k = work.index();
        let ms = match cpu_ms {
            Some(ms) => {
                self.frame_cpu_work_ms += ms.max(0.0);
                match work {
                    Work::Tessellate => self.frame_points += units,
                    Work::Upload if self.frame_points > 0 => {
                        let bpp = units as f64 / self.frame_points as f64;
                        self.bytes_per_point += cfg.alpha * (bpp - self.bytes_per_point);
                    }
                    _ => {}
                }
                if units > 0 && ms.is_finite() && ms > 0.0 {
                    self.learn(cfg, k, ms / units as f64);
                }
                ms.max(0.0)
            }
            None => {
                self.frame_layer_units += units;
                units as f64 * self.unit_cost(work)
            }
        };
        let left = plan.left_mut(work);
        *left = (*left - ms).max(0.0);
    }

    /// A running average of the cost per unit of kind `k` (the first sample taken as it is).
    fn learn(&mut self, cfg: &GovernorConfig, k: usize, per_unit: f64) {
        if !(per_unit.is_finite() && per_unit >= 0.0) {
            return;
        }
        self.ms_per_unit[k] = if self.learned[k] {
            self.ms_per_unit[k] + cfg.alpha * (per_unit - self.ms_per_unit[k])
        } else {
            per_unit
        };
        self.learned[k] = true;
    }

    /// Learn the fixed cost and the layer's cost per index together from `own_ms = fixed + c · x`
    /// (`x` = layer indices drawn) by exponentially weighted least squares: the layer's GPU time is
    /// only visible in the frame's total, and most frames of a playback draw some layer work.
    /// `gpu`: the pipelined frames' GPU-side model instead of the serial frames' one.
    fn fit_fixed_and_layer(
        &mut self,
        cfg: &GovernorConfig,
        kind: FrameKind,
        gpu: bool,
        x: f64,
        y: f64,
    ) {
        let decay = 1.0 - cfg.alpha / 2.0;
        let prior = self.ms_per_unit[Work::Layer.index()];
        let models = if gpu {
            &mut self.gpu_models
        } else {
            &mut self.models
        };
        let mut c = Self::layer_cost_in(models, kind, prior);
        let m = &mut models[kind as usize];
        let f = &mut m.fit;
        for v in [
            &mut f.n, &mut f.sx, &mut f.sy, &mut f.sxx, &mut f.sxy, &mut f.syy,
        ] {
            *v *= decay;
        }
        f.n += 1.0;
        f.sx += x;
        f.sy += y;
        f.sxx += x * x;
        f.sxy += x * y;
        f.syy += y * y;
        let det = f.n * f.sxx - f.sx * f.sx;
        // Enough spread in x (relative variance above 1 %) to separate the two terms.
        if f.sxx > 0.0 && det > 0.01 * f.n * f.sxx {
            let slope = (f.n * f.sxy - f.sx * f.sy) / det;
            if slope.is_finite() && slope >= 0.0 {
                c = slope;
                m.layer_ms = Some(c);
                m.fitted |= f.significant(slope);
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

    /// What the model predicted a frame would take, once it knows the fixed costs: the sum of
    /// fixed cost and work for a serial frame, the larger side for a pipelined one.
    fn predict(&self, sample: &FrameSample) -> Option<f64> {
        let layer = sample.layer_units as f64 * self.layer_cost(sample.kind);
        let fixed = self.fixed_ms(sample.kind)?;
        Some(if self.pipelined {
            let gpu = self.layer_fixed_ms(sample.kind)? + layer;
            (fixed + sample.cpu_work_ms).max(gpu)
        } else {
            fixed + layer + sample.cpu_work_ms
        })
    }

    /// The current frame's work so far, its `frame_ms` 0 (see `Governor::take_sample`).
    pub(super) fn take_sample(&mut self) -> FrameSample {
        FrameSample {
            kind: self.kind,
            layer_units: std::mem::take(&mut self.frame_layer_units),
            cpu_work_ms: std::mem::take(&mut self.frame_cpu_work_ms),
            layer_copies: 0,
            fresh_layer: false,
            frame_ms: 0.0,
            pipelined: None,
        }
    }

    /// Learn from a finished frame (`frame_ms` finite): the fixed and layer costs of its kind, and
    /// the layer grant's ceiling. A frame with a whole-layer copy, or that started a fresh layer,
    /// teaches no cost and only lets the ceiling grow.
    pub(super) fn record(&mut self, cfg: &GovernorConfig, sample: &FrameSample) {
        self.pipelined = sample.pipelined.is_some();
        // A frame with a whole-layer copy beside its layer work teaches no cost: what the copy
        // cost is neither fixed cost nor indices (the copy's estimate in indices derives from the
        // cost per index, and learning from it would feed that estimate back into itself). It
        // still shows that its layer work fitted, copy and all: when the layer passes a
        // checkpoint every frame, the ceiling must grow from such frames, or it never would.
        if sample.layer_copies > 0 || sample.fresh_layer {
            if sample.frame_ms <= cfg.budget_ms {
                self.grow_ceiling(cfg, sample);
            }
            return;
        }
        let frame_ms = sample.frame_ms;
        // Frames planned to use most of the budget teach the spread (before the fit moves).
        if let Some(predicted) = self.predict(sample) {
            let target = cfg.budget_ms * (1.0 - cfg.headroom);
            if predicted >= 0.5 * target && sample.kind != FrameKind::RebuildStart {
                self.learn_spread(predicted, frame_ms);
            }
        }
        let x = sample.layer_units as f64;
        match sample.pipelined {
            Some(Pipelined { cpu_ms, gpu_ms }) => {
                self.fit_fixed_and_layer(cfg, sample.kind, true, x, gpu_ms.max(0.0));
                let own = (cpu_ms - sample.cpu_work_ms).max(0.0);
                let f = &mut self.cpu_fixed[sample.kind as usize];
                *f = Some(f.map_or(own, |f| f + cfg.alpha * (own - f)));
            }
            None => {
                let own = (frame_ms - sample.cpu_work_ms).max(0.0);
                self.fit_fixed_and_layer(cfg, sample.kind, false, x, own);
            }
        }
        if frame_ms <= cfg.budget_ms {
            self.grow_ceiling(cfg, sample);
        } else if sample.layer_units > 0 && Self::layer_frame(sample.kind) {
            // After a frame that did not fit, half what was drawn (never below a few minimum
            // batches).
            let floor = 4 * cfg.min_units[Work::Layer.index()];
            self.layer_ceiling = (sample.layer_units / 2).max(floor);
        }
    }

    /// Whether frames of `kind` say how much layer work fits (not the frame that starts a
    /// rebuild, which draws a minimum, nor a direct one).
    fn layer_frame(kind: FrameKind) -> bool {
        !matches!(kind, FrameKind::RebuildStart | FrameKind::Direct)
    }

    /// Slow start for the layer grant: after a frame that fitted, grow its ceiling to what was
    /// drawn times `budget / frame_ms`, at least twice and at most four times (four when the frame
    /// took a quarter of the budget or less).
    fn grow_ceiling(&mut self, cfg: &GovernorConfig, sample: &FrameSample) {
        if sample.layer_units > 0 && Self::layer_frame(sample.kind) {
            let growth = (cfg.budget_ms / sample.frame_ms.max(1e-3)).clamp(2.0, 4.0);
            self.layer_ceiling = self
                .layer_ceiling
                .max((sample.layer_units as f64 * growth).min(u64::MAX as f64) as u64);
        }
    }
}
