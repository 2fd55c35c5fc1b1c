//! The governed part of a frame: choose its path (direct or through the retained layer), apply
//! the quality level, grant the layer its share first (it is what the viewer sees), then stream
//! in what fits of the drawing, and afterwards tell the governor what the frame cost. The
//! [`Governor`] itself only sees numbers; this is where they are read off the renderer and the
//! streamer.

use super::prepared::Prepared;
use crate::governor::{
    FrameKind, FramePlan, FrameSample, Governor, GovernorConfig, PathUnits, Quality, Work,
};
use crate::gpu::{AntiAlias, CheckpointWork, FrameReport, Gpu, GpuError, RenderSettings, Renderer};
use crate::import::incoming::Incoming;
use crate::stream::Streamer;
use crate::tess::MeshCache;

/// A [`Governor`] bound to a renderer's configured antialiasing.
#[derive(Debug)]
pub(super) struct Governed {
    /// The governor.
    pub(super) governor: Governor,
    /// Antialiasing asked for (quality levels may lower it).
    base_aa: AntiAlias,
    plan: Option<FramePlan>,
    /// The quality level the renderer was last set to.
    applied: Option<Quality>,
}

impl Governed {
    /// Govern with `cfg`; `base_aa` is the antialiasing to use at full quality.
    pub(super) fn new(cfg: GovernorConfig, base_aa: AntiAlias) -> Self {
        Self {
            governor: Governor::new(cfg),
            base_aa,
            plan: None,
            applied: None,
        }
    }

    /// Start a frame: apply the quality level, give the layer its budget, stream what fits.
    pub(super) fn before_encode(
        &mut self,
        gpu: &Gpu,
        renderer: &mut Renderer,
        cache: &mut MeshCache,
        stream: Option<(&mut Streamer, &mut Incoming)>,
        playhead_ms: f64,
    ) -> Result<Prepared, GpuError> {
        puffin::profile_function!();
        let units = renderer.path_units(playhead_ms);
        let (kind, normal_grant) = self.frame_kind(renderer, playhead_ms, units);
        let direct = kind == FrameKind::Direct;
        let mut plan = self.governor.begin_frame_of(kind);
        let quality = plan.quality;
        let aa = if quality.allows_msaa() || self.base_aa != AntiAlias::Msaa4 {
            self.base_aa
        } else {
            AntiAlias::Analytic
        };
        if renderer.settings().aa != aa {
            renderer.set_settings(RenderSettings {
                aa,
                ..renderer.settings()
            });
        }
        renderer.set_layer_downscale(quality.layer_downscale());
        let backlog = if direct {
            // The layer is not drawn; the frame draws every started stroke.
            self.governor.reserve(&mut plan, Work::Layer, units.direct);
            0
        } else {
            renderer.layer_backlog(playhead_ms)
        };
        // Work is ordered by when the playhead needs it: the layer's backlog is missing from this
        // very frame, so it goes first; but when the playhead is waiting for ink still streaming in,
        // streaming is needed now too, and the layer gets at most half of the time.
        let starving = stream
            .as_ref()
            .is_some_and(|(s, _)| s.ready_until(renderer.timeline()) <= playhead_ms);
        let layer_plan = if starving {
            // (While frames are pipelined the layer is drawn on the GPU and does not take from
            // the streaming's CPU time: only the CPU side's share is halved.)
            FramePlan {
                remaining_ms: plan.remaining_ms * 0.5,
                ..plan
            }
        } else {
            plan
        };
        // A direct frame keeps an ordinary frame's layer grant: it shows no further than the layer
        // would get in it (see `Renderer::layer_ready_until`).
        let layer_budget = if direct {
            normal_grant
        } else {
            self.governor.grant(&layer_plan, Work::Layer)
        };
        log::debug!(
            "governor frame {}: {kind:?}, {:.2} ms for work, layer backlog {backlog} budget {layer_budget}, {:?}",
            self.governor.stats().frames,
            plan.remaining_ms,
            self.governor.stats()
        );
        self.governor
            .reserve(&mut plan, Work::Layer, layer_budget.min(backlog));
        renderer.set_layer_budget(Some(layer_budget));
        let per_frame = self
            .governor
            .layer_units_per_frame(FrameKind::Normal)
            .unwrap_or(0);
        let mut out = Prepared {
            layer_budget,
            layer_backlog: backlog,
            quality_applied: self.applied.replace(quality) != Some(quality),
            ..Prepared::default()
        };
        if let Some((s, incoming)) = stream {
            if !s.done() {
                s.set_tolerance_factor(quality.tolerance_factor());
                let points = self.governor.grant_stream(&plan);
                let (st, err) = s.step(gpu, renderer, cache, incoming, usize::MAX, points)?;
                // Making strokes (for a drawing still arriving) is paid per point like their
                // tessellation, and learned with it.
                self.governor.spent(
                    &mut plan,
                    Work::Tessellate,
                    st.points,
                    Some(st.tessellate_ms + st.import_ms),
                );
                self.governor
                    .spent(&mut plan, Work::Upload, st.bytes, Some(st.upload_ms));
                out.stream = st;
                out.import_error = err;
            }
        }
        // A quarter of what the frame has left fills checkpoints in the background, and at most
        // the config's background share of the budget (nothing when it has nothing left, or in
        // a direct frame: the minimum batch is for work the playhead waits on). Little, because
        // this work is never urgent, a frame of playback should cost the same at any drawing's
        // size, and its copies, which the estimate knows least about, must not cost the frame.
        // And never more than the layer saves this frame over a direct one: with its background
        // work, a frame costs no more than redrawing everything would.
        let saving = self.governor.direct_saving_ms(units);
        let build = if plan.layer_ms() > 0.0 && !direct {
            let cfg = self.governor.config();
            let background = plan
                .share(0.25)
                .at_most((cfg.budget_ms * cfg.background_fraction).min(saving));
            self.governor.grant(&background, Work::Layer)
        } else {
            0
        };
        self.governor.reserve(&mut plan, Work::Layer, build);
        renderer.set_checkpoint_work(CheckpointWork {
            per_frame,
            build,
            restore_units: self.governor.restore_units(),
        });
        self.plan = Some(plan);
        Ok(out)
    }

