//! Importers: files (and `synthetic:` specs) to validated [`Drawing`]s.
//!
//! # How it works
//! A user names a drawing with a *source spec* ([`SourceSpec`]): a path, optionally followed by
//! `#N` to pick drawing `N` of a file that holds many (Quick, Draw! ndjson), or `synthetic:N[:SEED]`
//! for a generated drawing. [`load`] detects the format (by extension, then by content), runs that
//! format's parser and passes the result through [`Drawing::validated`].
//!
//! Every failure is an [`ImportError`] that names the file and the place (line and column for text
//! formats, the field for structured ones), so the CLI can print it and exit with status 2. Parsers
//! never panic on input and refuse files above [`ImportLimits`] before reading them.
//!
//! One file per format: [`native`] (`*.inkplay.json`), [`quickdraw`] (raw and simplified ndjson),
//! [`synthetic`] (deterministic generated drawings for tests and benches). [`incoming`] hands a drawing
//! over while it is still being imported (`synthetic:` strokes are made as they are pulled).

pub mod excalidraw;
pub mod freehand;
pub mod gml;
pub mod incoming;
pub mod inkml;
pub mod native;
pub mod quickdraw;
pub mod samples;
mod shapes;
pub mod svg;
pub mod synthetic;
pub mod timing;
pub mod tldraw;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{Drawing, DrawingMeta, ModelError, Stroke, ValidationWarning};

/// The formats inkplay reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// inkplay's own `*.inkplay.json` (see `docs/FORMAT.md`).
    Native,
    /// Quick, Draw! raw ndjson: `[[x…],[y…],[t…]]` strokes with real timing.
    QuickDrawRaw,
    /// Quick, Draw! simplified ndjson: `[[x…],[y…]]` strokes, timing synthesized.
    QuickDrawSimplified,
    /// A generated drawing (`synthetic:N[:SEED]`).
    Synthetic,
    /// Excalidraw scene (`.excalidraw`) or library (`.excalidrawlib`).
    Excalidraw,
    /// tldraw document (`.tldr`, v1 and v2).
    Tldraw,
    /// W3C InkML (`.inkml`, Wacom `.paper`).
    InkMl,
    /// SVC tablet capture (`.svc`).
    Svc,
    /// Browser pointer-event log (JSON of parallel arrays).
    PointerEvents,
    /// Wacom Universal Ink sensor CSV.
    WacomCsv,
    /// Graffiti Markup Language (`.gml`).
    Gml,
    /// perfect-freehand stroke JSON (named point lists).
    FreehandJson,
    /// SVG (`.svg`), through usvg: painted paths in document order.
    Svg,
}

impl Format {
    /// The name shown by `inkplay info` and stored in converted files.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "inkplay",
            Format::QuickDrawRaw => "quickdraw-raw",
            Format::QuickDrawSimplified => "quickdraw-simplified",
            Format::Synthetic => "synthetic",
            Format::Excalidraw => "excalidraw",
            Format::Tldraw => "tldraw",
            Format::InkMl => "inkml",
            Format::Svc => "svc",
            Format::PointerEvents => "pointer-events",
            Format::WacomCsv => "wacom-csv",
            Format::Gml => "gml",
            Format::FreehandJson => "perfect-freehand-json",
            Format::Svg => "svg",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Upper bounds that protect against hostile or accidental huge inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Largest file read, in bytes (default 512 MiB).
    pub max_file_bytes: u64,
    /// Most points in one drawing (default 50 million).
    pub max_points: usize,
    /// Most strokes in one drawing, also the largest `synthetic:N` (default 10 million).
    pub max_strokes: usize,
    /// Most points in one stroke (default 5 million).
    pub max_stroke_points: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            max_file_bytes: 512 << 20,
            max_points: 50_000_000,
            max_strokes: 10_000_000,
            max_stroke_points: 5_000_000,
        }
    }
}

/// Which of the [`ImportLimits`] an input exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`ImportLimits::max_file_bytes`].
    FileSize,
    /// [`ImportLimits::max_points`].
    Points,
    /// [`ImportLimits::max_stroke_points`].
    StrokePoints,
    /// [`ImportLimits::max_strokes`].
    Strokes,
}

