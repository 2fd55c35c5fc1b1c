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
//! [`WHITEBOARD_TIMING`](super::timing::WHITEBOARD_TIMING) (as for Excalidraw).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::freehand;
use super::shapes::{self, usable, Head};
use super::timing::{PenClock, WHITEBOARD_TIMING};
use super::{json_error, not_drawn, Format, ImportError, Parsed, Place};
use crate::model::{Color, Point, Stroke, StrokeStyle};

/// Whether a JSON document looks like a tldraw file.
pub(crate) fn sniff(head: &str) -> bool {
    head.contains("\"tldrawFileFormatVersion\"")
        || (head.contains("\"document\"") && head.contains("\"pageStates\""))
        || (head.contains("\"document\"") && head.contains("\"pages\""))
}

/// A shape reduced to what both versions share.
struct Shape {
    id: String,
    parent: String,
    /// Sort key within the parent.
    order: (f64, String),
    kind: String,
    x: f64,
    y: f64,
    rotation: f64,
    /// v1 `style` or v2 `props` (colour, size, scale, fill).
    style: Value,
    /// The raw shape, for kind-specific fields.
    raw: Value,
    v2: bool,
}

/// Parse page `index` of a tldraw document.
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| json_error(path, 1, &e))?;
    let malformed = |field: String, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(field),
        message,
    };
    // (page id, page name, sort key)
    let mut pages: Vec<(String, String, (f64, String))> = Vec::new();
    let mut all: Vec<Shape> = Vec::new();
    if let Some(document) = doc.get("document").filter(|d| d.get("pages").is_some()) {
        let Some(page_map) = document.get("pages").and_then(Value::as_object) else {
            return Err(malformed(
                "document.pages".into(),
                "expected an object of pages".into(),
            ));
        };
        for (pid, page) in page_map {
            let name = str_field(page, "name").unwrap_or(pid).to_string();
            let ci = page
                .get("childIndex")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            pages.push((pid.clone(), name, (ci, pid.clone())));
            let Some(shape_map) = page.get("shapes").and_then(Value::as_object) else {
                continue;
            };
            for (sid, s) in shape_map {
                let field = || format!("document.pages.{pid}.shapes.{sid}");
                let point = num_pair(s.get("point")).map_err(|m| malformed(field(), m))?;
                all.push(Shape {
                    id: sid.clone(),
                    parent: str_field(s, "parentId").unwrap_or(pid).to_string(),
                    order: (
                        s.get("childIndex").and_then(Value::as_f64).unwrap_or(0.0),
                        sid.clone(),
                    ),
                    kind: str_field(s, "type").unwrap_or_default().to_string(),
                    x: point.map_or(0.0, |p| p.0),
                    y: point.map_or(0.0, |p| p.1),
                    rotation: s.get("rotation").and_then(Value::as_f64).unwrap_or(0.0),
                    style: s.get("style").cloned().unwrap_or(Value::Null),
                    raw: s.clone(),
                    v2: false,
                });
            }
        }
    } else {
        let records = doc
            .get("records")
            .or_else(|| doc.get("store").map(|s| s.get("records").unwrap_or(s)))
            .ok_or_else(|| {
                malformed(
                    "(top level)".into(),
                    "a tldraw file needs `document.pages` (v1) or `records` (v2)".into(),
                )
            })?;
        let list: Vec<&Value> = match records {
            Value::Array(a) => a.iter().collect(),
            Value::Object(o) => o.values().collect(),
            _ => return Err(malformed("records".into(), "expected a list".into())),
        };
        for r in list {
            let id = str_field(r, "id").unwrap_or_default().to_string();
            match str_field(r, "typeName") {
                Some("page") => pages.push((
                    id.clone(),
                    str_field(r, "name").unwrap_or(&id).to_string(),
                    (0.0, str_field(r, "index").unwrap_or_default().to_string()),
                )),
                Some("shape") => {
                    let num = |k: &str| r.get(k).and_then(Value::as_f64).unwrap_or(0.0);
                    all.push(Shape {
                        parent: str_field(r, "parentId").unwrap_or_default().to_string(),
                        order: (0.0, str_field(r, "index").unwrap_or_default().to_string()),
                        kind: str_field(r, "type").unwrap_or_default().to_string(),
                        x: num("x"),
                        y: num("y"),
                        rotation: num("rotation"),
                        style: r.get("props").cloned().unwrap_or(Value::Null),
                        raw: r.clone(),
                        v2: true,
                        id,
                    });
                }
                _ => {}
            }
        }
    }
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

