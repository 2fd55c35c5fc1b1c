//! Excalidraw scenes (`.excalidraw`) and libraries (`.excalidrawlib`, v2 `libraryItems` and v1
//! `library`).
//!
//! A scene is one drawing; each library item is a drawing of its own (`FILE#N`, in the order the
//! library lists them), as Excalidraw shows them as separate thumbnails.
//!
//! The scene an Excalidraw PNG or SVG export embeds ("Embed scene") opens the same way (see
//! `embed.rs`).
//!
//! # Mapping
//! - `freedraw` elements are the ink: `points` are relative to the element's `x`/`y` (old files
//!   store `[x, y, pressure]`), rotated by `angle` about the centre of their bounds. Excalidraw draws
//!   them with perfect-freehand at size `strokeWidth × 4.25`, thinning 0.6 and a sine easing
//!   (see [`super::freehand`] for how that maps to inkplay's width model). Pen strokes
//!   use the recorded `pressures` (missing entries are 0.5); mouse strokes (`simulatePressure`) get
//!   perfect-freehand's velocity-simulated pressure, so fast strokes are thin as in the app. A
//!   closed loop with a background gets Excalidraw's rough fill under it (`freedraw.rs`).
//! - `rectangle`, `diamond`, `ellipse`, `line` and `arrow` are drawn as Excalidraw draws them
//!   (`draw.rs`): rough.js ([`super::rough`]) with the options Excalidraw derives from the element
//!   (`options.rs`: seed, roughness lowered for small shapes, dashed and dotted strokes, the fill
//!   style with a gap of four stroke widths and lines half as wide), rounded corners as its paths,
//!   each set rotated about the element's centre; arrows get every arrowhead kind (`arrowhead.rs`).
//!   A replay draws the outline, then the fill (hachure at pen speed, a solid fill the moment
//!   the outline closes), then the outline again at that moment, so that the fill ends under it
//!   as Excalidraw paints it (`sketch.rs`); a translucent outline, which that would darken, comes
//!   after its fill.
//! - `text` elements are typed in glyph by glyph in Excalidraw's fonts, on its baselines and
//!   alignment (`text.rs`); a text bound to a shape is drawn right after it, and an arrow's label
//!   at the arrow's middle (`bound.rs`).
//! - Elbow arrows follow their stored route with Excalidraw's 16-unit rounded corners (`draw.rs`);
//!   an arrow leaves a gap for its label (`clip.rs`).
//! - Frames draw their name and outline, and clip their children and lend them their opacity as
//!   Excalidraw's export does (`frame.rs`).
//! - `strokeColor`, `backgroundColor` and `opacity` (0–100) give the colours.
//! - The drawing's canvas (`--fit page`) is Excalidraw's export frame: the elements' boxes plus
//!   10 units (`bounds.rs`).
//! - Images show their file's pixels over their box, cropped, flipped and rotated as Excalidraw
//!   draws them (`image.rs`; SVG files rasterized by resvg); one whose file is missing or cannot be
//!   decoded is Excalidraw's grey placeholder with its icon (`placeholder.rs`) and is counted.
//! - Embeds are Excalidraw's export placeholder, a box with their link on it, drawn last
//!   (`embed_box.rs`; the page is never fetched).
//! - Not drawn, and counted in [`Loaded::skipped`](super::Loaded::skipped): deleted elements,
//!   other kinds, images that could not be shown (and why), and text characters that neither a
//!   bundled font nor the system's fonts have.
//! - The export frame leaves out the children of frames in the scene and takes in the frames'
//!   names, as Excalidraw's does.
//!
//! Excalidraw stores no time. Elements are replayed in z-order at
//! [`WHITEBOARD_TIMING`].

use std::path::Path;

use serde::Deserialize;

mod arrowhead;
mod bound;
mod bounds;
mod clip;
mod draw;
mod element;
mod embed;
mod embed_box;
mod frame;
mod freedraw;
mod image;
mod options;
mod placeholder;
mod raster;
mod scene;
mod sketch;
mod text;

