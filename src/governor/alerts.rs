//! Alerts for the overlay and the bench report, kept in a bounded list, janky frames rate-limited.

use std::collections::VecDeque;

use serde::Serialize;

/// Something the overlay and the bench report should show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Frame number.
    pub frame: u64,
    /// What happened.
    pub kind: AlertKind,
    /// In words.
    pub message: String,
}

/// Kinds of alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AlertKind {
    /// A frame took more than 1.5 × the budget.
    Jank,
    /// Quality stepped down.
    QualityDown,
    /// Quality stepped back up.
    QualityUp,
    /// Memory over its budget.
    Memory,
}

/// Frames between two jank alerts (janky frames in between are counted in the next one).
pub const JANK_ALERT_EVERY: u64 = 60;

/// Most alerts kept (oldest dropped).
pub const MAX_ALERTS: usize = 64;

/// The alerts kept (the last [`MAX_ALERTS`]), and what rate-limits the jank alerts.
#[derive(Debug, Clone, Default)]
pub(super) struct Alerts {
    list: VecDeque<Alert>,
    last_jank_alert: Option<u64>,
    jank_since_alert: u64,
}

impl Alerts {
    /// The alerts, oldest first.
    pub(super) fn iter(&self) -> impl ExactSizeIterator<Item = &Alert> + '_ {
        self.list.iter()
    }

    /// Add an alert at frame `frame` (the oldest is dropped when [`MAX_ALERTS`] are kept).
    pub(super) fn push(&mut self, frame: u64, kind: AlertKind, message: String) {
        if self.list.len() == MAX_ALERTS {
            self.list.pop_front();
        }
        self.list.push_back(Alert {
            frame,
            kind,
            message,
        });
    }

    /// Frame `frame` was janky (`frame_ms` against a `budget` of ms): an alert, unless one was
    /// given less than [`JANK_ALERT_EVERY`] frames ago.
    pub(super) fn jank(&mut self, frame: u64, frame_ms: f64, budget: f64) {
        self.jank_since_alert += 1;
        // One alert per second of frames at most, counting the janky frames it stands for.
        if self
            .last_jank_alert
            .is_none_or(|f| frame - f >= JANK_ALERT_EVERY)
        {
            let n = std::mem::take(&mut self.jank_since_alert);
            self.last_jank_alert = Some(frame);
            self.push(
                frame,
                AlertKind::Jank,
                format!("{n} janky frame(s), the last {frame_ms:.1} ms (budget {budget:.1} ms)"),
            );
        }
    }
}
