//! The playback clock: transport state (position, play/pause, speed, direction, loop) over a
//! [`PacedTimeline`].
//!
//! # Given time, never reading it
//! [`PlaybackClock::advance`] is handed the frame's `dt`; nothing here reads the wall clock, so the
//! player, the screenshot automation and the tests all drive it the same way. `dt` is clamped (as
//! Rerun and egui do) so a stall (a window drag, a debugger, a slow first frame) never makes the
//! playhead jump.

use super::pacing::{PacedTimeline, PacingOptions};
use super::Timeline;

/// What happens at the ends.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum LoopMode {
    /// Stop (pause) at the end (or at the start when playing in reverse).
    #[default]
    Off,
    /// Wrap around the whole drawing.
    All,
    /// Wrap around a range of drawing time (ms).
    Range {
        /// Range start (drawing ms).
        start_ms: f64,
        /// Range end (drawing ms).
        end_ms: f64,
    },
}

impl std::str::FromStr for LoopMode {
    type Err = String;

    /// `off`, `all`, or a drawing-time range in ms `A..B` (e.g. `1000..2500`).
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "off" | "none" => Ok(LoopMode::Off),
            "all" | "on" => Ok(LoopMode::All),
            r => {
                let err = || format!("loop: expected off, all or a range in ms A..B, got {r:?}");
                let (a, b) = r.split_once("..").ok_or_else(err)?;
                let ms = |v: &str| {
                    v.trim()
                        .trim_end_matches("ms")
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite() && *x >= 0.0)
                };
                match (ms(a), ms(b)) {
                    (Some(a), Some(b)) => Ok(LoopMode::Range {
                        start_ms: a.min(b),
                        end_ms: a.max(b),
                    }),
                    _ => Err(err()),
                }
            }
        }
    }
}

/// Playback speeds the `+`/`−` keys step through.
pub const SPEED_STEPS: [f64; 10] = [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];

/// Transport state over a [`PacedTimeline`]: position, play/pause, speed, direction, loop.
#[derive(Debug, Clone)]
pub struct PlaybackClock {
    paced: PacedTimeline,
    opts: PacingOptions,
    /// Presentation ms.
    pos: f64,
    playing: bool,
    speed: f64,
    reverse: bool,
    loop_mode: LoopMode,
    /// Drawing time playing forward stops at (ink not ready beyond it), if any.
    hold: Option<f64>,
    /// Longest `dt` one [`PlaybackClock::advance`] accepts (seconds).
    pub max_dt_s: f64,
    /// One frame for [`PlaybackClock::step_frames`] (seconds).
    pub frame_s: f64,
}

impl PlaybackClock {
    /// Slowest speed.
    pub const MIN_SPEED: f64 = 0.1;
    /// Fastest speed.
    pub const MAX_SPEED: f64 = 64.0;

    /// A paused clock at the start of `timeline`.
    pub fn new(timeline: &Timeline, opts: PacingOptions) -> Self {
        Self {
            paced: PacedTimeline::new(timeline, &opts),
            opts,
            pos: 0.0,
            playing: false,
            speed: 1.0,
            reverse: false,
            loop_mode: LoopMode::Off,
            hold: None,
            max_dt_s: 0.1,
            frame_s: 1.0 / 60.0,
        }
    }

    /// Switch to another drawing: back to its start, transport settings kept (a range loop is
    /// dropped: it belonged to the old drawing).
    pub fn set_timeline(&mut self, timeline: &Timeline) {
        self.paced = PacedTimeline::new(timeline, &self.opts);
        self.pos = 0.0;
        if matches!(self.loop_mode, LoopMode::Range { .. }) {
            self.loop_mode = LoopMode::All;
        }
    }

    /// Change pacing, staying at the same drawing time.
    pub fn set_pacing(&mut self, timeline: &Timeline, opts: PacingOptions) {
        let d = self.drawing_ms();
        self.opts = opts;
        self.paced = PacedTimeline::new(timeline, &opts);
        self.pos = self.paced.to_presentation(d);
    }

    /// The pacing options.
    pub fn pacing(&self) -> PacingOptions {
        self.opts
    }

    /// The presentation ↔ drawing map.
    pub fn paced(&self) -> &PacedTimeline {
        &self.paced
    }

    /// Move by a frame's `dt` (seconds; clamped to `0..=max_dt_s`) if playing. Returns the drawing
    /// time to show.
    pub fn advance(&mut self, dt_s: f64) -> f64 {
        if self.playing {
            let dt = if dt_s.is_finite() {
                dt_s.clamp(0.0, self.max_dt_s)
            } else {
                0.0
            };
            let delta = dt * 1e3 * self.speed;
            match self.hold.map(|h| self.paced.to_presentation(h)) {
                // Waiting for ink: move up to the hold, never past it (no loop, no stop at an end
                // that is only the end of what has arrived so far).
                Some(h) if !self.reverse && self.pos + delta >= h => self.pos = self.pos.max(h),
                _ => self.move_by(if self.reverse { -delta } else { delta }),
            }
        }
        self.drawing_ms()
    }

    /// Keep forward playback from passing drawing time `hold_ms` (`None`: no hold). The player
    /// holds at the ink that is ready while a drawing streams in (see
    /// [`Replay::ready_until`](crate::replay::Replay::ready_until)); seeks and reverse playback
    /// are not held.
    pub fn set_hold(&mut self, hold_ms: Option<f64>) {
        self.hold = hold_ms;
    }

    /// Whether playing forward is held at the hold point.
    pub fn is_held(&self) -> bool {
        self.hold.is_some_and(|h| {
            self.playing && !self.reverse && self.pos >= self.paced.to_presentation(h)
        })
    }

