//! What a format's parser returns ([`Parsed`], before validation and limits) and the helpers
//! parsers share to build it.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Format, ImportError};
use crate::model::{Drawing, DrawingMeta, Stroke};

/// A format parser's result before validation.
///
/// `drawing.meta.format` is left empty for `finish` (in `load.rs`) to name after `format`; a
/// parser sets it only to keep a name its source records (a native file's `source_format`).
#[derive(Debug)]
pub(crate) struct Parsed {
    pub drawing: Drawing,
    pub format: Format,
    pub drawings_in_file: usize,
    pub index: usize,
    pub skipped: BTreeMap<String, usize>,
}

impl Parsed {
    /// Drawing 0 of 1 of `format` (its meta's format left to be named), nothing skipped.
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
                    format: String::new(),
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
