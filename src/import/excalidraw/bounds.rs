//! The scene's bounds as Excalidraw's export frames them: the union of every drawn element's
//! box (its geometry, not its stroke width), rotated by its `angle`, plus [`EXPORT_PADDING`].

use super::element::Element;
use crate::import::shapes;
use crate::model::BBox;

/// Excalidraw's default export padding around the scene, in scene units.
pub(crate) const EXPORT_PADDING: f32 = 10.0;

/// The element's box in scene units, or `None` for one without geometry (or a non-finite one,
/// which the element's own parse reports).
pub(super) fn element_bounds(el: &Element) -> Option<BBox> {
    let (x, y) = (el.x as f32, el.y as f32);
    let local = if el.points.is_empty() {
        BBox::from_points([(0.0, 0.0), (el.width as f32, el.height as f32)])?
    } else {
        BBox::from_points(
            el.points
                .iter()
                .filter_map(|p| Some((*p.first()? as f32, *p.get(1)? as f32))),
        )?
    };
    let centre = (
        0.5 * (local.min_x + local.max_x),
        0.5 * (local.min_y + local.max_y),
    );
    let angle = el.angle.unwrap_or(0.0) as f32;
    let corners = [
        (local.min_x, local.min_y),
        (local.max_x, local.min_y),
        (local.max_x, local.max_y),
        (local.min_x, local.max_y),
    ];
    let b = BBox::from_points(corners.map(|c| {
        let (rx, ry) = shapes::rotate(c, centre, angle);
        (x + rx, y + ry)
    }))?;
    [b.min_x, b.min_y, b.max_x, b.max_y]
        .iter()
        .all(|v| v.is_finite())
        .then_some(b)
}

/// The export frame of these elements: their union plus the padding. A label bound to an arrow
/// or line is left out: Excalidraw places it on the line when it draws (its stored position can
/// be stale), and the line's own box counts.
pub(super) fn export_frame(elements: &[&Element]) -> Option<BBox> {
    let linear: std::collections::HashSet<&str> = elements
        .iter()
        .filter(|e| matches!(e.kind.as_str(), "arrow" | "line"))
        .map(|e| e.id.as_str())
        .collect();
    elements
        .iter()
        .filter(|e| {
            !e.container_id
                .as_deref()
                .is_some_and(|c| linear.contains(c))
        })
        .filter_map(|e| element_bounds(e))
        .reduce(|a, b| a.union(&b))
        .map(|b| b.inflate(EXPORT_PADDING))
}
