//! [`Capture`]: frames of a profile written to files: a `.puffin` file (puffin's own format,
//! which `puffin_viewer` opens) and a Chrome/Perfetto trace beside it (`trace.rs`).

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
    /// The `.puffin` file.
    pub puffin: PathBuf,
    /// The Chrome/Perfetto trace JSON.
    pub trace: PathBuf,
}

/// The trace written beside a `.puffin` file: `NAME.puffin` → `NAME.trace.json`.
pub fn trace_path(puffin: &Path) -> PathBuf {
    puffin.with_extension("trace.json")
}

impl Capture {
    /// Write the `.puffin` file at `puffin` and the trace beside it ([`trace_path`]), each
    /// atomically.
    pub fn write(&self, puffin: &Path) -> Result<CaptureFiles, OutputError> {
        write_atomic(puffin, |w| self.write_puffin(w))?;
        let trace = trace_path(puffin);
        let json = trace::chrome_trace(&self.frames, &self.names);
        write_atomic(&trace, |w| {
            serde_json::to_writer(&mut *w, &json).map_err(std::io::Error::other)
        })?;
        Ok(CaptureFiles {
            puffin: puffin.to_path_buf(),
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