fn str_field<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn num_pair(v: Option<&Value>) -> Result<Option<(f64, f64)>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => match (
            a.first().and_then(Value::as_f64),
            a.get(1).and_then(Value::as_f64),
        ) {
            (Some(x), Some(y)) => Ok(Some((x, y))),
            _ => Err("expected [x, y] numbers".into()),
        },
        Some(_) => Err("expected [x, y]".into()),
    }
}

/// Points as `(x, y, pressure)`: v1 `[[x, y, p]…]`, v2 `[{x, y, z}…]`.
fn read_points(v: &Value, what: &str) -> Result<Vec<(f32, f32, f32)>, String> {
    if let Some(b64) = v.as_str() {
        return read_base64_points(b64, what);
    }
    let Some(list) = v.as_array() else {
        return Err(format!("{what} is not a list"));
    };
    list.iter()
        .enumerate()
        .map(|(i, p)| {
            let (x, y, z) = match p {
                Value::Array(a) => (
                    a.first().and_then(Value::as_f64),
                    a.get(1).and_then(Value::as_f64),
                    a.get(2).and_then(Value::as_f64),
                ),
                Value::Object(_) => (
                    p.get("x").and_then(Value::as_f64),
                    p.get("y").and_then(Value::as_f64),
                    p.get("z").and_then(Value::as_f64),
                ),
                _ => (None, None, None),
            };
            match (x, y) {
                (Some(x), Some(y)) => Ok((
                    usable(x, &format!("{what}[{i}] x"))?,
                    usable(y, &format!("{what}[{i}] y"))?,
                    z.map_or(Point::DEFAULT_PRESSURE, |z| z as f32),
                )),
                _ => Err(format!("{what}[{i}] is not a point")),
            }
        })
        .collect()
}

/// tldraw v2's compressed points (draw shape migration `Base64`, version 3): standard base64 of
/// little-endian float16 `x, y, z` triplets, positions relative to the shape, `z` the pressure.
fn read_base64_points(b64: &str, what: &str) -> Result<Vec<(f32, f32, f32)>, String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| format!("{what} is not valid base64 ({e})"))?;
    if bytes.len() % 6 != 0 {
        return Err(format!(
            "{what}: {} bytes of base64 points is not a whole number of x, y, z float16 triplets",
            bytes.len()
        ));
    }
    bytes
        .chunks_exact(6)
        .enumerate()
        .map(|(i, c)| {
            let f = |k: usize| half::f16::from_le_bytes([c[k], c[k + 1]]).to_f64();
            Ok((
                usable(f(0), &format!("{what}[{i}] x"))?,
                usable(f(2), &format!("{what}[{i}] y"))?,
                f(4) as f32,
            ))
        })
        .collect()
}

/// Points `(x, y, pressure)` in shape-local coordinates.
type Local = Vec<(f32, f32, f32)>;
type Made = Option<(Local, (f32, f32), StrokeStyle)>;

