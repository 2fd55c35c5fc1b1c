//! How a long run (a bench, an export) reports how far it is.

/// Where a run reports how far it is (the `inkplay` binary draws a progress bar). Every method
/// has an empty default, so `&mut ()` reports nowhere.
pub trait Progress {
    /// The run will take `frames` frames in all (a bench: measured, warm-up and peers').
    fn start(&mut self, frames: u64) {
        let _ = frames;
    }
    /// What is being done now (a bench: `inkplay` or a peer's name; an export: its stage).
    fn stage(&mut self, name: &str) {
        let _ = name;
    }
    /// `frames` more frames are done.
    fn advance(&mut self, frames: u64) {
        let _ = frames;
    }
    /// The run is over.
    fn finish(&mut self) {}
}

impl Progress for () {}
