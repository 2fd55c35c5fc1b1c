use super::*;
use crate::model::{Drawing, Point, Stroke};
use crate::playback::Pacing;

/// Strokes at 0..1000 and 2000..3000 ms.
fn timeline() -> Timeline {
    let s = |a: f64, b: f64| Stroke::new(vec![Point::new(0.0, 0.0, a), Point::new(1.0, 1.0, b)]);
    Timeline::new(&Drawing {
        strokes: vec![s(0.0, 1000.0), s(2000.0, 3000.0)],
        ..Default::default()
    })
}

#[test]
fn the_frame_count_rule_is_exact() {
    let tl = timeline();
    // 3 s at 30 fps: 90 intervals, 91 frames, then 1 s held.
    let s = Schedule::new(&tl, &Timing::default()).expect("schedule");
    assert_eq!(s.replay_frames, 91);
    assert_eq!(s.frames.len(), 91 + 30);
    assert_eq!(s.frames[0], -BEFORE_MS, "just before the first ink");
    assert_eq!(s.frames[90], 3000.0);
    assert!(s.frames[90..].iter().all(|&t| t == 3000.0));
    assert!((s.frames[45] - 1500.0).abs() < 1e-9);
    assert!(s.frames.windows(2).all(|w| w[0] <= w[1]));
    // Not a whole number of frames: 3 s at 7 fps is 21 intervals; 2.5 s at 4 fps is 10.
    let t = |fps: f64, to: f64| Timing {
        fps,
        to: Some(ExportTime::Time(TimeSpec::Ms(to))),
        hold_end_s: 0.0,
        ..Default::default()
    };
    assert_eq!(
        Schedule::new(&tl, &t(7.0, 3000.0)).expect("7").frames.len(),
        22
    );
    let s = Schedule::new(&tl, &t(3.0, 2500.0)).expect("3");
    assert_eq!(s.frames.len(), 9, "ceil(7.5) + 1");
    assert!((s.frames[7] - 7000.0 / 3.0).abs() < 1e-6);
    assert_eq!(s.frames[8], 2500.0, "the last frame is the end");
}

#[test]
fn holds_result_first_speed_and_duration() {
    let tl = timeline();
    let s = Schedule::new(
        &tl,
        &Timing {
            fps: 10.0,
            speed: 2.0,
            hold_start_s: 0.5,
            hold_end_s: 0.25,
            result_first_s: 1.0,
            ..Default::default()
        },
    )
    .expect("schedule");
    // 1.5 s of output at 10 fps: 16 frames; 10 + 5 before, 3 (0.25 × 10 rounds to 3) after.
    assert_eq!(s.replay_frames, 16);
    assert_eq!(s.lead_frames, 15);
    assert_eq!(s.frames.len(), 10 + 5 + 16 + 3);
    assert!(s.frames[..10].iter().all(|&t| t == 3000.0));
    assert!(s.frames[10..16].iter().all(|&t| t == -BEFORE_MS));
    let d = Schedule::new(
        &tl,
        &Timing {
            fps: 10.0,
            duration_s: Some(6.0),
            hold_end_s: 0.0,
            ..Default::default()
        },
    )
    .expect("duration");
    assert_eq!(d.frames.len(), 61);
    assert!((d.speed - 0.5).abs() < 1e-12);
    assert!((d.duration_s() - 6.1).abs() < 1e-12);
}

#[test]
fn ranges_by_stroke_and_pacing() {
    let tl = timeline();
    let s = Schedule::new(
        &tl,
        &Timing {
            fps: 10.0,
            from: Some("stroke:2".parse().expect("stroke")),
            to: Some("stroke:2".parse().expect("stroke")),
            hold_end_s: 0.0,
            ..Default::default()
        },
    )
    .expect("stroke range");
    assert_eq!(s.range_ms, (2000.0, 3000.0));
    assert_eq!(s.frames.len(), 11);
    // Pen-up pauses capped at 200 ms: 2.2 s of presentation, 23 frames at 10 fps.
    let capped = Schedule::new(
        &tl,
        &Timing {
            fps: 10.0,
            pacing: PacingOptions {
                pacing: Pacing::AsRecorded,
                max_gap_ms: Some(200.0),
                uniform_stroke_ms: 400.0,
            },
            hold_end_s: 0.0,
            ..Default::default()
        },
    )
    .expect("capped");
    assert_eq!(capped.frames.len(), 23);
    assert_eq!(*capped.frames.last().expect("last"), 3000.0);
}

#[test]
fn bad_timings_name_the_option() {
    let tl = timeline();
    let err = |t: Timing| Schedule::new(&tl, &t).expect_err("bad");
    assert!(err(Timing {
        fps: 0.0,
        ..Default::default()
    })
    .contains("--fps"));
    assert!(err(Timing {
        from: Some(ExportTime::Time(TimeSpec::Ms(2000.0))),
        to: Some(ExportTime::Time(TimeSpec::Ms(1000.0))),
        ..Default::default()
    })
    .contains("--from"));
    assert!(err(Timing {
        to: Some(ExportTime::Stroke(3)),
        ..Default::default()
    })
    .contains("2 strokes"));
    assert!(err(Timing {
        hold_end_s: -1.0,
        ..Default::default()
    })
    .contains("--hold-end"));
    assert!(err(Timing {
        duration_s: Some(0.0),
        ..Default::default()
    })
    .contains("--duration"));
    assert!("stroke:0".parse::<ExportTime>().is_err());
    assert!("soon".parse::<ExportTime>().is_err());
}

#[test]
fn delays_add_up() {
    let tl = timeline();
    let s = Schedule::new(&tl, &Timing::default()).expect("schedule");
    let total: u32 = (0..s.frames.len())
        .map(|i| u32::from(s.gif_delay_cs(i)))
        .sum();
    assert_eq!(total, (s.frames.len() as f64 * 100.0 / 30.0).round() as u32);
    assert_eq!(s.apng_delay(), (1, 30));
    let ntsc = Schedule::new(
        &tl,
        &Timing {
            fps: 29.97,
            ..Default::default()
        },
    )
    .expect("29.97");
    assert_eq!(ntsc.apng_delay(), (100, 2997), "exactly 1/29.97 s");
}
