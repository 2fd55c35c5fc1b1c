//! Excalidraw scenes (`.excalidraw`) and libraries (`.excalidrawlib`, v2 `libraryItems` and v1
//! `library`).
//!
//! A scene is one drawing; each library item is a drawing of its own (`FILE#N`, in the order the
//! library lists them), as Excalidraw shows them as separate thumbnails.
//!
//! # Mapping
//! - `freedraw` elements are the ink: `points` are relative to the element's `x`/`y` (old files
//!   store `[x, y, pressure]`), rotated by `angle` about the centre of their bounds. Excalidraw draws
//!   them with perfect-freehand at size `strokeWidth × 4.25`, thinning 0.6 and a sine easing
//!   (see [`super::freehand`] for how that maps to inkplay's width model). Pen strokes
//!   use the recorded `pressures` (missing entries are 0.5); mouse strokes (`simulatePressure`) get
//!   perfect-freehand's velocity-simulated pressure, so fast strokes are thin as in the app.
//! - `line`, `arrow`, `rectangle`, `diamond` and `ellipse` are drawn as their outlines with width
//!   `strokeWidth` (clean geometry, not rough.js's sketchy jitter); round lines become Catmull-Rom
//!   curves, rounded rectangles get Excalidraw's corner radius, arrowheads are drawn.
//! - `strokeColor` and `opacity` (0–100) give the colour.
//! - Not drawn, and counted in [`Loaded::skipped`](super::Loaded::skipped): deleted elements, text,
//!   images, frames and other kinds, and the fills (`backgroundColor`) of shapes.
//!
//! Excalidraw stores no time. Elements are replayed in z-order at
//! [`WHITEBOARD_TIMING`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::freehand;
use super::shapes::{self, usable, Head};
use super::timing::{PenClock, WHITEBOARD_TIMING};
use super::{json_error, not_drawn, Format, ImportError, Parsed, Place};
use crate::model::{Color, Point, Stroke};

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
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    elements: Vec<Element>,
}

