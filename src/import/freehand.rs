//! perfect-freehand, the stroke model of Excalidraw and tldraw, expressed in inkplay's terms.
//!
//! perfect-freehand outlines a stroke with radius `size × easing(0.5 − thinning × (0.5 − p))` at
//! pressure `p`; both apps use a sine easing (`sin(t π/2)`). inkplay's width model is linear in
//! pressure (`width × (1 − t + 2 t p)`, see [`StrokeStyle`](crate::model::StrokeStyle)), so
//! [`width`] fits it to the eased curve by least squares over `p` in 0..1 (within 20 % of the app's
//! width everywhere in that range, within 7 % for p ≥ 0.2). Mouse input has no pressure; perfect-freehand then simulates
//! one from the distance between points ([`simulated_pressures`]), and so does inkplay.

use crate::model::Point;

/// perfect-freehand's rate of simulated pressure change.
const RATE_OF_PRESSURE_CHANGE: f32 = 0.275;

/// inkplay's `(width, thinning)` for a perfect-freehand stroke of `size` and `thinning` with sine
/// easing.
pub(crate) fn width(size: f32, thinning: f32) -> (f32, f32) {
    const N: usize = 21;
    let diameter = |p: f32| {
        2.0 * (std::f32::consts::FRAC_PI_2 * (0.5 - thinning * (0.5 - p)).clamp(0.0, 1.0)).sin()
    };
    let ps: Vec<f32> = (0..N).map(|i| i as f32 / (N - 1) as f32).collect();
    let mean = ps.iter().map(|&p| diameter(p)).sum::<f32>() / N as f32;
    let (mut num, mut den) = (0.0, 0.0);
    for &p in &ps {
        num += (p - 0.5) * (diameter(p) - mean);
        den += (p - 0.5) * (p - 0.5);
    }
    let slope = num / den;
    // With the samples symmetric about 0.5, the fitted line passes through (0.5, mean).
    (size * mean, (slope / (2.0 * mean)).clamp(0.0, 1.0))
}

/// perfect-freehand's pressure for mouse input: it falls as the pen moves fast relative to the
/// stroke size and recovers when it slows (the first ten points set the starting value).
pub(crate) fn simulated_pressures(points: &[(f32, f32)], size: f32) -> Vec<f32> {
    let size = size.max(f32::EPSILON);
    let dist = |i: usize| {
        if i == 0 {
            0.0
        } else {
            (points[i].0 - points[i - 1].0).hypot(points[i].1 - points[i - 1].1)
        }
    };
    let step = |prev: f32, d: f32| {
        let sp = (d / size).min(1.0);
        let rp = (1.0 - sp).min(1.0);
        (prev + (rp - prev) * (sp * RATE_OF_PRESSURE_CHANGE)).min(1.0)
    };
    let mut prev = (0..points.len().min(10)).fold(Point::DEFAULT_PRESSURE, |acc, i| {
        (acc + step(acc, dist(i))) / 2.0
    });
    (0..points.len())
        .map(|i| {
            prev = step(prev, dist(i));
            prev
        })
        .collect()
}

/// perfect-freehand's default `size` (used for its JSON stroke files).
pub(crate) const DEFAULT_SIZE: f32 = 16.0;
/// perfect-freehand's default `thinning`.
pub(crate) const DEFAULT_THINNING: f32 = 0.5;

/// Whether JSON text looks like a perfect-freehand stroke file: an object of named point lists.
pub(crate) fn sniff_json(head: &str) -> bool {
    let t = head.trim_start();
    t.starts_with('{') && {
        let after = t[1..].trim_start();
        after.starts_with('"')
            && after
                .find(':')
                .is_some_and(|i| after[i + 1..].trim_start().starts_with('['))
    }
}

/// Whether JSON text is a bare list of points (`[[x, y], …]`, `[[x, y, pressure], …]`,
/// `[{"x": …, "y": …, "pressure": …}, …]`: perfect-freehand's own input) or of strokes of them
/// (`[[[x, y], …], …]`).
pub(crate) fn sniff_points(head: &str) -> bool {
    let t = head.trim_start();
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let rest = rest.trim_start();
    if let Some(inner) = rest.strip_prefix('[') {
        let inner = inner.trim_start();
        inner.starts_with(|c: char| c == '-' || c == '[' || c == '{' || c.is_ascii_digit())
    } else if let Some(obj) = rest.strip_prefix('{') {
        let obj = obj.trim_start();
        obj.starts_with("\"x\"") || obj.starts_with("\"y\"") || obj.starts_with("\"pressure\"")
    } else {
        false
    }
}

