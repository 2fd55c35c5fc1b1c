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
        }
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
    }
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
}
