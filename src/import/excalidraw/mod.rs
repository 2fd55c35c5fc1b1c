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
//!   The fill comes before the outline, as on Excalidraw's canvas.
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

use std::collections::BTreeMap;
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
mod sketch;
mod text;

use element::Element;
pub(crate) use embed::is_png;

use super::shapes::usable;
use super::timing::{PenClock, WHITEBOARD_TIMING};
use super::{json_error, not_drawn, Format, ImportError, Parsed, Place};
use crate::model::{Color, Stroke};

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
/// an embedded scene is at most `max_bytes` once decoded.
pub(crate) fn parse_text(
    path: &Path,
    text: &str,
    index: usize,
    max_bytes: u64,
) -> Result<Parsed, ImportError> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        let scene = embed::from_svg(path, text, max_bytes)?;
        return parse_embedded(path, &scene, index, "SVG");
    }
    parse(path, text, index)
}

/// Parse drawing `index` of the scene a PNG export embeds (at most `max_bytes` decoded).
pub(crate) fn parse_png(
    path: &Path,
    bytes: &[u8],
    index: usize,
    max_bytes: u64,
) -> Result<Parsed, ImportError> {
    let scene = embed::from_png(path, bytes, max_bytes)?;
    parse_embedded(path, &scene, index, "PNG")
}

/// Parse an embedded scene; its errors say that their place is inside it.
fn parse_embedded(
    path: &Path,
    scene: &str,
    index: usize,
    container: &str,
) -> Result<Parsed, ImportError> {
    parse(path, scene, index).map_err(|e| match e {
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

/// Parse drawing `index` (a library item; 0 for a scene) of Excalidraw JSON.
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
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
    let mut scene = Drawn {
        background,
        clock: PenClock::new(WHITEBOARD_TIMING),
        skipped: BTreeMap::new(),
        has_pressure: false,
        missing_glyphs: 0,
        files: image::Files::new(doc.files.unwrap_or_default()),
        failed_images: Vec::new(),
    };
    let bound = bound::Scene::new(&elements);
    let frames = frame::Frames::new(&elements);
    let mut labels = Vec::new();
    let mut strokes = Vec::new();
    // Embeds are drawn after everything else, in their own order.
    let embeds = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| embed_box::is_embed(e));
    let order = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| !embed_box::is_embed(e))
        .chain(embeds);
    for (i, el) in order {
        if el.is_deleted {
            not_drawn(&mut scene.skipped, "deleted");
            continue;
        }
        if bound.drawn_with_container(el) {
            continue;
        }
        let place = |i: usize, el: &Element| {
            let id = if el.id.is_empty() {
                String::new()
            } else {
                format!(" (id {})", el.id)
            };
            Place::Field(format!("{field}[{i}]{id}"))
        };
        let fail = |i, el, message| ImportError::Malformed {
            path: path.to_path_buf(),
            place: place(i, el),
            message,
        };
        if frame::is_frame(el) {
            let name = frame::label(el, |t| f64::from(text::advance(t, Some(2), 14.0)));
            if let Some(name) = name {
                strokes.extend(scene.element(&name, None).map_err(|m| fail(i, el, m))?);
                labels.push(name);
            }
            strokes.extend(frame::outline(el, &mut scene.clock).map_err(|m| fail(i, el, m))?);
            continue;
        }
        let mut drawn = scene.element(el, None).map_err(|m| fail(i, el, m))?;
        let label = bound.bound_text(el);
        if let Some((k, text)) = label.filter(|_| el.kind == "arrow") {
            let gap = bound::label_box(text, el).map_err(|m| fail(k, text, m))?;
            drawn = clip::cut(drawn, gap, clip::Keep::Outside);
        }
        if let Some((k, text)) = label {
            let bound_text = scene
                .element(text, Some(el))
                .map_err(|m| fail(k, text, m))?;
            drawn.extend(bound_text);
        }
        if let Some(f) = frames.of(el) {
            drawn = frame::child(drawn, el, f);
        }
        strokes.extend(drawn);
    }
    for why in std::mem::take(&mut scene.failed_images) {
        log::warn!(
            "{}: an image is drawn as a placeholder: {why}",
            path.display()
        );
        not_drawn(&mut scene.skipped, &format!("image ({why})"));
    }
    if scene.missing_glyphs > 0 {
        *scene
            .skipped
            .entry("text character no font has".into())
            .or_insert(0) += scene.missing_glyphs;
    }
    let (skipped, has_pressure) = (scene.skipped, scene.has_pressure);
    let mut parsed = Parsed::new(Format::Excalidraw, name, strokes, false, has_pressure)
        .of(index, count.max(1))
        .skipping(skipped);
    // Excalidraw's export bounds: the root elements (not the children of a frame in the scene)
    // and the frames' name labels.
    let framed: Vec<&Element> = elements
        .iter()
        .filter(|e| !e.is_deleted && drawn_kind(&e.kind) && frames.of(e).is_none())
        .chain(labels.iter())
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

/// What drawing a scene's elements keeps between them.
struct Drawn {
    /// The canvas colour the `_outline` arrowheads are filled with.
    background: Color,
    clock: PenClock,
    skipped: BTreeMap<String, usize>,
    has_pressure: bool,
    /// Text characters no bundled font has.
    missing_glyphs: usize,
    /// The scene's image files, decoded as elements show them.
    files: image::Files,
    /// Why each image not drawn was not.
    failed_images: Vec<String>,
}

impl Drawn {
    /// The strokes of one element in drawing order (none, and counted, when it is not drawn);
    /// `container` is the shape or arrow a bound text is drawn with.
    fn element(
        &mut self,
        el: &Element,
        container: Option<&Element>,
    ) -> Result<Vec<Stroke>, String> {
        usable(el.stroke_width, "strokeWidth")?;
        let stroke = color(el.stroke_color.as_deref(), el.opacity);
        match el.kind.as_str() {
            "freedraw" => freedraw::strokes(el, stroke, &mut self.clock, &mut self.has_pressure),
            "line" | "arrow" | "rectangle" | "ellipse" | "diamond" => {
                draw::element(el, stroke, self.background, &mut self.clock)
            }
            "embeddable" | "iframe" => {
                let boxed = embed_box::frame(el);
                let outline = color(boxed.stroke_color.as_deref(), boxed.opacity);
                let mut out = draw::element(&boxed, outline, self.background, &mut self.clock)?;
                let width_of =
                    |t: &str, size: f64| f64::from(text::advance(t, Some(2), size as f32));
                if let Some(label) = embed_box::label(el, width_of) {
                    out.extend(self.element(&label, None)?);
                }
                Ok(out)
            }
            "image" => image::strokes(
                el,
                &mut self.files,
                &mut self.clock,
                &mut self.failed_images,
            ),
            "text" => {
                let origin = bound::text_origin(el, container)?;
                text::strokes(
                    el,
                    stroke,
                    origin,
                    &mut self.clock,
                    &mut self.missing_glyphs,
                )
            }
            other => {
                not_drawn(
                    &mut self.skipped,
                    if other.is_empty() {
                        "element without type"
                    } else {
                        other
                    },
                );
                Ok(Vec::new())
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