impl Limit {
    /// The command-line flag that raises it.
    pub fn flag(self) -> &'static str {
        match self {
            Limit::FileSize => "--max-file-mb",
            Limit::Points => "--max-points",
            Limit::StrokePoints => "--max-stroke-points",
            Limit::Strokes => "--max-strokes",
        }
    }
}

/// Where in a file something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A line (1-based) and column (1-based, 0 when unknown) in a text file.
    Line {
        /// Line number.
        line: usize,
        /// Column number.
        column: usize,
    },
    /// A field path such as `strokes[3].points[7]`.
    Field(String),
    /// A line and a field inside it.
    LineField {
        /// Line number.
        line: usize,
        /// Field path.
        field: String,
    },
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Line { line, column: 0 } => write!(f, "line {line}"),
            Place::Line { line, column } => write!(f, "line {line}, column {column}"),
            Place::Field(field) => write!(f, "{field}"),
            Place::LineField { line, field } => write!(f, "line {line}, {field}"),
        }
    }
}

/// A drawing could not be imported. Every variant names the input.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file's syntax or structure is wrong.
    #[error("{path}: {place}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// Where.
        place: Place,
        /// What is wrong.
        message: String,
    },
    /// The content is well-formed but breaks a drawing rule (e.g. a NaN coordinate).
    #[error("{path}: {source}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The rule broken.
        source: ModelError,
    },
    /// The format could not be recognised.
    #[error("{path}: unsupported format ({reason})")]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
        /// What was seen.
        reason: String,
    },
    /// `FILE#N` asked for a drawing the file does not have.
    #[error("{path}: drawing #{index} requested, but the file holds {count} drawing(s) (#0..#{last})", last = count.saturating_sub(1))]
    NoSuchDrawing {
        /// The file.
        path: PathBuf,
        /// Requested index.
        index: usize,
        /// Drawings in the file.
        count: usize,
    },
    /// An input limit was exceeded.
    #[error("{path}: {what} exceeds the limit of {limit} (raise it with {flag})", flag = kind.flag())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Which limit.
        kind: Limit,
        /// What was too large.
        what: String,
        /// The limit.
        limit: u64,
    },
    /// The source spec itself is wrong (e.g. `synthetic:abc`).
    #[error("invalid source {spec:?}: {message}")]
    BadSpec {
        /// The spec as given.
        spec: String,
        /// What is wrong.
        message: String,
    },
}

/// A parsed source spec: what the user asked to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    /// A file, and which drawing in it (`FILE#N`, default 0).
    File {
        /// The path.
        path: PathBuf,
        /// The drawing index, if given.
        index: Option<usize>,
    },
    /// `synthetic:N[:SEED]`.
    Synthetic {
        /// Number of strokes.
        strokes: usize,
        /// Seed (default 1).
        seed: u64,
    },
}

impl SourceSpec {
    /// Parse a spec as typed on the command line.
    ///
    /// `FILE#N` is only split when `N` is a number and the whole string is not itself an existing
    /// file, so paths containing `#` still work.
    pub fn parse(spec: &str) -> Result<Self, ImportError> {
        let bad = |message: &str| ImportError::BadSpec {
            spec: spec.to_string(),
            message: message.to_string(),
        };
        if let Some(rest) = spec.strip_prefix("synthetic:") {
            let mut parts = rest.splitn(2, ':');
            let n = parts
                .next()
                .unwrap_or_default()
                .parse::<usize>()
                .map_err(|_| bad("expected synthetic:N[:SEED] with N a whole number of strokes"))?;
            let seed = match parts.next() {
                Some(s) => s
                    .parse::<u64>()
                    .map_err(|_| bad("SEED must be a whole number"))?,
                None => 1,
            };
            return Ok(SourceSpec::Synthetic { strokes: n, seed });
        }
        if spec.is_empty() {
            return Err(bad("empty path"));
        }
        if !Path::new(spec).exists() {
            if let Some((p, idx)) = spec.rsplit_once('#') {
                if !p.is_empty() && !idx.is_empty() && idx.chars().all(|c| c.is_ascii_digit()) {
                    let index = idx
                        .parse::<usize>()
                        .map_err(|_| bad("drawing index is too large"))?;
                    return Ok(SourceSpec::File {
                        path: PathBuf::from(p),
                        index: Some(index),
                    });
                }
            }
        }
        Ok(SourceSpec::File {
            path: PathBuf::from(spec),
            index: None,
        })
    }
}

