//! The drawing model: strokes of timed, pressure-carrying points.
//!
//! # How it works
//! A [`Drawing`] is an ordered list of [`Stroke`]s; order is both drawing (z) order and time order.
//! A [`Point`] has a position in drawing units (any unit the source used, y pointing down), a time in
//! milliseconds from the drawing's start and a pressure in `0..=1` (0.5 where the source had none).
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

mod color;

pub use color::{Color, ColorParseError};

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One sample of the pen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position in drawing units.
    pub x: f32,
    /// Vertical position in drawing units (down is positive).
    pub y: f32,
    /// Milliseconds from the start of the drawing. `f64` so that long recordings keep sub-millisecond
    /// precision; the GPU only ever sees times relative to the stroke's start.
    pub t_ms: f64,
    /// Pen pressure in `0..=1`; [`Point::DEFAULT_PRESSURE`] where the source had none.
    pub pressure: f32,
}

impl Point {
    /// Pressure given to points whose source recorded none (mouse, touch, formats without pressure).
    pub const DEFAULT_PRESSURE: f32 = 0.5;

    /// A point with [`Point::DEFAULT_PRESSURE`].
    pub fn new(x: f32, y: f32, t_ms: f64) -> Self {
        Self {
            x,
            y,
            t_ms,
            pressure: Self::DEFAULT_PRESSURE,
        }
    }

    /// The same point with the given pressure.
    pub fn with_pressure(mut self, pressure: f32) -> Self {
        self.pressure = pressure;
        self
    }
}

/// How the ends of an open stroke are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineCap {
    /// Flat end exactly at the end point.
    Butt,
    /// Half disc around the end point (default: how a pen looks).
    #[default]
    Round,
    /// Half square around the end point.
    Square,
}

/// How segments of a stroke meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineJoin {
    /// Sharp corner, cut to a bevel past the miter limit.
    Miter,
    /// Sharp corner, clipped at the miter limit (SVG 2 `miter-clip`) instead of beveled.
    #[serde(rename = "miter-clip")]
    MiterClip,
    /// Rounded corner (default).
    #[default]
    Round,
    /// Corner cut flat.
    Bevel,
}

/// How a stroke looks. Width is in drawing units at pressure [`Point::DEFAULT_PRESSURE`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrokeStyle {
    /// Colour, sRGB-encoded, straight (not premultiplied) alpha.
    pub color: Color,
    /// Line width in drawing units at the default pressure.
    pub width: f32,
    /// End caps.
    pub cap: LineCap,
    /// Joins.
    pub join: LineJoin,
    /// Miter limit (ratio), used with [`LineJoin::Miter`].
    pub miter_limit: f32,
    /// How strongly pressure changes the width: the width at pressure `p` is
    /// `width * (1 - thinning + 2 * thinning * p)`, so `p = 0.5` gives exactly `width`.
    pub thinning: f32,
}

impl Default for StrokeStyle {
    fn default() -> Self {
        Self {
            color: Color::BLACK,
            width: 2.0,
            cap: LineCap::Round,
            join: LineJoin::Round,
            miter_limit: 4.0,
            thinning: 0.5,
        }
    }
}

impl StrokeStyle {
    /// Width multiplier for a pressure value (see [`StrokeStyle::thinning`]).
    pub fn width_factor(&self, pressure: f32) -> f32 {
        (1.0 - self.thinning + 2.0 * self.thinning * pressure).max(0.0)
    }
}

/// One pen-down movement, or (for vector sources such as SVG) one painted path.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// The samples, in time order.
    pub points: Vec<Point>,
    /// How the stroke looks.
    pub style: StrokeStyle,
    /// Sub-path structure and fill, for vector sources; `None` for a pen stroke (one open path
    /// through every point). Boxed so that pen strokes pay one pointer for it.
    pub shape: Option<Box<Shape>>,
}

/// Where a [`Stroke`]'s points split into sub-paths, and whether it is a filled region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    /// The sub-paths, in order; the first starts at point 0 and each runs to the next one's start.
    pub subpaths: Vec<SubPath>,
    /// `Some`: the stroke is a region filled with its colour under this rule (its width is unused);
    /// `None`: the sub-paths are stroked.
    pub fill: Option<FillRule>,
}

/// One sub-path of a [`Shape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubPath {
    /// Index of its first point in [`Stroke::points`].
    pub start: u32,
    /// Whether its last point joins back to its first (a join there instead of two caps).
    pub closed: bool,
}

/// Which points are inside a filled [`Shape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FillRule {
    /// Inside where the winding number is not zero (SVG's default).
    #[default]
    NonZero,
    /// Inside where the winding number is odd.
    EvenOdd,
}