use element::Element;
pub(crate) use embed::is_png;

use super::shapes::usable;
use super::{json_error, Format, ImportError, ImportLimits, Parsed, Place};
use crate::model::Color;

/// perfect-freehand's `size` for a freedraw element, per unit of `strokeWidth`.
pub(crate) const FREEDRAW_SIZE: f32 = 4.25;
/// perfect-freehand's `thinning` for freedraw elements.
pub(crate) const FREEDRAW_THINNING: f32 = 0.6;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    elements: Option<Vec<Element>>,
    #[serde(default)]
    library_items: Option<Vec<Item>>,
    #[serde(default)]
    library: Option<Vec<Vec<Element>>>,
    #[serde(default)]
    app_state: Option<AppState>,
    /// The images' files by id.
    #[serde(default)]
    files: Option<std::collections::HashMap<String, serde_json::Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppState {
    #[serde(default)]
    view_background_color: Option<String>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    elements: Vec<Element>,
}

/// Whether a JSON document looks like an Excalidraw scene or library.
pub(crate) fn sniff(head: &str) -> bool {
    head.contains("\"excalidraw\"") || head.contains("\"excalidrawlib\"")
}

/// Whether markup is an Excalidraw SVG export with the scene embedded.
pub(crate) fn sniff_svg(text: &str) -> bool {
    embed::svg_has_scene(text)
}

/// Parse drawing `index` of a scene or library in JSON, or of the scene an SVG export embeds;
/// an embedded scene is at most `limits.max_file_bytes` once decoded, and the drawing at most
/// `limits.max_points` points.
pub(crate) fn parse_text(
    path: &Path,
    text: &str,
    index: usize,
    limits: &ImportLimits,
) -> Result<Parsed, ImportError> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        let scene = embed::from_svg(path, text, limits.max_file_bytes)?;
        return parse_embedded(path, &scene, index, "SVG", limits.max_points);
    }
    parse_within(path, text, index, limits.max_points)
}

/// Parse drawing `index` of the scene a PNG export embeds (within `limits`, as [`parse_text`]).
pub(crate) fn parse_png(
    path: &Path,
    bytes: &[u8],
    index: usize,
    limits: &ImportLimits,
) -> Result<Parsed, ImportError> {
    let scene = embed::from_png(path, bytes, limits.max_file_bytes)?;
    parse_embedded(path, &scene, index, "PNG", limits.max_points)
}

/// Parse an embedded scene; its errors say that their place is inside it.
fn parse_embedded(
    path: &Path,
    scene: &str,
    index: usize,
    container: &str,
    max_points: usize,
) -> Result<Parsed, ImportError> {
    parse_within(path, scene, index, max_points).map_err(|e| match e {
        ImportError::Malformed {
            path,
            place,
            message,
        } => ImportError::Malformed {
            path,
            place: Place::Field(format!("the scene embedded in the {container}, {place}")),
            message,
        },
        other => other,
    })
}

/// Parse drawing `index` (a library item; 0 for a scene) of Excalidraw JSON, within the default
/// point limit.
#[cfg(test)]
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    parse_within(path, text, index, ImportLimits::default().max_points)
}

