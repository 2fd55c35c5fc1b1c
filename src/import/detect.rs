//! Which format a file is in: by its name's extension, then by its content.

use std::path::Path;

use super::{excalidraw, Format, ImportError};
use super::{freehand, gml, inkml, quickdraw, samples, svg, tldraw};

/// Detect a file's format from its name, then its content.
pub fn detect(path: &Path, text: &str) -> Result<Format, ImportError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let head: String = text.chars().take(4096).collect();
    if name.ends_with(".inkplay.json")
        || (head.contains("\"format\"") && head.contains("\"inkplay\""))
    {
        return Ok(Format::Native);
    }
    if name.ends_with(".excalidraw")
        || name.ends_with(".excalidrawlib")
        || (head.trim_start().starts_with('{') && excalidraw::sniff(&head))
    {
        return Ok(Format::Excalidraw);
    }
    if name.ends_with(".inkml")
        || name.ends_with(".paper")
        || (head.trim_start().starts_with('<') && inkml::sniff(&head))
    {
        return Ok(Format::InkMl);
    }
    if name.ends_with(".tldr") || (head.trim_start().starts_with('{') && tldraw::sniff(&head)) {
        return Ok(Format::Tldraw);
    }
    if name.ends_with(".ndjson") || first_line.contains("\"drawing\"") {
        return Ok(quickdraw::detect_variant(first_line));
    }
    let xml = head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<');
    if name.ends_with(".gml") || (xml && gml::sniff(&head)) {
        return Ok(Format::Gml);
    }
    if name.ends_with(".svg") || (xml && svg::sniff(&head)) {
        return Ok(Format::Svg);
    }
    if name.ends_with(".svc") || samples::sniff_svc(&head) {
        return Ok(Format::Svc);
    }
    if samples::sniff_wacom_csv(first_line) {
        return Ok(Format::WacomCsv);
    }
    if head.trim_start().starts_with('{') {
        if samples::sniff_pointer(text) {
            return Ok(Format::PointerEvents);
        }
        if freehand::sniff_json(&head) {
            return Ok(Format::FreehandJson);
        }
    }
    let reason = if text.trim().is_empty() {
        "the file is empty".to_string()
    } else {
        format!(
            "not a format inkplay reads (inkplay, Quick, Draw!, Excalidraw, tldraw, InkML, SVG, \
             SVC, pointer events, Wacom CSV, GML, perfect-freehand JSON); starts with {:?}",
            text.chars().take(40).collect::<String>()
        )
    };
    Err(ImportError::UnsupportedFormat {
        path: path.to_path_buf(),
        reason,
    })
}
