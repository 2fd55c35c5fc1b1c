//! Which drawing time each exported frame shows: the frame-count rule, pure numbers.
//!
//! # The rule
//! The replay covers drawing time `from..=to`, mapped through the pacing to presentation time
//! (`P` ms) and played at `speed` (or at the speed that makes it last `--duration`), so it lasts
//! `D = P / speed` ms of output. At `fps` frames per second it takes
//! `ceil(D · fps / 1000) + 1` frames (one frame when `D` is 0): frame `i` shows output time
//! `min(i / fps, D)`, so the first frame is `from` and the last exactly `to`. The first frame
//! shows the drawing just *before* `from` ([`BEFORE_MS`] earlier): a replay from the start opens
//! on the blank page, not on the first dot of ink. Around it:
//!
//! `round(result_first · fps)` frames of `to` (the finished drawing, first),
//! then `round(hold_start · fps)` frames of `from`, the replay, and `round(hold_end · fps)`
//! frames of `to`.
//!
//! Every frame is shown for `1 / fps` s, so the file lasts `frames / fps` s.

use crate::playback::{PacedTimeline, PacingOptions, TimeSpec, Timeline};

/// How much earlier than `from` the first replay frame (and the start hold) shows, ms: enough
/// to leave out ink laid at exactly `from`, too little to see.
pub const BEFORE_MS: f64 = 1e-3;

/// A moment of the drawing given by the user: a [`TimeSpec`] (ms, %, `end`) or `stroke:N`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExportTime {
    /// Drawing time.
    Time(TimeSpec),
    /// Stroke `N`, counted from 1: as `--from`, when it starts; as `--to`, when it ends.
    Stroke(usize),
}

impl std::str::FromStr for ExportTime {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().strip_prefix("stroke:") {
            Some(n) => match n.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Ok(ExportTime::Stroke(n)),
                _ => Err(format!(
                    "invalid stroke {s:?}: expected stroke:N with N from 1"
                )),
            },
            None => s
                .parse::<TimeSpec>()
                .map(ExportTime::Time)
                .map_err(|e| format!("{e}, or stroke:N")),
        }
    }
}

impl ExportTime {
    /// Drawing time in ms, `end` says whether this is the range's end (a stroke's end rather
    /// than its start). A stroke past the last is an error.
    fn resolve(self, timeline: &Timeline, end: bool) -> Result<f64, String> {
        match self {
            ExportTime::Time(t) => Ok(t.resolve(timeline.duration_ms())),
            ExportTime::Stroke(n) => {
                let i = n - 1;
                let t = if end {
                    timeline.end_of(i)
                } else {
                    timeline.start_of(i)
                };
                t.ok_or_else(|| format!("stroke:{n}: the drawing has {} strokes", timeline.len()))
            }
        }
    }
}

/// How an export spends its frames.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Frames per second of the output.
    pub fps: f64,
    /// Playback speed (× presentation time); ignored when `duration_s` is set.
    pub speed: f64,
    /// Fit the replay into this many seconds instead of playing at `speed`.
    pub duration_s: Option<f64>,
    /// Start of the replay (default: the start of the drawing).
    pub from: Option<ExportTime>,
    /// End of the replay (default: the end of the drawing).
    pub to: Option<ExportTime>,
    /// The pacing, as in the player.
    pub pacing: PacingOptions,
    /// Seconds of the first replay frame shown before the replay.
    pub hold_start_s: f64,
    /// Seconds of the last replay frame shown after it.
    pub hold_end_s: f64,
    /// Seconds of the finished drawing shown before everything else.
    pub result_first_s: f64,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            fps: 30.0,
            speed: 1.0,
            duration_s: None,
            from: None,
            to: None,
            pacing: PacingOptions::default(),
            hold_start_s: 0.0,
            hold_end_s: 1.0,
            result_first_s: 0.0,
        }
    }
}

/// The frames of an export: the drawing time each shows, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Frames per second.
    pub fps: f64,
    /// Drawing time (ms) of every frame (the start shows [`BEFORE_MS`] before `from`).
    pub frames: Vec<f64>,
    /// Frames before the replay (result first, then hold at the start).
    pub lead_frames: usize,
    /// Frames of the replay itself.
    pub replay_frames: usize,
    /// The replay's drawing-time range (ms).
    pub range_ms: (f64, f64),
    /// The speed the replay plays at (× presentation time).
    pub speed: f64,
}