/// Parse drawing `index` (a library item; 0 for a scene) of Excalidraw JSON; drawing stops with
/// an error once its strokes pass `max_points` points, so a large file cannot fill the memory
/// before the loader's own check.
pub(crate) fn parse_within(
    path: &Path,
    text: &str,
    index: usize,
    max_points: usize,
) -> Result<Parsed, ImportError> {
    let doc: Document = serde_json::from_str(text).map_err(|e| json_error(path, 1, &e))?;
    let file_stem = super::file_stem(path);
    let stem = file_stem
        .strip_suffix(".excalidraw")
        .unwrap_or(&file_stem)
        .to_string();
    // (name, elements, field path of the element list)
    let mut items: Vec<(String, Vec<Element>, String)> = Vec::new();
    if let Some(els) = doc.elements {
        items.push((stem.clone(), els, "elements".into()));
    } else if let Some(lib) = doc.library_items {
        for (i, it) in lib.into_iter().enumerate() {
            let name = it
                .name
                .filter(|n| !n.trim().is_empty())
                .map_or_else(|| format!("{stem} item {i}"), |n| format!("{stem}: {n}"));
            items.push((name, it.elements, format!("libraryItems[{i}].elements")));
        }
    } else if let Some(lib) = doc.library {
        for (i, els) in lib.into_iter().enumerate() {
            items.push((format!("{stem} item {i}"), els, format!("library[{i}]")));
        }
    } else {
        return Err(ImportError::Malformed {
            path: path.to_path_buf(),
            place: Place::Field("(top level)".into()),
            message: format!(
                "an Excalidraw file (type {:?}) needs `elements`, `libraryItems` or `library`",
                doc.kind
            ),
        });
    }
    let count = items.len();
    if index >= count.max(1) {
        return Err(ImportError::NoSuchDrawing {
            path: path.to_path_buf(),
            index,
            count,
        });
    }
    let (name, elements, field) = if items.is_empty() {
        (stem, Vec::new(), "libraryItems".to_string())
    } else {
        items.swap_remove(index)
    };

    let background = doc
        .app_state
        .as_ref()
        .and_then(|a| a.view_background_color.as_deref())
        .and_then(|c| c.parse().ok())
        .unwrap_or(Color::WHITE);
    let files = image::Files::new(doc.files.unwrap_or_default());
    let drawn = scene::draw(path, &field, &elements, background, files, max_points)?;
    let frames = frame::Frames::new(&elements);
    let mut parsed = Parsed::new(
        Format::Excalidraw,
        name,
        drawn.strokes,
        false,
        drawn.has_pressure,
    )
    .of(index, count.max(1))
    .skipping(drawn.skipped);
    // Excalidraw's export bounds: the root elements (not the children of a frame in the scene)
    // and the frames' name labels.
    let framed: Vec<&Element> = elements
        .iter()
        .filter(|e| !e.is_deleted && drawn_kind(&e.kind) && frames.of(e).is_none())
        .chain(drawn.labels.iter())
        .collect();
    parsed.drawing.meta.canvas = bounds::export_frame(&framed);
    Ok(parsed)
}

/// Whether an element kind takes part in Excalidraw's export bounds.
fn drawn_kind(kind: &str) -> bool {
    matches!(
        kind,
        "rectangle"
            | "diamond"
            | "ellipse"
            | "line"
            | "arrow"
            | "freedraw"
            | "text"
            | "image"
            | "frame"
            | "magicframe"
            | "embeddable"
            | "iframe"
    )
}

fn color(s: Option<&str>, opacity: f64) -> Color {
    let c = match s {
        None => Color::BLACK,
        Some(s) => s.parse().unwrap_or_else(|e| {
            log::warn!("{e}; drawn black");
            Color::BLACK
        }),
    };
    c.with_opacity((opacity / 100.0) as f32)
}

/// The element's `points` (relative to its `x`/`y`; a third number, an old file's pressure,
/// is left to the freedraw reader).
fn local_points(el: &Element) -> Result<Vec<[f64; 2]>, String> {
    el.points
        .iter()
        .enumerate()
        .map(|(i, p)| match p.as_slice() {
            [px, py, rest @ ..] if rest.len() <= 1 => Ok([
                f64::from(usable(*px, &format!("points[{i}] x"))?),
                f64::from(usable(*py, &format!("points[{i}] y"))?),
            ]),
            _ => Err(format!(
                "points[{i}] has {} numbers, expected [x, y] or [x, y, pressure]",
                p.len()
            )),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod order_tests;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
