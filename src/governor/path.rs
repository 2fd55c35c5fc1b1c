//! Which way a frame is drawn, from the learned costs: through the retained layer (a copy of the
//! layer, the strokes in progress over it) or *direct* (the target cleared and every started
//! stroke drawn into it, the layer left as it is). While few strokes are finished, redrawing them
//! costs less than composing the layer (a multisampled composition on a software rasterizer costs
//! more than drawing a few hundred strokes), and a direct frame is the cheaper one; once the
//! finished strokes cost more to redraw than the composition, the layer pays off.
//!
//! The two predictions use each kind's fitted fixed cost and cost per index ([`FrameKind::Direct`]
//! learns from direct frames as every kind does); a cost per index counts only where it was fitted
//! clear of the noise, else another kind's, else the pessimistic prior (a slope the noise hides
//! must not make redrawing everything look free). A kind not measured yet is predicted with the
//! other's fixed cost, and a direct frame is tried once, to learn its cost, when it would redraw
//! little (at most [`EXPLORE`] of the layer frame's fixed cost). A frame goes direct only when it
//! is predicted at least [`ENTER_DIRECT`] cheaper, and leaves it when the layer frame is cheaper,
//! or when a direct frame would no longer fit the budget: the path never flips on noise. A direct
//! frame shows no further than a layer frame would get (the renderer limits both alike), so going
//! back to the layer never shows an earlier moment.
//!
//! What the layer frame saves over a direct one ([`Governor::direct_saving_ms`]) is what
//! background work beside it may spend (the checkpoint builder), so that the frame with its
//! background work costs no more than redrawing everything would.

use super::{FrameKind, Governor};

/// A direct frame is tried once before its cost is known when the strokes it redraws beyond a
/// layer frame's cost at most this share of the layer frame's fixed cost.
pub const EXPLORE: f64 = 0.25;

/// A frame goes direct only when predicted to cost at most this share of the layer frame.
pub const ENTER_DIRECT: f64 = 0.85;

/// What the two ways of drawing the next frame would draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathUnits {
    /// Indices a direct frame draws: every started stroke.
    pub direct: u64,
    /// Indices a layer frame draws over the layer: the strokes in progress.
    pub layer: u64,
}

impl Governor {
    /// Whether the next frame should be drawn direct (see the module docs); remembered for the
    /// next frame's choice.
    pub fn choose_path(&mut self, units: PathUnits) -> bool {
        let direct_known = self.costs.layer_fixed_ms(FrameKind::Direct).is_some();
        let direct = self.predict_path(FrameKind::Direct, units.direct);
        let layer = self.predict_path(FrameKind::Normal, units.layer);
        let cheaper = if !direct_known {
            let layer_fixed = self.costs.layer_fixed_ms(FrameKind::Normal).unwrap_or(0.0);
            direct - layer <= EXPLORE * layer_fixed
        } else if self.direct {
            direct <= layer
        } else {
            direct <= ENTER_DIRECT * layer
        };
        // Never a direct frame that would not fit the budget. (Going back to the layer never shows
        // an earlier moment: a direct frame shows no further than a layer frame would get.)
        let fits = direct <= self.target_ms() / self.costs.spread();
        self.direct = cheaper && fits;
        if self.direct {
            self.stats.direct_frames += 1;
        }
        self.direct
    }

    /// What a layer frame drawing `units.layer` over the layer is predicted to save over a direct
    /// frame drawing `units.direct` (ms, at least 0): what background work may spend beside it.
    pub fn direct_saving_ms(&self, units: PathUnits) -> f64 {
        let direct = self.predict_path(FrameKind::Direct, units.direct);
        let layer = self.predict_path(FrameKind::Normal, units.layer);
        (direct - layer).max(0.0)
    }

