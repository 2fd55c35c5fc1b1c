//! Pen sample logs: one row per digitizer sample, strokes split where the pen leaves the surface.
//!
//! - **SVC** (`.svc`, BDALab/SVC2004 tablet captures): a count line, then `x y time pen_status
//!   azimuth altitude pressure` per line. The count can disagree with the rows that follow (a
//!   warning is logged; the rows are what is read). Two unit conventions exist: raw Wacom
//!   (integers: tablet units, ms from a device clock, integer pressure up to 32767) and converted
//!   (floats: mm, seconds from 0, pressure 0..1); a file is converted when it has a fractional
//!   coordinate or every pressure is at most 1. Tablet y points up, so it is flipped.
//! - **Pointer events** (`.json` with parallel `x`, `y`, `time`, `pressure`, `buttons` arrays, as
//!   logged from browser `PointerEvent`s): CSS px, y down, `performance.now()` ms.
//! - **Wacom UIM sensor CSV** (`idx,SPLINE_X,SPLINE_Y,SENSOR_TIMESTAMP,SENSOR_PRESSURE,…`): `idx`
//!   numbers the strokes; timestamps are epoch ms; pressure 0..1.
//!
//! Hover samples (pen status 0, buttons 0) are not drawn; they are counted as "hover sample" in
//! [`Loaded::skipped`](super::Loaded::skipped). Time starts at the first sample (hover included).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{json_error, Format, ImportError, Parsed, Place};
use crate::model::{Point, Stroke, StrokeStyle};

/// Stroke width for samples in CSS px (pointer events, Wacom CSV).
pub(crate) const PX_WIDTH: f32 = 2.5;
/// Stroke width for samples in mm (converted SVC).
pub(crate) const MM_WIDTH: f32 = 0.5;
/// Stroke width for samples in unknown tablet units, as a fraction of the drawing's larger side.
pub(crate) const TABLET_WIDTH_FRACTION: f32 = 0.004;

/// One sample: position, time (ms), pressure (0..1), whether the pen touches.
#[derive(Debug, Clone, Copy)]
struct Sample {
    x: f64,
    y: f64,
    t: f64,
    pressure: f64,
    down: bool,
}

/// Units of a log's coordinates, which decide the stroke width.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Units {
    Px,
    Mm,
    Tablet,
}

/// Strokes from samples: runs of pen-down samples. Errors name the 1-based sample number.
fn strokes_from(
    samples: &[Sample],
    units: Units,
    skipped: &mut BTreeMap<String, usize>,
) -> Result<Vec<Stroke>, (usize, String)> {
    let t0 = samples.first().map_or(0.0, |s| s.t);
    let mut strokes: Vec<Stroke> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    let mut hover = 0;
    for (i, s) in samples.iter().enumerate() {
        for (v, what) in [
            (s.x, "x"),
            (s.y, "y"),
            (s.t, "time"),
            (s.pressure, "pressure"),
        ] {
            if !v.is_finite() || v.abs() > 1e15 {
                return Err((i + 1, format!("{what} {v} is not a usable number")));
            }
        }
        if s.down {
            current.push(
                Point::new(s.x as f32, s.y as f32, s.t - t0).with_pressure(s.pressure as f32),
            );
        } else {
            hover += 1;
            if !current.is_empty() {
                strokes.push(Stroke::new(std::mem::take(&mut current)));
            }
        }
    }
    if !current.is_empty() {
        strokes.push(Stroke::new(current));
    }
    if hover > 0 {
        skipped.insert("hover sample".into(), hover);
    }
    let width = match units {
        Units::Px => PX_WIDTH,
        Units::Mm => MM_WIDTH,
        Units::Tablet => {
            let b = crate::model::BBox::from_points(
                strokes
                    .iter()
                    .flat_map(|s| s.points.iter().map(|p| (p.x, p.y))),
            );
            b.map_or(1.0, |b| b.width().max(b.height()).max(1.0)) * TABLET_WIDTH_FRACTION
        }
    };
    for s in &mut strokes {
        s.style = StrokeStyle {
            width,
            ..StrokeStyle::default()
        };
    }
    Ok(strokes)
}

fn finish(
    path: &Path,
    format: Format,
    strokes: Vec<Stroke>,
    skipped: BTreeMap<String, usize>,
    index: usize,
) -> Result<Parsed, ImportError> {
    super::only_drawing(path, index)?;
    Ok(Parsed::new(format, super::file_stem(path), strokes, true, true).skipping(skipped))
}

/// Whether text looks like SVC: a lone integer line, then rows of 7 numbers.
pub(crate) fn sniff_svc(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let count_ok = lines
        .next()
        .is_some_and(|l| l.trim().parse::<u64>().is_ok());
    count_ok
        && lines.next().is_some_and(|l| {
            let v: Vec<&str> = l.split_whitespace().collect();
            v.len() == 7 && v.iter().all(|x| x.parse::<f64>().is_ok())
        })
}

