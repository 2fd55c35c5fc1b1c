//! The drawing model: strokes of timed, pressure-carrying points.
//!
//! # How it works
//! A [`Drawing`] is an ordered list of [`Stroke`]s; order is both drawing (z) order and time order.
//! A [`Point`] has a position in drawing units (any unit the source used, y pointing down), a time in
//! milliseconds from the drawing's start and a pressure in `0..=1` (0.5 where the source had none).
//! A stroke keeps its points in [`Points`], a compact column store (14 bytes a point; its docs
//! state the precision) that reads back as `Point`s.
//! Derived facts (bounding box, duration, point count) are computed, never stored, so they cannot
//! drift from the points.
//!
//! Importers build a raw drawing and pass it through [`Drawing::validated`], which enforces the
//! invariants the rest of the pipeline relies on:
//! - every coordinate, time and pressure is finite (otherwise a [`ModelError`] naming stroke and point);
//! - pressure is clamped to `0..=1`;
//! - time is non-decreasing across the *whole* drawing in stroke order (a point earlier than the one
//!   before it is moved up to it), so strokes are in time order and at most one stroke is in progress
//!   at any playhead;
//! - empty strokes are dropped with a warning; single-point strokes are kept (they render as dots).
//!
//! This module knows nothing about GPUs or tessellation.

mod bbox;
mod color;
mod image;
mod point;
mod points;
mod stroke;
mod style;
mod validate;

pub use bbox::BBox;
pub use color::{Color, ColorParseError};
pub use image::{Image, ImageFill};
pub use point::Point;
pub use points::{Iter as PointsIter, Points};
pub use stroke::{FillRule, GlyphRef, Shape, Stroke, SubPath};
pub use style::{LineCap, LineJoin, StrokeStyle};
pub use validate::{ModelError, ValidationWarning};

/// Where a drawing came from and what its source recorded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DrawingMeta {
    /// A short name (file stem, Quick, Draw! word, …).
    pub name: String,
    /// The detected source format, e.g. `quickdraw-raw` (see `import::Format`).
    pub format: String,
    /// Whether the source recorded real timing (otherwise it was synthesized).
    pub has_timing: bool,
    /// Whether the source recorded pressure (otherwise every point has the default pressure).
    pub has_pressure: bool,
    /// The page the source drew on (an SVG's viewport), in drawing units, when it has one. The
    /// default framing maps it exactly onto the image (see [`Framing`](crate::view::Framing)).
    pub canvas: Option<BBox>,
}

/// A recorded drawing: strokes in time (and z) order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawing {
    /// The strokes, in time order once validated.
    pub strokes: Vec<Stroke>,
    /// Provenance.
    pub meta: DrawingMeta,
}

impl Drawing {
    /// Total number of points.
    pub fn point_count(&self) -> usize {
        self.strokes.iter().map(|s| s.points.len()).sum()
    }

    /// Bounding box of all points, `None` for an empty drawing.
    pub fn bbox(&self) -> Option<BBox> {
        self.strokes
            .iter()
            .filter_map(Stroke::bbox)
            .reduce(|a, b| a.union(&b))
    }

    /// Bounding box including half the widest stroke width, so a fit shows whole strokes.
    pub fn ink_bbox(&self) -> Option<BBox> {
        use rayon::prelude::*;
        self.strokes
            .par_iter()
            .filter_map(|s| {
                let hw = 0.5 * s.style.width * s.style.width_factor(1.0);
                s.bbox().map(|b| b.inflate(hw))
            })
            .reduce_with(|a, b| a.union(&b))
    }

    /// What a view fits: the source's page ([`DrawingMeta::canvas`]) when it had one, otherwise
    /// the ink.
    pub fn view_bbox(&self) -> Option<BBox> {
        self.meta.canvas.or_else(|| self.ink_bbox())
    }

    /// Time of the last point (the drawing starts at 0 by definition).
    pub fn duration_ms(&self) -> f64 {
        self.strokes.last().map_or(0.0, Stroke::end_ms).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stroke(pts: &[(f32, f32, f64)]) -> Stroke {
        Stroke::new(
            pts.iter()
                .map(|&(x, y, t)| Point::new(x, y, t))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn bbox_and_duration_are_computed() {
        let d = Drawing {
            strokes: vec![
                stroke(&[(0.0, 0.0, 0.0), (10.0, -5.0, 16.0)]),
                stroke(&[(3.0, 20.0, 500.0)]),
            ],
            meta: DrawingMeta::default(),
        };
        let b = d.bbox().expect("non-empty");
        assert_eq!(
            (b.min_x, b.min_y, b.max_x, b.max_y),
            (0.0, -5.0, 10.0, 20.0)
        );
        assert_eq!(d.duration_ms(), 500.0);
        assert_eq!(d.point_count(), 3);
    }

    #[test]
    fn non_finite_values_are_rejected_with_their_place() {
        let mut d = Drawing::default();
        d.strokes.push(stroke(&[(0.0, 0.0, 0.0)]));
        d.strokes
            .push(stroke(&[(0.0, 0.0, 1.0), (f32::NAN, 0.0, 2.0)]));
        let err = d.validated().expect_err("NaN must be rejected");
        assert!(matches!(
            err,
            ModelError::NonFinite {
                stroke: 1,
                point: 1,
                field: "x",
                ..
            }
        ));
        assert!(err.to_string().contains("stroke 1, point 1: x"));

        let mut d = Drawing::default();
        d.strokes.push(stroke(&[(0.0, 0.0, f64::INFINITY)]));
        assert!(d.validated().is_err());
    }

    #[test]
    fn time_is_made_non_decreasing_across_strokes() {
        let d = Drawing {
            strokes: vec![
                stroke(&[(0.0, 0.0, 10.0), (1.0, 0.0, 5.0), (2.0, 0.0, 20.0)]),
                stroke(&[(0.0, 1.0, 15.0), (1.0, 1.0, 30.0)]),
            ],
            meta: DrawingMeta::default(),
        };
        let (d, w) = d.validated().expect("valid");
        let times: Vec<f64> = d
            .strokes
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.t_ms))
            .collect();
        assert_eq!(times, vec![10.0, 10.0, 20.0, 20.0, 30.0]);
        assert!(w.contains(&ValidationWarning::TimeMadeMonotonic { points: 2 }));
    }

    #[test]
    fn empty_strokes_are_dropped_single_points_kept() {
        let d = Drawing {
            strokes: vec![stroke(&[]), stroke(&[(1.0, 1.0, 0.0)]), stroke(&[])],
            meta: DrawingMeta::default(),
        };
        let (d, w) = d.validated().expect("valid");
        assert_eq!(d.strokes.len(), 1);
        assert_eq!(d.strokes[0].points.len(), 1);
        assert_eq!(w, vec![ValidationWarning::EmptyStrokesDropped { count: 2 }]);
    }

    #[test]
    fn pressure_is_clamped_and_width_factor_is_neutral_at_default() {
        let mut s = stroke(&[(0.0, 0.0, 0.0)]);
        s.points.update(|p| p.pressure = 1.7);
        let d = Drawing {
            strokes: vec![s],
            meta: DrawingMeta::default(),
        };
        let (d, _) = d.validated().expect("valid");
        assert_eq!(d.strokes[0].points.at(0).pressure, 1.0);
        let st = StrokeStyle::default();
        assert_eq!(st.width_factor(Point::DEFAULT_PRESSURE), 1.0);
        assert!(st.width_factor(0.0) < st.width_factor(1.0));
    }
}
