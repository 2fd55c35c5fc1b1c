//! Importers: files (and `synthetic:` specs) to validated [`Drawing`](crate::model::Drawing)s.
//!
//! # How it works
//! A user names a drawing with a *source spec* ([`SourceSpec`]): a path, optionally followed by
//! `#N` to pick drawing `N` of a file that holds many (Quick, Draw! ndjson), or `synthetic:N[:SEED]`
//! for a generated drawing. [`load`] detects the format (by extension, then by content), runs that
//! format's parser and passes the result through [`Drawing::validated`](crate::model::Drawing::validated).
//!
//! Every failure is an [`ImportError`] that names the file and the place (line and column for text
//! formats, the field for structured ones), so the CLI can print it and exit with status 2. Parsers
//! never panic on input and refuse files above [`ImportLimits`] before reading them.
//!
//! One file per format: `native` (`*.inkplay.json`), `quickdraw` (raw and simplified ndjson),
//! [`synthetic`] (deterministic generated drawings for tests and benches). [`incoming`] hands a drawing
//! over while it is still being imported (`synthetic:` strokes are made as they are pulled).

mod detect;
mod error;
mod excalidraw;
mod format;
mod formats;
mod freehand;
mod gml;
pub mod incoming;
mod inkml;
mod load;
mod locate;
mod native;
mod parsed;
mod quickdraw;
mod samples;
mod shapes;
mod spec;
mod svg;
pub mod synthetic;
mod timing;
mod tldraw;

pub use detect::detect;
pub use error::{ImportError, Limit, Place};
pub use format::Format;
pub use formats::file_help;
pub use load::{
    load, load_as, load_bytes, load_path, load_source, load_spec, load_text, sample, Loaded,
};
pub use native::to_json as to_native_json;
pub use spec::{ImportLimits, SourceSpec};

pub(crate) use locate::{json_error, line_col, parse_xml, xml_error};
pub(crate) use parsed::{file_stem, not_drawn, only_drawing, Parsed};
