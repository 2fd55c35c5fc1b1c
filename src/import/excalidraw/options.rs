//! The rough.js options Excalidraw draws an element with (`generateRoughOptions`), its dash
//! pattern, and whether it is filled.

use super::element::Element;
use crate::import::rough::Options;
use crate::model::Color;

/// Excalidraw's `strokeStyle`: `None` for solid.
pub(super) fn dash(el: &Element) -> Option<[f32; 2]> {
    let sw = el.stroke_width as f32;
    match el.stroke_style.as_deref() {
        Some("dashed") => Some([8.0, 8.0 + sw]),
        Some("dotted") => Some([1.5, 6.0 + sw]),
        _ => None,
    }
}

fn solid_stroke(el: &Element) -> bool {
    !matches!(el.stroke_style.as_deref(), Some("dashed" | "dotted"))
}

/// The element's roughness `r`, lowered for small shapes as Excalidraw does.
fn adjusted_roughness(el: &Element, r: f64) -> f64 {
    let (w, h) = (el.width.abs(), el.height.abs());
    let (max, min) = (w.max(h), w.min(h));
    let linear = matches!(el.kind.as_str(), "line" | "arrow");
    let can_round = matches!(
        el.kind.as_str(),
        "rectangle" | "iframe" | "embeddable" | "line" | "diamond" | "image"
    );
    let rounded = el.roundness.as_ref().is_some_and(|r| !r.is_null());
    if (min >= 20.0 && max >= 50.0)
        || (min >= 15.0 && rounded && can_round)
        || (linear && max >= 50.0)
    {
        return r;
    }
    (r / if max < 10.0 { 3.0 } else { 2.0 }).min(2.5)
}

/// A deterministic seed for an element that has none (Excalidraw gives every element one).
fn fallback_seed(el: &Element) -> f64 {
    let h = el.id.bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    });
    f64::from(h & 0x7fff_ffff).max(1.0)
}

/// The fill colour of a closed shape: none when `backgroundColor` is transparent (alpha 0).
pub(super) fn shape_fill(el: &Element) -> Option<Color> {
    let c: Color = el.background_color.as_deref()?.parse().ok()?;
    (c.a > 0).then_some(c)
}

/// The fill colour of a line or freedraw: only a loop (≥ 3 points, ends within 8 units) whose
/// `backgroundColor` is not the word `transparent` is filled.
pub(super) fn loop_fill(el: &Element, points: &[[f64; 2]]) -> Option<Color> {
    let bg = el.background_color.as_deref()?;
    if bg == "transparent" || points.len() < 3 {
        return None;
    }
    let (a, b) = (points[0], points[points.len() - 1]);
    if (a[0] - b[0]).hypot(a[1] - b[1]) > 8.0 {
        return None;
    }
    bg.parse().ok()
}

/// The fill-line gap that keeps a fill of geometry `extent` units across (its larger side)
/// within about 4,096 lines: a hairline on a huge shape would otherwise ask for millions.
pub(super) fn bounded_gap(o: &mut Options, extent: f64) {
    if extent.is_finite() {
        o.hachure_gap = o.hachure_gap.max(extent.abs() / 4096.0);
    }
}

/// The larger side of the box around `points`.
pub(super) fn extent(points: &[[f64; 2]]) -> f64 {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in points {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    (hi[0] - lo[0]).max(hi[1] - lo[1]).max(0.0)
}

/// `generateRoughOptions(element, continuousPath)`, with `fill` as given (its fill lines within
/// about 4,096 across the element's box; a line or freedraw also bounds them by its points, see
/// [`bounded_gap`]).
pub(super) fn rough(el: &Element, continuous: bool, fill: bool) -> Options {
    let sw = el.stroke_width;
    let solid = solid_stroke(el);
    let raw = el.roughness.filter(|r| r.is_finite()).unwrap_or(1.0);
    Options {
        seed: el
            .seed
            .filter(|s| s.is_finite() && *s != 0.0)
            .unwrap_or_else(|| fallback_seed(el)),
        disable_multi_stroke: !solid,
        stroke_width: if solid { sw } else { sw + 0.5 },
        fill_weight: sw / 2.0,
        // At most about 4,096 fill lines across the element's box.
        hachure_gap: (sw * 4.0).max(el.width.abs().max(el.height.abs()) / 4096.0),
        roughness: adjusted_roughness(el, raw),
        preserve_vertices: continuous || raw < 2.0,
        fill,
        fill_style: el.fill_style.unwrap_or_default(),
        curve_fitting: if el.kind == "ellipse" { 1.0 } else { 0.95 },
        ..Options::default()
    }
}