fn default_stroke_width() -> f64 {
    1.0
}
fn default_opacity() -> f64 {
    100.0
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Element {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    x: f64,
    #[serde(default)]
    y: f64,
    #[serde(default)]
    width: f64,
    #[serde(default)]
    height: f64,
    #[serde(default)]
    angle: Option<f64>,
    #[serde(default)]
    stroke_color: Option<String>,
    #[serde(default)]
    background_color: Option<String>,
    #[serde(default = "default_stroke_width")]
    stroke_width: f64,
    #[serde(default = "default_opacity")]
    opacity: f64,
    #[serde(default)]
    is_deleted: bool,
    #[serde(default)]
    points: Vec<Vec<f64>>,
    #[serde(default)]
    pressures: Vec<f64>,
    #[serde(default)]
    simulate_pressure: Option<bool>,
    #[serde(default)]
    roundness: Option<serde_json::Value>,
    #[serde(default)]
    stroke_sharpness: Option<String>,
    #[serde(default)]
    start_arrowhead: Option<String>,
    #[serde(default)]
    end_arrowhead: Option<String>,
}

/// Whether a JSON document looks like an Excalidraw scene or library.
pub(crate) fn sniff(head: &str) -> bool {
    head.contains("\"excalidraw\"") || head.contains("\"excalidrawlib\"")
}

/// Parse drawing `index` (a library item; 0 for a scene).
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let doc: Document = serde_json::from_str(text).map_err(|e| json_error(path, 1, &e))?;
    let stem = super::file_stem(path);
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

    let mut clock = PenClock::new(WHITEBOARD_TIMING);
    let mut strokes = Vec::new();
    let mut skipped = BTreeMap::new();
    let mut has_pressure = false;
    for (i, el) in elements.iter().enumerate() {
        let place = || {
            let id = if el.id.is_empty() {
                String::new()
            } else {
                format!(" (id {})", el.id)
            };
            Place::Field(format!("{field}[{i}]{id}"))
        };
        if el.is_deleted {
            *skipped.entry("deleted".to_string()).or_insert(0) += 1;
            continue;
        }
        let Some(stroke) = element_stroke(el, &mut clock, &mut skipped, &mut has_pressure)
            .map_err(|message| ImportError::Malformed {
                path: path.to_path_buf(),
                place: place(),
                message,
            })?
        else {
            continue;
        };
        strokes.push(stroke);
    }
    Ok(
        Parsed::new(Format::Excalidraw, name, strokes, false, has_pressure)
            .of(index, count.max(1))
            .skipping(skipped),
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

/// The stroke for one element, `None` (and counted) when it is not drawn.
fn element_stroke(
    el: &Element,
    clock: &mut PenClock,
    skipped: &mut BTreeMap<String, usize>,
    has_pressure: &mut bool,
) -> Result<Option<Stroke>, String> {
    let (x, y) = (usable(el.x, "x")?, usable(el.y, "y")?);
    let (w, h) = (usable(el.width, "width")?, usable(el.height, "height")?);
    let angle = el.angle.unwrap_or(0.0);
    if !angle.is_finite() {
        return Err(format!("angle {angle} is not a number"));
    }
    let sw = usable(el.stroke_width, "strokeWidth")?.max(0.0);
    let color = color(el.stroke_color.as_deref(), el.opacity);
    let filled = el
        .background_color
        .as_deref()
        .is_some_and(|c| c.parse::<Color>().map_or(true, |c| c.a > 0));
    let rounded = el.roundness.as_ref().is_some_and(|r| !r.is_null())
        || el.stroke_sharpness.as_deref() == Some("round");

    let rel_points = || -> Result<Vec<(f32, f32, Option<f32>)>, String> {
        el.points
            .iter()
            .enumerate()
            .map(|(i, p)| match p.as_slice() {
                [px, py, rest @ ..] if rest.len() <= 1 => Ok((
                    usable(*px, &format!("points[{i}] x"))?,
                    usable(*py, &format!("points[{i}] y"))?,
                    rest.first().map(|&p| p as f32),
                )),
                _ => Err(format!(
                    "points[{i}] has {} numbers, expected [x, y] or [x, y, pressure]",
                    p.len()
                )),
            })
            .collect()
    };
    let mut style = shapes::outline_style(color, sw);
    // Local outline (x, y, pressure), and whether its centre comes from the points' bounds.
    let (local, from_points): (Vec<(f32, f32, f32)>, bool) = match el.kind.as_str() {
        "freedraw" => {
            let pts = rel_points()?;
            let xy: Vec<(f32, f32)> = pts.iter().map(|p| (p.0, p.1)).collect();
            let size = sw * FREEDRAW_SIZE;
            (style.width, style.thinning) = freehand::width(size, FREEDRAW_THINNING);
            let simulate = el
                .simulate_pressure
                .unwrap_or(el.pressures.is_empty() && pts.iter().all(|p| p.2.is_none()));
            let pressures: Vec<f32> = if simulate {
                freehand::simulated_pressures(&xy, size)
            } else {
                *has_pressure = true;
                pts.iter()
                    .enumerate()
                    .map(|(i, p)| {
                        el.pressures
                            .get(i)
                            .map(|&v| v as f32)
                            .or(p.2)
                            .unwrap_or(Point::DEFAULT_PRESSURE)
                    })
                    .collect()
            };
            if filled && closed(&xy) {
                not_drawn(skipped, "fill");
            }
            (
                xy.iter()
                    .zip(pressures)
                    .map(|(p, pr)| (p.0, p.1, pr))
                    .collect(),
                true,
            )
        }
        "line" | "arrow" => {
            let pts: Vec<(f32, f32)> = rel_points()?.iter().map(|p| (p.0, p.1)).collect();
            let mut path = if rounded {
                shapes::catmull_rom(&pts)
            } else {
                pts.clone()
            };
            if el.kind == "arrow" && path.len() >= 2 {
                let n = path.len();
                if let Some(head) = arrowhead(el.end_arrowhead.as_deref()) {
                    let ext = shapes::arrowhead(head, path[n - 2], path[n - 1], head_size(head));
                    path.extend(ext.into_iter().skip(1));
                }
                if let Some(head) = arrowhead(el.start_arrowhead.as_deref()) {
                    let mut ext = shapes::arrowhead(head, path[1], path[0], head_size(head));
                    ext.pop();
                    ext.extend(path);
                    path = ext;
                }
            }
            if filled && el.kind == "line" && closed(&pts) {
                not_drawn(skipped, "fill");
            }
            (with_pressure(path), true)
        }
        "rectangle" | "ellipse" | "diamond" => {
            let path = match el.kind.as_str() {
                "rectangle" => shapes::rectangle(
                    w,
                    h,
                    if rounded {
                        corner_radius(el, w.abs().min(h.abs()))
                    } else {
                        0.0
                    },
                ),
                "ellipse" => shapes::ellipse(w, h),
                _ => shapes::diamond(w, h),
            };
            if filled {
                not_drawn(skipped, "fill");
            }
            (with_pressure(path), false)
        }
        other => {
            not_drawn(
                skipped,
                if other.is_empty() {
                    "element without type"
                } else {
                    other
                },
            );
            return Ok(None);
        }
    };
    let centre = if from_points {
        let b = crate::model::BBox::from_points(local.iter().map(|p| (p.0, p.1)));
        b.map_or((0.0, 0.0), |b| {
            (0.5 * (b.min_x + b.max_x), 0.5 * (b.min_y + b.max_y))
        })
    } else {
        (0.5 * w, 0.5 * h)
    };
    let points = clock.stroke(local.into_iter().map(|(px, py, p)| {
        let (rx, ry) = shapes::rotate((px, py), centre, angle as f32);
        (x + rx, y + ry, p)
    }));
    Ok(Some(Stroke::styled(points, style)))
}

fn with_pressure(p: Vec<(f32, f32)>) -> Vec<(f32, f32, f32)> {
    p.into_iter()
        .map(|(x, y)| (x, y, Point::DEFAULT_PRESSURE))
        .collect()
}

/// Whether a path ends close to where it starts (Excalidraw fills those).
fn closed(p: &[(f32, f32)]) -> bool {
    match (p.first(), p.last()) {
        (Some(a), Some(b)) if p.len() > 2 => (a.0 - b.0).hypot(a.1 - b.1) < 8.0,
        _ => false,
    }
}

fn arrowhead(name: Option<&str>) -> Option<Head> {
    Some(match name? {
        "bar" => Head::Bar,
        "dot" | "circle" | "circle_outline" => Head::Dot,
        "triangle" | "triangle_outline" | "diamond" | "diamond_outline" => Head::Triangle,
        _ => Head::Arrow,
    })
}

fn head_size(head: Head) -> f32 {
    match head {
        Head::Arrow => 25.0,
        Head::Dot => 15.0,
        Head::Triangle | Head::Bar => 15.0,
    }
}

/// Excalidraw's corner radius: proportional (type 1/2, and legacy `strokeSharpness: round`) is a
/// quarter of the shorter side; adaptive (type 3) is the same up to 32 units.
fn corner_radius(el: &Element, side: f32) -> f32 {
    let kind = el
        .roundness
        .as_ref()
        .and_then(|r| r.get("type"))
        .and_then(serde_json::Value::as_u64);
    let proportional = 0.25 * side;
    match kind {
        Some(3) => {
            let fixed = el
                .roundness
                .as_ref()
                .and_then(|r| r.get("value"))
                .and_then(serde_json::Value::as_f64)
                .map_or(32.0, |v| v as f32);
            if side <= fixed / 0.25 {
                proportional
            } else {
                fixed
            }
        }
        _ => proportional,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "excalidraw_tests.rs"]
mod tests;
