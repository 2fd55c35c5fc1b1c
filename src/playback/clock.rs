//! The playback clock: transport state and the mapping from presentation time to drawing time.
//!
//! # Two clocks
//! *Drawing time* is when ink was recorded (what the renderer reveals by). *Presentation time* is
//! what the viewer watches: the same as drawing time when played as recorded, shorter when long
//! pen-up pauses are capped, and completely regular with uniform pacing. [`PacedTimeline`] is a
//! monotone piecewise-linear map between the two, built once per drawing and pacing (two knots per
//! stroke) and evaluated with binary searches, so the cost per frame does not grow with the drawing.
//!
//! # Given time, never reading it
//! [`PlaybackClock::advance`] is handed the frame's `dt`; nothing here reads the wall clock, so the
//! player, the screenshot automation and the tests all drive it the same way. `dt` is clamped (as
//! Rerun and egui do) so a stall (a window drag, a debugger, a slow first frame) never makes the
//! playhead jump.

use super::Timeline;

/// How strokes are spread over presentation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pacing {
    /// As recorded (pen-up pauses optionally capped).
    #[default]
    AsRecorded,
    /// Every stroke takes the same time, every pen-up the same short pause.
    Uniform,
}

/// Pacing and its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PacingOptions {
    /// The pacing.
    pub pacing: Pacing,
    /// Pen-up pauses longer than this (ms) are shortened to it. `None`: as recorded (and a quarter
    /// of [`PacingOptions::uniform_stroke_ms`] with uniform pacing).
    pub max_gap_ms: Option<f64>,
    /// With uniform pacing, how long each stroke takes (ms).
    pub uniform_stroke_ms: f64,
}

impl Default for PacingOptions {
    fn default() -> Self {
        Self {
            pacing: Pacing::AsRecorded,
            max_gap_ms: None,
            uniform_stroke_ms: 400.0,
        }
    }
}

/// Monotone piecewise-linear map between presentation time and drawing time (ms).
#[derive(Debug, Clone, Default)]
pub struct PacedTimeline {
    /// Knots: presentation times (non-decreasing).
    p: Vec<f64>,
    /// Knots: drawing times (non-decreasing).
    d: Vec<f64>,
}

impl PacedTimeline {
    /// Build the map for a timeline under `opts`.
    pub fn new(timeline: &Timeline, opts: &PacingOptions) -> Self {
        let mut out = Self {
            p: Vec::with_capacity(2 * timeline.len() + 1),
            d: Vec::with_capacity(2 * timeline.len() + 1),
        };
        let stroke_ms = if opts.uniform_stroke_ms.is_finite() && opts.uniform_stroke_ms > 0.0 {
            opts.uniform_stroke_ms
        } else {
            PacingOptions::default().uniform_stroke_ms
        };
        let cap = match (opts.pacing, opts.max_gap_ms) {
            (_, Some(c)) if c.is_finite() => c.max(0.0),
            (Pacing::Uniform, _) => stroke_ms / 4.0,
            (Pacing::AsRecorded, _) => f64::INFINITY,
        };
        let (mut p, mut d) = (0.0f64, 0.0f64);
        out.push(p, d);
        for (start, end) in timeline.spans() {
            let gap = (start - d).max(0.0);
            p += gap.min(cap);
            d = d.max(start);
            out.push(p, d);
            p += match opts.pacing {
                Pacing::AsRecorded => (end - start).max(0.0),
                Pacing::Uniform => stroke_ms,
            };
            d = d.max(end);
            out.push(p, d);
        }
        out
    }

    fn push(&mut self, p: f64, d: f64) {
        if self.p.last() == Some(&p) && self.d.last() == Some(&d) {
            return;
        }
        self.p.push(p);
        self.d.push(d);
    }

    /// Presentation duration (ms).
    pub fn duration_ms(&self) -> f64 {
        self.p.last().copied().unwrap_or(0.0)
    }

