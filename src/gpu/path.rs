//! The direct path of a governed frame: every started stroke drawn into the target, the retained
//! layer left as it is, when the governor found that cheaper than composing the layer
//! ([`Governor::choose_path`](crate::governor::Governor::choose_path)). The layer keeps what it
//! holds for when the frames go back to it; only what it could no longer use as it is (a layer of
//! another view, a stand-in) is let go, so that going back never shows a stand-in. A direct frame
//! shows no further than a layer frame would get ([`Renderer::layer_ready_until`]), so going back
//! never shows an earlier moment either; and it notes the target as the layer plus the strokes the
//! layer lacks, so the layer frame after it copies only where those were drawn.

use super::layer::damage::{px_bounds, Shown, TargetState};
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
    /// stroke, and the strokes in progress.
    pub fn path_units(&self, playhead_ms: f64) -> PathUnits {
        let list = self.draw_list(playhead_ms);
        let count = |r| self.geometry.as_ref().map_or(0, |g| g.index_count(r));
        PathUnits {
            direct: count(list.started()),
            layer: count(list.live.clone()),
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
        // No further than a layer frame would get (the direct frame's work stays within a layer
        // frame's, and the layer frame after it never shows an earlier moment).
        let playhead_ms = playhead_ms.min(self.layer_ready_until(playhead_ms));
        self.retained.leave_for_direct(self.layer_view());
        // New layers are allocated here as in a layer frame (no frame of playback allocates),
        // and the stand-in pipeline is warmed up with them.
        self.ensure_size(gpu, target.size());
        let warmed = self.warm_standin(gpu, encoder);
        let mut report = self.encode_direct(gpu, encoder, target, playhead_ms);
        report.layer_fresh = warmed;
        report.direct = true;
        self.was_direct = true;
        let drawn = self.draw_list(playhead_ms).started();
        report.direct_indices = self
            .geometry
            .as_ref()
            .map_or(0, |g| g.index_count(drawn.clone()));
        self.note_direct_target(target, drawn);
        report
    }

    /// What a direct frame left in `target`, for the next layer frame's damage: with one sample
    /// and a full-resolution layer, the layer's strokes are drawn there as the layer draws them,
    /// so the target differs from the layer only where the strokes the layer lacks were drawn
    /// (of `drawn`, the strokes the frame drew).
    fn note_direct_target(&mut self, target: FrameTarget<'_>, drawn: std::ops::Range<u32>) {
        let held = self.retained.holds_at(self.layer_view());
        let (Some(held), 1, 1) = (held, self.settings.aa.sample_count(), self.layer_div()) else {
            return;
        };
        let dirty = px_bounds(
            &self.stroke_bounds,
            self.view,
            self.size,
            held.min(drawn.end)..drawn.end,
        );
        self.retained.set_target_state(Some(TargetState {
            texture: target.texture.clone(),
            shows: Shown::Layer,
            dirty,
        }));
    }
}
