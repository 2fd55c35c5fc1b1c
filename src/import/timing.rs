//! Synthesized timing for formats that record none (Quick, Draw! simplified, Excalidraw, tldraw,
//! SVG, …): strokes are replayed in document order by a pen moving at a constant speed, lifting for
//! a fixed pause between strokes.

use crate::model::Point;

/// How a synthesized pen moves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PenTiming {
    /// Pen speed in drawing units per millisecond.
    pub(crate) speed: f64,
    /// Pause between two strokes, in milliseconds.
    pub(crate) pen_up_ms: f64,
}

/// The whiteboard apps' pen, for their drawings, which record no time (Excalidraw, tldraw, and
/// perfect-freehand JSON without times): 0.6 px/ms (a brisk hand) and a 250 ms pause between
/// elements.
pub(crate) const WHITEBOARD_TIMING: PenTiming = PenTiming {
    speed: 0.6,
    pen_up_ms: 250.0,
};

/// Hands out times to consecutive strokes (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct PenClock {
    timing: PenTiming,
    /// End of the last stroke, `None` before the first.
    end: Option<f64>,
}

impl PenClock {
    pub(crate) fn new(timing: PenTiming) -> Self {
        Self { timing, end: None }
    }

    /// The time of the next stroke when it appears all at once (a fill): after the usual pause,
    /// taking no time itself.
    pub(crate) fn instant(&mut self) -> f64 {
        let t = self.next_start();
        self.end = Some(t);
        t
    }

    /// The time of a stroke that appears all at once the moment the last one ends (a fill when
    /// its outline closes); 0 before the first.
    pub(crate) fn joined(&mut self) -> f64 {
        let t = self.end.unwrap_or(0.0);
        self.end = Some(t);
        t
    }

    /// The times of `n` keys typed one after another, `key_ms` apart after the usual pause, or
    /// closer so that they take at most `max_ms` (typed text).
    pub(crate) fn typed(&mut self, n: usize, key_ms: f64, max_ms: f64) -> Vec<f64> {
        if n == 0 {
            return Vec::new();
        }
        let start = self.next_start();
        let step = if n > 1 {
            key_ms.min(max_ms / (n - 1) as f64)
        } else {
            0.0
        };
        let times: Vec<f64> = (0..n).map(|k| start + k as f64 * step).collect();
        self.end = times.last().copied();
        times
    }

    /// When the next stroke starts: a pause after the last one, or 0 for the first.
    fn next_start(&self) -> f64 {
        self.end.map_or(0.0, |e| e + self.timing.pen_up_ms)
    }

    /// Time the points `(x, y, pressure)` of the next stroke.
    pub(crate) fn stroke(&mut self, pts: impl IntoIterator<Item = (f32, f32, f32)>) -> Vec<Point> {
        self.stroke_at(pts, self.timing.speed)
    }

    /// Time the next stroke at pen speed, or faster so that it takes at most `max_ms`.
    pub(crate) fn stroke_within(&mut self, pts: &[(f32, f32, f32)], max_ms: f64) -> Vec<Point> {
        let length: f64 = pts
            .windows(2)
            .map(|w| f64::from(w[1].0 - w[0].0).hypot(f64::from(w[1].1 - w[0].1)))
            .sum();
        let speed = self.timing.speed.max(length / max_ms);
        self.stroke_at(pts.iter().copied(), speed)
    }

    /// Time the next stroke's points at `speed` units per ms.
    fn stroke_at(
        &mut self,
        pts: impl IntoIterator<Item = (f32, f32, f32)>,
        speed: f64,
    ) -> Vec<Point> {
        let mut t = self.next_start();
        let mut out: Vec<Point> = Vec::new();
        for (x, y, pressure) in pts {
            if let Some(p) = out.last() {
                let d = f64::from(x - p.x).hypot(f64::from(y - p.y));
                t += d / speed;
            }
            out.push(Point::new(x, y, t).with_pressure(pressure));
        }
        if !out.is_empty() {
            self.end = Some(t);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_typed_apart_within_the_longest_time() {
        let mut c = PenClock::new(PenTiming {
            speed: 1.0,
            pen_up_ms: 100.0,
        });
        assert_eq!(c.typed(3, 40.0, 1000.0), [0.0, 40.0, 80.0]);
        assert_eq!(c.typed(0, 40.0, 1000.0), [] as [f64; 0]);
        let long = c.typed(101, 40.0, 1000.0);
        assert_eq!(long[0], 180.0);
        assert!((long[100] - 1180.0).abs() < 1e-9);
        assert_eq!(c.instant(), 1280.0);
    }

    #[test]
    fn strokes_follow_each_other_at_pen_speed() {
        let mut c = PenClock::new(PenTiming {
            speed: 0.5,
            pen_up_ms: 100.0,
        });
        let a = c.stroke([(0.0, 0.0, 0.5), (3.0, 4.0, 0.5)]);
        assert_eq!(a[1].t_ms, 10.0);
        assert!(c.stroke([]).is_empty());
        let b = c.stroke([(9.0, 9.0, 0.2)]);
        assert_eq!((b[0].t_ms, b[0].pressure), (110.0, 0.2));
    }
}