    /// Drawing time shown at presentation time `p`.
    pub fn to_drawing(&self, p: f64) -> f64 {
        let i = self.p.partition_point(|&x| x <= p);
        if i == 0 {
            return self.d.first().copied().unwrap_or(0.0);
        }
        if i == self.p.len() {
            return self.d.last().copied().unwrap_or(0.0);
        }
        let (p0, p1, d0, d1) = (self.p[i - 1], self.p[i], self.d[i - 1], self.d[i]);
        // p0 <= p < p1, so the division is safe.
        d0 + (d1 - d0) * (p - p0) / (p1 - p0)
    }

    /// The earliest presentation time at which drawing time `d` is shown.
    pub fn to_presentation(&self, d: f64) -> f64 {
        let i = self.d.partition_point(|&x| x < d);
        if i == 0 {
            return self.p.first().copied().unwrap_or(0.0);
        }
        if i == self.d.len() {
            return self.p.last().copied().unwrap_or(0.0);
        }
        let (p0, p1, d0, d1) = (self.p[i - 1], self.p[i], self.d[i - 1], self.d[i]);
        // d0 < d <= d1.
        p0 + (p1 - p0) * (d - d0) / (d1 - d0)
    }
}

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
    /// [`crate::stream::showable_until`]); seeks and reverse playback are not held.
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
mod tests {
    use super::*;
    use crate::model::{Drawing, DrawingMeta, Point, Stroke};

