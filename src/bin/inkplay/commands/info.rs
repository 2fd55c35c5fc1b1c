//! `inkplay info`: what a drawing file holds, as text or JSON.

use inkplay::import::{self, Loaded};
use inkplay::Error;

use super::Output;
use crate::args::InfoArgs;

/// The `info --json` document.
#[derive(Debug, serde::Serialize)]
pub struct InfoReport {
    /// The file as given.
    pub file: String,
    /// Detected format.
    pub format: String,
    /// Drawings in the file.
    pub drawings: usize,
    /// Which drawing was read.
    pub drawing_index: usize,
    /// Drawing name.
    pub name: String,
    /// Strokes (after dropping empty ones).
    pub strokes: usize,
    /// Points.
    pub points: usize,
    /// Duration in ms.
    pub duration_ms: f64,
    /// Bounding box of the points, or null for an empty drawing.
    pub bbox: Option<inkplay::model::BBox>,
    /// Whether the source recorded timing.
    pub has_timing: bool,
    /// Whether the source recorded pressure.
    pub has_pressure: bool,
    /// Whether, with none recorded, the importer simulated pressure (from pen speed, as
    /// Excalidraw and tldraw do for mouse strokes): the pressures are not all the 0.5 default.
    pub pressure_simulated: bool,
    /// What validation fixed.
    pub warnings: Vec<String>,
    /// Source elements that are not drawn, by kind (e.g. `{"text": 3}`).
    pub skipped: std::collections::BTreeMap<String, usize>,
}

/// Build the info report for a loaded drawing.
pub fn info_report(loaded: &Loaded, file: &str) -> InfoReport {
    let d = &loaded.drawing;
    InfoReport {
        file: file.to_string(),
        format: loaded.format.name().to_string(),
        drawings: loaded.drawings_in_file,
        drawing_index: loaded.index,
        name: d.meta.name.clone(),
        strokes: d.strokes.len(),
        points: d.point_count(),
        duration_ms: d.duration_ms(),
        bbox: d.bbox(),
        has_timing: d.meta.has_timing,
        has_pressure: d.meta.has_pressure,
        pressure_simulated: !d.meta.has_pressure
            && d.strokes
                .iter()
                .flat_map(|s| &s.points)
                .any(|p| p.pressure != inkplay::model::Point::DEFAULT_PRESSURE),
        warnings: loaded.warnings.iter().map(ToString::to_string).collect(),
        skipped: loaded.skipped.clone(),
    }
}

/// `inkplay info`: describe a drawing file, as text or (`--json`) as an [`InfoReport`].
pub fn info(a: &InfoArgs) -> Result<Output, Error> {
    let (loaded, file) = import::load_source(a.file.as_deref(), &a.limits.limits())?;
    let r = info_report(&loaded, &file);
    if a.json {
        let mut s = serde_json::to_string_pretty(&r).map_err(|e| Error::Usage(e.to_string()))?;
        s.push('\n');
        return Ok(s);
    }
    let bbox = match r.bbox {
        Some(b) => format!(
            "x {:.1}..{:.1}, y {:.1}..{:.1} ({:.1} x {:.1})",
            b.min_x,
            b.max_x,
            b.min_y,
            b.max_y,
            b.width(),
            b.height()
        ),
        None => "empty".into(),
    };
    let mut s = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(s, "file:      {}", r.file);
    let _ = writeln!(s, "format:    {}", r.format);
    let _ = writeln!(
        s,
        "drawing:   #{} of {} in the file",
        r.drawing_index, r.drawings
    );
    let _ = writeln!(s, "name:      {}", r.name);
    let _ = writeln!(s, "strokes:   {}", r.strokes);
    let _ = writeln!(s, "points:    {}", r.points);
    let _ = writeln!(
        s,
        "duration:  {:.0} ms ({:.2} s)",
        r.duration_ms,
        r.duration_ms / 1000.0
    );
    let _ = writeln!(s, "bbox:      {bbox}");
    let _ = writeln!(
        s,
        "timing:    {}",
        if r.has_timing {
            "recorded"
        } else {
            "none (synthesized)"
        }
    );
    let _ = writeln!(
        s,
        "pressure:  {}",
        if r.has_pressure {
            "recorded"
        } else if r.pressure_simulated {
            "simulated from pen speed (none recorded)"
        } else {
            "none (0.5 used)"
        }
    );
    if !r.skipped.is_empty() {
        let list: Vec<String> = r.skipped.iter().map(|(k, n)| format!("{k} x{n}")).collect();
        let _ = writeln!(s, "not drawn: {}", list.join(", "));
    }
    for w in &r.warnings {
        let _ = writeln!(s, "warning:   {w}");
    }
    Ok(s)
}