impl SubPath {
    /// The point ranges of `subpaths` in a stroke with `len` points, with their closed flags.
    pub fn ranges(
        subpaths: &[SubPath],
        len: usize,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, bool)> + '_ {
        let starts = subpaths.iter().map(|s| s.start as usize);
        let ends = starts.clone().skip(1).chain(std::iter::once(len));
        subpaths
            .iter()
            .zip(starts.zip(ends))
            .map(move |(s, (a, b))| (a.min(len)..b.clamp(a.min(len), len), s.closed))
    }
}

impl Stroke {
    /// A stroke with the default style.
    pub fn new(points: Vec<Point>) -> Self {
        Self::styled(points, StrokeStyle::default())
    }

    /// A pen stroke with a style.
    pub fn styled(points: Vec<Point>, style: StrokeStyle) -> Self {
        Self {
            points,
            style,
            shape: None,
        }
    }

    /// Whether this stroke is a filled region rather than a line.
    pub fn is_fill(&self) -> bool {
        self.shape.as_ref().is_some_and(|s| s.fill.is_some())
    }

    /// Time of the first point (0 for an empty stroke).
    pub fn start_ms(&self) -> f64 {
        self.points.first().map_or(0.0, |p| p.t_ms)
    }

    /// Time of the last point (0 for an empty stroke).
    pub fn end_ms(&self) -> f64 {
        self.points.last().map_or(0.0, |p| p.t_ms)
    }

    /// Bounding box of the point positions (not including the width).
    pub fn bbox(&self) -> Option<BBox> {
        BBox::from_points(self.points.iter().map(|p| (p.x, p.y)))
    }
}

/// Axis-aligned bounding box in drawing units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    /// Smallest x.
    pub min_x: f32,
    /// Smallest y.
    pub min_y: f32,
    /// Largest x.
    pub max_x: f32,
    /// Largest y.
    pub max_y: f32,
}

impl BBox {
    /// The box around a set of positions; `None` when there are none.
    pub fn from_points(points: impl IntoIterator<Item = (f32, f32)>) -> Option<Self> {
        let mut it = points.into_iter();
        let (x, y) = it.next()?;
        let mut b = BBox {
            min_x: x,
            min_y: y,
            max_x: x,
            max_y: y,
        };
        for (x, y) in it {
            b.min_x = b.min_x.min(x);
            b.min_y = b.min_y.min(y);
            b.max_x = b.max_x.max(x);
            b.max_y = b.max_y.max(y);
        }
        Some(b)
    }

    /// Width (`max_x - min_x`).
    pub fn width(&self) -> f32 {
        self.max_x - self.min_x
    }

    /// Height (`max_y - min_y`).
    pub fn height(&self) -> f32 {
        self.max_y - self.min_y
    }

    /// The box grown by `d` on every side.
    pub fn inflate(&self, d: f32) -> Self {
        BBox {
            min_x: self.min_x - d,
            min_y: self.min_y - d,
            max_x: self.max_x + d,
            max_y: self.max_y + d,
        }
    }

    /// The smallest box holding both.
    pub fn union(&self, o: &BBox) -> Self {
        BBox {
            min_x: self.min_x.min(o.min_x),
            min_y: self.min_y.min(o.min_y),
            max_x: self.max_x.max(o.max_x),
            max_y: self.max_y.max(o.max_y),
        }
    }
}

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
    /// The page the source drew on (an SVG's viewport), in drawing units, when it has one. Views
    /// fit the page, edge to edge, instead of the ink.
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

/// Something [`Drawing::validated`] fixed or dropped, for the user to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidationWarning {
    /// Strokes without points were removed.
    EmptyStrokesDropped {
        /// How many.
        count: usize,
    },
    /// Points whose time went backwards were moved up to the previous time.
    TimeMadeMonotonic {
        /// How many points were moved.
        points: usize,
    },
    /// Pressures outside `0..=1` were clamped.
    PressureClamped {
        /// How many.
        points: usize,
    },
    /// Widths that were negative or zero were replaced by the smallest visible width.
    WidthFixed {
        /// How many strokes.
        strokes: usize,
    },
}

impl std::fmt::Display for ValidationWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::EmptyStrokesDropped { count } => write!(f, "dropped {count} empty stroke(s)"),
            Self::TimeMadeMonotonic { points } => {
                write!(
                    f,
                    "{points} point(s) went back in time and were moved forward"
                )
            }
            Self::PressureClamped { points } => {
                write!(f, "{points} pressure value(s) outside 0..1 were clamped")
            }
            Self::WidthFixed { strokes } => {
                write!(f, "{strokes} stroke(s) had a non-positive width")
            }
        }
    }
}

