//! Image fills: a filled [`Shape`](super::Shape) painted with pixels instead of its colour.

use std::sync::Arc;

/// Pixels an image fill shows: sRGB-encoded, straight alpha, rows of RGBA8 from the top.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    /// Width in pixels (at least 1).
    pub width: u32,
    /// Height in pixels (at least 1).
    pub height: u32,
    /// `width × height × 4` bytes.
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image({}×{})", self.width, self.height)
    }
}

impl Image {
    /// An image from its pixels; `None` unless there are `width × height × 4` bytes of them and
    /// neither side is 0.
    pub fn new(width: u32, height: u32, rgba: Vec<u8>) -> Option<Self> {
        let n = (width as usize)
            .checked_mul(height as usize)?
            .checked_mul(4)?;
        (width > 0 && height > 0 && rgba.len() == n).then_some(Self {
            width,
            height,
            rgba,
        })
    }

    /// The mean colour of the pixels (weighted by alpha), for what cannot show the image.
    pub fn mean_color(&self) -> super::Color {
        let (mut r, mut g, mut b, mut a) = (0u64, 0u64, 0u64, 0u64);
        for p in self.rgba.chunks_exact(4) {
            let w = u64::from(p[3]);
            r += u64::from(p[0]) * w;
            g += u64::from(p[1]) * w;
            b += u64::from(p[2]) * w;
            a += w;
        }
        let n = (self.rgba.len() / 4).max(1) as u64;
        if a == 0 {
            return super::Color::TRANSPARENT;
        }
        super::Color::rgba((r / a) as u8, (g / a) as u8, (b / a) as u8, (a / n) as u8)
    }
}

/// How a filled shape shows an image: the image, where each drawing point falls in it
/// (`u = a·x + b·y + c`, `v = d·x + e·y + f`, with the image spanning `0..1` on each axis), and
/// the part of it that may be shown (`[u0, v0, u1, v1]`, a crop).
#[derive(Debug, Clone, PartialEq)]
pub struct ImageFill {
    /// The pixels (shared by every fill that shows the same file).
    pub image: Arc<Image>,
    /// Drawing point to image coordinates, `[a, b, c, d, e, f]`.
    pub to_uv: [f32; 6],
    /// The shown part of the image, in image coordinates.
    pub crop: [f32; 4],
    /// Opacity the image is drawn with (0–1).
    pub opacity: f32,
}

impl ImageFill {
    /// Where drawing point `(x, y)` falls in the image.
    pub fn uv(&self, [x, y]: [f32; 2]) -> [f32; 2] {
        let [a, b, c, d, e, f] = self.to_uv;
        [a * x + b * y + c, d * x + e * y + f]
    }
}
