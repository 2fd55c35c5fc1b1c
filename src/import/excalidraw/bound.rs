//! Text bound to a container, as Excalidraw's static scene draws it: right after its container
//! (the first text its `boundElements` lists; a text its container does not list is not drawn),
//! at its stored position in a shape, and at the middle of an arrow it labels, wherever that
//! arrow now is.

use std::collections::HashMap;

use super::element::Element;
use crate::import::shapes;
use crate::model::BBox;

/// The scene's drawn elements by id.
pub(super) struct Scene<'a> {
    elements: &'a [Element],
    by_id: HashMap<&'a str, usize>,
}

impl<'a> Scene<'a> {
    pub(super) fn new(elements: &'a [Element]) -> Self {
        let by_id = elements
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.is_deleted && !e.id.is_empty())
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        Self { elements, by_id }
    }

    /// Whether `el` is a text drawn with its container rather than in its own place (its
    /// container is in the scene).
    pub(super) fn drawn_with_container(&self, el: &Element) -> bool {
        el.kind == "text"
            && el
                .container_id
                .as_deref()
                .is_some_and(|c| self.by_id.contains_key(c))
    }

    /// The text drawn with `container` (its index and element), if it lists one.
    pub(super) fn bound_text(&self, container: &Element) -> Option<(usize, &'a Element)> {
        let id = container
            .bound_elements
            .as_ref()?
            .iter()
            .find(|b| b.kind == "text")?
            .id
            .as_str();
        let &i = self.by_id.get(id)?;
        let text = self.elements.get(i)?;
        (text.kind == "text").then_some((i, text))
    }
}

/// Where a text's box is drawn: its stored corner, or for an arrow's label, centred on the
/// arrow's middle (its middle point, or the middle of its middle segment).
pub(super) fn text_origin(
    text: &Element,
    container: Option<&Element>,
) -> Result<(f32, f32), String> {
    let stored = (shapes::usable(text.x, "x")?, shapes::usable(text.y, "y")?);
    let Some(arrow) = container.filter(|c| c.kind == "arrow") else {
        return Ok(stored);
    };
    let Some((mx, my)) = middle(arrow) else {
        return Ok(stored);
    };
    Ok((mx - text.width as f32 / 2.0, my - text.height as f32 / 2.0))
}

/// The box an arrow's label is drawn in, which the arrow leaves a gap for.
pub(super) fn label_box(text: &Element, arrow: &Element) -> Result<BBox, String> {
    let (x, y) = text_origin(text, Some(arrow))?;
    let (w, h) = (
        shapes::usable(text.width, "width")?,
        shapes::usable(text.height, "height")?,
    );
    BBox::from_points([(x, y), (x + w, y + h)]).ok_or_else(|| "an empty label box".to_string())
}

/// An arrow's middle in the scene (Excalidraw's `getBoundTextElementPosition`); `None` for a
/// curved arrow whose middle segment is a curve, whose label keeps its stored place (the editor
/// put it at the curve's middle).
fn middle(arrow: &Element) -> Option<(f32, f32)> {
    let pts: Vec<(f32, f32)> = super::local_points(arrow)
        .ok()?
        .iter()
        .map(|p| (p[0] as f32, p[1] as f32))
        .collect();
    let n = pts.len();
    let local = if n == 0 {
        return None;
    } else if n % 2 == 1 {
        pts[n / 2]
    } else if n == 2 || arrow.roundness.as_ref().is_none_or(|r| r.is_null()) {
        let (a, b) = (pts.get(n / 2 - 1)?, pts.get(n / 2)?);
        ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
    } else {
        return None;
    };
    let (x, y) = (arrow.x as f32, arrow.y as f32);
    let b = BBox::from_points(pts.iter().copied())?;
    let centre = (x + (b.min_x + b.max_x) / 2.0, y + (b.min_y + b.max_y) / 2.0);
    let p = shapes::rotate(
        (x + local.0, y + local.1),
        centre,
        arrow.angle.unwrap_or(0.0) as f32,
    );
    (p.0.is_finite() && p.1.is_finite()).then_some(p)
}
