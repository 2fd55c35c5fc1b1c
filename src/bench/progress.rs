//! How a bench run reports how far it is.

/// Where a run reports how far it is (the `inkplay` binary draws a progress bar). Every method
/// has an empty default, so `&mut ()` reports nowhere.
pub trait Progress {
    /// The run will take `frames` frames in all (measured, warm-up and peers').
    fn start(&mut self, frames: u64) {
        let _ = frames;
    }
    /// What is being measured now (`inkplay`, a peer's name).
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
