//! Quick, Draw! ndjson: one drawing per line.
//!
//! Raw files store each stroke as `[[x…],[y…],[t…]]` with `t` in milliseconds since the drawing's
//! first point (it keeps running across strokes, so pen-up pauses are real). Simplified files store
//! `[[x…],[y…]]` in `0..=255` with no timing; inkplay synthesizes it: the pen moves at
//! [`SIMPLIFIED_PEN_SPEED`] units per millisecond and lifts for [`SIMPLIFIED_PEN_UP_MS`] between
//! strokes (close to the median pen-up pause of the raw recordings).
//!
//! The real files have negative and fractional coordinates, first times above 0, equal consecutive
//! times and single-point strokes; all are accepted. Quick, Draw! has no pressure and no style: strokes
//! are black, with a width of [`WIDTH_FRACTION`] of the drawing's larger side (the look of the
//! dataset's own 256-px renderings).

use std::path::Path;

use serde::Deserialize;

use super::timing::{PenClock, PenTiming};
use super::{file_stem, json_error, Format, ImportError, Parsed, Place};
use crate::model::{Drawing, DrawingMeta, Point, Stroke, StrokeStyle};

/// Pen speed used to time simplified drawings, in drawing units (1/255 of the drawing) per ms.
pub(crate) const SIMPLIFIED_PEN_SPEED: f64 = 0.2;
/// Pen-up pause between strokes of simplified drawings, in ms.
pub(crate) const SIMPLIFIED_PEN_UP_MS: f64 = 400.0;
const SIMPLIFIED_TIMING: PenTiming = PenTiming {
    speed: SIMPLIFIED_PEN_SPEED,
    pen_up_ms: SIMPLIFIED_PEN_UP_MS,
};
/// Stroke width as a fraction of the drawing's larger bounding-box side.
pub(crate) const WIDTH_FRACTION: f32 = 2.5 / 255.0;

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    word: Option<String>,
    #[serde(default)]
    key_id: Option<String>,
    drawing: Vec<Vec<Vec<f64>>>,
}

/// Guess raw vs simplified from a file's first line.
pub(crate) fn detect_variant(first_line: &str) -> Format {
    match serde_json::from_str::<Line>(first_line) {
        Ok(l) if l.drawing.first().is_some_and(|s| s.len() == 2) => Format::QuickDrawSimplified,
        _ => Format::QuickDrawRaw,
    }
}

/// Parse drawing `index` of an ndjson file.
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l))
        .collect();
    let count = lines.len();
    let &(line_no, line) = lines.get(index).ok_or_else(|| {
        if count == 0 {
            ImportError::UnsupportedFormat {
                path: path.to_path_buf(),
                reason: "the file is empty".into(),
            }
        } else {
            ImportError::NoSuchDrawing {
                path: path.to_path_buf(),
                index,
                count,
            }
        }
    })?;
    let parsed: Line = serde_json::from_str(line).map_err(|e| json_error(path, line_no, &e))?;
    let place = |field: String| Place::LineField {
        line: line_no,
        field,
    };
    let malformed = |field: String, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: place(field),
        message,
    };

    let simplified = parsed.drawing.first().is_some_and(|s| s.len() == 2);
    let arity = if simplified { 2 } else { 3 };
    let mut strokes = Vec::with_capacity(parsed.drawing.len());
    let mut clock = PenClock::new(SIMPLIFIED_TIMING);
    for (si, s) in parsed.drawing.iter().enumerate() {
        let field = format!("drawing[{si}]");
        if s.len() != arity {
            return Err(malformed(
                field,
                format!(
                    "a stroke must be {} arrays ({}), found {}",
                    arity,
                    if simplified {
                        "[x…],[y…]"
                    } else {
                        "[x…],[y…],[t…]"
                    },
                    s.len()
                ),
            ));
        }
        let n = s[0].len();
        for (ai, name) in ["y", "t"].iter().enumerate().take(arity - 1) {
            if s[ai + 1].len() != n {
                return Err(malformed(
                    field,
                    format!("x has {n} values but {name} has {}", s[ai + 1].len()),
                ));
            }
        }
        for (i, (&x, &y)) in s[0].iter().zip(&s[1]).enumerate() {
            let t = if simplified { 0.0 } else { s[2][i] };
            for (v, axis) in [(x, "x"), (y, "y"), (t, "t")] {
                if !v.is_finite() || v.abs() > 1e12 {
                    return Err(malformed(
                        format!("{field}, {axis}[{i}]"),
                        format!("{axis} value {v} is not a usable number"),
                    ));
                }
            }
        }
        let points: Vec<Point> = if simplified {
            clock.stroke(
                s[0].iter()
                    .zip(&s[1])
                    .map(|(&x, &y)| (x as f32, y as f32, Point::DEFAULT_PRESSURE)),
            )
        } else {
            (0..n)
                .map(|i| Point::new(s[0][i] as f32, s[1][i] as f32, s[2][i]))
                .collect()
        };
        strokes.push(Stroke::new(points));
    }
    let mut drawing = Drawing {
        strokes,
        meta: DrawingMeta {
            name: parsed
                .word
                .clone()
                .or_else(|| parsed.key_id.clone())
                .unwrap_or_else(|| file_stem(path)),
            format: String::new(), // named after the variant by `finish`
            has_timing: !simplified,
            has_pressure: false,
            canvas: None,
        },
    };
    style(&mut drawing);
    Ok(Parsed {
        format: if simplified {
            Format::QuickDrawSimplified
        } else {
            Format::QuickDrawRaw
        },
        drawing,
        drawings_in_file: count,
        index,
        skipped: Default::default(),
    })
}

