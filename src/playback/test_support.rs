//! Helpers the playback unit tests share.

use super::Timeline;
use crate::model::{Drawing, DrawingMeta, Point, Stroke};

/// A timeline of two-point strokes spanning `(start, end)` ms each.
pub(crate) fn timeline(spans: &[(f64, f64)]) -> Timeline {
    Timeline::new(&Drawing {
        strokes: spans
            .iter()
            .map(|&(a, b)| Stroke::new(vec![Point::new(0.0, 0.0, a), Point::new(1.0, 1.0, b)]))
            .collect(),
        meta: DrawingMeta::default(),
    })
}

/// Equal to within 1e-9 ms.
pub(crate) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}