    /// A frame of `kind` drawing `units` indices, on the side that draws (the GPU's while frames
    /// are pipelined): its fixed cost, else the other path's, else none; plus the units at its
    /// cost per index where that was fitted significantly, else another kind's, else the
    /// (pessimistic) prior: a slope the noise hides must not make redrawing everything look free.
    fn predict_path(&self, kind: FrameKind, units: u64) -> f64 {
        let other = if kind == FrameKind::Direct {
            FrameKind::Normal
        } else {
            FrameKind::Direct
        };
        let fixed = self
            .costs
            .layer_fixed_ms(kind)
            .or_else(|| self.costs.layer_fixed_ms(other))
            .unwrap_or(0.0);
        fixed + units as f64 * self.costs.fitted_layer_cost(kind)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::governor::{FrameSample, GovernorConfig, Preset};

    /// `n` frames of `kind` drawing `units(i)` indices at `fixed + per · units` ms.
    fn learn(g: &mut Governor, kind: FrameKind, fixed: f64, per: f64, n: u64, units: u64) {
        for i in 0..n {
            let x = units + (i % 5) * units / 4;
            g.record(FrameSample {
                kind,
                layer_units: x,
                frame_ms: fixed + per * x as f64,
                ..FrameSample::default()
            });
        }
    }

    /// A governor that learned layer frames of `composition` ms and direct frames of `clear` ms,
    /// 1e-4 ms an index either way.
    fn composing(composition: f64, clear: f64) -> Governor {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        learn(&mut g, FrameKind::Normal, composition, 1e-4, 30, 2000);
        learn(&mut g, FrameKind::Direct, clear, 1e-4, 30, 2000);
        g
    }

    fn units(direct: u64, layer: u64) -> PathUnits {
        PathUnits { direct, layer }
    }

    #[test]
    fn a_direct_frame_is_tried_once_when_it_redraws_little() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        // Nothing known, nothing finished: direct (and its cost is then learned).
        assert!(g.choose_path(units(100, 100)));
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        learn(&mut g, FrameKind::Normal, 1.0, 1e-5, 30, 1000);
        // Redrawing 100k indices at 1e-5 ms is 1 ms, more than a quarter of the 1 ms fixed cost.
        assert!(!g.choose_path(units(100_000, 1000)));
        assert!(g.choose_path(units(11_000, 1000)));
    }

    #[test]
    fn direct_while_the_composition_costs_more_than_the_redraw() {
        // A composition of 12 ms, a clear of 6 ms.
        let mut g = composing(12.0, 6.0);
        assert!(g.choose_path(units(20_000, 1000)));
        // Direct costs 6 + 5 = 11 ms against the layer's 12.1: it stays direct...
        assert!(g.choose_path(units(50_000, 1000)));
        // ...until the layer is cheaper; and from the layer it goes back only when direct is
        // clearly cheaper (not at 10.5 ms against 12.1).
        assert!(!g.choose_path(units(70_000, 1000)));
        assert!(!g.choose_path(units(45_000, 1000)));
        assert!(g.choose_path(units(30_000, 1000)));
        assert_eq!(g.stats().direct_frames, 3);
    }

    #[test]
    fn never_a_direct_frame_over_the_budget() {
        // A composition that costs more than the budget: direct frames while they fit.
        let mut g = composing(30.0, 6.0);
        assert!(g.choose_path(units(70_000, 1000)));
        assert!(!g.choose_path(units(200_000, 1000)));
    }

    #[test]
    fn a_slope_the_noise_hides_does_not_make_redrawing_free() {
        let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
        learn(&mut g, FrameKind::Normal, 1.0, 1e-5, 30, 1000);
        // Direct frames of about 0.5 ms whatever they draw (1k to 9k indices): their slope is a
        // few 1e-9 ms, not significant, so the layer's fitted cost per index predicts them
        // (0.5 + 50 ms) and the layer is chosen; at the slope itself, 5 M indices would look free.
        for i in 0..30 {
            g.record(FrameSample {
                kind: FrameKind::Direct,
                layer_units: 1000 + (i % 3) * 4000,
                frame_ms: 0.5 + 0.005 * ((i % 2) as f64 - 0.5),
                ..FrameSample::default()
            });
        }
        assert!(!g.choose_path(units(5_000_000, 1000)));
    }

    #[test]
    fn the_saving_pays_for_background_work() {
        let g = composing(1.0, 1.0);
        assert_eq!(g.direct_saving_ms(units(1000, 1000)), 0.0);
        let s = g.direct_saving_ms(units(21_000, 1000));
        assert!((s - 2.0).abs() < 0.05, "{s}");
    }
}