/// The local outline, rotation centre and style of a shape; `None` when it draws nothing.
fn shape_stroke(
    s: &Shape,
    skipped: &mut BTreeMap<String, usize>,
    has_pressure: &mut bool,
) -> Result<Made, String> {
    let st = &s.style;
    let scale = st.get("scale").and_then(Value::as_f64).unwrap_or(1.0) as f32;
    let sw = match str_field(st, "size").unwrap_or("medium") {
        "small" | "s" => 2.0,
        "large" | "l" => 5.0,
        "xl" => 10.0,
        _ => 3.5,
    } * scale;
    let color = colour(str_field(st, "color").unwrap_or("black"), s.v2);
    let filled = st.get("isFilled").and_then(Value::as_bool) == Some(true)
        || str_field(st, "fill").is_some_and(|f| f != "none");
    let mut style = shapes::outline_style(color, sw);
    let flat = |p: Vec<(f32, f32)>| -> Vec<(f32, f32, f32)> {
        p.into_iter()
            .map(|(x, y)| (x, y, Point::DEFAULT_PRESSURE))
            .collect()
    };
    let size2 = |key: &str| -> Result<(f32, f32), String> {
        let v = if s.v2 {
            (
                st.get("w").and_then(Value::as_f64),
                st.get("h").and_then(Value::as_f64),
            )
        } else {
            let a = s.raw.get(key).and_then(Value::as_array);
            (
                a.and_then(|a| a.first()).and_then(Value::as_f64),
                a.and_then(|a| a.get(1)).and_then(Value::as_f64),
            )
        };
        match v {
            (Some(w), Some(h)) => Ok((usable(w, "width")?, usable(h, "height")?)),
            _ => Err(format!("missing {key}")),
        }
    };
    let kind = if s.v2 && s.kind == "geo" {
        str_field(st, "geo").unwrap_or("rectangle")
    } else {
        s.kind.as_str()
    };
    let (local, centre): (Local, Option<(f32, f32)>) = match kind {
        "draw" | "highlight" => {
            let (raw, is_pen) = if s.v2 {
                let Some(segs) = st.get("segments").and_then(Value::as_array) else {
                    return Err("draw shape without props.segments".into());
                };
                let mut pts = Vec::new();
                for (i, seg) in segs.iter().enumerate() {
                    match seg.get("points") {
                        Some(p) => pts.extend(read_points(p, &format!("segments[{i}].points"))?),
                        None => {
                            // Newer tldraw versions store delta-encoded `path` strings, a
                            // layout that changed between releases: counted, not guessed at.
                            not_drawn(skipped, "draw shape with delta-encoded path");
                            return Ok(None);
                        }
                    }
                }
                (pts, st.get("isPen").and_then(Value::as_bool) == Some(true))
            } else {
                let Some(p) = s.raw.get("points") else {
                    return Err("draw shape without points".into());
                };
                let pts = read_points(p, "points")?;
                let pen = pts.iter().any(|p| p.2 != Point::DEFAULT_PRESSURE);
                (pts, pen)
            };
            let size = 1.0 + 1.5 * sw;
            (style.width, style.thinning) = freehand::width(size, if s.v2 { 0.5 } else { 0.65 });
            if kind == "highlight" {
                style.color = style.color.with_opacity(0.35);
            }
            let pressures: Vec<f32> = if is_pen {
                *has_pressure = true;
                raw.iter().map(|p| p.2).collect()
            } else {
                let xy: Vec<(f32, f32)> = raw.iter().map(|p| (p.0, p.1)).collect();
                freehand::simulated_pressures(&xy, size)
            };
            if filled {
                not_drawn(skipped, "fill");
            }
            (
                raw.iter()
                    .zip(pressures)
                    .map(|(p, pr)| (p.0, p.1, pr))
                    .collect(),
                None,
            )
        }
        "rectangle" | "ellipse" | "triangle" | "diamond" => {
            let (w, h) = if kind == "ellipse" && !s.v2 {
                let (rx, ry) = size2("radius")?;
                (2.0 * rx, 2.0 * ry)
            } else {
                size2("size")?
            };
            let path = match kind {
                "rectangle" => shapes::rectangle(w, h, 0.0),
                "ellipse" => shapes::ellipse(w, h),
                "diamond" => shapes::diamond(w, h),
                _ => vec![(0.5 * w, 0.0), (w, h), (0.0, h), (0.5 * w, 0.0)],
            };
            if filled {
                not_drawn(skipped, "fill");
            }
            (flat(path), Some((0.5 * w, 0.5 * h)))
        }
        "arrow" => (flat(arrow_path(s, sw)?), None),
        "line" if s.v2 => {
            let Some(pts) = st.get("points").and_then(Value::as_object) else {
                return Err("line shape without props.points".into());
            };
            let mut v: Vec<(String, (f32, f32))> = Vec::new();
            for (k, p) in pts {
                let x = p.get("x").and_then(Value::as_f64).unwrap_or(0.0);
                let y = p.get("y").and_then(Value::as_f64).unwrap_or(0.0);
                let idx = str_field(p, "index").unwrap_or(k).to_string();
                v.push((idx, (usable(x, "x")?, usable(y, "y")?)));
            }
            v.sort_by(|a, b| a.0.cmp(&b.0));
            (flat(v.into_iter().map(|(_, p)| p).collect()), None)
        }
        "group" | "frame" => return Ok(None), // containers: their children are drawn
        other => {
            not_drawn(
                skipped,
                if other.is_empty() {
                    "shape without type"
                } else {
                    other
                },
            );
            return Ok(None);
        }
    };
    let centre = centre.unwrap_or_else(|| {
        crate::model::BBox::from_points(local.iter().map(|p| (p.0, p.1))).map_or((0.0, 0.0), |b| {
            (0.5 * (b.min_x + b.max_x), 0.5 * (b.min_y + b.max_y))
        })
    });
    Ok(Some((local, centre, style)))
}