impl Schedule {
    /// Lay out the frames of `timing` over `timeline` (see the module docs for the rule). An
    /// error names the option at fault.
    pub fn new(timeline: &Timeline, timing: &Timing) -> Result<Self, String> {
        let fps = timing.fps;
        if !(fps.is_finite() && fps > 0.0 && fps <= 1000.0) {
            return Err(format!("--fps {fps}: must be above 0 and at most 1000"));
        }
        let from = timing
            .from
            .map_or(Ok(0.0), |t| t.resolve(timeline, false))?;
        let to = timing
            .to
            .map_or(Ok(timeline.duration_ms()), |t| t.resolve(timeline, true))?;
        if from > to {
            return Err(format!("--from ({from:.0} ms) is after --to ({to:.0} ms)"));
        }
        for (name, s) in [
            ("--hold-start", timing.hold_start_s),
            ("--hold-end", timing.hold_end_s),
            ("--result-first", timing.result_first_s),
        ] {
            if !(s.is_finite() && (0.0..=3600.0).contains(&s)) {
                return Err(format!("{name} {s}: must be from 0 to 3600 seconds"));
            }
        }
        let paced = PacedTimeline::new(timeline, &timing.pacing);
        let (p0, p1) = (paced.to_presentation(from), paced.to_presentation(to));
        let span = (p1 - p0).max(0.0);
        let speed = match timing.duration_s {
            Some(d) if !(d.is_finite() && d > 0.0) => {
                return Err(format!(
                    "--duration {d}: must be a positive number of seconds"
                ))
            }
            Some(d) if span > 0.0 => span / (d * 1000.0),
            Some(_) => 1.0,
            None if timing.speed.is_finite() && timing.speed > 0.0 => timing.speed,
            None => return Err(format!("--speed {}: must be positive", timing.speed)),
        };
        let out_ms = span / speed;
        let replay = if out_ms > 0.0 {
            // The tolerance keeps an exact multiple (2 s at 30 fps) from gaining a frame.
            (out_ms * fps / 1000.0 - 1e-9).ceil() as usize + 1
        } else {
            1
        };
        let frames_of = |s: f64| (s * fps).round() as usize;
        let (first, start_hold, end_hold) = (
            frames_of(timing.result_first_s),
            frames_of(timing.hold_start_s),
            frames_of(timing.hold_end_s),
        );
        let total = first + start_hold + replay + end_hold;
        const MAX_FRAMES: usize = 10_000_000;
        if total > MAX_FRAMES {
            return Err(format!(
                "{total} frames is more than {MAX_FRAMES}: lower --fps, raise --speed or set --duration"
            ));
        }
        let mut frames = Vec::with_capacity(total);
        frames.extend(std::iter::repeat_n(to, first));
        let before = from - BEFORE_MS;
        frames.extend(std::iter::repeat_n(before, start_hold));
        for i in 0..replay {
            let out = (i as f64 * 1000.0 / fps).min(out_ms);
            let t = if i + 1 == replay {
                to
            } else if i == 0 {
                before
            } else {
                paced.to_drawing(p0 + out * speed).clamp(from, to)
            };
            frames.push(t);
        }
        frames.extend(std::iter::repeat_n(to, end_hold));
        Ok(Self {
            fps,
            frames,
            lead_frames: first + start_hold,
            replay_frames: replay,
            range_ms: (from, to),
            speed,
        })
    }

    /// How long the output lasts, seconds.
    pub fn duration_s(&self) -> f64 {
        self.frames.len() as f64 / self.fps
    }

    /// GIF delays (hundredths of a second) of every frame: rounded so that their running sum
    /// stays within half a hundredth of the exact time.
    pub fn gif_delay_cs(&self, frame: usize) -> u16 {
        let at = |k: usize| (k as f64 * 100.0 / self.fps).round();
        (at(frame + 1) - at(frame)).clamp(0.0, f64::from(u16::MAX)) as u16
    }

    /// The APNG frame delay `numerator / denominator` seconds closest to `1 / fps`.
    pub fn apng_delay(&self) -> (u16, u16) {
        // The largest numerator whose denominator (numerator × fps) still fits in 16 bits, so
        // 30 fps is exactly 1/30 and 29.97 fps is 1000/29970.
        let mut best = (1u16, self.fps.round().clamp(1.0, 65535.0) as u16);
        let mut err = f64::INFINITY;
        for num in [1u16, 10, 100, 1000] {
            let den = (f64::from(num) * self.fps).round();
            if !(1.0..=65535.0).contains(&den) {
                continue;
            }
            let e = (f64::from(num) / den - 1.0 / self.fps).abs();
            if e < err - 1e-15 {
                best = (num, den as u16);
                err = e;
            }
        }
        best
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
