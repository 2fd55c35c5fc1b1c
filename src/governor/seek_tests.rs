use super::*;

/// A small deterministic generator (the governor's tests import nothing outside it).
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Strokes with given index counts.
struct Table {
    prefix: Vec<u64>,
}

impl Table {
    fn new(sizes: impl IntoIterator<Item = u64>) -> Self {
        let mut prefix = vec![0];
        for s in sizes {
            prefix.push(prefix.last().copied().unwrap_or(0) + s);
        }
        Self { prefix }
    }

    fn random(n: usize, seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        Self::new((0..n).map(|_| 6 + (rng.unit() * 600.0) as u64))
    }

    fn strokes(&self) -> u32 {
        (self.prefix.len() - 1) as u32
    }
}

impl StrokeCosts for Table {
    fn indices(&self, from: u32, to: u32) -> u64 {
        self.prefix[to as usize] - self.prefix[from as usize]
    }

    fn within(&self, from: u32, to: u32, budget: u64) -> u32 {
        if from >= to {
            return from;
        }
        let base = self.prefix[from as usize];
        let k = self.prefix[from as usize..=to as usize].partition_point(|&p| p - base <= budget);
        (from + k as u32 - 1).max(from + 1)
    }
}

/// The layer after a frame of `plan`, and what the frame cost (indices, restores counted at
/// `restore_units`).
fn apply(plan: LayerPlan, layer: u32, t: &Table, restore_units: u64) -> (u32, u64) {
    let from = plan.from(layer);
    let overhead = match plan.start {
        LayerStart::Restore { .. } => restore_units,
        _ => 0,
    };
    (plan.end, overhead + t.indices(from, plan.end))
}

#[test]
fn without_a_grant_the_layer_reaches_the_target_from_the_cheapest_start() {
    let t = Table::new([100; 10]);
    let cps = [Some(4), Some(8)];
    let plan = |layer, target| {
        plan_layer(
            &LayerState {
                layer,
                checkpoints: &cps,
                target,
                grant: None,
                restore_units: 150,
            },
            &t,
        )
    };
    assert_eq!(
        plan(Some(3), 5).start,
        LayerStart::Keep,
        "drawing 200 beats restoring (150) and drawing 100"
    );
    assert_eq!(
        plan(Some(1), 5).start,
        LayerStart::Restore {
            slot: 0,
            strokes: 4
        }
    );
    assert_eq!(plan(Some(9), 5).end, 5);
    assert_eq!(
        plan(Some(10), 9).start,
        LayerStart::Restore {
            slot: 1,
            strokes: 8
        },
        "backwards: from the nearest checkpoint before"
    );
    assert_eq!(
        plan(Some(9), 3).start,
        LayerStart::Clear,
        "before every checkpoint"
    );
    assert_eq!(plan(Some(5), 5).start, LayerStart::Keep, "nothing to do");
}

#[test]
fn the_plan_never_exceeds_the_grant() {
    let t = Table::random(2000, 1);
    let mut rng = SplitMix64::new(2);
    for _ in 0..2000 {
        let n = t.strokes();
        let cps: Vec<Option<u32>> = (0..6)
            .map(|_| (rng.unit() < 0.7).then(|| (rng.unit() * n as f64) as u32))
            .collect();
        let layer = (rng.unit() < 0.8).then(|| (rng.unit() * n as f64) as u32);
        let target = (rng.unit() * n as f64) as u32;
        let grant = (rng.unit() * 50_000.0) as u64;
        let restore_units = (rng.unit() * 5_000.0) as u64;
        let plan = plan_layer(
            &LayerState {
                layer,
                checkpoints: &cps,
                target,
                grant: Some(grant),
                restore_units,
            },
            &t,
        );
        let from = plan.from(layer.unwrap_or(0));
        assert!(plan.end <= target);
        let (_, cost) = apply(plan, layer.unwrap_or(0), &t, restore_units);
        // Over the grant only by the one stroke every frame draws to make progress.
        assert!(
            cost <= grant || plan.end == from + 1,
            "{plan:?} from {from} cost {cost} > grant {grant}"
        );
        if let LayerStart::Restore { slot, strokes } = plan.start {
            assert_eq!(cps[slot], Some(strokes));
            assert!(strokes <= target);
        }
        if plan.start == LayerStart::Keep {
            assert!(layer.is_some_and(|l| l <= target));
        }
    }
}