/// A drawing that cannot be used.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ModelError {
    /// A coordinate, time or pressure was NaN or infinite.
    #[error("stroke {stroke}, point {point}: {field} is not a finite number ({value})")]
    NonFinite {
        /// Stroke index (in the input, before empty strokes are dropped).
        stroke: usize,
        /// Point index within the stroke.
        point: usize,
        /// `x`, `y`, `t` or `pressure`.
        field: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A stroke width was NaN or infinite.
    #[error("stroke {stroke}: width is not a finite number ({value})")]
    NonFiniteWidth {
        /// Stroke index.
        stroke: usize,
        /// The offending value.
        value: f32,
    },
    /// A stroke's sub-path starts were not increasing from 0 within its points.
    #[error(
        "stroke {stroke}: sub-path starts must begin at 0, increase and stay below the point count"
    )]
    BadSubPaths {
        /// Stroke index.
        stroke: usize,
    },
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

    /// Check and normalise a drawing (see the module docs). Returns the drawing and what was fixed.
    pub fn validated(mut self) -> Result<(Drawing, Vec<ValidationWarning>), ModelError> {
        let mut warnings = Vec::new();
        for (si, s) in self.strokes.iter().enumerate() {
            if !s.style.width.is_finite() {
                return Err(ModelError::NonFiniteWidth {
                    stroke: si,
                    value: s.style.width,
                });
            }
            if let Some(shape) = s.shape.as_ref().filter(|_| !s.points.is_empty()) {
                let starts_ok = shape.subpaths.first().is_some_and(|f| f.start == 0)
                    && shape.subpaths.windows(2).all(|w| w[0].start < w[1].start)
                    && shape
                        .subpaths
                        .last()
                        .is_some_and(|l| (l.start as usize) < s.points.len());
                if !starts_ok {
                    return Err(ModelError::BadSubPaths { stroke: si });
                }
            }
            for (pi, p) in s.points.iter().enumerate() {
                let checks = [
                    ("x", f64::from(p.x)),
                    ("y", f64::from(p.y)),
                    ("t", p.t_ms),
                    ("pressure", f64::from(p.pressure)),
                ];
                for (field, value) in checks {
                    if !value.is_finite() {
                        return Err(ModelError::NonFinite {
                            stroke: si,
                            point: pi,
                            field,
                            value,
                        });
                    }
                }
            }
        }
        let before = self.strokes.len();
        self.strokes.retain(|s| !s.points.is_empty());
        let dropped = before - self.strokes.len();
        if dropped > 0 {
            warnings.push(ValidationWarning::EmptyStrokesDropped { count: dropped });
        }

        let mut widths_fixed = 0;
        let mut clamped = 0;
        let mut moved = 0;
        let mut last_t = f64::NEG_INFINITY;
        for s in &mut self.strokes {
            if s.style.width < 0.0 || (s.style.width == 0.0 && !s.is_fill()) {
                s.style.width = 0.0;
                widths_fixed += 1;
            }
            s.style.thinning = s.style.thinning.clamp(0.0, 1.0);
            if !s.style.miter_limit.is_finite() || s.style.miter_limit < 1.0 {
                s.style.miter_limit = 4.0;
            }
            for p in &mut s.points {
                if !(0.0..=1.0).contains(&p.pressure) {
                    p.pressure = p.pressure.clamp(0.0, 1.0);
                    clamped += 1;
                }
                if p.t_ms < last_t {
                    p.t_ms = last_t;
                    moved += 1;
                }
                last_t = p.t_ms;
            }
        }
        // The drawing starts at time 0: shift everything so the first point is at its real offset
        // from the start of the recording (kept) but never negative.
        if let Some(first) = self.strokes.first().map(Stroke::start_ms) {
            if first < 0.0 {
                for p in self.strokes.iter_mut().flat_map(|s| s.points.iter_mut()) {
                    p.t_ms -= first;
                }
            }
        }
        if moved > 0 {
            warnings.push(ValidationWarning::TimeMadeMonotonic { points: moved });
        }
        if clamped > 0 {
            warnings.push(ValidationWarning::PressureClamped { points: clamped });
        }
        if widths_fixed > 0 {
            warnings.push(ValidationWarning::WidthFixed {
                strokes: widths_fixed,
            });
        }
        for w in &warnings {
            log::warn!("{}: {w}", self.meta.name);
        }
        Ok((self, warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stroke(pts: &[(f32, f32, f64)]) -> Stroke {
        Stroke::new(pts.iter().map(|&(x, y, t)| Point::new(x, y, t)).collect())
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
        s.points[0].pressure = 1.7;
        let d = Drawing {
            strokes: vec![s],
            meta: DrawingMeta::default(),
        };
        let (d, _) = d.validated().expect("valid");
        assert_eq!(d.strokes[0].points[0].pressure, 1.0);
        let st = StrokeStyle::default();
        assert_eq!(st.width_factor(Point::DEFAULT_PRESSURE), 1.0);
        assert!(st.width_factor(0.0) < st.width_factor(1.0));
    }
}
