//! Playhead → what to draw.
//!
//! # How it works
//! The model guarantees that time never decreases in stroke order, so stroke start times and end
//! times are both sorted. For a playhead `t` (ms, always passed in, never read from a clock):
//! - strokes `0..finished(t)` are complete (their last point is at or before `t`);
//! - strokes `finished(t)..started(t)` are in progress: drawn with the playhead so the fragment
//!   shader hides ink recorded after `t` (with sorted times this is at most one stroke plus any
//!   zero-length strokes at exactly `t`);
//! - strokes from `started(t)` on are not drawn at all.
//!
//! Both counts are binary searches, so choosing what to draw is O(log n) per frame whatever the size
//! of the drawing. [`FrameDrawList`] is the result the renderer consumes.
//!
//! The playhead itself comes from a [`PlaybackClock`] (transport: play, pause, speed, direction,
//! loop) over a [`PacedTimeline`] (pacing: the map from presentation time to drawing time).

use std::ops::Range;

use crate::model::{Drawing, Stroke};

mod clock;
mod pacing;

pub use clock::{LoopMode, PlaybackClock, SPEED_STEPS};
pub use pacing::{PacedTimeline, Pacing, PacingOptions};

/// Stroke start and end times of a drawing, for O(log n) playhead queries.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    starts: Vec<f64>,
    ends: Vec<f64>,
    duration_ms: f64,
}

/// What one frame draws at a playhead.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameDrawList {
    /// The playhead, ms from the drawing's start.
    pub playhead_ms: f64,
    /// Strokes that are complete at the playhead (the retained layer's content).
    pub finished: Range<u32>,
    /// Strokes that have started but not finished (drawn live, revealed by time in the shader).
    pub live: Range<u32>,
}

impl FrameDrawList {
    /// All strokes that have started: `finished` followed by `live`.
    pub fn started(&self) -> Range<u32> {
        self.finished.start..self.live.end
    }
}

/// A point in time given by the user: `--at 1234`, `--at 50%`, `--at end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeSpec {
    /// Milliseconds from the start.
    Ms(f64),
    /// Percent of the duration.
    Percent(f64),
    /// The end of the drawing.
    End,
}

impl std::str::FromStr for TimeSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let err = || {
            format!("invalid time {s:?}: expected milliseconds (1500), a percentage (50%) or 'end'")
        };
        if s.eq_ignore_ascii_case("end") {
            return Ok(TimeSpec::End);
        }
        if let Some(p) = s.strip_suffix('%') {
            let v: f64 = p.trim().parse().map_err(|_| err())?;
            if !v.is_finite() || v < 0.0 {
                return Err(err());
            }
            return Ok(TimeSpec::Percent(v));
        }
        let s = s.strip_suffix("ms").unwrap_or(s);
        let v: f64 = s.trim().parse().map_err(|_| err())?;
        if !v.is_finite() || v < 0.0 {
            return Err(err());
        }
        Ok(TimeSpec::Ms(v))
    }
}

impl TimeSpec {
    /// The time in ms for a drawing of the given duration (clamped to `0..=duration` for percent).
    pub fn resolve(self, duration_ms: f64) -> f64 {
        match self {
            TimeSpec::Ms(v) => v,
            TimeSpec::Percent(p) => duration_ms * (p / 100.0).min(1.0),
            TimeSpec::End => duration_ms,
        }
    }
}

impl Timeline {
    /// Index a validated drawing.
    pub fn new(drawing: &Drawing) -> Self {
        let mut t = Self::default();
        t.extend(&drawing.strokes);
        t
    }

    /// Add strokes that follow the ones indexed (a drawing still arriving grows at its end).
    pub fn extend(&mut self, strokes: &[Stroke]) {
        let from = self.starts.len().saturating_sub(1);
        self.starts.extend(strokes.iter().map(Stroke::start_ms));
        self.ends.extend(strokes.iter().map(Stroke::end_ms));
        debug_assert!(self.starts[from..].windows(2).all(|w| w[0] <= w[1]));
        debug_assert!(self.ends[from..].windows(2).all(|w| w[0] <= w[1]));
        self.duration_ms = self.ends.last().copied().unwrap_or(0.0).max(0.0);
    }

    /// Make room for `strokes` strokes in all (no more), so that extending up to that many
    /// allocates nothing.
    pub fn reserve_exact(&mut self, strokes: usize) {
        let more = strokes.saturating_sub(self.starts.len());
        self.starts.reserve_exact(more);
        self.ends.reserve_exact(more);
    }