/// A loaded, validated drawing and what is known about its source.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The drawing.
    pub drawing: Drawing,
    /// The detected format.
    pub format: Format,
    /// How many drawings the file holds (1 for most formats).
    pub drawings_in_file: usize,
    /// Which of them this is.
    pub index: usize,
    /// What validation fixed.
    pub warnings: Vec<ValidationWarning>,
    /// Elements of the source that are not drawn, by kind (e.g. `text` → 3), so nothing is lost
    /// silently. Empty for formats that hold only strokes.
    pub skipped: BTreeMap<String, usize>,
}

/// A format parser's result before validation.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub drawing: Drawing,
    pub format: Format,
    pub drawings_in_file: usize,
    pub index: usize,
    pub skipped: BTreeMap<String, usize>,
}

impl Parsed {
    /// Drawing 0 of 1 of `format`, its meta naming the format, nothing skipped.
    pub(crate) fn new(
        format: Format,
        name: String,
        strokes: Vec<Stroke>,
        has_timing: bool,
        has_pressure: bool,
    ) -> Self {
        Self {
            drawing: Drawing {
                strokes,
                meta: DrawingMeta {
                    name,
                    format: format.name().into(),
                    has_timing,
                    has_pressure,
                    canvas: None,
                },
            },
            format,
            drawings_in_file: 1,
            index: 0,
            skipped: BTreeMap::new(),
        }
    }

    /// The same, as drawing `index` of `drawings_in_file`.
    pub(crate) fn of(mut self, index: usize, drawings_in_file: usize) -> Self {
        self.index = index;
        self.drawings_in_file = drawings_in_file;
        self
    }

    /// The same, with what the source holds but is not drawn.
    pub(crate) fn skipping(mut self, skipped: BTreeMap<String, usize>) -> Self {
        self.skipped = skipped;
        self
    }
}

/// Count one source element of `kind` that is not drawn (see [`Loaded::skipped`]).
pub(crate) fn not_drawn(skipped: &mut BTreeMap<String, usize>, kind: &str) {
    *skipped.entry(kind.to_string()).or_insert(0) += 1;
}

/// A file's name without its extension (the default drawing name).
pub(crate) fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Parse an XML document, or say where it is not well-formed.
pub(crate) fn parse_xml<'i>(
    path: &Path,
    text: &'i str,
) -> Result<roxmltree::Document<'i>, ImportError> {
    roxmltree::Document::parse(text).map_err(|e| ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Line {
            line: e.pos().row as usize,
            column: e.pos().col as usize,
        },
        message: format!("not well-formed XML: {e}"),
    })
}

/// For formats that hold one drawing: asking for `#N` other than `#0` is an error.
pub(crate) fn only_drawing(path: &Path, index: usize) -> Result<(), ImportError> {
    if index == 0 {
        Ok(())
    } else {
        Err(ImportError::NoSuchDrawing {
            path: path.to_path_buf(),
            index,
            count: 1,
        })
    }
}

/// An error at an XML node: its line and a field (e.g. `trace 3, point 7`).
pub(crate) fn xml_error(
    path: &Path,
    doc: &roxmltree::Document,
    node: &roxmltree::Node,
    field: String,
    message: String,
) -> ImportError {
    ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::LineField {
            line: doc.text_pos_at(node.range().start).row as usize,
            field,
        },
        message,
    }
}

/// Load a command's FILE argument, or the bundled sample when there is none. Returns the drawing and
/// the name to show for it.
pub fn load_source(
    spec: Option<&str>,
    limits: &ImportLimits,
) -> Result<(Loaded, String), ImportError> {
    match spec {
        Some(f) => Ok((load_spec(&SourceSpec::parse(f)?, limits)?, f.to_string())),
        None => {
            let l = load_text(
                Path::new(crate::SAMPLE_PATH),
                crate::SAMPLE_TEXT,
                None,
                limits,
            )?;
            Ok((l, crate::SAMPLE_PATH.to_string()))
        }
    }
}

/// Load a drawing file (its format detected from its name and content) under the default
/// limits. `FILE#N` picks the `N`th drawing of a file that holds several (see
/// [`SourceSpec::parse`]).
pub fn load_path(path: impl AsRef<Path>) -> Result<Loaded, ImportError> {
    let path = path.as_ref();
    load_spec(
        &SourceSpec::File {
            path: path.to_path_buf(),
            index: None,
        },
        &ImportLimits::default(),
    )
}

