//! Files read as bytes rather than text: Quick, Draw!'s binary `.bin`, and what is recognised
//! only to be refused clearly (a gzip stream, a zip archive such as sketch-rnn's `.npz`), before
//! the text formats' UTF-8 check would call them "not valid UTF-8 text".

use std::path::Path;

use super::{quickdraw_bin, ImportError, Parsed};

/// The parse of a binary file, or `None` when `bytes` are for the text formats.
pub(crate) fn parse(
    path: &Path,
    bytes: &[u8],
    index: usize,
) -> Option<Result<Parsed, ImportError>> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let refuse = |reason: &str| {
        Some(Err(ImportError::UnsupportedFormat {
            path: path.to_path_buf(),
            reason: reason.into(),
        }))
    };
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return refuse(
            "gzip-compressed data, not a drawing: decompress it first (gunzip -k FILE) and open \
             what it holds",
        );
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return refuse(if name.ends_with(".npz") {
            "a NumPy .npz archive (sketch-rnn's stroke-3 data): not supported yet; convert its \
             drawings to ndjson or a JSON list of points"
        } else {
            "a zip archive, not a drawing: extract the drawing file and open it"
        });
    }
    if name.ends_with(".bin") {
        return Some(quickdraw_bin::parse(path, bytes, index));
    }
    None
}
