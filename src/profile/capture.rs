//! [`Capture`]: frames of a profile written to files, in the format the file's extension names
//! ([`CaptureFormat`]): a `.puffin` file (puffin's own format, which `puffin_viewer` and
//! `inkplay profile-diff` open) with a Chrome/Perfetto trace beside it, or a `.json` Chrome trace
//! alone (`trace.rs`).

use std::io::Write;
use std::path::{Path, PathBuf};

use puffin::ScopeCollection;

use super::record::FrameRecord;
use super::trace;
use crate::output::{write_atomic, OutputError};

/// Frames taken from a [`Recorder`](super::Recorder), ready to be written.
#[derive(Clone, Default)]
pub struct Capture {
    /// The frames, oldest first.
    pub frames: Vec<FrameRecord>,
    /// The names of every puffin scope seen.
    pub names: ScopeCollection,
}

impl std::fmt::Debug for Capture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Capture")
            .field("frames", &self.frames.len())
            .finish_non_exhaustive()
    }
}

/// Where a capture was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureFiles {
    /// The `.puffin` file (`None` for a `.json` capture).
    pub puffin: Option<PathBuf>,
    /// The Chrome/Perfetto trace JSON.
    pub trace: PathBuf,
}

impl CaptureFiles {
    /// The file named when the capture was asked for: the `.puffin` file, or the trace.
    pub fn main(&self) -> &Path {
        self.puffin.as_deref().unwrap_or(&self.trace)
    }

    /// Where it was written, for a message: one file, or the `.puffin` file and its trace.
    pub fn describe(&self) -> String {
        match &self.puffin {
            Some(p) => format!("{} and {}", p.display(), self.trace.display()),
            None => self.trace.display().to_string(),
        }
    }
}

/// What a capture file holds, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureFormat {
    /// `.puffin`: puffin's format, with the Chrome trace beside it ([`trace_path`]).
    Puffin,
    /// `.json`: the Chrome/Perfetto trace alone.
    ChromeJson,
}

impl CaptureFormat {
    /// The format `path`'s extension names, or a message saying which extensions there are.
    pub fn of(path: &Path) -> Result<Self, String> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("puffin") => Ok(Self::Puffin),
            Some("json") => Ok(Self::ChromeJson),
            _ => Err(format!(
                "{}: a profile capture is a .puffin file (puffin's format, with a Chrome trace \
                 beside it) or a .json Chrome trace",
                path.display()
            )),
        }
    }
}

/// The trace written beside a `.puffin` file: `NAME.puffin` → `NAME.trace.json`.
pub fn trace_path(puffin: &Path) -> PathBuf {
    puffin.with_extension("trace.json")
}

impl Capture {
    /// Write the capture at `path` in the format its extension names ([`CaptureFormat`]; an
    /// unknown one is written as `.puffin`), each file atomically.
    pub fn write(&self, path: &Path) -> Result<CaptureFiles, OutputError> {
        let json = || trace::chrome_trace(&self.frames, &self.names);
        let write_json = |at: &Path| {
            let json = json();
            write_atomic(at, |w| {
                serde_json::to_writer(&mut *w, &json).map_err(std::io::Error::other)
            })
        };
        if CaptureFormat::of(path) == Ok(CaptureFormat::ChromeJson) {
            write_json(path)?;
            return Ok(CaptureFiles {
                puffin: None,
                trace: path.to_path_buf(),
            });
        }
        write_atomic(path, |w| self.write_puffin(w))?;
        let trace = trace_path(path);
        write_json(&trace)?;
        Ok(CaptureFiles {
            puffin: Some(path.to_path_buf()),
            trace,
        })
    }

    /// The puffin frames in puffin's file format: the `PUF0` magic, then each frame, the first
    /// with every scope name (a capture of the last frames would otherwise lack the names
    /// registered before it began).
    pub fn write_puffin(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let mut w = w;
        w.write_all(b"PUF0")?;
        let frames = self.frames.iter().flat_map(|f| f.puffin.iter());
        for (i, frame) in frames.enumerate() {
            let names = (i == 0).then_some(&self.names);
            frame
                .write_into(names, &mut w)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
        }
        Ok(())
    }
}
