//! An export running beside playback: where it is ([`Running`]), and where it writes by default
//! ([`output_beside`]). What the player does with it is in `export.rs`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;

use crate::export::{ExportSummary, Exporter};
use crate::import::SourceSpec;
use crate::Error;

/// Where an export beside playback is.
pub(super) enum Stage {
    /// Its target, pipelines and output are being made on a thread (shader compilation takes a
    /// while on some drivers).
    Starting(mpsc::Receiver<Result<Exporter, Error>>),
    /// Loading its drawing, then rendering frames, a share each displayed frame.
    Rendering(Box<Exporter>),
    /// The writer finishing and the rename, on a thread.
    Finishing(mpsc::Receiver<Result<ExportSummary, Error>>),
}

/// An export running beside playback.
pub(super) struct Running {
    pub(super) stage: Stage,
    pub(super) path: PathBuf,
    pub(super) cancel: AtomicBool,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Whether `ffmpeg` runs (asked once per export start).
pub(super) fn have_ffmpeg() -> bool {
    std::process::Command::new("ffmpeg")
        .arg("-version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `DIR/STEM.EXT` (or `DIR/STEM-TAG.EXT` with a `tag`) beside the input (the working directory
/// for a generated drawing), with `-2`, `-3`, … added until the name is free.
pub(super) fn output_beside(source: &str, tag: &str, ext: &str) -> PathBuf {
    let (dir, stem) = match SourceSpec::parse(source) {
        Ok(SourceSpec::File { path, .. }) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "replay".into());
            let stem = name.split('.').next().unwrap_or("replay").to_string();
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (dir, stem)
        }
        _ => (PathBuf::new(), source.replace([':', '/', '\\'], "-")),
    };
    let stem = if tag.is_empty() {
        stem
    } else {
        format!("{stem}-{tag}")
    };
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    path
}
