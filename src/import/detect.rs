//! Which format a file is in: the first row of the table of formats whose extension ends the file
//! name or whose content test accepts the text.

use std::path::Path;

use super::formats::{listed, Content, FORMATS};
use super::{Format, ImportError};

/// Detect a file's format from its name and content: the rows of the table of formats are tried in
/// order, each by its extensions, then by its content.
pub fn detect(path: &Path, text: &str) -> Result<Format, ImportError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let content = Content::new(text);
    let found = FORMATS.iter().find(|r| {
        r.extensions.iter().any(|e| name.ends_with(e)) || r.sniff.is_some_and(|s| s(&content))
    });
    if let Some(r) = found {
        return Ok(r.variant.map_or(r.format, |v| v(&content)));
    }
    let reason = if text.trim().is_empty() {
        "the file is empty".to_string()
    } else {
        format!(
            "not a format inkplay reads ({}); starts with {:?}",
            listed(false),
            text.chars().take(40).collect::<String>()
        )
    };
    Err(ImportError::UnsupportedFormat {
        path: path.to_path_buf(),
        reason,
    })
}
