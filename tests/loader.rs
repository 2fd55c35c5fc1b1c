//! A loader thread (`--loader thread`; what `auto` picks on a hardware adapter with cores to
//! spare) gives the same drawing and the same pixels as loading on the frame thread, for a drawing
//! still being imported and for a complete one, and it runs no further ahead of the uploads than
//! its bounded queue allows.

mod common;

use std::time::{Duration, Instant};

use common::{diff_count, headless};
use inkplay::governor::{GovernorConfig, Preset};
use inkplay::gpu::AntiAlias;
use inkplay::headless::Headless;
use inkplay::import::incoming::Incoming;
use inkplay::import::ImportLimits;
use inkplay::model::Drawing;
use inkplay::stream::{Loader, BATCH_POINTS, QUEUE_BATCHES};
use inkplay::view::View;

const W: u32 = 320;
const H: u32 = 180;

fn open(loader: Loader, spec: &str, complete: bool) -> Headless {
    let mut h = headless(W, H, AntiAlias::Analytic);
    h.replay.set_loader(loader);
    let (mut incoming, _) =
        Incoming::open_source(Some(spec), &ImportLimits::default()).expect("source");
    if complete {
        incoming = Incoming::from(incoming.finish().expect("made"));
    }
    let view = View::fit_default(incoming.extent(), W, H);
    h.open(incoming, view);
    h
}

/// Stream `spec` in with governed frames, then show its end: the pixels and the drawing.
fn streamed(loader: Loader, spec: &str, complete: bool) -> (Vec<u8>, Drawing, bool) {
    let mut h = open(loader, spec, complete);
    h.set_governor(Some(GovernorConfig::preset(Preset::Default, 60.0)));
    let threaded = h.replay.streamer().is_some_and(|s| s.threaded());
    let started = Instant::now();
    while !h.replay.is_loaded() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "still loading"
        );
        h.prepare(0.0).expect("prepare");
        h.render(0.0).expect("frame");
    }
    h.set_governor(None);
    let end = h.renderer().timeline().duration_ms();
    h.render(end).expect("frame");
    let px = h.read_rgba().expect("read");
    let drawing = h.replay.close().expect("open").finish().expect("drawing");
    (px, drawing, threaded)
}

fn same_as_the_frame_thread(spec: &str, complete: bool) {
    let (a, da, ta) = streamed(Loader::Frame, spec, complete);
    let (b, db, tb) = streamed(Loader::Thread, spec, complete);
    assert!(!ta && tb, "the loaders asked for were used");
    assert_eq!(da.strokes.len(), db.strokes.len());
    assert!(da.strokes == db.strokes, "the same strokes, in order");
    let (n, max) = diff_count(&a, &b, 2);
    assert_eq!(n, 0, "{n} pixels differ (max {max})");
}

#[test]
fn a_drawing_still_arriving_loads_the_same_on_a_thread() {
    same_as_the_frame_thread("synthetic:6000:3", false);
}

#[test]
fn a_complete_drawing_loads_the_same_on_a_thread() {
    same_as_the_frame_thread("synthetic:3000:9", true);
}

#[test]
fn the_loader_runs_no_further_ahead_than_its_queue() {
    let n = 200_000;
    let mut h = open(Loader::Thread, &format!("synthetic:{n}"), false);
    let made = |h: &Headless| {
        h.replay
            .streamer()
            .and_then(|s| s.loader_made())
            .expect("a loader thread")
    };
    // Nothing is taken: the loader fills its queue, then waits.
    let started = Instant::now();
    let mut last = (made(&h), Instant::now());
    while last.1.elapsed() < Duration::from_millis(700) {
        assert!(started.elapsed() < Duration::from_secs(60), "never settled");
        std::thread::sleep(Duration::from_millis(50));
        let m = made(&h);
        if m != last.0 {
            last = (m, Instant::now());
        }
    }
    // Synthetic strokes have at least 20 points: a batch holds at most BATCH_POINTS / 20 + 1
    // strokes; the queue holds QUEUE_BATCHES, one more waits to be sent, and one is being made.
    let per_batch = (BATCH_POINTS / 20 + 1) as usize;
    let bound = (QUEUE_BATCHES + 2) * per_batch;
    assert!(
        last.0 > 0 && last.0 <= bound,
        "made {} strokes ahead (bound {bound})",
        last.0
    );
    // Taking batches lets it go on, to the end.
    h.replay.load_all(&h.gpu).expect("load");
    assert!(h.replay.is_loaded());
    assert_eq!(
        h.renderer().geometry().map(|g| g.uploaded as usize),
        Some(n)
    );
    // Dropping a replay whose loader is still busy stops it (the test would hang otherwise).
    let h2 = open(Loader::Thread, "synthetic:300000", false);
    drop(h2);
}