/// Parse drawing `index` of a perfect-freehand JSON file: an object of named point lists
/// (`{"name": [[x, y, pressure?, t?]…]…}`, each entry a one-stroke drawing), or a bare list of
/// points or of strokes (one drawing; see [`sniff_points`]). Points are `[x, y, pressure?, t?]`
/// or `{x, y, pressure?}`. Four-number points carry a time in ms; others are timed at the
/// whiteboard pen speed. Pressure 0.5 everywhere (mouse) is simulated as perfect-freehand does,
/// with its default size and thinning.
pub(crate) fn parse_json(
    path: &std::path::Path,
    text: &str,
    index: usize,
) -> Result<super::Parsed, super::ImportError> {
    use super::{ImportError, Place};
    if text.trim_start().starts_with('[') {
        return parse_points(path, text, index);
    }
    let doc: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|e| super::json_error(path, 1, &e))?;
    let count = doc.len();
    let Some((name, value)) = doc.iter().nth(index) else {
        return Err(ImportError::NoSuchDrawing {
            path: path.to_path_buf(),
            index,
            count,
        });
    };
    let list = value.as_array().ok_or_else(|| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(name.clone()),
        message: "expected a list of points".into(),
    })?;
    let mut clock = super::timing::PenClock::new(super::timing::WHITEBOARD_TIMING);
    let s = stroke(path, list, name, &mut clock)?;
    Ok(super::Parsed::new(
        super::Format::FreehandJson,
        name.clone(),
        vec![s.stroke],
        s.has_timing,
        s.has_pressure,
    )
    .of(index, count))
}