/// Parse an SVC file.
pub(crate) fn parse_svc(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let bad = |line: usize, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Line { line, column: 0 },
        message,
    };
    let mut rows: Vec<(usize, [f64; 7])> = Vec::new();
    let mut declared: Option<(usize, u64)> = None;
    let mut fractional = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if declared.is_none() {
            let n = l.parse::<u64>().map_err(|_| {
                bad(
                    line_no,
                    format!("expected the sample count, found {:?}", truncate(l)),
                )
            })?;
            declared = Some((line_no, n));
            continue;
        }
        let mut v = [0.0f64; 7];
        let fields: Vec<&str> = l.split_whitespace().collect();
        if fields.len() != 7 {
            return Err(bad(
                line_no,
                format!(
                    "expected 7 columns (x y time pen_status azimuth altitude pressure), found {}",
                    fields.len()
                ),
            ));
        }
        fractional |= fields[..2].iter().any(|f| f.contains('.'));
        for (k, f) in fields.iter().enumerate() {
            v[k] = f
                .parse::<f64>()
                .map_err(|_| bad(line_no, format!("column {}: {f:?} is not a number", k + 1)))?;
        }
        rows.push((line_no, v));
    }
    let Some((_, n)) = declared else {
        return Err(ImportError::UnsupportedFormat {
            path: path.to_path_buf(),
            reason: "the file is empty".into(),
        });
    };
    if n != rows.len() as u64 {
        log::warn!(
            "{}: the header says {n} samples, the file has {}; reading all rows",
            path.display(),
            rows.len()
        );
    }
    let converted = fractional || rows.iter().all(|(_, v)| v[6] <= 1.0);
    let (time_scale, p_scale, units) = if converted {
        (1000.0, 1.0, Units::Mm)
    } else {
        (1.0, 32767.0, Units::Tablet)
    };
    let samples: Vec<Sample> = rows
        .iter()
        .map(|(_, v)| Sample {
            x: v[0],
            y: -v[1],
            t: v[2] * time_scale,
            pressure: v[6] / p_scale,
            down: v[3] != 0.0,
        })
        .collect();
    let mut skipped = BTreeMap::new();
    let strokes = strokes_from(&samples, units, &mut skipped).map_err(|(k, m)| {
        let line = rows.get(k.saturating_sub(1)).map_or(0, |r| r.0);
        bad(line, m)
    })?;
    finish(path, Format::Svc, strokes, skipped, index)
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

#[derive(Deserialize)]
struct PointerLog {
    x: Vec<f64>,
    y: Vec<f64>,
    time: Vec<f64>,
    #[serde(default)]
    pressure: Vec<f64>,
    #[serde(default)]
    buttons: Vec<f64>,
}

/// Whether JSON text (the whole file: the arrays are long) looks like a pointer-event log.
pub(crate) fn sniff_pointer(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && ["\"x\"", "\"y\"", "\"time\""]
            .iter()
            .all(|k| text.contains(k))
        && (text.contains("\"buttons\"") || text.contains("\"pointerType\""))
}

/// Parse a pointer-event log.
pub(crate) fn parse_pointer(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let log: PointerLog = serde_json::from_str(text).map_err(|e| json_error(path, 1, &e))?;
    let n = log.x.len();
    let field = |f: &str, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Field(f.into()),
        message,
    };
    for (name, len) in [
        ("y", log.y.len()),
        ("time", log.time.len()),
        ("pressure", log.pressure.len()),
        ("buttons", log.buttons.len()),
    ] {
        if len != n && !(len == 0 && matches!(name, "pressure" | "buttons")) {
            return Err(field(
                name,
                format!("x has {n} samples but {name} has {len}"),
            ));
        }
    }
    let samples: Vec<Sample> = (0..n)
        .map(|i| {
            let pressure = log.pressure.get(i).copied().unwrap_or(0.5);
            Sample {
                x: log.x[i],
                y: log.y[i],
                t: log.time[i],
                pressure,
                // Without `buttons`, contact is pressure > 0.
                down: log
                    .buttons
                    .get(i)
                    .map_or(pressure > 0.0, |b| (*b as u32) & 1 == 1),
            }
        })
        .collect();
    let mut skipped = BTreeMap::new();
    let strokes = strokes_from(&samples, Units::Px, &mut skipped)
        .map_err(|(k, m)| field(&format!("sample {k}"), m))?;
    finish(path, Format::PointerEvents, strokes, skipped, index)
}

/// Whether text looks like a Wacom UIM sensor CSV.
pub(crate) fn sniff_wacom_csv(first_line: &str) -> bool {
    let l = first_line.trim_start_matches('\u{feff}');
    l.contains("SPLINE_X") && l.contains("SPLINE_Y")
}

