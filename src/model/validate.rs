//! The invariants the pipeline relies on, enforced by [`Drawing::validated`]: what it fixes
//! ([`ValidationWarning`]) and what it refuses ([`ModelError`]).

use thiserror::Error;

use super::{Drawing, Stroke};

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
            s.points.update(|p| {
                if !(0.0..=1.0).contains(&p.pressure) {
                    p.pressure = p.pressure.clamp(0.0, 1.0);
                    clamped += 1;
                }
                if p.t_ms < last_t {
                    p.t_ms = last_t;
                    moved += 1;
                }
                last_t = p.t_ms;
            });
        }
        // The drawing starts at time 0: shift everything so the first point is at its real offset
        // from the start of the recording (kept) but never negative.
        if let Some(first) = self.strokes.first().map(Stroke::start_ms) {
            if first < 0.0 {
                for s in &mut self.strokes {
                    s.points.shift_time(-first);
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
