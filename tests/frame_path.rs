//! Under the governor a frame is drawn direct (every started stroke) or through the retained
//! layer, whichever the measured costs say is cheaper: the first frames, with nothing finished,
//! are direct; a frame of a large finished drawing goes through the layer; and whichever path a
//! frame takes, it shows the same picture as the layer path without a governor.
#![allow(clippy::unwrap_used)]

mod common;

use common::{diff_count, headless};
use inkplay::gpu::AntiAlias;
use inkplay::{GovernorConfig, Preset};

const SIZE: (u32, u32) = (320, 180);

#[test]
fn each_frame_takes_the_cheaper_path_and_shows_the_same_picture() {
    let d = inkplay::import::load("synthetic:3000:7").unwrap().drawing;
    let (w, h) = SIZE;
    let mut governed = headless(w, h, AntiAlias::Analytic);
    let mut reference = headless(w, h, AntiAlias::Analytic);
    governed.load(d.clone()).unwrap();
    reference.load(d.clone()).unwrap();
    governed.set_governor(Some(GovernorConfig::preset(Preset::Default, 60.0)));
    let dur = d.duration_ms();
    // Real time from the start, a jump to the end (held there), back to the start, and to a
    // quarter of the way.
    let mut times: Vec<f64> = (0..40).map(|k| f64::from(k) * 1000.0 / 60.0).collect();
    times.extend(std::iter::repeat_n(dur, 80));
    times.extend((0..60).map(|k| f64::from(k) * 1000.0 / 60.0));
    // And real time from a quarter of the way (a seek back from the end's layer).
    times.extend((0..40).map(|k| dur * 0.25 + f64::from(k) * 1000.0 / 60.0));
    let mut paths = Vec::new();
    for (k, &t) in times.iter().enumerate() {
        let r = governed.frame_governed(t).unwrap().report;
        paths.push(r.direct);
        reference.render(r.shown_ms).unwrap();
        let (n, max) = diff_count(
            &governed.read_rgba().unwrap(),
            &reference.read_rgba().unwrap(),
            2,
        );
        assert_eq!(
            n, 0,
            "frame {k} at {t} ms (direct {}): {n} pixels differ (max {max})",
            r.direct
        );
    }
    assert!(
        paths[0],
        "the first frame, with nothing finished, is direct"
    );
    // At the end, redrawing 3000 strokes costs far more than copying the layer.
    assert!(
        paths[60..120].iter().all(|d| !d),
        "frames of the finished drawing go through the layer: {paths:?}"
    );
    let stats = governed.replay.governor().unwrap().stats();
    assert_eq!(
        stats.direct_frames,
        paths.iter().filter(|d| **d).count() as u64
    );
}

#[test]
fn without_a_governor_frames_use_the_layer() {
    let d = inkplay::import::load("synthetic:200:3").unwrap().drawing;
    let mut hl = headless(SIZE.0, SIZE.1, AntiAlias::Analytic);
    hl.load(d.clone()).unwrap();
    hl.set_governor(Some(GovernorConfig::preset(Preset::Default, 60.0)));
    assert!(hl.frame_governed(0.0).unwrap().report.direct);
    // A governor taken away takes its choice with it.
    hl.set_governor(None);
    let r = hl.render(d.duration_ms()).unwrap();
    assert!(!r.direct && r.layer_strokes_added > 0, "{r:?}");
}