/// Parse a Wacom UIM sensor CSV.
pub(crate) fn parse_wacom_csv(
    path: &Path,
    text: &str,
    index: usize,
) -> Result<Parsed, ImportError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let bad = |line: u64, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Line {
            line: line as usize,
            column: 0,
        },
        message,
    };
    let headers = rdr.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(ix), Some(iy)) = (col("SPLINE_X"), col("SPLINE_Y")) else {
        return Err(bad(1, "the header needs SPLINE_X and SPLINE_Y".into()));
    };
    let (istroke, it, ip) = (col("idx"), col("SENSOR_TIMESTAMP"), col("SENSOR_PRESSURE"));
    let mut strokes: Vec<Stroke> = Vec::new();
    let mut current: Option<(String, Vec<Point>)> = None;
    let mut t0: Option<f64> = None;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            bad(line, e.to_string())
        })?;
        let line = rec.position().map_or(0, csv::Position::line);
        let num = |i: Option<usize>, name: &str, default: f64| -> Result<f64, ImportError> {
            match i {
                None => Ok(default),
                Some(i) => {
                    let s = rec.get(i).unwrap_or_default();
                    match s.parse::<f64>() {
                        Ok(v) if v.is_finite() && v.abs() < 1e15 => Ok(v),
                        _ => Err(bad(line, format!("{name}: {s:?} is not a usable number"))),
                    }
                }
            }
        };
        let (x, y) = (
            num(Some(ix), "SPLINE_X", 0.0)?,
            num(Some(iy), "SPLINE_Y", 0.0)?,
        );
        let t = num(it, "SENSOR_TIMESTAMP", 0.0)?;
        let p = num(ip, "SENSOR_PRESSURE", 0.5)?;
        let id = istroke
            .and_then(|i| rec.get(i))
            .unwrap_or_default()
            .to_string();
        let t0 = *t0.get_or_insert(t);
        let point = Point::new(x as f32, y as f32, t - t0).with_pressure(p as f32);
        match &mut current {
            Some((cid, pts)) if *cid == id => pts.push(point),
            _ => {
                if let Some((_, pts)) = current.take() {
                    strokes.push(Stroke::new(pts));
                }
                current = Some((id, vec![point]));
            }
        }
    }
    if let Some((_, pts)) = current {
        strokes.push(Stroke::new(pts));
    }
    for s in &mut strokes {
        s.style.width = PX_WIDTH;
    }
    finish(path, Format::WacomCsv, strokes, BTreeMap::new(), index)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn svc_splits_on_pen_status_and_tolerates_a_wrong_count() {
        let text =
            "5\n0 0 1000 1 0 0 100\n10 0 1008 1 0 0 200\n20 0 1016 0 0 0 0\n30 5 1024 1 0 0 300\n";
        assert!(sniff_svc(text));
        let p = parse_svc(Path::new("t.svc"), text, 0).unwrap();
        let s = &p.drawing.strokes;
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].points.len(), 2);
        assert_eq!(p.skipped.get("hover sample"), Some(&1));
        assert_eq!(s[1].points.at(0).t_ms, 24.0);
        assert_eq!(s[1].points.at(0).y, -5.0, "tablet y points up");
        // Converted units: seconds and 0..1 pressure.
        let conv = "2\n1.5 2.5 0.0 1 0 0 0.5\n1.6 2.5 0.01 1 0 0 0.7\n";
        let p = parse_svc(Path::new("t.svc"), conv, 0).unwrap();
        let q = p.drawing.strokes[0].points.at(1);
        assert_eq!(q.t_ms, 10.0);
        assert!((q.pressure - 0.7).abs() < 1e-3, "f16 pressure");
        let e = parse_svc(Path::new("t.svc"), "2\n1 2 3\n", 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("7 columns"), "{e}");
    }

    #[test]
    fn pointer_events_split_on_buttons() {
        let text = r#"{"x":[1,2,3,4],"y":[1,1,1,1],"time":[10,20,30,40],"pressure":[0.5,0.6,0,0.4],"buttons":[1,1,0,1]}"#;
        let p = parse_pointer(Path::new("t.json"), text, 0).unwrap();
        assert_eq!(p.drawing.strokes.len(), 2);
        assert_eq!(p.drawing.strokes[1].points.at(0).t_ms, 30.0);
        let e = parse_pointer(Path::new("t.json"), r#"{"x":[1],"y":[],"time":[1]}"#, 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("y"), "{e}");
    }

    #[test]
    fn wacom_csv_groups_rows_by_stroke_index() {
        let text = "idx,SPLINE_X,SPLINE_Y,SENSOR_TIMESTAMP,SENSOR_PRESSURE\n0,1,2,1000.5,0.1\n0,2,2,1001.5,0.2\n1,5,5,1100.5,0.3\n";
        assert!(sniff_wacom_csv(text.lines().next().unwrap()));
        let p = parse_wacom_csv(Path::new("t.csv"), text, 0).unwrap();
        let s = &p.drawing.strokes;
        assert_eq!((s.len(), s[0].points.len()), (2, 2));
        assert_eq!(s[1].points.at(0).t_ms, 100.0);
        let e = parse_wacom_csv(Path::new("t.csv"), &text.replace("1001.5", "x"), 0)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 3") && e.contains("SENSOR_TIMESTAMP"),
            "{e}"
        );
    }
}
