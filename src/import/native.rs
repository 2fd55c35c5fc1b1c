//! inkplay's own format, `*.inkplay.json` (specified in `docs/FORMAT.md`).
//!
//! A self-describing JSON document with a `version` field; points are compact `[x, y, t_ms, pressure]`
//! arrays. Writing then reading a drawing gives the same drawing (times and pressures are written with
//! full precision).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{json_error, Format, ImportError, Parsed, Place};
use crate::model::{
    BBox, Color, Drawing, DrawingMeta, FillRule, LineCap, LineJoin, Point, Shape, Stroke,
    StrokeStyle, SubPath,
};

/// The format version this build writes and reads.
pub(crate) const VERSION: u32 = 1;
/// The value of the `format` field.
pub(crate) const FORMAT_TAG: &str = "inkplay";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    version: u32,
    #[serde(default)]
    name: String,
    #[serde(default)]
    source_format: String,
    #[serde(default)]
    has_timing: bool,
    #[serde(default)]
    has_pressure: bool,
    /// The source's page `[min_x, min_y, max_x, max_y]`, when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    canvas: Option<[f32; 4]>,
    strokes: Vec<StrokeDoc>,
}

fn default_color() -> Color {
    Color::BLACK
}
fn default_width() -> f32 {
    StrokeStyle::default().width
}
fn default_miter() -> f32 {
    StrokeStyle::default().miter_limit
}
fn default_thinning() -> f32 {
    StrokeStyle::default().thinning
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StrokeDoc {
    #[serde(default = "default_color")]
    color: Color,
    #[serde(default = "default_width")]
    width: f32,
    #[serde(default)]
    cap: LineCap,
    #[serde(default)]
    join: LineJoin,
    #[serde(default = "default_miter")]
    miter_limit: f32,
    #[serde(default = "default_thinning")]
    thinning: f32,
    /// Vector paths only: index of the first point of each sub-path after the first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    breaks: Vec<u32>,
    /// Vector paths only: which sub-paths (by number, from 0) are closed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    closed: Vec<u32>,
    /// Vector paths only: the stroke is a region filled under this rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fill: Option<FillRule>,
    /// `[x, y, t_ms, pressure]`.
    points: Vec<[f64; 4]>,
}

impl StrokeDoc {
    /// The shape these fields describe (`None` for a plain pen stroke).
    fn shape(&self) -> Option<Box<Shape>> {
        if self.breaks.is_empty() && self.closed.is_empty() && self.fill.is_none() {
            return None;
        }
        let mut subpaths: Vec<SubPath> = std::iter::once(0)
            .chain(self.breaks.iter().copied())
            .map(|start| SubPath {
                start,
                closed: false,
            })
            .collect();
        // Numbers past the last sub-path name none and are ignored.
        for &k in &self.closed {
            if let Some(p) = subpaths.get_mut(k as usize) {
                p.closed = true;
            }
        }
        Some(Box::new(Shape {
            subpaths,
            fill: self.fill,
            glyph: None,
            image: None,
        }))
    }
}

/// Parse a native document.
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let doc: Document = serde_json::from_str(text).map_err(|e| json_error(path, 1, &e))?;
    let malformed = |field: &str, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(field.to_string()),
        message,
    };
    if doc.format != FORMAT_TAG {
        return Err(malformed(
            "format",
            format!("expected \"{FORMAT_TAG}\", found {:?}", doc.format),
        ));
    }
    if doc.version != VERSION {
        return Err(malformed(
            "version",
            format!(
                "version {} is not supported (this build reads {VERSION})",
                doc.version
            ),
        ));
    }
    super::only_drawing(path, index)?;
    let strokes = doc
        .strokes
        .into_iter()
        .map(|s| Stroke {
            shape: s.shape(),
            points: s
                .points
                .iter()
                .map(|&[x, y, t, p]| Point {
                    x: x as f32,
                    y: y as f32,
                    t_ms: t,
                    pressure: p as f32,
                })
                .collect(),
            style: StrokeStyle {
                color: s.color,
                width: s.width,
                cap: s.cap,
                join: s.join,
                miter_limit: s.miter_limit,
                thinning: s.thinning,
            },
        })
        .collect();
    let name = if doc.name.is_empty() {
        path.file_name()
            .map(|n| {
                n.to_string_lossy()
                    .trim_end_matches(".inkplay.json")
                    .to_string()
            })
            .unwrap_or_default()
    } else {
        doc.name
    };
    Ok(Parsed {
        drawing: Drawing {
            strokes,
            meta: DrawingMeta {
                name,
                // Empty (no source format recorded) is named `inkplay` by `finish`.
                format: doc.source_format,
                has_timing: doc.has_timing,
                has_pressure: doc.has_pressure,
                canvas: doc.canvas.map(|[min_x, min_y, max_x, max_y]| BBox {
                    min_x,
                    min_y,
                    max_x,
                    max_y,
                }),
            },
        },
        format: Format::Native,
        drawings_in_file: 1,
        index: 0,
        skipped: Default::default(),
    })
}