/// Load a drawing from bytes in memory (a file's content); `name` is a file name used to detect
/// the format and in messages. Text formats must be UTF-8.
pub fn load_bytes(name: &str, bytes: &[u8], limits: &ImportLimits) -> Result<Loaded, ImportError> {
    let path = Path::new(name);
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            kind: Limit::FileSize,
            path: path.to_path_buf(),
            what: format!("file size ({} bytes)", bytes.len()),
            limit: limits.max_file_bytes,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        ImportError::Malformed {
            path: path.to_path_buf(),
            place: Place::Line { line, column },
            message: "not valid UTF-8 text".into(),
        }
    })?;
    load_text(path, text, None, limits)
}

/// The bundled sample drawing (a Quick, Draw! cat, CC BY 4.0; see `assets/ATTRIBUTION.md`).
pub fn sample() -> Drawing {
    load_text(
        Path::new(crate::SAMPLE_PATH),
        crate::SAMPLE_TEXT,
        None,
        &ImportLimits::default(),
    )
    .map(|l| l.drawing)
    .unwrap_or_default()
}

/// Load a source spec string (see [`SourceSpec::parse`]) under the default limits.
pub fn load(spec: &str) -> Result<Loaded, ImportError> {
    load_spec(&SourceSpec::parse(spec)?, &ImportLimits::default())
}

/// Load a parsed source spec under explicit limits.
pub fn load_spec(spec: &SourceSpec, limits: &ImportLimits) -> Result<Loaded, ImportError> {
    puffin::profile_scope!("import");
    let (parsed, path) = match spec {
        SourceSpec::Synthetic { strokes, seed } => {
            if *strokes > limits.max_strokes {
                return Err(ImportError::TooLarge {
                    kind: Limit::Strokes,
                    path: PathBuf::from(format!("synthetic:{strokes}")),
                    what: "stroke count".into(),
                    limit: limits.max_strokes as u64,
                });
            }
            let drawing = synthetic::generate(*strokes, *seed);
            (
                Parsed {
                    drawing,
                    format: Format::Synthetic,
                    drawings_in_file: 1,
                    index: 0,
                    skipped: BTreeMap::new(),
                },
                PathBuf::from(format!("synthetic:{strokes}:{seed}")),
            )
        }
        SourceSpec::File { path, index } => {
            let text = read_limited(path, limits)?;
            return load_text(path, &text, *index, limits);
        }
    };
    finish(parsed, path, limits)
}

/// Load a drawing from text already in memory; `path` is only used to detect the format and in
/// messages (the bundled sample is loaded this way).
pub fn load_text(
    path: &Path,
    text: &str,
    index: Option<usize>,
    limits: &ImportLimits,
) -> Result<Loaded, ImportError> {
    let format = detect(path, text)?;
    load_as(format, path, text, index, limits)
}

/// Load text as a given format (no detection); `path` is only used in messages. The fuzz targets
/// drive each importer through this.
pub fn load_as(
    format: Format,
    path: &Path,
    text: &str,
    index: Option<usize>,
    limits: &ImportLimits,
) -> Result<Loaded, ImportError> {
    let parsed = match format {
        Format::Native => native::parse(path, text, index.unwrap_or(0))?,
        Format::QuickDrawRaw | Format::QuickDrawSimplified => {
            quickdraw::parse(path, text, index.unwrap_or(0))?
        }
        Format::Excalidraw => excalidraw::parse(path, text, index.unwrap_or(0))?,
        Format::Tldraw => tldraw::parse(path, text, index.unwrap_or(0))?,
        Format::InkMl => inkml::parse(path, text, index.unwrap_or(0))?,
        Format::Svc => samples::parse_svc(path, text, index.unwrap_or(0))?,
        Format::PointerEvents => samples::parse_pointer(path, text, index.unwrap_or(0))?,
        Format::WacomCsv => samples::parse_wacom_csv(path, text, index.unwrap_or(0))?,
        Format::Gml => gml::parse(path, text, index.unwrap_or(0))?,
        Format::FreehandJson => freehand::parse_json(path, text, index.unwrap_or(0))?,
        Format::Svg => svg::parse(path, text, index.unwrap_or(0), limits)?,
        Format::Synthetic => unreachable_format(path)?,
    };
    finish(parsed, path.to_path_buf(), limits)
}

