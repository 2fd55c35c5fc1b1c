//! Unit tests of [`PacedTimeline`](super::PacedTimeline): the presentation ↔ drawing time map.

use super::*;
use crate::playback::test_support::{close, timeline};

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
