//! Where exported frames go: one writer per format, all behind [`Sink`].
//!
//! - `gif`: animated GIF (palette, changed rectangles, parallel LZW);
//! - `apng`: animated PNG (changed rectangles);
//! - `frames`: a directory of numbered PNGs (parallel encoding);
//! - `ffmpeg`: MP4 and WebM through the system `ffmpeg`;
//! - `diff`: the changed rectangle between two frames.

pub(crate) mod apng;
pub(crate) mod diff;
pub(crate) mod ffmpeg;
pub(crate) mod frames;
pub(crate) mod gif;

/// A format's writer, fed straight-alpha RGBA8 frames of the export's size, in order, on the
/// export's encoding thread.
pub(crate) trait Sink: Send {
    /// The next frame.
    fn push(&mut self, frame: Vec<u8>) -> Result<(), String>;
    /// Every frame was given: complete the output (still under its temporary name).
    fn finish(self: Box<Self>) -> Result<(), String>;
}
