//! The timeline's stroke-start marks, binned per pixel column and cached.

use crate::playback::{Pacing, PacingOptions, PlaybackClock, Timeline};

/// Stroke-start marks for the scrubber, binned per pixel column (cached: recomputed only when
/// the drawing (or how much of it has arrived), the pacing or the width changes, so a
/// 100k-stroke timeline costs nothing per frame).
#[derive(Debug, Clone, Default)]
pub struct Marks {
    key: Option<(u64, usize, u32, u64, u64, bool)>,
    pub(super) bins: Vec<u32>,
}

impl Marks {
    /// Re-bin the stroke starts for `width` pixel columns, unless nothing they depend on changed.
    pub(super) fn update(
        &mut self,
        drawing_id: u64,
        width: u32,
        clock: &PlaybackClock,
        timeline: &Timeline,
    ) {
        let o: PacingOptions = clock.pacing();
        let key = (
            drawing_id,
            timeline.len(), // grows while a drawing arrives
            width,
            o.max_gap_ms.map_or(u64::MAX, f64::to_bits),
            o.uniform_stroke_ms.to_bits(),
            o.pacing == Pacing::Uniform,
        );
        if self.key == Some(key) {
            return;
        }
        puffin::profile_scope!("timeline_marks");
        self.key = Some(key);
        self.bins.clear();
        self.bins.resize(width.max(1) as usize, 0);
        let dur = clock.duration_ms();
        let last = self.bins.len() - 1;
        for (start, _) in timeline.spans() {
            let f = if dur > 0.0 {
                clock.paced().to_presentation(start) / dur
            } else {
                0.0
            };
            let i = ((f * last as f64).round() as usize).min(last);
            self.bins[i] += 1;
        }
    }
}
