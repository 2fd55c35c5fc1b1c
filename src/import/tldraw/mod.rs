//! tldraw documents (`.tldr`): v1 (`document.pages[].shapes`) and v2+ (`records`).
//!
//! Each page is a drawing (`FILE#N`, pages in their `childIndex`/`index` order). Shapes are replayed
//! in z-order: a page's shapes sorted by `childIndex` (v1) or fractional `index` (v2), a group's
//! children at the group's place.
//!
//! # Mapping
//! - `draw` shapes are the ink. v1 stores `points` as `[x, y, pressure]` relative to the shape's
//!   `point`; v2 stores `props.segments[].points` as `{x, y, z}` relative to the shape's `x`/`y`,
//!   or (since the draw shape's `Base64` migration) as a base64 string of little-endian float16
//!   `x, y, z` triplets.
//!   Both apps draw them with perfect-freehand at size `1 + 1.5 × stroke width` (thinning 0.65 in
//!   v1, 0.5 in v2) and simulate pressure for mouse input (v1: every pressure 0.5; v2: `isPen`
//!   false), which inkplay does too (see [`super::freehand`]). Rotation is about the
//!   centre of the shape's bounds.
//! - Stroke widths come from the size style (v1 small/medium/large = 2/3.5/5; v2 s/m/l/xl =
//!   2/3.5/5/10) times `scale`; colours from each version's light-theme palette.
//! - `rectangle`/`geo` rectangles, ellipses, triangles and diamonds, `line`s and `arrow`s (with
//!   their bend as a circular arc and arrowheads) are drawn as outlines.
//! - Not drawn, counted in [`Loaded::skipped`](super::Loaded::skipped): text, sticky notes, images,
//!   other kinds, fills (`isFilled`/`fill`), and draw shapes of later tldraw versions whose
//!   segments hold a delta-encoded `path` string instead of `points`.
//!
//! tldraw stores no time: shapes are replayed at
//! [`WHITEBOARD_TIMING`] (as for Excalidraw).
//!
//! `document` reads the file's pages and shapes; `shape` turns one shape into a stroke outline; this
//! file orders a page's shapes and times them.

mod document;
mod shape;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::shapes::{self, usable};
use super::timing::{PenClock, WHITEBOARD_TIMING};
use super::{Format, ImportError, Parsed, Place};
use crate::model::Stroke;
use document::Shape;
use shape::shape_stroke;

/// Whether a JSON document looks like a tldraw file.
pub(crate) fn sniff(head: &str) -> bool {
    head.contains("\"tldrawFileFormatVersion\"")
        || (head.contains("\"document\"") && head.contains("\"pageStates\""))
        || (head.contains("\"document\"") && head.contains("\"pages\""))
}

/// Parse page `index` of a tldraw document.
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let malformed = |field: String, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(field),
        message,
    };
    let (mut pages, all) = document::read(path, text)?;
    pages.sort_by(|a, b| a.2 .0.total_cmp(&b.2 .0).then_with(|| a.2 .1.cmp(&b.2 .1)));
    let count = pages.len();
    let Some((page_id, page_name, _)) = pages.get(index) else {
        return Err(if count == 0 {
            malformed("pages".into(), "the document has no pages".into())
        } else {
            ImportError::NoSuchDrawing {
                path: path.to_path_buf(),
                index,
                count,
            }
        });
    };

    // Z-order: depth-first from the page, children sorted.
    let mut children: HashMap<&str, Vec<&Shape>> = HashMap::new();
    for s in &all {
        children.entry(s.parent.as_str()).or_default().push(s);
    }
    for v in children.values_mut() {
        v.sort_by(|a, b| {
            a.order
                .0
                .total_cmp(&b.order.0)
                .then_with(|| a.order.1.cmp(&b.order.1))
        });
    }
    let mut ordered: Vec<&Shape> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    // An explicit stack in reverse so children come out in order; `seen` stops parent cycles.
    let mut pending: Vec<&Shape> = children
        .get(page_id.as_str())
        .map(|v| v.iter().rev().copied().collect())
        .unwrap_or_default();
    while let Some(s) = pending.pop() {
        if !seen.insert(s.id.as_str()) {
            continue;
        }
        ordered.push(s);
        if let Some(kids) = children.get(s.id.as_str()) {
            pending.extend(kids.iter().rev().copied());
        }
    }

    let mut clock = PenClock::new(WHITEBOARD_TIMING);
    let mut strokes = Vec::new();
    let mut skipped = BTreeMap::new();
    let mut has_pressure = false;
    for s in ordered {
        let field = || {
            if s.v2 {
                format!("records (id {})", s.id)
            } else {
                format!("document.pages.{page_id}.shapes.{}", s.id)
            }
        };
        let made =
            shape_stroke(s, &mut skipped, &mut has_pressure).map_err(|m| malformed(field(), m))?;
        if let Some((local, centre, style)) = made {
            let x = usable(s.x, "x").map_err(|m| malformed(field(), m))?;
            let y = usable(s.y, "y").map_err(|m| malformed(field(), m))?;
            if !s.rotation.is_finite() {
                return Err(malformed(field(), "rotation is not a number".into()));
            }
            let points = clock.stroke(local.into_iter().map(|(px, py, p)| {
                let (rx, ry) = shapes::rotate((px, py), centre, s.rotation as f32);
                (x + rx, y + ry, p)
            }));
            strokes.push(Stroke::styled(points, style));
        }
    }
    Ok(Parsed::new(
        Format::Tldraw,
        page_name.clone(),
        strokes,
        false,
        has_pressure,
    )
    .of(index, count)
    .skipping(skipped))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