/// A v1 or v2 arrow: straight, or a circular arc through its bend; heads as decorated.
fn arrow_path(s: &Shape, sw: f32) -> Result<Vec<(f32, f32)>, String> {
    let st = &s.style;
    let (start, end, bend, heads) = if s.v2 {
        let pt = |k: &str| -> Result<(f32, f32), String> {
            let p = st.get(k);
            let x = p.and_then(|p| p.get("x")).and_then(Value::as_f64);
            let y = p.and_then(|p| p.get("y")).and_then(Value::as_f64);
            Ok((
                usable(x.unwrap_or(0.0), "x")?,
                usable(y.unwrap_or(0.0), "y")?,
            ))
        };
        let bend = st.get("bend").and_then(Value::as_f64).unwrap_or(0.0) as f32;
        let head = |k: &str| {
            str_field(st, k)
                .filter(|h| *h != "none")
                .map(str::to_string)
        };
        (
            pt("start")?,
            pt("end")?,
            bend,
            (head("arrowheadStart"), head("arrowheadEnd")),
        )
    } else {
        let handle = |k: &str| -> Result<Option<(f32, f32)>, String> {
            match num_pair(s.raw.get("handles").and_then(|h| h.get(k)?.get("point")))? {
                Some((x, y)) => Ok(Some((usable(x, "x")?, usable(y, "y")?))),
                None => Ok(None),
            }
        };
        let start = handle("start")?.ok_or("arrow without a start handle")?;
        let end = handle("end")?.ok_or("arrow without an end handle")?;
        let bend = s.raw.get("bend").and_then(Value::as_f64).unwrap_or(0.0) as f32;
        let deco = s.raw.get("decorations");
        let head = |k: &str| deco.and_then(|d| str_field(d, k)).map(str::to_string);
        (start, end, bend, (head("start"), head("end")))
    };
    // Bend is the arc's sagitta as a fraction of half the chord (v1) / in units (v2).
    let (dx, dy) = (end.0 - start.0, end.1 - start.1);
    let len = dx.hypot(dy);
    let sagitta = if s.v2 { bend } else { bend * 0.5 * len };
    let mut path = if sagitta.abs() > 0.5 && len > f32::EPSILON {
        let mid = (0.5 * (start.0 + end.0), 0.5 * (start.1 + end.1));
        let (nx, ny) = (-dy / len, dx / len);
        let peak = (mid.0 + nx * sagitta, mid.1 + ny * sagitta);
        shapes::arc_through(start, peak, end)
    } else {
        vec![start, end]
    };
    let size = (len / 3.0).min(sw * 8.0).max(sw);
    if heads.1.is_some() && path.len() >= 2 {
        let n = path.len();
        let h = shapes::arrowhead(Head::Arrow, path[n - 2], path[n - 1], size);
        path.extend(h.into_iter().skip(1));
    }
    if heads.0.is_some() && path.len() >= 2 {
        let mut h = shapes::arrowhead(Head::Arrow, path[1], path[0], size);
        h.pop();
        h.extend(path);
        path = h;
    }
    Ok(path)
}

