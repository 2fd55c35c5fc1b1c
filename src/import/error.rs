//! What goes wrong when importing: [`ImportError`], which always names the input, the [`Place`]
//! in the file, and which of the [`ImportLimits`](super::ImportLimits) an input exceeded
//! ([`Limit`]).

use std::path::PathBuf;

use thiserror::Error;

use crate::model::ModelError;

/// Which of the [`ImportLimits`](super::ImportLimits) an input exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`ImportLimits::max_file_bytes`](super::ImportLimits::max_file_bytes).
    FileSize,
    /// [`ImportLimits::max_points`](super::ImportLimits::max_points).
    Points,
    /// [`ImportLimits::max_stroke_points`](super::ImportLimits::max_stroke_points).
    StrokePoints,
    /// [`ImportLimits::max_strokes`](super::ImportLimits::max_strokes).
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
