//! The scenarios: which playheads a bench run's measured frames show.

use crate::import::synthetic::SplitMix64;

/// Which playheads the frames show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// Play the whole drawing.
    Playback,
    /// Random seeks.
    Seek,
    /// Play while the drawing streams in.
    Load,
    /// Redraw the finished drawing.
    Static,
    /// Finished drawing, then a zoom and a backwards seek (two layer rebuilds).
    Rebuild,
    /// A timeline drag as a person does it ([`scrub_playheads`]), then the drag stops.
    Scrub,
}

impl Scenario {
    /// Name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Playback => "playback",
            Scenario::Seek => "seek",
            Scenario::Load => "load",
            Scenario::Static => "static",
            Scenario::Rebuild => "rebuild",
            Scenario::Scrub => "scrub",
        }
    }

    /// Whether the playhead stops at the end of the scripted frames, after which the run goes on
    /// drawing that moment until the frame is exact (`frames_to_exact` in the report).
    pub fn settles(self) -> bool {
        matches!(self, Scenario::Seek | Scenario::Scrub)
    }
}

/// Playheads of the measured frames.
pub fn playheads(
    scenario: Scenario,
    duration_ms: f64,
    frames: usize,
    speed: Option<f64>,
) -> Vec<f64> {
    let step = match speed {
        Some(s) => 1000.0 / 60.0 * s,
        None => duration_ms / frames.max(1) as f64,
    };
    match scenario {
        Scenario::Playback | Scenario::Load => (1..=frames)
            .map(|k| (k as f64 * step).min(duration_ms))
            .collect(),
        Scenario::Static => vec![duration_ms; frames],
        Scenario::Rebuild => (0..frames)
            .map(|k| {
                if k < 2 * frames / 3 {
                    duration_ms
                } else {
                    duration_ms * 0.5
                }
            })
            .collect(),
        Scenario::Seek => {
            let mut rng = SplitMix64::new(0x5eed);
            (0..frames).map(|_| rng.unit() * duration_ms).collect()
        }
        Scenario::Scrub => scrub_playheads(duration_ms, frames),
    }
}

/// A person dragging the timeline, one playhead per frame: sweeps back and forth to random spots
/// with an ease-in-out speed (slow, fast, slow, over 10–60 frames each), short holds (3–15
/// frames), now and then a jump (a click elsewhere on the timeline); the last frame is where the
/// drag stops. Deterministic (fixed seed).
pub fn scrub_playheads(duration_ms: f64, frames: usize) -> Vec<f64> {
    let mut rng = SplitMix64::new(0x5c7b);
    let mut out = Vec::with_capacity(frames);
    let mut at = duration_ms * (0.3 + 0.4 * rng.unit());
    while out.len() < frames {
        let roll = rng.unit();
        if roll < 0.6 {
            let to = rng.unit() * duration_ms;
            let n = 10 + (rng.unit() * 50.0) as usize;
            for k in 1..=n {
                let x = k as f64 / n as f64;
                let eased = x * x * (3.0 - 2.0 * x);
                out.push(at + (to - at) * eased);
            }
            at = to;
        } else if roll < 0.85 {
            let n = 3 + (rng.unit() * 12.0) as usize;
            out.extend(std::iter::repeat_n(at, n));
        } else {
            at = rng.unit() * duration_ms;
            out.push(at);
        }
    }
    out.truncate(frames);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playheads_cover_the_drawing() {
        let p = playheads(Scenario::Playback, 1000.0, 10, None);
        assert_eq!(p.len(), 10);
        assert_eq!(p[9], 1000.0);
        assert!(p.windows(2).all(|w| w[0] < w[1]));
        let s = playheads(Scenario::Playback, 1e9, 3, Some(2.0));
        assert!((s[0] - 33.333).abs() < 0.01);
        assert!(playheads(Scenario::Static, 500.0, 4, None)
            .iter()
            .all(|&t| t == 500.0));
        let seek = playheads(Scenario::Seek, 500.0, 100, None);
        assert!(seek.iter().all(|&t| (0.0..=500.0).contains(&t)));
        assert!(
            seek.windows(2).any(|w| w[1] < w[0]),
            "seeks go backwards too"
        );
        assert_eq!(
            seek,
            playheads(Scenario::Seek, 500.0, 100, None),
            "deterministic"
        );
    }

    #[test]
    fn a_scrub_sweeps_both_ways_at_changing_speed_holds_and_jumps() {
        let d = 10_000.0;
        let p = scrub_playheads(d, 600);
        assert_eq!(p.len(), 600);
        assert_eq!(p, playheads(Scenario::Scrub, d, 600, None), "deterministic");
        assert!(p.iter().all(|&t| (0.0..=d).contains(&t)));
        let steps: Vec<f64> = p.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(steps.iter().any(|&s| s > 0.0), "forward");
        assert!(steps.iter().any(|&s| s < 0.0), "backward");
        assert!(steps.iter().filter(|&&s| s == 0.0).count() >= 10, "holds");
        assert!(
            steps.iter().any(|&s| s.abs() > 0.2 * d),
            "at least one jump across a fifth of the timeline"
        );
        // Eased sweeps: within one sweep the speed changes (small steps at its ends, large
        // ones in its middle).
        let moving: Vec<f64> = steps.iter().map(|s| s.abs()).filter(|&s| s > 0.0).collect();
        let (lo, hi) = moving.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &s| {
            (lo.min(s), hi.max(s))
        });
        assert!(hi > 10.0 * lo, "speeds from {lo} to {hi} ms per frame");
        assert!(scrub_playheads(d, 0).is_empty());
    }

    #[test]
    fn seek_and_scrub_settle_the_others_do_not() {
        assert!(Scenario::Seek.settles() && Scenario::Scrub.settles());
        for s in [
            Scenario::Playback,
            Scenario::Load,
            Scenario::Static,
            Scenario::Rebuild,
        ] {
            assert!(!s.settles());
        }
    }
}