/// A bare list of points (one stroke) or of strokes: one drawing, named after the file.
fn parse_points(
    path: &std::path::Path,
    text: &str,
    index: usize,
) -> Result<super::Parsed, super::ImportError> {
    use super::{ImportError, Place};
    let doc: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| super::json_error(path, 1, &e))?;
    if index > 0 {
        return Err(ImportError::NoSuchDrawing {
            path: path.to_path_buf(),
            index,
            count: 1,
        });
    }
    // A list of strokes when its first element is a list whose first element is a point.
    let nested = doc
        .first()
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.first().is_some_and(|p| p.is_array() || p.is_object()));
    // One pen clock for the drawing: untimed strokes follow one another.
    let mut clock = super::timing::PenClock::new(super::timing::WHITEBOARD_TIMING);
    let strokes = if nested {
        doc.iter()
            .enumerate()
            .map(|(i, v)| {
                let list = v.as_array().ok_or_else(|| ImportError::Malformed {
                    path: path.to_path_buf(),
                    place: Place::Field(format!("[{i}]")),
                    message: "expected a list of points (a stroke)".into(),
                })?;
                stroke(path, list, &format!("[{i}]"), &mut clock)
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        vec![stroke(path, &doc, "", &mut clock)?]
    };
    let has_timing = !strokes.is_empty() && strokes.iter().all(|s| s.has_timing);
    let has_pressure = strokes.iter().any(|s| s.has_pressure);
    let name = path
        .file_stem()
        .map_or_else(|| "points".into(), |n| n.to_string_lossy().into_owned());
    Ok(super::Parsed::new(
        super::Format::FreehandJson,
        name,
        strokes.into_iter().map(|s| s.stroke).collect(),
        has_timing,
        has_pressure,
    )
    .of(0, 1))
}

/// One stroke read from a list of points, and what it carried.
struct ReadStroke {
    stroke: crate::model::Stroke,
    has_timing: bool,
    has_pressure: bool,
}

/// A stroke from a list of `[x, y, pressure?, t?]` or `{x, y, pressure?}` points; `field` names
/// the list in errors (`name[3]`, `[2][3]`, `[3]`); an untimed stroke is timed by `clock`.
fn stroke(
    path: &std::path::Path,
    list: &[serde_json::Value],
    field: &str,
    clock: &mut super::timing::PenClock,
) -> Result<ReadStroke, super::ImportError> {
    use super::{ImportError, Place};
    use crate::model::{Stroke, StrokeStyle};
    let bad = |i: usize, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(format!("{field}[{i}]")),
        message,
    };
    let mut raw: Vec<[Option<f64>; 4]> = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        let f = |v: Option<&serde_json::Value>| v.and_then(serde_json::Value::as_f64);
        let r = match p {
            serde_json::Value::Array(a) if (2..=4).contains(&a.len()) => {
                [f(a.first()), f(a.get(1)), f(a.get(2)), f(a.get(3))]
            }
            serde_json::Value::Object(o) => {
                [f(o.get("x")), f(o.get("y")), f(o.get("pressure")), None]
            }
            _ => return Err(bad(i, "expected [x, y, pressure?, t?] or {x, y}".into())),
        };
        if r[0].is_none() || r[1].is_none() {
            return Err(bad(i, "x and y must be numbers".into()));
        }
        if r.iter().flatten().any(|v| !v.is_finite() || v.abs() > 1e12) {
            return Err(bad(i, "a value is out of range".into()));
        }
        raw.push(r);
    }
    let xy: Vec<(f32, f32)> = raw
        .iter()
        .map(|r| (r[0].unwrap_or(0.0) as f32, r[1].unwrap_or(0.0) as f32))
        .collect();
    let recorded: Vec<f32> = raw
        .iter()
        .map(|r| r[2].map_or(Point::DEFAULT_PRESSURE, |p| p as f32))
        .collect();
    let has_pressure = recorded.iter().any(|&p| p != Point::DEFAULT_PRESSURE);
    let pressures = if has_pressure {
        recorded
    } else {
        simulated_pressures(&xy, DEFAULT_SIZE)
    };
    let has_timing = !raw.is_empty() && raw.iter().all(|r| r[3].is_some());
    let points: Vec<Point> = if has_timing {
        raw.iter()
            .zip(&pressures)
            .map(|(r, &p)| {
                Point::new(
                    r[0].unwrap_or(0.0) as f32,
                    r[1].unwrap_or(0.0) as f32,
                    r[3].unwrap_or(0.0),
                )
                .with_pressure(p)
            })
            .collect()
    } else {
        clock.stroke(xy.iter().zip(&pressures).map(|(&(x, y), &p)| (x, y, p)))
    };
    let (width, thinning) = width(DEFAULT_SIZE, DEFAULT_THINNING);
    let stroke = Stroke::styled(
        points,
        StrokeStyle {
            width,
            thinning,
            ..StrokeStyle::default()
        },
    );
    Ok(ReadStroke {
        stroke,
        has_timing,
        has_pressure,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::StrokeStyle;

    #[test]
    fn the_linear_fit_stays_close_to_the_eased_width() {
        for thinning in [0.6f32, 0.65] {
            let (w, t) = width(10.0, thinning);
            let style = StrokeStyle {
                width: w,
                thinning: t,
                ..StrokeStyle::default()
            };
            for i in 0..=10 {
                let p = i as f32 / 10.0;
                let app = 20.0 * (std::f32::consts::FRAC_PI_2 * (0.5 - thinning * (0.5 - p))).sin();
                let ours = w * style.width_factor(p);
                let tol = if p < 0.2 { 0.2 } else { 0.07 };
                assert!(
                    (ours - app).abs() / app < tol,
                    "t {thinning} p {p}: {ours} vs {app}"
                );
            }
        }
    }

    #[test]
    fn json_entries_are_one_stroke_drawings() {
        let text = r#"{"a": [[0, 0], [10, 0]], "b": [[0, 0, 0.2, 5], [1, 1, 0.9, 25]], "c": [{"x": 1, "y": 2}]}"#;
        assert!(sniff_json(text));
        let p = |i| parse_json(std::path::Path::new("t.json"), text, i);
        let a = p(0).unwrap();
        assert_eq!(a.drawings_in_file, 3);
        assert!(!a.drawing.meta.has_timing && a.drawing.strokes[0].points.at(1).t_ms > 0.0);
        let b = p(1).unwrap();
        let q = b.drawing.strokes[0].points.at(1);
        assert_eq!(q.t_ms, 25.0);
        assert!((q.pressure - 0.9).abs() < 1e-3, "f16 pressure");
        assert_eq!(p(2).unwrap().drawing.meta.name, "c");
        assert!(p(3).is_err());
        let e = parse_json(std::path::Path::new("t.json"), r#"{"a": [[0]]}"#, 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a[0]"), "{e}");
    }

    #[test]
    fn bare_lists_of_points_or_strokes_are_one_drawing() {
        let path = std::path::Path::new("pen.json");
        for text in [
            "[[0, 0], [10, 0], [20, 5]]",
            "[[0, 0, 0.3], [10, 0, 0.6], [20, 5, 0.9]]",
            r#"[{"x": 0, "y": 0, "pressure": 0.3}, {"x": 10, "y": 0}, {"x": 20, "y": 5}]"#,
        ] {
            assert!(sniff_points(text), "{text}");
            let d = parse_json(path, text, 0).unwrap().drawing;
            assert_eq!(d.strokes.len(), 1, "{text}");
            assert_eq!(d.strokes[0].points.len(), 3);
            assert_eq!(d.meta.name, "pen");
        }
        let two = parse_json(path, "[[[0, 0], [5, 5]], [[9, 9], [12, 3], [1, 1]]]", 0).unwrap();
        let s = &two.drawing.strokes;
        assert_eq!(s.len(), 2);
        // Untimed strokes follow one another.
        assert!(s[1].points.at(0).t_ms > s[0].points.at(1).t_ms);
        assert!(parse_json(path, "[[0, 0]]", 1).is_err());
        let e = parse_json(path, "[[[0, 0]], [[1, \"a\"]]]", 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("[1][0]"), "{e}");
        assert!(!sniff_points("[1, 2, 3]") && !sniff_points("{\"a\": 1}"));
    }

    #[test]
    fn fast_mouse_strokes_get_thinner() {
        let slow: Vec<(f32, f32)> = (0..20).map(|i| (i as f32 * 0.5, 0.0)).collect();
        let fast: Vec<(f32, f32)> = (0..20).map(|i| (i as f32 * 20.0, 0.0)).collect();
        let (s, f) = (
            simulated_pressures(&slow, 8.0),
            simulated_pressures(&fast, 8.0),
        );
        assert!(f[19] < s[19] && f[19] < 0.1, "{f:?}");
        assert!(s.iter().chain(&f).all(|p| (0.0..=1.0).contains(p)));
    }
}