/// Serialize a drawing as a native document (pretty enough to diff: one stroke per line block).
pub fn to_json(drawing: &Drawing) -> String {
    let doc = Document {
        format: FORMAT_TAG.to_string(),
        version: VERSION,
        name: drawing.meta.name.clone(),
        source_format: drawing.meta.format.clone(),
        has_timing: drawing.meta.has_timing,
        has_pressure: drawing.meta.has_pressure,
        canvas: drawing
            .meta
            .canvas
            .map(|b| [b.min_x, b.min_y, b.max_x, b.max_y]),
        strokes: drawing
            .strokes
            .iter()
            .map(|s| StrokeDoc {
                color: s.style.color,
                width: s.style.width,
                cap: s.style.cap,
                join: s.style.join,
                miter_limit: s.style.miter_limit,
                thinning: s.style.thinning,
                breaks: s.shape.as_ref().map_or_else(Vec::new, |sh| {
                    sh.subpaths.iter().skip(1).map(|p| p.start).collect()
                }),
                closed: s.shape.as_ref().map_or_else(Vec::new, |sh| {
                    (0u32..)
                        .zip(&sh.subpaths)
                        .filter(|(_, p)| p.closed)
                        .map(|(k, _)| k)
                        .collect()
                }),
                fill: s.shape.as_ref().and_then(|sh| sh.fill),
                points: s
                    .points
                    .iter()
                    .map(|p| {
                        [
                            f64::from(p.x),
                            f64::from(p.y),
                            p.t_ms,
                            f64::from(p.pressure),
                        ]
                    })
                    .collect(),
            })
            .collect(),
    };
    // Serializing plain numbers and strings cannot fail.
    serde_json::to_string(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn round_trip_is_exact() {
        let d = crate::import::synthetic::generate(20, 7);
        let json = to_json(&d);
        let back = parse(&PathBuf::from("x.inkplay.json"), &json, 0)
            .expect("parses")
            .drawing;
        for (a, b) in back.strokes.iter().zip(&d.strokes) {
            assert_eq!(a.style, b.style);
            for (p, q) in a.points.iter().zip(&b.points) {
                assert_eq!(p, q);
            }
        }
        assert_eq!(back.strokes, d.strokes);
        assert_eq!(back.meta, d.meta);
    }

    #[test]
    fn vector_paths_and_the_canvas_round_trip() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 50">
            <path d="M5 5 H 20 V 20 Z M 30 30 H 40" fill="red" fill-rule="evenodd" stroke="blue"
                  stroke-linejoin="miter-clip"/></svg>"#;
        let d = crate::import::load_text(
            &PathBuf::from("a.svg"),
            svg,
            None,
            &crate::import::ImportLimits::default(),
        )
        .expect("svg")
        .drawing;
        assert!(d.strokes[0].is_fill() && d.strokes[1].shape.is_some());
        let back = parse(&PathBuf::from("a.inkplay.json"), &to_json(&d), 0)
            .expect("parses")
            .drawing;
        assert_eq!(back.strokes, d.strokes);
        assert_eq!(back.meta.canvas, d.meta.canvas);
        let e = parse(
            &PathBuf::from("b.inkplay.json"),
            r#"{"format":"inkplay","version":1,"strokes":[{"points":[[0,0,0,0.5]],"breaks":[3]}]}"#,
            0,
        )
        .and_then(|p| {
            p.drawing
                .validated()
                .map_err(|source| ImportError::Invalid {
                    path: "b.inkplay.json".into(),
                    source,
                })
        })
        .expect_err("break past the end");
        assert!(e.to_string().contains("stroke 0: sub-path"), "{e}");
    }

    #[test]
    fn wrong_version_and_bad_points_are_reported() {
        let p = PathBuf::from("x.inkplay.json");
        let e =
            parse(&p, r#"{"format":"inkplay","version":9,"strokes":[]}"#, 0).expect_err("version");
        assert!(
            e.to_string().contains("x.inkplay.json: version: version 9"),
            "{e}"
        );
        let e = parse(
            &p,
            "{\"format\":\"inkplay\",\"version\":1,\n\"strokes\":[{\"points\":[[1,2,3]]}]}",
            0,
        )
        .expect_err("short point");
        assert!(
            e.to_string().starts_with("x.inkplay.json: line 2, column"),
            "{e}"
        );
    }
}
