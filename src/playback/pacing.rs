//! Pacing: the map between presentation time and drawing time.
//!
//! # Two clocks
//! *Drawing time* is when ink was recorded (what the renderer reveals by). *Presentation time* is
//! what the viewer watches: the same as drawing time when played as recorded, shorter when long
//! pen-up pauses are capped, and completely regular with uniform pacing. [`PacedTimeline`] is a
//! monotone piecewise-linear map between the two, built once per drawing and pacing (two knots per
//! stroke) and evaluated with binary searches, so the cost per frame does not grow with the drawing.

use super::Timeline;

/// How strokes are spread over presentation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pacing {
    /// As recorded (pen-up pauses optionally capped).
    #[default]
    AsRecorded,
    /// Every stroke takes the same time, every pen-up the same short pause.
    Uniform,
}

/// Pacing and its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PacingOptions {
    /// The pacing.
    pub pacing: Pacing,
    /// Pen-up pauses longer than this (ms) are shortened to it. `None`: as recorded (and a quarter
    /// of [`PacingOptions::uniform_stroke_ms`] with uniform pacing).
    pub max_gap_ms: Option<f64>,
    /// With uniform pacing, how long each stroke takes (ms).
    pub uniform_stroke_ms: f64,
}

impl Default for PacingOptions {
    fn default() -> Self {
        Self {
            pacing: Pacing::AsRecorded,
            max_gap_ms: None,
            uniform_stroke_ms: 400.0,
        }
    }
}

/// Monotone piecewise-linear map between presentation time and drawing time (ms).
#[derive(Debug, Clone, Default)]
pub struct PacedTimeline {
    /// Knots: presentation times (non-decreasing).
    p: Vec<f64>,
    /// Knots: drawing times (non-decreasing).
    d: Vec<f64>,
}

impl PacedTimeline {
    /// Build the map for a timeline under `opts`.
    pub fn new(timeline: &Timeline, opts: &PacingOptions) -> Self {
        let mut out = Self {
            p: Vec::with_capacity(2 * timeline.len() + 1),
            d: Vec::with_capacity(2 * timeline.len() + 1),
        };
        let stroke_ms = if opts.uniform_stroke_ms.is_finite() && opts.uniform_stroke_ms > 0.0 {
            opts.uniform_stroke_ms
        } else {
            PacingOptions::default().uniform_stroke_ms
        };
        let cap = match (opts.pacing, opts.max_gap_ms) {
            (_, Some(c)) if c.is_finite() => c.max(0.0),
            (Pacing::Uniform, _) => stroke_ms / 4.0,
            (Pacing::AsRecorded, _) => f64::INFINITY,
        };
        let (mut p, mut d) = (0.0f64, 0.0f64);
        out.push(p, d);
        for (start, end) in timeline.spans() {
            let gap = (start - d).max(0.0);
            p += gap.min(cap);
            d = d.max(start);
            out.push(p, d);
            p += match opts.pacing {
                Pacing::AsRecorded => (end - start).max(0.0),
                Pacing::Uniform => stroke_ms,
            };
            d = d.max(end);
            out.push(p, d);
        }
        out
    }

    fn push(&mut self, p: f64, d: f64) {
        if self.p.last() == Some(&p) && self.d.last() == Some(&d) {
            return;
        }
        self.p.push(p);
        self.d.push(d);
    }

    /// Presentation duration (ms).
    pub fn duration_ms(&self) -> f64 {
        self.p.last().copied().unwrap_or(0.0)
    }

    /// Drawing time shown at presentation time `p`.
    pub fn to_drawing(&self, p: f64) -> f64 {
        let i = self.p.partition_point(|&x| x <= p);
        if i == 0 {
            return self.d.first().copied().unwrap_or(0.0);
        }
        if i == self.p.len() {
            return self.d.last().copied().unwrap_or(0.0);
        }
        let (p0, p1, d0, d1) = (self.p[i - 1], self.p[i], self.d[i - 1], self.d[i]);
        // p0 <= p < p1, so the division is safe.
        d0 + (d1 - d0) * (p - p0) / (p1 - p0)
    }

    /// The earliest presentation time at which drawing time `d` is shown.
    pub fn to_presentation(&self, d: f64) -> f64 {
        let i = self.d.partition_point(|&x| x < d);
        if i == 0 {
            return self.p.first().copied().unwrap_or(0.0);
        }
        if i == self.d.len() {
            return self.p.last().copied().unwrap_or(0.0);
        }
        let (p0, p1, d0, d1) = (self.p[i - 1], self.p[i], self.d[i - 1], self.d[i]);
        // d0 < d <= d1.
        p0 + (p1 - p0) * (d - d0) / (d1 - d0)
    }
}

#[cfg(test)]
#[path = "pacing_tests.rs"]
mod tests;
