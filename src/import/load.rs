//! Loading: a source spec, a path, bytes or text to a validated [`Loaded`] drawing. Files are read
//! under the size limit, the format is detected (or given), its parser runs, and the result is
//! checked against the other limits and passed through [`Drawing::validated`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::formats::row;
use super::SourceSpec;
use super::{detect, line_col, synthetic, Format, ImportError, ImportLimits, Limit, Parsed, Place};
use crate::model::{Drawing, ValidationWarning};

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
    check_file_size(path, bytes.len() as u64, limits)?;
    if let Some(parsed) = super::binary::parse(path, bytes, 0, limits) {
        return finish(parsed?, path.to_path_buf(), limits);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(path, bytes, e.valid_up_to()))?;
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
    match spec {
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
            let (parsed, path) = (
                Parsed {
                    drawing,
                    format: Format::Synthetic,
                    drawings_in_file: 1,
                    index: 0,
                    skipped: BTreeMap::new(),
                },
                PathBuf::from(format!("synthetic:{strokes}:{seed}")),
            );
            // The limits guard against hostile files: inkplay's own drawings are bound by their
            // stroke count only (at most 100 points a stroke).
            let own = ImportLimits {
                max_points: usize::MAX,
                ..*limits
            };
            finish(parsed, path, &own)
        }
        SourceSpec::File { path, index } => {
            let bytes = read_limited(path, limits)?;
            if let Some(parsed) = super::binary::parse(path, &bytes, index.unwrap_or(0), limits) {
                return finish(parsed?, path.clone(), limits);
            }
            let text = String::from_utf8(bytes)
                .map_err(|e| not_utf8(path, e.as_bytes(), e.utf8_error().valid_up_to()))?;
            load_text(path, &text, *index, limits)
        }
    }
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

/// Load text as a given format (no detection: its parser from the table of formats); `path` is only
/// used in messages. The fuzz targets drive each importer through this.
pub fn load_as(
    format: Format,
    path: &Path,
    text: &str,
    index: Option<usize>,
    limits: &ImportLimits,
) -> Result<Loaded, ImportError> {
    let parsed = (row(format).parse)(path, text, index.unwrap_or(0), limits)?;
    finish(parsed, path.to_path_buf(), limits)
}

fn finish(mut parsed: Parsed, path: PathBuf, limits: &ImportLimits) -> Result<Loaded, ImportError> {
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
    // Named after its format (from the table), unless the source records a name (a converted
    // file keeps the format it was converted from).
    if parsed.drawing.meta.format.is_empty() {
        parsed.drawing.meta.format = parsed.format.name().into();
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

fn read_limited(path: &Path, limits: &ImportLimits) -> Result<Vec<u8>, ImportError> {
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
    check_file_size(path, meta.len(), limits)?;
    std::fs::read(path).map_err(io)
}

/// A file of `len` bytes is within [`ImportLimits::max_file_bytes`].
fn check_file_size(path: &Path, len: u64, limits: &ImportLimits) -> Result<(), ImportError> {
    if len > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            kind: Limit::FileSize,
            path: path.to_path_buf(),
            what: format!("file size ({len} bytes)"),
            limit: limits.max_file_bytes,
        });
    }
    Ok(())
}

/// `bytes` are not UTF-8 from byte `valid_up_to` on: the error names its line and column.
fn not_utf8(path: &Path, bytes: &[u8], valid_up_to: usize) -> ImportError {
    let (line, column) = line_col(bytes, valid_up_to);
    ImportError::Malformed {
        path: path.to_path_buf(),
        place: Place::Line { line, column },
        message: "not valid UTF-8 text".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_load_like_a_file_and_bad_bytes_name_the_place() {
        let l = load_bytes(
            "cat.ndjson",
            crate::SAMPLE_TEXT.as_bytes(),
            &ImportLimits::default(),
        )
        .expect("sample bytes");
        assert_eq!(l.drawing, sample());
        let e = load_bytes("x.ndjson", b"{}\n\xff", &ImportLimits::default()).expect_err("utf-8");
        assert!(e.to_string().contains("x.ndjson: line 2, column 1"), "{e}");
        let tiny = ImportLimits {
            max_file_bytes: 4,
            ..ImportLimits::default()
        };
        let e = load_bytes("x.ndjson", b"12345", &tiny).expect_err("size");
        assert!(
            matches!(
                e,
                ImportError::TooLarge {
                    kind: Limit::FileSize,
                    ..
                }
            ),
            "{e}"
        );
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
