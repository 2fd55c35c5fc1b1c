//! Unit tests of [`PlaybackClock`](super::PlaybackClock): transport, holds, loops, speeds, steps.

use super::*;
use crate::playback::test_support::{close, timeline};
use crate::playback::{Pacing, PacingOptions};

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
