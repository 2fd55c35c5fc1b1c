use super::*;
use crate::gpu::AdapterSummary;

fn noisy(n: usize, centre: f64, seed: u64) -> Vec<f64> {
    let mut rng = SplitMix64::new(seed);
    (0..n).map(|_| centre * rng.range(0.8, 1.25)).collect()
}

fn baseline(frame_ms: Vec<f64>) -> Baseline {
    Baseline {
        name: String::new(),
        inkplay: "test".into(),
        commit: None,
        machine: super::super::baseline::Machine::this(),
        adapter: AdapterSummary {
            name: "a".into(),
            backend: "Vulkan".into(),
            device_type: "Cpu".into(),
            driver: "d".into(),
        },
        input: "synthetic:10".into(),
        scenario: "playback".into(),
        width: 64,
        height: 64,
        aa: "analytic".into(),
        frames: frame_ms.len(),
        budget_ms: 16.7,
        cpu_ms: frame_ms.iter().map(|f| f / 2.0).collect(),
        gpu_ms: Vec::new(),
        frame_ms,
        tessellate_ms: 100.0,
        upload_ms: 10.0,
        heap_bytes_live: Some(1000),
        heap_bytes_peak: Some(2000),
        gpu_bytes: 5000,
        gpu_geometry_bytes: 4000,
        repeats: Vec::new(),
    }
}

fn find<'a>(d: &'a [MetricDelta], name: &str) -> &'a MetricDelta {
    d.iter().find(|m| m.name == name).expect("metric")
}

#[test]
fn same_distribution_is_unchanged_and_a_faster_baseline_regresses() {
    let base = baseline(noisy(600, 10.0, 1));
    let again = baseline(noisy(600, 10.0, 2));
    let d = compare(&base, &again, 10.0);
    assert!(
        d.iter().all(|m| m.verdict == Verdict::Unchanged),
        "noise alone: {:#?}",
        d.iter()
            .filter(|m| m.verdict != Verdict::Unchanged)
            .collect::<Vec<_>>()
    );
    // A baseline 50 % faster: this run regressed on the frame statistics.
    let fast = baseline(base.frame_ms.iter().map(|f| f / 1.5).collect());
    let d = compare(&fast, &again, 10.0);
    let p50 = find(&d, "frame_ms.p50");
    assert_eq!(p50.verdict, Verdict::Regressed);
    assert!(p50.delta_pct > 30.0);
    // And the other way round it improved.
    let d = compare(&again, &fast, 10.0);
    assert_eq!(find(&d, "frame_ms.p99").verdict, Verdict::Improved);
}

#[test]
fn worse_within_the_threshold_or_the_noise_is_unchanged() {
    let base = baseline(noisy(600, 10.0, 3));
    let slower = baseline(base.frame_ms.iter().map(|f| f * 1.05).collect());
    assert_eq!(
        find(&compare(&base, &slower, 10.0), "frame_ms.p50").verdict,
        Verdict::Unchanged,
        "5 % is under the 10 % threshold"
    );
    // 30 % worse on 5 frames whose spread is larger than that: noise.
    let few = baseline(vec![5.0, 20.0, 8.0, 30.0, 12.0]);
    let few_slower = baseline(vec![6.5, 26.0, 10.4, 39.0, 15.6]);
    let d = compare(&few, &few_slower, 10.0);
    assert_eq!(find(&d, "frame_ms.p50").verdict, Verdict::Unchanged);
}

#[test]
fn single_figures_and_the_interval() {
    let base = baseline(noisy(300, 10.0, 4));
    let mut cur = base.clone();
    cur.gpu_geometry_bytes = 4800;
    cur.gpu_bytes = 50_000;
    cur.tessellate_ms = 125.0;
    let d = compare(&base, &cur, 10.0);
    assert_eq!(
        find(&d, "memory.gpu_geometry_bytes").verdict,
        Verdict::Regressed
    );
    assert_eq!(
        find(&d, "memory.gpu_bytes").verdict,
        Verdict::Unchanged,
        "the total (checkpoints) is reported, not judged"
    );
    assert_eq!(
        find(&d, "load.tessellate_ms").verdict,
        Verdict::Unchanged,
        "load times get three times the threshold"
    );
    let (lo, hi) = find(&d, "frame_ms.p50").interval.expect("interval");
    assert!(lo <= 10.0 * 1.05 && hi >= 10.0 * 0.95 && lo < hi);
    // Deterministic: the same samples, the same interval.
    assert_eq!(
        find(&compare(&base, &cur, 10.0), "frame_ms.p50").interval,
        Some((lo, hi))
    );
}

#[test]
fn a_maximum_matters_only_across_the_budget() {
    let base = baseline(noisy(300, 1.0, 6));
    // One 6 ms hiccup in a run of 1 ms frames: far worse, but still inside the 16.7 ms budget.
    let mut frames = noisy(300, 1.1, 7);
    frames[100] = 6.0;
    let spike = baseline(frames.clone());
    assert_eq!(
        find(&compare(&base, &spike, 10.0), "frame_ms.max").verdict,
        Verdict::Unchanged
    );
    // Frames over the budget where there were none: a regression of the maximum.
    for f in frames.iter_mut().step_by(10) {
        *f = 40.0;
    }
    let over = baseline(frames);
    assert_eq!(
        find(&compare(&base, &over, 10.0), "frame_ms.max").verdict,
        Verdict::Regressed
    );
}

#[test]
fn a_baseline_of_several_runs_holds_a_statistic_to_its_worst_run() {
    // Three runs of the same build whose medians moved by up to 25 % between them (a busy
    // machine), and a fourth run as slow as the slowest.
    let runs: Vec<Baseline> = [1.0, 1.25, 1.1]
        .iter()
        .enumerate()
        .map(|(i, f)| baseline(noisy(300, 4.0 * f, 10 + i as u64)))
        .collect();
    let pooled = Baseline::pool(runs.clone()).expect("runs");
    assert_eq!(pooled.repeats.len(), 3);
    assert_eq!(pooled.frame_ms.len(), 900);
    let now = baseline(noisy(300, 5.0, 99));
    // Against the fastest run alone it looks like a regression; against the three, it is noise.
    let alone = compare(&runs[0], &now, 10.0);
    assert_eq!(find(&alone, "frame_ms.p50").verdict, Verdict::Regressed);
    let d = compare(&pooled, &now, 10.0);
    let p50 = find(&d, "frame_ms.p50");
    assert_eq!(p50.verdict, Verdict::Unchanged, "{p50:?}");
    let (lo, hi) = p50.baseline_runs.expect("a range");
    assert!(lo < 4.5 && hi > 4.5, "{lo}..{hi}");
    // A build twice as slow as the slowest run still regresses.
    let slow = baseline(noisy(300, 10.0, 7));
    assert_eq!(
        find(&compare(&pooled, &slow, 10.0), "frame_ms.p50").verdict,
        Verdict::Regressed
    );
}
