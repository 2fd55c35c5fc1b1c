//! How a stroke is painted: [`StrokeStyle`], [`LineCap`], [`LineJoin`].

use serde::{Deserialize, Serialize};

use super::Color;

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

/// How a stroke looks. Width is in drawing units at pressure [`Point::DEFAULT_PRESSURE`](super::Point::DEFAULT_PRESSURE).
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