fn finish(parsed: Parsed, path: PathBuf, limits: &ImportLimits) -> Result<Loaded, ImportError> {
    if let Some((i, s)) = parsed
        .drawing
        .strokes
        .iter()
        .enumerate()
        .find(|(_, s)| s.points.len() > limits.max_stroke_points)
    {
        return Err(ImportError::TooLarge {
            kind: Limit::StrokePoints,
            path,
            what: format!("stroke {i}'s point count ({})", s.points.len()),
            limit: limits.max_stroke_points as u64,
        });
    }
    if parsed.drawing.strokes.len() > limits.max_strokes {
        return Err(ImportError::TooLarge {
            kind: Limit::Strokes,
            path,
            what: format!("stroke count ({})", parsed.drawing.strokes.len()),
            limit: limits.max_strokes as u64,
        });
    }
    let points = parsed.drawing.point_count();
    if points > limits.max_points {
        return Err(ImportError::TooLarge {
            kind: Limit::Points,
            path,
            what: format!("point count ({points})"),
            limit: limits.max_points as u64,
        });
    }
    let (drawing, warnings) =
        parsed
            .drawing
            .validated()
            .map_err(|source| ImportError::Invalid {
                path: path.clone(),
                source,
            })?;
    Ok(Loaded {
        drawing,
        format: parsed.format,
        drawings_in_file: parsed.drawings_in_file,
        index: parsed.index,
        warnings,
        skipped: parsed.skipped,
    })
}

fn unreachable_format(path: &Path) -> Result<Parsed, ImportError> {
    Err(ImportError::UnsupportedFormat {
        path: path.to_path_buf(),
        reason: "synthetic drawings are not files".into(),
    })
}

fn read_limited(path: &Path, limits: &ImportLimits) -> Result<String, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ImportError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("is a directory, not a drawing file"),
        });
    }
    if meta.len() > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            kind: Limit::FileSize,
            path: path.to_path_buf(),
            what: format!("file size ({} bytes)", meta.len()),
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(e.as_bytes(), e.utf8_error().valid_up_to());
        ImportError::Malformed {
            path: path.to_path_buf(),
            place: Place::Line { line, column },
            message: "not valid UTF-8 text".into(),
        }
    })
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

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

/// Convert a serde_json error into a place in a file whose line 1 is `base_line`.
pub(crate) fn json_error(path: &Path, base_line: usize, e: &serde_json::Error) -> ImportError {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the place is reported separately.
    let message = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Line {
            line: base_line + e.line().saturating_sub(1),
            column: e.column(),
        },
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_parsing() {
        assert_eq!(
            SourceSpec::parse("synthetic:100").ok(),
            Some(SourceSpec::Synthetic {
                strokes: 100,
                seed: 1
            })
        );
        assert_eq!(
            SourceSpec::parse("synthetic:5:42").ok(),
            Some(SourceSpec::Synthetic {
                strokes: 5,
                seed: 42
            })
        );
        assert!(SourceSpec::parse("synthetic:x").is_err());
        assert!(SourceSpec::parse("synthetic:5:-1").is_err());
        assert_eq!(
            SourceSpec::parse("no/such/cat.ndjson#7").ok(),
            Some(SourceSpec::File {
                path: "no/such/cat.ndjson".into(),
                index: Some(7)
            })
        );
        assert_eq!(
            SourceSpec::parse("a#b").ok(),
            Some(SourceSpec::File {
                path: "a#b".into(),
                index: None
            })
        );
    }

    #[test]
    fn line_col_is_one_based() {
        assert_eq!(line_col(b"ab\ncd", 0), (1, 1));
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
    }

    #[test]
    fn missing_file_names_the_file() {
        let e = load("/nonexistent/dir/x.ndjson").expect_err("missing");
        assert!(e.to_string().contains("/nonexistent/dir/x.ndjson"), "{e}");
    }

    #[test]
    fn synthetic_limit_is_enforced() {
        let limits = ImportLimits {
            max_strokes: 10,
            ..ImportLimits::default()
        };
        let e = load_spec(
            &SourceSpec::Synthetic {
                strokes: 11,
                seed: 1,
            },
            &limits,
        );
        assert!(matches!(e, Err(ImportError::TooLarge { .. })));
    }
}