/// The light-theme stroke colour of a tldraw colour style.
fn colour(name: &str, v2: bool) -> Color {
    let hex = if v2 {
        match name {
            "grey" => "#9fa8b2",
            "light-violet" => "#e085f4",
            "violet" => "#ae3ec9",
            "blue" => "#4465e9",
            "light-blue" => "#4ba1f1",
            "yellow" => "#f1ac4b",
            "orange" => "#e16919",
            "green" => "#099268",
            "light-green" => "#4cb05e",
            "red" => "#e03131",
            "light-red" => "#f87777",
            "white" => "#ffffff",
            _ => "#1d1d1d",
        }
    } else {
        match name {
            "white" => "#f0f1f3",
            "lightGray" => "#c6cbd1",
            "gray" => "#788492",
            "green" => "#36b24d",
            "cyan" => "#0e98ad",
            "blue" => "#1c7ed6",
            "indigo" => "#4263eb",
            "violet" => "#7746f1",
            "red" => "#ff2133",
            "orange" => "#ff9433",
            "yellow" => "#ffc936",
            _ => "#1d1d1d",
        }
    };
    hex.parse().unwrap_or(Color::BLACK)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse_str(text: &str, index: usize) -> Result<Parsed, ImportError> {
        parse(Path::new("t.tldr"), text, index)
    }

    const V1: &str = r#"{"document":{"id":"doc","version":15.3,"pageStates":{},"pages":{
      "p2":{"id":"p2","name":"Second","childIndex":2,"shapes":{}},
      "p1":{"id":"p1","name":"First","childIndex":1,"shapes":{
        "g":{"id":"g","type":"group","parentId":"p1","childIndex":2,"point":[0,0]},
        "b":{"id":"b","type":"draw","parentId":"g","childIndex":1,"point":[100,100],
             "style":{"color":"red","size":"small"},"points":[[0,0,0.2],[10,0,0.9]]},
        "a":{"id":"a","type":"draw","parentId":"p1","childIndex":1,"point":[0,0],
             "style":{"color":"black","size":"medium"},"points":[[0,0,0.5],[5,5,0.5],[9,9,0.5]]},
        "r":{"id":"r","type":"rectangle","parentId":"p1","childIndex":3,"point":[0,0],"size":[10,20],
             "style":{"color":"blue","size":"large","isFilled":true}},
        "t":{"id":"t","type":"text","parentId":"p1","childIndex":4,"point":[0,0],"text":"hi"},
        "w":{"id":"w","type":"arrow","parentId":"p1","childIndex":5,"point":[0,0],"bend":0.5,
             "handles":{"start":{"point":[0,0]},"end":{"point":[100,0]}},"decorations":{"end":"arrow"}}
      }}}}}"#;

    #[test]
    fn v1_pages_are_drawings_and_shapes_follow_z_order() {
        let p = parse_str(V1, 0).unwrap();
        assert_eq!(p.drawings_in_file, 2);
        assert_eq!(p.drawing.meta.name, "First");
        let s = &p.drawing.strokes;
        assert_eq!(s.len(), 4, "draw a, group's draw b, rectangle, arrow");
        assert_eq!(s[0].points.len(), 3);
        assert_eq!((s[1].points[0].x, s[1].points[1].pressure), (100.0, 0.9));
        assert_eq!(s[1].style.color, "#ff2133".parse().unwrap());
        assert!(p.drawing.meta.has_pressure);
        assert_eq!(p.skipped.get("text"), Some(&1));
        assert_eq!(p.skipped.get("fill"), Some(&1));
        // The bent arrow leaves the straight line.
        assert!(s[3].points.iter().any(|q| q.y.abs() > 10.0));
        assert_eq!(parse_str(V1, 1).unwrap().drawing.strokes.len(), 0);
        assert!(matches!(
            parse_str(V1, 2),
            Err(ImportError::NoSuchDrawing { count: 2, .. })
        ));
    }

    #[test]
    fn v2_draw_shapes_from_records() {
        let text = r#"{"tldrawFileFormatVersion":1,"schema":{},"records":[
          {"typeName":"page","id":"page:a","name":"Page 1","index":"a1"},
          {"typeName":"shape","id":"shape:1","type":"draw","parentId":"page:a","index":"a2",
           "x":10,"y":20,"rotation":0,"props":{"color":"blue","size":"m","isPen":true,
           "segments":[{"type":"free","points":[{"x":0,"y":0,"z":0.3},{"x":4,"y":0,"z":0.7}]}]}},
          {"typeName":"shape","id":"shape:2","type":"draw","parentId":"page:a","index":"a3",
           "x":0,"y":0,"rotation":0,"props":{"segments":[{"type":"free","path":"AAAA"}]}},
          {"typeName":"shape","id":"shape:3","type":"geo","parentId":"page:a","index":"a4",
           "x":0,"y":0,"rotation":0,"props":{"geo":"ellipse","w":10,"h":10,"fill":"solid"}}
        ]}"#;
        let p = parse_str(text, 0).unwrap();
        let s = &p.drawing.strokes;
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].points[1].x, s[0].points[1].pressure), (14.0, 0.7));
        assert_eq!(
            p.skipped.get("draw shape with delta-encoded path"),
            Some(&1)
        );
        assert_eq!(p.skipped.get("fill"), Some(&1));
    }

    #[test]
    fn v2_base64_float16_points() {
        use base64::Engine as _;
        // Two points (1, 2, 0.25) and (-3.5, 4, 0.75) as little-endian float16 triplets.
        let enc = |v: &[f32]| {
            let bytes: Vec<u8> = v
                .iter()
                .flat_map(|&x| half::f16::from_f32(x).to_le_bytes())
                .collect();
            base64::engine::general_purpose::STANDARD.encode(bytes)
        };
        let b64 = enc(&[1.0, 2.0, 0.25, -3.5, 4.0, 0.75]);
        let text = format!(
            r#"{{"tldrawFileFormatVersion":1,"schema":{{}},"records":[
              {{"typeName":"page","id":"page:a","name":"Page 1","index":"a1"}},
              {{"typeName":"shape","id":"shape:1","type":"draw","parentId":"page:a","index":"a2",
               "x":10,"y":20,"rotation":0,"props":{{"isPen":true,
               "segments":[{{"type":"free","points":"{b64}"}}]}}}}]}}"#
        );
        let p = parse_str(&text, 0).unwrap();
        let pts = &p.drawing.strokes[0].points;
        assert_eq!(
            pts.iter()
                .map(|q| (q.x, q.y, q.pressure))
                .collect::<Vec<_>>(),
            [(11.0, 22.0, 0.25), (6.5, 24.0, 0.75)]
        );
        // A wrong length and an infinity are errors naming the shape and the point.
        let e = parse_str(&text.replace(&b64, &b64[..4]), 0)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("shape:1") && e.contains("float16 triplets"),
            "{e}"
        );
        let e = parse_str(&text.replace(&b64, &enc(&[f32::INFINITY, 0.0, 0.5])), 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("points[0] x"), "{e}");
    }

    #[test]
    fn bad_shapes_are_named() {
        let text = r#"{"document":{"pages":{"p":{"shapes":{"x1":{"type":"draw","parentId":"p","point":[0,0],"points":[[0,"a"]]}}}}}}"#;
        let e = parse_str(text, 0).unwrap_err().to_string();
        assert!(e.contains("shapes.x1") && e.contains("points[0]"), "{e}");
        // A parent cycle neither hangs nor recurses forever.
        let text = r#"{"document":{"pages":{"p":{"shapes":{"a":{"type":"group","parentId":"b"},"b":{"type":"group","parentId":"a"}}}}}}"#;
        assert_eq!(parse_str(text, 0).unwrap().drawing.strokes.len(), 0);
    }
}
