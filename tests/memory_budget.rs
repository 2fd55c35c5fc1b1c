//! Memory by need: under the governor, a replay's checkpoints and mesh cache take what its memory
//! budget (heap and GPU together) leaves after the rest, the checkpoints never more than seeks
//! need nor fewer than keep a seek within a few frames; the GPU bytes they hold never pass what
//! their plan allows.
#![allow(clippy::unwrap_used)]

use inkplay::governor::seek::SEEK_FRAMES_AT_MOST;
mod common;

use inkplay::gpu::{CheckpointStats, GpuCategory};
use inkplay::Headless;

const SIZE: (u32, u32) = (640, 360);

/// Load `synthetic:6000:11` under a memory budget of `budget` bytes, park the playhead at the end
/// until the layer and its checkpoints are complete, and return the replay with its checkpoints.
fn settled(budget: Option<u64>) -> (Headless, CheckpointStats) {
    let mut hl = common::governed_replay("synthetic:6000:11", SIZE, budget);
    let end = f64::MAX;
    for k in 0.. {
        let r = hl.frame_governed(end).unwrap().report;
        let cp = hl.renderer().checkpoint_stats();
        let held = hl.gpu_mem.stats().checkpoints;
        assert!(
            held <= cp.budget_bytes,
            "frame {k}: checkpoints hold {held} bytes, their plan allows {}",
            cp.budget_bytes
        );
        if hl.replay.is_loaded() && r.layer_pending == 0 && cp.complete && k > 60 {
            return (hl, cp);
        }
        assert!(k < 20_000, "the layer and its checkpoints never completed");
    }
    unreachable!()
}

fn each() -> u64 {
    u64::from(SIZE.0) * u64::from(SIZE.1) * 4
}

#[test]
fn with_memory_to_spare_every_checkpoint_a_seek_needs_is_planned_and_no_more() {
    let (hl, cp) = settled(Some(1_000_000_000));
    assert!(cp.needed >= 2, "{cp:?}");
    assert_eq!(cp.planned, cp.needed, "{cp:?}");
    assert_eq!(hl.gpu_mem.stats().checkpoints, cp.planned as u64 * each());
    // The whole drawing's meshes fit in a quarter of the budget: the cache keeps them.
    assert_eq!(hl.replay.cache().stats().entries, 6000);
}

#[test]
fn a_tight_budget_keeps_the_fewest_that_keep_seeks_short_and_no_meshes() {
    let (hl, cp) = settled(Some(1_000_000));
    // Nothing is left for checkpoints: the plan keeps what keeps every seek within a few frames
    // of layer work (spaced evenly, the gaps at most SEEK_FRAMES_AT_MOST frames).
    let floor = (cp.needed as u64 + 1).div_ceil(SEEK_FRAMES_AT_MOST) - 1;
    assert!(
        (cp.planned as u64) <= floor + 1 && cp.planned < cp.needed.max(1),
        "{cp:?}"
    );
    assert_eq!(cp.budget_bytes, cp.planned as u64 * each(), "{cp:?}");
    assert!(hl.gpu_mem.stats().checkpoints <= cp.budget_bytes);
    assert_eq!(
        hl.gpu_mem.live_allocations_in(GpuCategory::Checkpoints),
        cp.planned as u64
    );
    // A quarter of 1 MB holds none of the drawing's meshes.
    assert_eq!(hl.replay.cache().stats().bytes, 0);
    assert!(hl.replay.memory_used() > hl.replay.memory_budget());
}

#[test]
fn the_default_budget_holds_this_replay_whole() {
    let (hl, cp) = settled(None);
    assert_eq!(
        hl.replay.memory_budget(),
        inkplay::gpu::DEFAULT_MEMORY_BUDGET
    );
    // This test binary has no counting allocator: the heap counted is the replay's own, its
    // drawing (6,000 strokes of about 60 points) and its mesh cache.
    let heap = hl.replay.heap_bytes();
    assert!(heap > 6000 * 60 * 8, "{heap}");
    assert!(
        hl.replay.memory_used() <= hl.replay.memory_budget(),
        "{} of {} ({cp:?})",
        hl.replay.memory_used(),
        hl.replay.memory_budget()
    );
}