#[test]
fn a_stop_converges_to_the_exact_frame() {
    let t = Table::random(5000, 3);
    let n = t.strokes();
    let grant = 20_000;
    let positions = checkpoint_positions(&t, n, 8, grant);
    assert_eq!(positions.len(), 8, "the memory budget binds: {positions:?}");
    let cps: Vec<Option<u32>> = positions.iter().map(|&p| Some(p)).collect();
    let spacing = t.indices(0, n).div_ceil(9);
    let mut rng = SplitMix64::new(4);
    for _ in 0..200 {
        let mut layer = Some((rng.unit() * n as f64) as u32);
        let target = (rng.unit() * n as f64) as u32;
        let mut frames = 0;
        let mut last_end = 0;
        loop {
            let plan = plan_layer(
                &LayerState {
                    layer,
                    checkpoints: &cps,
                    target,
                    grant: Some(grant),
                    restore_units: 1000,
                },
                &t,
            );
            assert!(frames == 0 || plan.end > last_end || plan.end == target);
            last_end = plan.end;
            layer = Some(apply(plan, layer.unwrap_or(0), &t, 1000).0);
            frames += 1;
            if layer == Some(target) {
                break;
            }
            assert!(frames < 1000, "no convergence");
        }
        // From the nearest checkpoint before the target: at most a spacing (plus one stroke)
        // of work, a grant at a time.
        let bound = (spacing + 1000 + 606).div_ceil(grant - 606) + 1;
        assert!(frames <= bound, "{frames} frames > {bound}");
    }
}

#[test]
fn with_a_checkpoint_every_frame_of_work_every_seek_is_exact_at_once() {
    let t = Table::random(3000, 5);
    let n = t.strokes();
    let grant = 60_000;
    // Plenty of memory: spacing is one frame's work (less the restore and a stroke).
    let positions = checkpoint_positions(&t, n, 10_000, grant - 2_000);
    let total = t.indices(0, n);
    assert!(positions.len() as u64 >= total / grant);
    assert!(positions.len() as u64 <= total / (grant - 2_000) + 1);
    let cps: Vec<Option<u32>> = positions.iter().map(|&p| Some(p)).collect();
    let mut rng = SplitMix64::new(6);
    let mut layer = Some(0);
    for _ in 0..500 {
        let target = (rng.unit() * n as f64) as u32;
        let plan = plan_layer(
            &LayerState {
                layer,
                checkpoints: &cps,
                target,
                grant: Some(grant),
                restore_units: 1_000,
            },
            &t,
        );
        assert_eq!(plan.end, target, "a seek to {target} from {layer:?}");
        layer = Some(plan.end);
    }
}

#[test]
fn positions_are_spaced_by_work_within_the_budget() {
    let t = Table::random(1000, 7);
    let n = t.strokes();
    let total = t.indices(0, n);
    assert!(checkpoint_positions(&t, n, 0, 1).is_empty());
    assert!(
        checkpoint_positions(&t, n, 100, total).is_empty(),
        "one frame draws it all"
    );
    for (slots, per_frame) in [(4, 1), (50, 1), (50, total / 10), (1000, 1)] {
        let p = checkpoint_positions(&t, n, slots, per_frame);
        assert!(p.len() <= slots);
        assert!(p.windows(2).all(|w| w[0] < w[1]));
        assert!(p.iter().all(|&x| x > 0 && x < n));
        let spacing = total.div_ceil(slots as u64 + 1).max(per_frame);
        // Every gap (including before the first and after the last) is at most a spacing plus
        // one stroke.
        let mut edges = vec![0];
        edges.extend(&p);
        edges.push(n);
        for w in edges.windows(2) {
            assert!(
                t.indices(w[0], w[1]) <= spacing + 606,
                "{slots} {per_frame}"
            );
        }
        if spacing > per_frame && spacing > 606 {
            assert!(
                p.len() + 1 >= slots,
                "the budget is used: {} of {slots}",
                p.len()
            );
        }
    }
    assert_eq!(checkpoint_slots(100, 30), 3);
    assert_eq!(checkpoint_slots(100, 0), 100);
}

#[test]
fn checkpoints_are_planned_by_need_within_memory_but_never_too_few() {
    // A drawing one frame redraws needs none, whatever memory allows.
    assert_eq!(checkpoint_count(900, 1_000, 100, 100), 0);
    assert_eq!(checkpoint_count(1_000, 1_000, 100, 100), 0);
    // Forty frames of work: 39 make every seek exact at once, and no more are planned.
    assert_eq!(checkpoint_count(40_000, 1_000, 100, 100), 39);
    // Memory for 20: 20.
    assert_eq!(checkpoint_count(40_000, 1_000, 20, 100), 20);
    // Memory for 2: 2, the budget binds while it affords any.
    assert_eq!(checkpoint_count(40_000, 1_000, 2, 100), 2);
    // Memory for none (the rest is over the budget): 9, so a seek is at most four frames of work
    // from one...
    assert_eq!(checkpoint_count(40_000, 1_000, 0, 100), 9);
    // ... unless the ceiling is lower.
    assert_eq!(checkpoint_count(40_000, 1_000, 0, 5), 5);
    let t = Table::random(2_000, 7);
    let n = t.strokes();
    let total = t.indices(0, n);
    let per_frame = total / 40;
    let count = checkpoint_count(total, per_frame, 0, usize::MAX);
    let mut at = vec![0];
    at.extend(checkpoint_positions(&t, n, count, per_frame));
    at.push(n);
    for w in at.windows(2) {
        // Each gap is at most four frames of work (plus the stroke that crosses a boundary).
        let biggest = (w[0]..w[1]).map(|i| t.indices(i, i + 1)).max().unwrap_or(0);
        assert!(
            t.indices(w[0], w[1]) <= SEEK_FRAMES_AT_MOST * per_frame + biggest,
            "{w:?}"
        );
    }
}
