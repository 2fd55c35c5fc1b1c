//! How a tldraw shape is drawn: its outline in shape-local coordinates (draw strokes with
//! perfect-freehand's width and pressure, geometric shapes, lines and arrows), rotation centre and
//! style, or what is counted as not drawn (see the [parent module](super)).

use std::collections::BTreeMap;

use serde_json::Value;

use super::document::{num_pair, str_field, Shape};
use crate::import::freehand;
use crate::import::not_drawn;
use crate::import::shapes::{self, usable};
use crate::model::{Color, Point, StrokeStyle};

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
/// A shape's outline, rotation centre and style (see [`shape_stroke`]).
pub(super) type Made = Option<(Local, (f32, f32), StrokeStyle)>;

/// The local outline, rotation centre and style of a shape; `None` when it draws nothing.
pub(super) fn shape_stroke(
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
        let h = shapes::arrowhead(path[n - 2], path[n - 1], size);
        path.extend(h.into_iter().skip(1));
    }
    if heads.0.is_some() && path.len() >= 2 {
        let mut h = shapes::arrowhead(path[1], path[0], size);
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
