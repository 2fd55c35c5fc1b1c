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

    /// When the next stroke starts: a pause after the last one, or 0 for the first.
    fn next_start(&self) -> f64 {
        self.end.map_or(0.0, |e| e + self.timing.pen_up_ms)
    }

    /// Time the points `(x, y, pressure)` of the next stroke.
    pub(crate) fn stroke(&mut self, pts: impl IntoIterator<Item = (f32, f32, f32)>) -> Vec<Point> {
        self.stroke_within(pts, f64::INFINITY)
    }

    /// Time the next stroke at pen speed, or faster so that it takes at most `max_ms`.
    pub(crate) fn stroke_within(
        &mut self,
        pts: impl IntoIterator<Item = (f32, f32, f32)>,
        max_ms: f64,
    ) -> Vec<Point> {
        let start = self.next_start();
        let pts: Vec<(f32, f32, f32)> = pts.into_iter().collect();
        let mut along = Vec::with_capacity(pts.len());
        let mut d = 0.0;
        for (i, &(x, y, _)) in pts.iter().enumerate() {
            if i > 0 {
                let (px, py, _) = pts[i - 1];
                d += f64::from(x - px).hypot(f64::from(y - py));
            }
            along.push(d);
        }
        let scale = if d / self.timing.speed > max_ms {
            max_ms / d
        } else {
            1.0 / self.timing.speed
        };
        let out: Vec<Point> = pts
            .iter()
            .zip(&along)
            .map(|(&(x, y, p), &a)| Point::new(x, y, start + a * scale).with_pressure(p))
            .collect();
        if let Some(p) = out.last() {
            self.end = Some(p.t_ms);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
