//! The bench's and the export's progress bars on stderr (indicatif), drawn only when stderr is a
//! terminal.

use std::io::IsTerminal;

use inkplay::bench::Progress;

/// An indicatif bar behind [`Progress`].
#[derive(Debug)]
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    /// A bar, or a hidden one when `show` is false or stderr is not a terminal.
    pub fn new(show: bool) -> Self {
        Self::with_template(
            show,
            "{prefix} {msg:>10} [{bar:40}] {pos}/{len} frames ({eta} left)",
        )
    }

    /// The export's bar: frames, frames per second and time left.
    pub fn export(show: bool) -> Self {
        Self::with_template(
            show,
            "{msg:>8} [{bar:40}] {pos}/{len} frames, {per_sec:.1}, {eta} left",
        )
    }

    fn with_template(show: bool, template: &str) -> Self {
        if !show || !std::io::stderr().is_terminal() {
            return Self(indicatif::ProgressBar::hidden());
        }
        let pb = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            pb.set_style(style.progress_chars("=> "));
        }
        Self(pb)
    }
}

impl Bar {
    /// A suite's next row: its name stays beside the bar while it runs.
    pub fn stage_row(&mut self, name: &str) {
        self.0.set_prefix(name.to_string());
    }
}

impl Progress for Bar {
    fn start(&mut self, total: u64) {
        self.0.set_length(total);
    }

    fn stage(&mut self, name: &str) {
        self.0.set_message(name.to_string());
    }

    fn advance(&mut self, frames: u64) {
        self.0.inc(frames);
    }

    fn finish(&mut self) {
        self.0.finish_and_clear();
    }
}