    /// Number of strokes.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are no strokes.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Duration of the drawing in ms.
    pub fn duration_ms(&self) -> f64 {
        self.duration_ms
    }

    /// Start time of a stroke.
    pub fn start_of(&self, stroke: usize) -> Option<f64> {
        self.starts.get(stroke).copied()
    }

    /// End time of a stroke.
    pub fn end_of(&self, stroke: usize) -> Option<f64> {
        self.ends.get(stroke).copied()
    }

    /// `(start, end)` of every stroke, in order.
    pub fn spans(&self) -> impl ExactSizeIterator<Item = (f64, f64)> + '_ {
        self.starts.iter().copied().zip(self.ends.iter().copied())
    }

    /// Strokes whose first point is at or before `t`.
    pub fn started(&self, t: f64) -> usize {
        self.starts.partition_point(|&s| s <= t)
    }

    /// Strokes whose last point is at or before `t`.
    pub fn finished(&self, t: f64) -> usize {
        self.ends.partition_point(|&e| e <= t)
    }

    /// What to draw at playhead `t`.
    pub fn draw_list(&self, t: f64) -> FrameDrawList {
        let started = self.started(t) as u32;
        let finished = (self.finished(t) as u32).min(started);
        FrameDrawList {
            playhead_ms: t,
            finished: 0..finished,
            live: finished..started,
        }
    }
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DrawingMeta, Point, Stroke};

    fn drawing(spans: &[(f64, f64)]) -> Drawing {
        Drawing {
            strokes: spans
                .iter()
                .map(|&(a, b)| Stroke::new(vec![Point::new(0.0, 0.0, a), Point::new(1.0, 1.0, b)]))
                .collect(),
            meta: DrawingMeta::default(),
        }
    }

    #[test]
    fn playhead_maps_to_finished_and_live_ranges() {
        let tl = Timeline::new(&drawing(&[
            (0.0, 100.0),
            (200.0, 300.0),
            (300.0, 300.0),
            (400.0, 500.0),
        ]));
        assert_eq!(tl.draw_list(-1.0).started(), 0..0);
        assert_eq!(tl.draw_list(0.0).live, 0..1);
        assert_eq!(tl.draw_list(50.0).finished, 0..0);
        assert_eq!(tl.draw_list(100.0).finished, 0..1);
        assert_eq!(tl.draw_list(150.0).live, 1..1);
        assert_eq!(tl.draw_list(250.0).live, 1..2);
        // At exactly 300 both the stroke ending there and the zero-length stroke are complete.
        assert_eq!(tl.draw_list(300.0).finished, 0..3);
        assert_eq!(tl.draw_list(300.0).live, 3..3);
        assert_eq!(tl.draw_list(450.0).live, 3..4);
        assert_eq!(tl.draw_list(1e9).finished, 0..4);
        assert_eq!(tl.duration_ms(), 500.0);
    }

    #[test]
    fn matches_a_linear_scan_on_a_real_drawing() {
        let d = crate::import::synthetic::generate(500, 9);
        let tl = Timeline::new(&d);
        for k in 0..200 {
            let t = tl.duration_ms() * f64::from(k) / 199.0;
            let started = d.strokes.iter().filter(|s| s.start_ms() <= t).count() as u32;
            let finished = d.strokes.iter().filter(|s| s.end_ms() <= t).count() as u32;
            let l = tl.draw_list(t);
            assert_eq!(l.started(), 0..started);
            assert_eq!(l.finished, 0..finished);
            assert!(
                l.live.len() <= 1,
                "sequential strokes: at most one in progress"
            );
        }
    }

    #[test]
    fn time_specs_parse_and_resolve() {
        assert_eq!("end".parse(), Ok(TimeSpec::End));
        assert_eq!("50%".parse(), Ok(TimeSpec::Percent(50.0)));
        assert_eq!("1500".parse(), Ok(TimeSpec::Ms(1500.0)));
        assert_eq!("1500ms".parse(), Ok(TimeSpec::Ms(1500.0)));
        assert!("-3".parse::<TimeSpec>().is_err());
        assert!("abc%".parse::<TimeSpec>().is_err());
        assert_eq!(TimeSpec::Percent(50.0).resolve(800.0), 400.0);
        assert_eq!(TimeSpec::Percent(150.0).resolve(800.0), 800.0);
        assert_eq!(TimeSpec::End.resolve(800.0), 800.0);
    }
}
