//! Files read as bytes rather than text: Quick, Draw!'s binary `.bin`, sketch-rnn's `.npz` (a zip
//! archive of NumPy arrays, whatever its name), PNG images (Excalidraw's exports with the scene
//! embedded; any other PNG is refused, naming what is missing), and what is recognised only to be refused clearly
//! (a gzip stream, any other zip archive), before the text formats' UTF-8 check would call them
//! "not valid UTF-8 text".

use std::path::Path;

use super::{excalidraw, quickdraw_bin, sketch_rnn, ImportError, ImportLimits, Parsed};

/// The parse of a binary file, or `None` when `bytes` are for the text formats. Text decoded
/// from inside a file (an embedded scene) is at most `limits.max_file_bytes`.
pub(crate) fn parse(
    path: &Path,
    bytes: &[u8],
    index: usize,
    limits: &ImportLimits,
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
        if name.ends_with(".npz") || holds_npy(bytes) {
            return Some(sketch_rnn::parse(path, bytes, index));
        }
        return refuse("a zip archive, not a drawing: extract the drawing file and open it");
    }
    if excalidraw::is_png(bytes) {
        return Some(excalidraw::parse_png(path, bytes, index, limits));
    }
    if name.ends_with(".bin") {
        return Some(quickdraw_bin::parse(path, bytes, index));
    }
    None
}

/// Whether a zip archive names a `.npy` array in its central directory (an `.npz` renamed).
fn holds_npy(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|z| z.file_names().any(|n| n.ends_with(".npy")))
}
