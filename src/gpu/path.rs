//! The direct path of a governed frame: every started stroke drawn into the target, the retained
//! layer left as it is, when the governor found that cheaper than composing the layer
//! ([`Governor::choose_path`](crate::governor::Governor::choose_path)). The layer keeps what it
//! holds for when the frames go back to it; only what it could no longer use as it is (a layer of
//! another view, a stand-in) is let go, so that going back never shows a stand-in.

use super::{FrameReport, FrameTarget, Gpu, Renderer};
use crate::governor::PathUnits;

impl Renderer {
    /// Draw the next frames direct (`true`) or through the retained layer. The governed replay
    /// sets it every frame; without a governor frames use the layer.
    pub fn set_direct(&mut self, direct: bool) {
        self.direct = direct;
    }

    /// Whether [`Renderer::encode_frame`] draws direct.
    pub fn direct(&self) -> bool {
        self.direct
    }

    /// What a direct frame and a layer frame at `playhead_ms` would draw (indices): every started
    /// stroke, and the strokes in progress. `layer_exact` is left for the caller, who knows the
    /// layer's grant.
    pub fn path_units(&self, playhead_ms: f64) -> PathUnits {
        let list = self.draw_list(playhead_ms);
        let count = |r| self.geometry.as_ref().map_or(0, |g| g.index_count(r));
        PathUnits {
            direct: count(list.started()),
            layer: count(list.live.clone()),
            layer_exact: false,
        }
    }

    /// The direct frame [`Renderer::encode_frame`] draws when [`Renderer::set_direct`] chose it.
    pub(super) fn encode_path_direct(
        &mut self,
        gpu: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        playhead_ms: f64,
    ) -> FrameReport {
        self.retained.leave_for_direct(self.layer_view());
        // New layers are allocated here as in a layer frame (no frame of playback allocates),
        // and the stand-in pipeline is warmed up with them.
        self.ensure_size(gpu, target.size());
        let warmed = self.warm_standin(gpu, encoder);
        let mut report = self.encode_direct(gpu, encoder, target, playhead_ms);
        report.layer_fresh = warmed;
        report.direct = true;
        report.direct_indices = self.path_units(playhead_ms).direct;
        report
    }
}
