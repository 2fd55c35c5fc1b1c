//! What the overlay keeps between frames: which [`Panels`] are showing, and the [`UiState`]
//! (errors, status, the transport bar's height, the timeline's marks).

use super::marks::Marks;
use crate::player::actions::Panel;

/// Which parts of the overlay are showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panels {
    /// The whole overlay (off: only the drawing).
    pub overlay: bool,
    /// puffin_egui profiler window.
    pub profiler: bool,
    /// Memory panel.
    pub memory: bool,
    /// Frame-time panel.
    pub frames: bool,
    /// Keyboard help.
    pub help: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            overlay: true,
            profiler: false,
            memory: false,
            frames: false,
            help: false,
        }
    }
}

impl Panels {
    /// Show or hide one panel.
    pub fn toggle(&mut self, p: Panel) {
        let f = match p {
            Panel::Profiler => &mut self.profiler,
            Panel::Memory => &mut self.memory,
            Panel::Frames => &mut self.frames,
            Panel::Help => &mut self.help,
        };
        *f = !*f;
    }
}

/// State the overlay keeps between frames.
#[derive(Debug, Default)]
pub struct UiState {
    /// What is showing.
    pub panels: Panels,
    /// The last error to show (a bad file, a failed screenshot), until dismissed.
    pub error: Option<String>,
    /// A short status line (e.g. "saved shot.png").
    pub status: Option<String>,
    /// An export's progress, while one runs.
    pub export: Option<String>,
    /// Height of the transport bar in points (the drawing is fitted above it).
    pub transport_height: f32,
    /// A frame the profiler shows instead of the live ones (clicked in the frame-time plot).
    pub inspect: Option<crate::player::profiling::Inspected>,
    pub(super) marks: Marks,
    pub(super) scrubbing: bool,
}

impl UiState {
    /// Drop what lives in an egui context's textures (the timeline's marks): the player made a new
    /// context, after a lost device.
    pub fn forget_textures(&mut self) {
        self.marks = Marks::default();
    }
}
