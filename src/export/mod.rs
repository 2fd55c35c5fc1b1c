//! Exporting a replay: MP4, WebM, GIF, animated PNG, or a directory of PNG frames.
//!
//! # How it works
//! - [`Schedule`] decides, from the [`Timing`] options alone, which drawing time every frame
//!   shows (the frame-count rule is in `schedule.rs`). Frames are computed from drawing time,
//!   never from a clock, so two exports of the same input are the same, bit for bit.
//! - [`Exporter`] renders them through a [`Headless`](crate::headless::Headless) replay and its
//!   retained layer (each frame draws only the ink that finished since the previous one), with
//!   several frames in flight: the GPU renders frame *n + 1* while frame *n* is read back, and a
//!   writer thread converts and encodes while the next frames render. A frame that shows the same
//!   moment as the one before (a hold) is not rendered again.
//! - The `sink` writers: GIF (`gif` crate: global or per-frame palette, changed rectangles,
//!   parallel LZW), APNG (`png` crate: changed rectangles), numbered PNGs (parallel), and MP4/WebM
//!   through the system `ffmpeg`, fed raw frames on its standard input.
//! - The output is built under a temporary name beside the destination
//!   ([`Staged`](crate::output::Staged)) and renamed into place only when complete: an error, a
//!   Ctrl-C (see [`Exporter::step`]'s `cancel`) or a kill never leaves a partial file under the
//!   output name, and an existing file there survives.

mod format;
mod run;
mod schedule;
mod sink;
mod writer;

use std::path::PathBuf;

use thiserror::Error;

pub use format::ExportFormat;
pub use run::{export, Exporter, Finisher};
pub use schedule::{ExportTime, Schedule, Timing, BEFORE_MS};
pub use sink::gif::{GifOptions, GifPalette};

use crate::gpu::RenderSettings;
use crate::view::Framing;

/// What to export and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// The output file (or directory, for frames).
    pub output: PathBuf,
    /// Its format.
    pub format: ExportFormat,
    /// Image size in pixels (rounded down to even sizes for MP4 and WebM).
    pub size: (u32, u32),
    /// Antialiasing and background.
    pub settings: RenderSettings,
    /// What the images show of the drawing.
    pub framing: Framing,
    /// Which moments, how fast, with which holds.
    pub timing: Timing,
    /// GIF palette and dithering.
    pub gif: GifOptions,
    /// How many times a GIF or APNG plays (`None`: forever).
    pub plays: Option<u32>,
    /// The ffmpeg program for MP4 and WebM.
    pub ffmpeg: PathBuf,
}

impl ExportOptions {
    /// Defaults for `output` in `format`: 1280×720, 30 fps, the default look and framing.
    pub fn new(output: impl Into<PathBuf>, format: ExportFormat) -> Self {
        Self {
            output: output.into(),
            format,
            size: (1280, 720),
            settings: RenderSettings::default(),
            framing: Framing::default(),
            timing: Timing::default(),
            gif: GifOptions::default(),
            plays: None,
            ffmpeg: PathBuf::from("ffmpeg"),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExportSummary {
    /// The output.
    pub output: PathBuf,
    /// Its format.
    pub format: String,
    /// Frames written.
    pub frames: usize,
    /// Frames rendered (holds reuse the frame before).
    pub rendered_frames: usize,
    /// Frames per second of the output.
    pub fps: f64,
    /// How long the output plays, seconds.
    pub duration_s: f64,
    /// Image size.
    pub width: u32,
    /// Image size.
    pub height: u32,
    /// Bytes written (all files, for frames).
    pub bytes: u64,
    /// Wall time of the export, seconds.
    pub elapsed_s: f64,
    /// Frames exported per second of wall time.
    pub export_fps: f64,
    /// Output seconds per second of wall time (above 1: faster than real time).
    pub realtime_factor: f64,
    /// Anything changed from what was asked (e.g. a size rounded to even).
    pub notes: Vec<String>,
}

impl ExportSummary {
    /// One line for the terminal.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{}: {} frames ({}x{}, {:.3} s at {} fps), {} in {:.1} s ({:.1} frames/s, {:.1}x real time)",
            self.output.display(),
            self.frames,
            self.width,
            self.height,
            self.duration_s,
            self.fps,
            human_bytes(self.bytes),
            self.elapsed_s,
            self.export_fps,
            self.realtime_factor,
        );
        for n in &self.notes {
            s.push_str("; ");
            s.push_str(n);
        }
        s
    }
}

fn human_bytes(b: u64) -> String {
    match b {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1u32 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

/// An export failed for a reason outside the options (those are [`crate::Error::Usage`]).
#[derive(Debug, Error)]
pub enum ExportError {
    /// MP4 and WebM need ffmpeg, and it is not there.
    #[error(
        "{program}: not found; .{format} export needs ffmpeg. Install it (Debian/Ubuntu: \
         `sudo apt-get install ffmpeg`; macOS: `brew install ffmpeg`; Windows: \
         `winget install ffmpeg`), pass its path with --ffmpeg, or export .gif, .apng or \
         frames instead. Nothing was written"
    )]
    FfmpegMissing {
        /// The program looked for.
        program: String,
        /// The format asked for.
        format: ExportFormat,
    },
    /// The encoder failed.
    #[error("cannot write {path}: {message}")]
    Encode {
        /// The output.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Stopped by a signal (Ctrl-C) or the caller.
    #[error("export interrupted; {path} was not written (anything already there is unchanged)")]
    Interrupted {
        /// The output.
        path: PathBuf,
    },
}
