//! SVG files rasterized by resvg (for image elements, and the image placeholder's icon): at
//! their own size or larger, and nothing they name outside themselves is read.

use crate::model::Image;

/// The longer side an SVG image is rasterized at, at least (its own size when larger, up to
/// the atlas's limit), so that it stays sharp when its element is larger than its own size.
pub(super) const SVG_SIDE: f32 = 1024.0;

/// The longer side an SVG image is rasterized at, at most.
const SVG_MAX_SIDE: f32 = 2048.0;

/// An SVG file rasterized by resvg (nothing it names outside itself is read).
pub(super) fn rasterized(bytes: &[u8]) -> Result<Image, String> {
    let tree = usvg::Tree::from_data(bytes, &crate::import::svg::svg_options())
        .map_err(|e| format!("unreadable SVG image: {e}"))?;
    let size = tree.size();
    let long = size.width().max(size.height());
    let side = long.clamp(SVG_SIDE, SVG_MAX_SIDE);
    let k = side / long;
    let (w, h) = (
        (size.width() * k).round().max(1.0) as u32,
        (size.height() * k).round().max(1.0) as u32,
    );
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("a {w}×{h} SVG image"))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(k, k),
        &mut pixmap.as_mut(),
    );
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Image::new(w, h, rgba).ok_or_else(|| "an empty SVG image".to_string())
}
