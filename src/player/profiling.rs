//! What the player's profiling keeps beside its state: how many frames a capture holds, the
//! thread writing one, and a frame shown in the profiler instead of the live ones.

use std::thread::JoinHandle;

use crate::output::OutputError;
use crate::profile::CaptureFiles;

/// Frames the player keeps for a capture when `--capture` does not say (10 s at 60 Hz).
pub const DEFAULT_CAPTURE_FRAMES: usize = 600;

/// A capture being written on its thread.
pub(super) type CaptureJob = JoinHandle<Result<CaptureFiles, OutputError>>;

/// A frame shown in the profiler instead of the live ones (clicked in the frame-time plot).
pub struct Inspected {
    /// The player's frame index.
    pub frame: u64,
    /// A view holding that frame's puffin frames.
    pub view: puffin::FrameView,
    /// The profiler's state for it.
    pub ui: puffin_egui::ProfilerUi,
}

impl std::fmt::Debug for Inspected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inspected")
            .field("frame", &self.frame)
            .finish_non_exhaustive()
    }
}