    /// Presentation-time bounds of the current loop.
    fn bounds(&self) -> (f64, f64) {
        let dur = self.paced.duration_ms();
        if let LoopMode::Range { start_ms, end_ms } = self.loop_mode {
            let a = self.paced.to_presentation(start_ms.min(end_ms));
            let b = self.paced.to_presentation(start_ms.max(end_ms));
            if b > a {
                return (a, b);
            }
        }
        (0.0, dur)
    }

    fn move_by(&mut self, delta: f64) {
        let (lo, hi) = self.bounds();
        let looping = self.loop_mode != LoopMode::Off;
        let span = hi - lo;
        self.pos += delta;
        if delta > 0.0 && self.pos >= hi {
            if looping && span > 0.0 {
                self.pos = lo + (self.pos - hi) % span;
            } else {
                self.pos = hi;
                self.playing = looping && span > 0.0;
            }
        } else if delta < 0.0 && self.pos <= lo {
            if looping && span > 0.0 {
                self.pos = hi - (lo - self.pos) % span;
            } else {
                self.pos = lo;
                self.playing = looping && span > 0.0;
            }
        }
        let dur = self.paced.duration_ms();
        self.pos = self.pos.clamp(0.0, dur);
    }

    /// Drawing time at the playhead (ms).
    pub fn drawing_ms(&self) -> f64 {
        self.paced.to_drawing(self.pos)
    }

    /// Presentation time at the playhead (ms).
    pub fn position_ms(&self) -> f64 {
        self.pos
    }

    /// Presentation duration (ms).
    pub fn duration_ms(&self) -> f64 {
        self.paced.duration_ms()
    }

    /// Whether the clock moves on [`PlaybackClock::advance`].
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Start playing. At the end (start, in reverse) with looping off, starts over.
    pub fn play(&mut self) {
        let dur = self.paced.duration_ms();
        if self.loop_mode == LoopMode::Off {
            if !self.reverse && self.pos >= dur {
                self.pos = 0.0;
            } else if self.reverse && self.pos <= 0.0 {
                self.pos = dur;
            }
        }
        self.playing = true;
    }

    /// Stop moving.
    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// Play ↔ pause.
    pub fn toggle(&mut self) {
        if self.playing {
            self.pause();
        } else {
            self.play();
        }
    }

    /// Speed magnitude (×).
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Set the speed magnitude, clamped to [`Self::MIN_SPEED`]..=[`Self::MAX_SPEED`].
    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() {
            self.speed = speed.clamp(Self::MIN_SPEED, Self::MAX_SPEED);
        }
    }

    /// The next faster step of [`SPEED_STEPS`].
    pub fn faster(&mut self) {
        let s = self.speed;
        self.set_speed(
            SPEED_STEPS
                .iter()
                .copied()
                .find(|&x| x > s * 1.0001)
                .unwrap_or(Self::MAX_SPEED),
        );
    }

    /// The next slower step of [`SPEED_STEPS`].
    pub fn slower(&mut self) {
        let s = self.speed;
        self.set_speed(
            SPEED_STEPS
                .iter()
                .rev()
                .copied()
                .find(|&x| x < s * 0.9999)
                .unwrap_or(Self::MIN_SPEED),
        );
    }

    /// Whether playing backwards.
    pub fn is_reverse(&self) -> bool {
        self.reverse
    }

    /// Play backwards (or forwards).
    pub fn set_reverse(&mut self, reverse: bool) {
        self.reverse = reverse;
    }

    /// The loop mode.
    pub fn loop_mode(&self) -> LoopMode {
        self.loop_mode
    }

    /// Set the loop mode.
    pub fn set_loop(&mut self, mode: LoopMode) {
        self.loop_mode = mode;
    }

    /// Off → All → Off (a range loop goes to Off).
    pub fn cycle_loop(&mut self) {
        self.loop_mode = match self.loop_mode {
            LoopMode::Off => LoopMode::All,
            _ => LoopMode::Off,
        };
    }

    /// Seek to a presentation time (clamped).
    pub fn seek_presentation(&mut self, p: f64) {
        if p.is_finite() {
            self.pos = p.clamp(0.0, self.paced.duration_ms());
        }
    }

    /// Seek to a drawing time.
    pub fn seek_drawing(&mut self, d: f64) {
        if d.is_finite() {
            self.pos = self.paced.to_presentation(d);
        }
    }

    /// Jump to the start.
    pub fn to_start(&mut self) {
        self.pos = 0.0;
    }

    /// Jump to the end.
    pub fn to_end(&mut self) {
        self.pos = self.paced.duration_ms();
    }

    /// Pause and move `n` frames (of [`PlaybackClock::frame_s`] at the current speed; negative is
    /// back), not wrapping.
    pub fn step_frames(&mut self, n: i32) {
        self.playing = false;
        let delta = f64::from(n) * self.frame_s * 1e3 * self.speed;
        self.seek_presentation(self.pos + delta);
    }

    /// Pause and move to the end of the next stroke (forward), or back to the end of the stroke
    /// before the last complete one (so one stroke disappears).
    pub fn step_stroke(&mut self, timeline: &Timeline, forward: bool) {
        self.playing = false;
        let d = self.drawing_ms();
        let finished = timeline.finished(d);
        if forward {
            match timeline.end_of(finished) {
                Some(end) => self.seek_drawing(end),
                None => self.to_end(),
            }
        } else {
            let mid_stroke = timeline.started(d) > finished;
            let keep = if mid_stroke {
                finished
            } else {
                finished.saturating_sub(1)
            };
            match keep.checked_sub(1).and_then(|i| timeline.end_of(i)) {
                Some(end) => self.seek_drawing(end),
                None => self.to_start(),
            }
        }
    }
}

#[cfg(test)]
#[path = "clock_tests.rs"]
mod tests;