/// A drawing from simplified strokes (`(x, y)` in 0..=255, no time): timed by the pen clock of
/// simplified files and styled like Quick, Draw!'s renderings (the binary format's drawings too).
pub(crate) fn simplified_drawing(strokes: &[Vec<(f32, f32)>], name: String) -> Drawing {
    let mut clock = PenClock::new(SIMPLIFIED_TIMING);
    let strokes = strokes
        .iter()
        .map(|s| Stroke::new(clock.stroke(s.iter().map(|&(x, y)| (x, y, Point::DEFAULT_PRESSURE)))))
        .collect();
    let mut drawing = Drawing {
        strokes,
        meta: DrawingMeta {
            name,
            format: String::new(),
            has_timing: false,
            has_pressure: false,
            canvas: None,
        },
    };
    style(&mut drawing);
    drawing
}

/// Quick, Draw!'s look: black strokes [`WIDTH_FRACTION`] of the drawing's larger side wide.
fn style(drawing: &mut Drawing) {
    let extent = drawing
        .bbox()
        .map_or(255.0, |b| b.width().max(b.height()))
        .max(1.0);
    let style = StrokeStyle {
        width: extent * WIDTH_FRACTION,
        ..StrokeStyle::default()
    };
    for s in &mut drawing.strokes {
        s.style = style;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn p() -> PathBuf {
        PathBuf::from("t.ndjson")
    }

    #[test]
    fn raw_line_keeps_timing() {
        let text = r#"{"word":"x","drawing":[[[0,10.5],[0,-3],[2,18]],[[5],[5],[500]]]}"#;
        let d = parse(&p(), text, 0).expect("parses").drawing;
        assert_eq!(d.strokes.len(), 2);
        assert_eq!(d.strokes[0].points.at(1).x, 10.5);
        assert_eq!(d.strokes[0].points.at(1).y, -3.0);
        assert_eq!(d.strokes[0].points.at(0).t_ms, 2.0);
        assert_eq!(d.strokes[1].points.at(0).t_ms, 500.0);
        assert!(d.meta.has_timing);
        assert!(!d.meta.has_pressure);
    }

    #[test]
    fn simplified_line_gets_synthesized_timing() {
        let text = r#"{"drawing":[[[0,100],[0,0]],[[0],[50]]]}"#;
        let parsed = parse(&p(), text, 0).expect("parses");
        assert_eq!(parsed.format, Format::QuickDrawSimplified);
        let d = parsed.drawing;
        assert_eq!(d.strokes[0].points.at(1).t_ms, 100.0 / SIMPLIFIED_PEN_SPEED);
        assert_eq!(
            d.strokes[1].points.at(0).t_ms,
            100.0 / SIMPLIFIED_PEN_SPEED + SIMPLIFIED_PEN_UP_MS
        );
        assert!(!d.meta.has_timing);
    }

    #[test]
    fn picks_the_nth_drawing_and_reports_count() {
        let text = "{\"drawing\":[[[1],[1],[0]]]}\n\n{\"drawing\":[[[2],[2],[0]]]}\n";
        let parsed = parse(&p(), text, 1).expect("parses");
        assert_eq!(parsed.drawings_in_file, 2);
        assert_eq!(parsed.drawing.strokes[0].points.at(0).x, 2.0);
        let e = parse(&p(), text, 2).expect_err("out of range");
        assert!(e.to_string().contains("holds 2 drawing(s)"), "{e}");
    }

    #[test]
    fn mismatched_arrays_name_line_and_stroke() {
        let text = "{\"drawing\":[[[1],[1],[0]]]}\n{\"drawing\":[[[1],[1],[0]],[[1,2],[1],[0,1]]]}";
        let e = parse(&p(), text, 1).expect_err("bad arrays").to_string();
        assert!(e.contains("t.ndjson: line 2, drawing[1]"), "{e}");
        assert!(e.contains("x has 2 values but y has 1"), "{e}");
    }

    #[test]
    fn truncated_json_names_line_and_column() {
        let text = "{\"drawing\":[[[1],[1],[0]]]}\n{\"drawing\":[[[1,2],[1";
        let e = parse(&p(), text, 1).expect_err("truncated").to_string();
        assert!(e.starts_with("t.ndjson: line 2, column "), "{e}");
    }
}
