//! Errors located in the input: the line and column (or the field) where a JSON or XML parser, or
//! UTF-8 decoding, found something wrong.

use std::path::Path;

use super::{ImportError, Place};

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

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based() {
        assert_eq!(line_col(b"ab\ncd", 0), (1, 1));
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
    }
}