    /// The next frame's kind: direct when the governor finds that cheaper (see
    /// [`Governor::choose_path`]), else what the layer does in it (starts a rebuild, shows a
    /// stand-in, starts over at a seek, or an ordinary update), and an ordinary frame's layer
    /// grant. Sets the renderer's path; `units` are what the two paths would draw.
    fn frame_kind(
        &mut self,
        renderer: &mut Renderer,
        playhead_ms: f64,
        units: PathUnits,
    ) -> (FrameKind, u64) {
        let normal = self.governor.begin_frame_of(FrameKind::Normal);
        let grant = self.governor.grant(&normal, Work::Layer);
        let direct = self.governor.choose_path(units);
        renderer.set_direct(direct);
        let kind = if direct {
            FrameKind::Direct
        } else if renderer.rebuild_starts(playhead_ms) {
            FrameKind::RebuildStart
        } else if renderer.standin_expected(playhead_ms) {
            FrameKind::Standin
        } else if renderer.seek_restarts(playhead_ms, grant) {
            // A seek starts the layer over (a checkpoint restored, or cleared): its own kind of
            // frame, with the restore in its fixed cost.
            FrameKind::Seek
        } else {
            FrameKind::Normal
        };
        (kind, grant)
    }

    /// How much of one unit of `work` beside the replay (an exported frame) fits in what this
    /// frame's plan has left; `None` outside prepare → finish.
    pub(super) fn grant_extra(&self, work: Work) -> Option<f64> {
        let plan = self.plan.as_ref()?;
        Some(self.governor.grant_fraction(plan, work))
    }

    /// `units` of `work` beside the replay took `ms` of this frame: learned, and counted in it.
    pub(super) fn spent_extra(&mut self, work: Work, units: u64, ms: f64) {
        if let Some(plan) = self.plan.as_mut() {
            self.governor.spent(plan, work, units, Some(ms));
        }
    }

    /// End the frame: the layer work the renderer did and the frame's total time (ms).
    pub(super) fn after_frame(&mut self, report: &FrameReport, frame_ms: f64) {
        let mut s = self.finish_frame(report);
        s.frame_ms = frame_ms;
        self.governor.record(s);
    }

    /// End the frame without its time yet: [`Governor::record`] the sample (with `frame_ms` set)
    /// when the frame's GPU time is known.
    pub(super) fn finish_frame(&mut self, report: &FrameReport) -> FrameSample {
        if let Some(mut plan) = self.plan.take() {
            self.governor.spent(
                &mut plan,
                Work::Layer,
                report.layer_indices + report.checkpoint_indices + report.direct_indices,
                None,
            );
        }
        let mut s = self.governor.take_sample();
        s.layer_copies = report.checkpoint_copies;
        s.fresh_layer = report.layer_fresh;
        s
    }
}
