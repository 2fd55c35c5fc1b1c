//! Axis-aligned bounding boxes: [`BBox`].

use serde::{Deserialize, Serialize};

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
