//! Graffiti Markup Language (`.gml`): `<GML><tag><drawing><stroke><pt><x/><y/><time/></pt>…`.
//!
//! Every `<drawing>` (across all `<tag>`s) is a drawing of its own (`FILE#N`); its name is its
//! `<letter>` when it has one. Coordinates are normalised to 0..1; they are scaled by the header's
//! `screenBounds` when given, else by [`DEFAULT_SIZE`]. The unit of `<time>` is not reliable
//! (the spec says seconds, recorders write milliseconds): a drawing whose times span more than
//! [`SECONDS_LIMIT`] is taken as milliseconds, otherwise as seconds. GML has no pressure.

use std::path::Path;

use roxmltree::Node;

use super::{Format, ImportError, Parsed, Place};
use crate::model::{Point, Stroke, StrokeStyle};

/// Size the normalised coordinates are scaled to without `screenBounds`.
pub(crate) const DEFAULT_SIZE: f64 = 1000.0;
/// Largest time span (in the file's unit) still read as seconds.
pub(crate) const SECONDS_LIMIT: f64 = 120.0;
/// Stroke width as a fraction of the larger screen side.
pub(crate) const WIDTH_FRACTION: f32 = 0.01;

/// Whether text looks like GML.
pub(crate) fn sniff(head: &str) -> bool {
    head.contains("<GML") || head.contains("<gml")
}

fn child<'a, 'i>(n: &Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.tag_name().name() == name)
}

fn child_num(n: &Node, name: &str) -> Option<Result<f64, String>> {
    let c = child(n, name)?;
    let s = c.text().unwrap_or_default().trim();
    Some(match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() < 1e12 => Ok(v),
        _ => Err(format!("<{name}> {s:?} is not a usable number")),
    })
}

/// Parse drawing `index` of a GML file.
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let doc = super::parse_xml(path, text)?;
    let at =
        |n: &Node, field: String, message: String| super::xml_error(path, &doc, n, field, message);
    let drawings: Vec<Node> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "drawing")
        .collect();
    let count = drawings.len();
    let Some(drawing) = drawings.get(index) else {
        return Err(if count == 0 {
            ImportError::Malformed {
                path: path.to_path_buf(),
                place: Place::Field("GML".into()),
                message: "no <drawing> elements".into(),
            }
        } else {
            ImportError::NoSuchDrawing {
                path: path.to_path_buf(),
                index,
                count,
            }
        });
    };
    // screenBounds of the enclosing tag's header, if any.
    let bounds = drawing
        .ancestors()
        .find(|a| a.tag_name().name() == "tag")
        .and_then(|tag| {
            tag.descendants()
                .find(|n| n.tag_name().name() == "screenBounds")
        });
    let (sw, sh) = match bounds {
        Some(b) => {
            let w = child_num(&b, "x").and_then(Result::ok).unwrap_or(0.0);
            let h = child_num(&b, "y").and_then(Result::ok).unwrap_or(0.0);
            if w > 0.0 && h > 0.0 {
                (w, h)
            } else {
                (DEFAULT_SIZE, DEFAULT_SIZE)
            }
        }
        None => (DEFAULT_SIZE, DEFAULT_SIZE),
    };
    let mut raw: Vec<Vec<(f64, f64, f64)>> = Vec::new();
    for (si, stroke) in drawing
        .children()
        .filter(|n| n.tag_name().name() == "stroke")
        .enumerate()
    {
        let mut pts = Vec::new();
        for (pi, pt) in stroke
            .children()
            .filter(|n| n.tag_name().name() == "pt")
            .enumerate()
        {
            let field = || format!("drawing {index}, stroke {si}, pt {pi}");
            let get = |name: &str| -> Result<Option<f64>, ImportError> {
                child_num(&pt, name)
                    .transpose()
                    .map_err(|m| at(&pt, field(), m))
            };
            let (Some(x), Some(y)) = (get("x")?, get("y")?) else {
                return Err(at(&pt, field(), "a <pt> needs <x> and <y>".into()));
            };
            pts.push((x, y, get("time")?.or(get("t")?).unwrap_or(f64::NAN)));
        }
        raw.push(pts);
    }
    let times: Vec<f64> = raw
        .iter()
        .flatten()
        .map(|p| p.2)
        .filter(|t| t.is_finite())
        .collect();
    let has_timing = !times.is_empty();
    let span = times.iter().copied().fold(0.0f64, f64::max)
        - times.iter().copied().fold(f64::INFINITY, f64::min).min(0.0);
    let to_ms = if span > SECONDS_LIMIT { 1.0 } else { 1000.0 };
    let width = (sw.max(sh) as f32) * WIDTH_FRACTION;
    let mut last_t = 0.0;
    let strokes = raw
        .into_iter()
        .map(|pts| {
            let points = pts
                .into_iter()
                .map(|(x, y, t)| {
                    // Points without time follow the previous one by one 60 Hz frame.
                    let t = if t.is_finite() {
                        t * to_ms
                    } else {
                        last_t + 1000.0 / 60.0
                    };
                    last_t = t;
                    Point::new((x * sw) as f32, (y * sh) as f32, t)
                })
                .collect::<Vec<_>>();
            Stroke::styled(
                points,
                StrokeStyle {
                    width,
                    thinning: 0.0,
                    ..StrokeStyle::default()
                },
            )
        })
        .collect();
    let stem = super::file_stem(path);
    let name = child(drawing, "letter")
        .and_then(|l| l.text())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map_or_else(|| format!("{stem} #{index}"), |l| format!("{stem}: {l}"));
    Ok(Parsed::new(Format::Gml, name, strokes, has_timing, false).of(index, count))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const DOC: &str = "<GML><tag><header><environment><screenBounds><x>200</x><y>100</y></screenBounds></environment></header>
<drawing><letter>a</letter><stroke><pt><x>0.5</x><y>0.5</y><time>0</time></pt><pt><x>1</x><y>1</y><time>500</time></pt></stroke></drawing>
<drawing><stroke><pt><x>0</x><y>0</y><time>0</time></pt><pt><x>1</x><y>0</y><time>1.5</time></pt></stroke></drawing>
</tag></GML>";

    #[test]
    fn drawings_scale_to_screen_bounds_and_guess_time_units() {
        let a = parse(Path::new("t.gml"), DOC, 0).unwrap();
        assert_eq!(a.drawings_in_file, 2);
        assert_eq!(a.drawing.meta.name, "t: a");
        let q = a.drawing.strokes[0].points.at(1);
        assert_eq!((q.x, q.y, q.t_ms), (200.0, 100.0, 500.0), "ms");
        let b = parse(Path::new("t.gml"), DOC, 1).unwrap();
        assert_eq!(b.drawing.strokes[0].points.at(1).t_ms, 1500.0, "seconds");
        let e = parse(
            Path::new("t.gml"),
            &DOC.replace("<x>0.5</x>", "<x>zz</x>"),
            0,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 2") && e.contains("stroke 0, pt 0"), "{e}");
    }
}