    fn timeline(spans: &[(f64, f64)]) -> Timeline {
        Timeline::new(&Drawing {
            strokes: spans
                .iter()
                .map(|&(a, b)| Stroke::new(vec![Point::new(0.0, 0.0, a), Point::new(1.0, 1.0, b)]))
                .collect(),
            meta: DrawingMeta::default(),
        })
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_hold_stops_forward_playback_without_looping_and_a_growing_timeline_extends_it() {
        let tl = timeline(&[(0.0, 100.0), (200.0, 300.0)]);
        let mut c = PlaybackClock::new(&tl, PacingOptions::default());
        c.set_loop(LoopMode::All);
        c.play();
        c.set_hold(Some(250.0));
        assert!(close(c.advance(0.1), 100.0));
        assert!(!c.is_held());
        assert!(close(c.advance(0.1), 200.0));
        // Would pass the hold: stops there (and does not wrap, though looping).
        assert!(close(c.advance(0.1), 250.0));
        assert!(c.is_held() && c.is_playing());
        assert!(close(c.advance(0.1), 250.0));
        // More of the drawing arrives: the timeline grows, the clock keeps its place.
        let longer = timeline(&[(0.0, 100.0), (200.0, 300.0), (400.0, 900.0)]);
        c.set_pacing(&longer, c.pacing());
        c.set_hold(None);
        assert!(close(c.advance(0.1), 350.0));
        for _ in 0..4 {
            c.advance(0.1);
        }
        assert!(close(c.advance(0.1), 850.0));
        // Reverse playback is not held.
        c.set_hold(Some(100.0));
        c.set_reverse(true);
        assert!(close(c.advance(0.1), 750.0));
    }

    #[test]
    fn as_recorded_is_the_identity() {
        let tl = timeline(&[(100.0, 300.0), (1000.0, 1200.0)]);
        let m = PacedTimeline::new(&tl, &PacingOptions::default());
        assert_eq!(m.duration_ms(), 1200.0);
        for t in [0.0, 50.0, 100.0, 250.0, 600.0, 1100.0, 1200.0] {
            assert!(close(m.to_drawing(t), t), "{t}");
            assert!(close(m.to_presentation(t), t), "{t}");
        }
        assert_eq!(m.to_drawing(5000.0), 1200.0);
    }

    #[test]
    fn a_gap_cap_shortens_pauses_but_not_strokes() {
        let tl = timeline(&[(0.0, 200.0), (10_200.0, 10_300.0)]);
        let opts = PacingOptions {
            max_gap_ms: Some(500.0),
            ..PacingOptions::default()
        };
        let m = PacedTimeline::new(&tl, &opts);
        assert_eq!(m.duration_ms(), 200.0 + 500.0 + 100.0);
        // The second stroke starts at presentation 700 and is drawn at recorded speed.
        assert!(close(m.to_drawing(700.0), 10_200.0));
        assert!(close(m.to_drawing(750.0), 10_250.0));
        assert!(close(m.to_presentation(10_300.0), 800.0));
        // Half-way through the pause, half-way through the recorded pause.
        assert!(close(m.to_drawing(450.0), 5_200.0));
    }

    #[test]
    fn uniform_pacing_gives_every_stroke_the_same_time() {
        let tl = timeline(&[(0.0, 10.0), (20.0, 5_000.0), (5_000.0, 5_000.0)]);
        let opts = PacingOptions {
            pacing: Pacing::Uniform,
            max_gap_ms: None,
            uniform_stroke_ms: 400.0,
        };
        let m = PacedTimeline::new(&tl, &opts);
        // 3 strokes of 400 ms, one pen-up (10 ms recorded, under the 100 ms cap).
        assert!(close(m.duration_ms(), 1210.0));
        assert!(close(m.to_presentation(10.0), 400.0));
        assert!(close(m.to_presentation(20.0), 410.0));
        assert!(close(m.to_presentation(5_000.0), 810.0));
        assert!(close(m.to_drawing(610.0), 20.0 + 4_980.0 / 2.0));
    }

    #[test]
    fn the_map_is_monotone_and_round_trips() {
        let d = crate::import::synthetic::generate(300, 4);
        let tl = Timeline::new(&d);
        for opts in [
            PacingOptions::default(),
            PacingOptions {
                max_gap_ms: Some(50.0),
                ..PacingOptions::default()
            },
            PacingOptions {
                pacing: Pacing::Uniform,
                ..PacingOptions::default()
            },
        ] {
            let m = PacedTimeline::new(&tl, &opts);
            let mut last = f64::NEG_INFINITY;
            for k in 0..=1000 {
                let p = m.duration_ms() * f64::from(k) / 1000.0;
                let t = m.to_drawing(p);
                assert!(t >= last, "monotone");
                last = t;
                assert!(m.to_presentation(t) <= p + 1e-6);
                assert!(close(m.to_drawing(m.to_presentation(t)), t));
            }
        }
    }

    #[test]
    fn a_stall_never_jumps_the_playhead() {
        let tl = timeline(&[(0.0, 60_000.0)]);
        let mut c = PlaybackClock::new(&tl, PacingOptions::default());
        c.play();
        c.set_speed(2.0);
        assert!(
            close(c.advance(5.0), 200.0),
            "5 s stall clamps to 0.1 s × 2"
        );
        assert!(close(c.advance(f64::NAN), 200.0));
        assert!(close(c.advance(-1.0), 200.0));
        c.pause();
        assert!(close(c.advance(0.05), 200.0), "paused");
    }

    #[test]
    fn ends_stop_or_wrap_by_loop_mode() {
        let tl = timeline(&[(0.0, 1000.0)]);
        let mut c = PlaybackClock::new(&tl, PacingOptions::default());
        c.set_speed(8.0);
        c.play();
        for _ in 0..20 {
            c.advance(0.1);
        }
        assert_eq!(c.drawing_ms(), 1000.0);
        assert!(!c.is_playing(), "stops at the end");
        c.play();
        assert_eq!(c.drawing_ms(), 0.0, "play at the end starts over");

        c.set_loop(LoopMode::All);
        c.seek_drawing(950.0);
        c.advance(0.01); // +80 ms
        assert!(close(c.drawing_ms(), 30.0));
        assert!(c.is_playing());

        c.set_reverse(true);
        c.advance(0.01);
        assert!(close(c.drawing_ms(), 950.0), "wraps backwards");

        c.set_loop(LoopMode::Off);
        c.seek_drawing(40.0);
        c.advance(0.1);
        assert_eq!(c.drawing_ms(), 0.0);
        assert!(!c.is_playing(), "reverse stops at the start");
        c.play();
        assert_eq!(
            c.drawing_ms(),
            1000.0,
            "reverse play at the start starts from the end"
        );
    }

    #[test]
    fn a_range_loop_stays_in_its_range() {
        let tl = timeline(&[(0.0, 1000.0)]);
        let mut c = PlaybackClock::new(&tl, PacingOptions::default());
        c.set_loop(LoopMode::Range {
            start_ms: 600.0,
            end_ms: 400.0,
        });
        c.seek_drawing(450.0);
        c.play();
        for _ in 0..100 {
            let t = c.advance(0.016);
            assert!((400.0..=600.0).contains(&t), "{t}");
        }
        assert!(c.is_playing());
    }

    #[test]
    fn speed_is_clamped_and_stepped() {
        let tl = timeline(&[(0.0, 1000.0)]);
        let mut c = PlaybackClock::new(&tl, PacingOptions::default());
        c.set_speed(1000.0);
        assert_eq!(c.speed(), 64.0);
        c.faster();
        assert_eq!(c.speed(), 64.0);
        c.set_speed(0.0);
        assert_eq!(c.speed(), 0.1);
        c.slower();
        assert_eq!(c.speed(), 0.1);
        c.faster();
        assert_eq!(c.speed(), 0.25);
        c.set_speed(3.0);
        c.faster();
        assert_eq!(c.speed(), 4.0);
        c.set_speed(3.0);
        c.slower();
        assert_eq!(c.speed(), 2.0);
    }

    #[test]
    fn stepping_by_strokes_and_frames() {
        let tl = timeline(&[(0.0, 100.0), (200.0, 300.0), (400.0, 500.0)]);
        let mut c = PlaybackClock::new(&tl, PacingOptions::default());
        c.play();
        c.step_stroke(&tl, true);
        assert!(!c.is_playing(), "stepping pauses");
        assert_eq!(c.drawing_ms(), 100.0);
        assert_eq!(tl.finished(c.drawing_ms()), 1);
        c.step_stroke(&tl, true);
        assert_eq!(tl.finished(c.drawing_ms()), 2);
        c.step_stroke(&tl, false);
        assert_eq!(tl.finished(c.drawing_ms()), 1);
        c.seek_drawing(450.0); // mid third stroke: back removes the partial stroke
        c.step_stroke(&tl, false);
        assert_eq!(tl.finished(c.drawing_ms()), 2);
        assert_eq!(tl.started(c.drawing_ms()), 2);
        c.step_stroke(&tl, false);
        c.step_stroke(&tl, false);
        assert_eq!(c.drawing_ms(), 0.0);
        c.to_end();
        c.step_stroke(&tl, true);
        assert_eq!(c.drawing_ms(), 500.0);

        c.seek_drawing(200.0);
        c.set_speed(0.5);
        c.step_frames(3);
        assert!(close(c.drawing_ms(), 200.0 + 3.0 * 1000.0 / 60.0 * 0.5));
        c.step_frames(-1000);
        assert_eq!(c.drawing_ms(), 0.0, "frame steps clamp, never wrap");
    }

    #[test]
    fn pacing_changes_keep_the_drawing_time() {
        let tl = timeline(&[(0.0, 100.0), (5_000.0, 5_100.0)]);
        let mut c = PlaybackClock::new(&tl, PacingOptions::default());
        c.seek_drawing(5_050.0);
        c.set_pacing(
            &tl,
            PacingOptions {
                pacing: Pacing::Uniform,
                ..PacingOptions::default()
            },
        );
        assert!(close(c.drawing_ms(), 5_050.0));
        assert!(c.duration_ms() < 1_000.0);
    }
}
