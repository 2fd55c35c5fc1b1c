//! Under the governor, checkpoints are filled with whole-layer copies beside the frames' own work
//! (from the layer as it passes one, and by the checkpoint builder). A frame with such a copy
//! must teach the governor nothing: counted as the indices a restore is estimated to be worth,
//! each cheap copy of the builder lowered the learned cost per index, which made the next copy
//! worth more indices, until the cost was ~1e-14 ms and the first rebuild after it (a zoom) drew
//! a whole 2 M-index drawing in one frame (185–319 ms on lavapipe). Here, through a replay that
//! plays, jumps and settles, every frame with a copy, and every frame that starts a fresh layer
//! (a one-time cost too), leaves what the governor learned exactly as it was, whatever the
//! adapter.
#![allow(clippy::unwrap_used)]

mod common;

use inkplay::import::synthetic::SplitMix64;
use inkplay::Headless;

/// What the governor has learned (fixed costs, spread, costs per unit), not its counters.
fn learned(hl: &Headless) -> Vec<Option<f64>> {
    let s = hl.replay.governor().unwrap().stats();
    let mut v = vec![
        Some(s.fixed_ms),
        Some(s.standin_fixed_ms),
        Some(s.rebuild_start_fixed_ms),
        Some(s.seek_fixed_ms),
        Some(s.direct_fixed_ms),
        s.gpu_fixed_ms,
        Some(s.spread),
    ];
    v.extend(s.ms_per_unit.iter().copied().map(Some));
    v
}

#[test]
fn frames_with_a_checkpoint_copy_teach_the_governor_nothing() {
    let mut hl = common::governed_replay("synthetic:6000:11", (640, 360), None);
    let mut frames = 0;
    while !hl.replay.is_loaded() {
        hl.frame_governed(f64::MAX).unwrap();
        frames += 1;
        assert!(frames < 20_000, "the drawing never finished streaming in");
    }
    let end = hl.renderer().timeline().duration_ms();
    // Play at 4× with a jump to a random moment every second (the layer restarts from
    // checkpoints and fills those it passes, in no order), then pause at the end until the layer
    // and every checkpoint are complete.
    let mut rng = SplitMix64::new(5);
    let (mut t, mut copies, mut settled) = (0.0, 0, 0);
    for k in 0.. {
        let playing = k < 600;
        t = match (playing, k % 60) {
            (false, _) => end,
            (true, 0) => rng.range(0.0, end),
            (true, _) => (t + 4000.0 / 60.0) % end,
        };
        let before = learned(&hl);
        let r = hl.frame_governed(t).unwrap().report;
        if r.checkpoint_copies > 0 || r.layer_fresh {
            copies += usize::from(r.checkpoint_copies > 0);
            assert_eq!(
                learned(&hl),
                before,
                "frame {k} made a copy or started a fresh layer and changed what the governor \
                 learned ({r:?})"
            );
        }
        let done = r.layer_pending == 0
            && !hl.renderer().rebuilding()
            && hl.renderer().checkpoint_stats().complete;
        settled = if !playing && done { settled + 1 } else { 0 };
        if settled == 30 {
            break;
        }
        assert!(
            k < 40_000,
            "the layer and its checkpoints never completed: {:?}, {r:?}, {:?}",
            hl.renderer().checkpoint_stats(),
            hl.replay.governor().map(|g| g.stats())
        );
    }
    let cp = hl.renderer().checkpoint_stats();
    assert!(cp.planned >= 2 && copies >= 2, "{cp:?}, {copies} copies");
}
