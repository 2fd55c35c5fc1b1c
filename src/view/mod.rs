//! The view transform: drawing units to target pixels (uniform scale, then offset).

use glam::Vec2;

use crate::model::{BBox, Drawing};

mod framing;

pub use framing::{Fit, Framing, Margin, ViewRect};

/// `pixel = drawing_point * scale + offset`, with y down in both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Pixels per drawing unit.
    pub scale: f32,
    /// Pixel position of the drawing's origin.
    pub offset: Vec2,
}

impl Default for View {
    fn default() -> Self {
        Self {
            scale: 1.0,
            offset: Vec2::ZERO,
        }
    }
}

impl View {
    /// The default margin for a target: 5% of its smaller side, at least 8 px.
    pub fn default_margin(width: u32, height: u32) -> f32 {
        (0.05 * width.min(height) as f32).max(8.0)
    }

    /// Fit `bbox` (a drawing's page or ink extent, see [`Drawing::view_bbox`]) centred into a
    /// `width`×`height` target with the [default margin](View::default_margin).
    pub fn fit_default(bbox: Option<BBox>, width: u32, height: u32) -> Self {
        Self::fit(bbox, width, height, Self::default_margin(width, height))
    }

    /// Fit `bbox` centred into a `width`×`height` target leaving `margin_px` on every side.
    /// An empty or degenerate box is centred at scale 1 (or as large as fits).
    pub fn fit(bbox: Option<BBox>, width: u32, height: u32, margin_px: f32) -> Self {
        let size = Vec2::new(width as f32, height as f32);
        let avail = (size - Vec2::splat(2.0 * margin_px)).max(Vec2::splat(1.0));
        let Some(b) = bbox else {
            return Self {
                scale: 1.0,
                offset: size * 0.5,
            };
        };
        let extent = Vec2::new(b.width(), b.height());
        let scale = match (extent.x > 0.0, extent.y > 0.0) {
            (true, true) => (avail.x / extent.x).min(avail.y / extent.y),
            (true, false) => avail.x / extent.x,
            (false, true) => avail.y / extent.y,
            (false, false) => 1.0,
        };
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        let center = Vec2::new(b.min_x + b.max_x, b.min_y + b.max_y) * 0.5;
        Self {
            scale,
            offset: size * 0.5 - center * scale,
        }
    }

    /// Map a drawing point to pixels.
    pub fn to_px(&self, p: Vec2) -> Vec2 {
        p * self.scale + self.offset
    }

    /// Zoom by `factor` keeping the drawing point under `anchor_px` fixed.
    pub fn zoom_about(&self, anchor_px: Vec2, factor: f32) -> Self {
        let scale = self.scale * factor;
        Self {
            scale,
            offset: anchor_px - (anchor_px - self.offset) * factor,
        }
    }
}

/// The view that shows all of `drawing` in a `width`×`height` target: its page mapped exactly
/// onto the target when it has one, otherwise its ink with the default margin (the default
/// [`Framing`]).
pub fn fit_view(drawing: &Drawing, width: u32, height: u32) -> View {
    Framing::default().view(drawing, width, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_centres_and_keeps_margin() {
        let b = BBox {
            min_x: 100.0,
            min_y: 0.0,
            max_x: 300.0,
            max_y: 100.0,
        };
        let v = View::fit(Some(b), 400, 400, 20.0);
        assert_eq!(v.scale, 360.0 / 200.0);
        assert_eq!(v.to_px(Vec2::new(100.0, 50.0)), Vec2::new(20.0, 200.0));
        assert_eq!(v.to_px(Vec2::new(300.0, 50.0)), Vec2::new(380.0, 200.0));
        let z = v.zoom_about(Vec2::new(20.0, 200.0), 2.0);
        assert_eq!(z.to_px(Vec2::new(100.0, 50.0)), Vec2::new(20.0, 200.0));
        let dot = View::fit(
            Some(BBox {
                min_x: 5.0,
                min_y: 5.0,
                max_x: 5.0,
                max_y: 5.0,
            }),
            100,
            100,
            10.0,
        );
        assert_eq!(dot.to_px(Vec2::new(5.0, 5.0)), Vec2::new(50.0, 50.0));
    }
}
