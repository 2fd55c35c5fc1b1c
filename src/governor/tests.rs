//! Unit tests of the governor against scripted machines: budgets kept, work always progressing,
//! the cost fit, the layer grant's ramp, quality steps with hysteresis, presets, alerts.

use super::*;
use crate::import::synthetic::SplitMix64;

/// A scripted machine: true costs the governor has to learn, plus noise.
struct Machine {
    fixed_ms: f64,
    ms_per_point: f64,
    ms_per_byte: f64,
    ms_per_index: f64,
    noise_ms: f64,
    rng: SplitMix64,
}

impl Machine {
    fn noise(&mut self) -> f64 {
        (self.rng.unit() - 0.5) * 2.0 * self.noise_ms
    }
}

/// Stream `strokes` strokes of `points` points (12 indices and 100 bytes per point) while
/// playing, with a layer backlog of `layer_backlog` indices; returns per-frame times and
/// strokes loaded per frame.
fn simulate(
    g: &mut Governor,
    m: &mut Machine,
    strokes: u64,
    points: u64,
    mut layer_backlog: u64,
    frames: usize,
) -> (Vec<f64>, Vec<u64>) {
    let mut loaded = 0u64;
    let mut times = Vec::new();
    let mut per_frame = Vec::new();
    for _ in 0..frames {
        let mut plan = g.begin_frame();
        let mut frame = m.fixed_ms + m.noise();
        if layer_backlog > 0 {
            let n = g.grant(&plan, Work::Layer).min(layer_backlog);
            layer_backlog -= n;
            frame += n as f64 * m.ms_per_index;
            g.spent(&mut plan, Work::Layer, n, None);
        }
        let mut n = 0;
        if loaded < strokes {
            let pts = g.grant_stream(&plan);
            n = (pts / points).max(1).min(strokes - loaded);
            let tess = (n * points) as f64 * m.ms_per_point;
            g.spent(&mut plan, Work::Tessellate, n * points, Some(tess));
            let bytes = n * points * 100;
            let up = bytes as f64 * m.ms_per_byte;
            g.spent(&mut plan, Work::Upload, bytes, Some(up));
            frame += tess + up;
            loaded += n;
        }
        g.end_frame(frame);
        times.push(frame);
        per_frame.push(n);
    }
    (times, per_frame)
}

fn lavapipe_like(seed: u64) -> Machine {
    Machine {
        fixed_ms: 6.0,
        ms_per_point: 2.6e-4,
        ms_per_byte: 1e-6,
        ms_per_index: 8e-5,
        noise_ms: 1.0,
        rng: SplitMix64::new(seed),
    }
}

#[test]
fn a_100k_stroke_load_stays_inside_the_budget_and_always_progresses() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let mut m = lavapipe_like(1);
    let (times, loaded) = simulate(&mut g, &mut m, 100_000, 60, 0, 3000);
    // After the first few frames (priors → learned costs), every frame fits.
    let worst = times[5..].iter().copied().fold(0.0, f64::max);
    assert!(worst <= 16.7, "worst frame {worst:.2} ms");
    assert!(
        times[..5].iter().all(|&t| t <= 2.0 * 16.7),
        "{:?}",
        &times[..5]
    );
    let total: u64 = loaded.iter().sum();
    assert_eq!(total, 100_000, "the whole drawing loads");
    let frames_with_work = loaded.iter().filter(|&&n| n > 0).count();
    assert!(
        loaded[..frames_with_work].iter().all(|&n| n >= 1),
        "progress every frame until done"
    );
    // And it uses the budget: ~8 ms of work per frame at 15.6 µs per stroke → ~500 strokes.
    assert!(frames_with_work < 400, "{frames_with_work} frames to load");
    assert_eq!(
        g.quality(),
        Quality::Full,
        "loading within budget needs no degradation"
    );
}

#[test]
fn work_progresses_even_when_the_frame_alone_is_over_budget() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let mut m = lavapipe_like(2);
    m.fixed_ms = 25.0;
    let (_, loaded) = simulate(&mut g, &mut m, 5000, 60, 10_000, 200);
    let done_at = loaded
        .iter()
        .scan(0, |sum, &n| {
            *sum += n;
            Some(*sum)
        })
        .position(|s| s == 5000)
        .unwrap();
    // A quarter of the budget still goes to work: ~190 strokes a frame, not one.
    assert!(done_at < 60, "loaded after {done_at} frames");
    assert!(
        loaded[..=done_at].iter().all(|&n| n >= 1),
        "at least one stroke every frame until loaded"
    );
    assert!(
        g.quality() > Quality::Full,
        "sustained misses step quality down"
    );
    assert!(g.alerts().any(|a| a.kind == AlertKind::QualityDown));
    let jank_alerts = g.alerts().filter(|a| a.kind == AlertKind::Jank).count();
    assert!(
        jank_alerts <= 4,
        "jank alerts are rate-limited: {jank_alerts}"
    );
}

#[test]
fn a_layer_rebuild_is_spread_over_frames_within_the_budget() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let mut m = lavapipe_like(3);
    // Learn the fixed cost first, then a 5M-index rebuild (10k strokes on lavapipe ≈ 400 ms).
    simulate(&mut g, &mut m, 0, 60, 0, 30);
    let (times, _) = simulate(&mut g, &mut m, 0, 60, 5_000_000, 200);
    let worst = times.iter().copied().fold(0.0, f64::max);
    assert!(worst <= 2.0 * 16.7, "worst frame {worst:.2} ms");
    assert!(
        times[3..].iter().all(|&t| t <= 16.7 + 1.0),
        "learned after 3 frames"
    );
    // ~400 ms of work at ~7 ms per frame: done in about 60 frames, not 200.
    let busy = times.iter().filter(|&&t| t > m.fixed_ms + 2.0).count();
    assert!(busy < 90, "{busy} frames of rebuild");
}

#[test]
fn hysteresis_prevents_oscillation_under_noise() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let mut rng = SplitMix64::new(7);
    // Frames hover around the budget; at lower quality they are a bit cheaper.
    for _ in 0..5000 {
        let _ = g.begin_frame();
        let base = match g.quality() {
            Quality::Full => 16.0,
            Quality::AnalyticAa => 12.0,
            Quality::CoarseTessellation => 9.0,
            Quality::HalfResLayer => 7.0,
        };
        g.end_frame(base + (rng.unit() - 0.5) * 6.0);
    }
    let s = g.stats();
    assert!(
        s.steps_down + s.steps_up <= 6,
        "{} steps down, {} up in 5000 noisy frames",
        s.steps_down,
        s.steps_up
    );
    assert!(s.steps_down >= 1, "frames near the budget do step down");
}

#[test]
fn quality_recovers_after_a_settling_window() {
    let cfg = GovernorConfig::preset(Preset::Default, 60.0);
    let mut g = Governor::new(cfg);
    for _ in 0..40 {
        // Slow frames, slow because of their work.
        let mut plan = g.begin_frame();
        g.spent(&mut plan, Work::Tessellate, 50_000, Some(20.0));
        g.end_frame(30.0);
    }
    assert_eq!(
        g.quality(),
        Quality::CoarseTessellation,
        "every level of the default preset down"
    );
    let mut frames_to_full = 0;
    while g.quality() != Quality::Full && frames_to_full < 10_000 {
        let _ = g.begin_frame();
        g.end_frame(5.0);
        frames_to_full += 1;
    }
    assert_eq!(g.quality(), Quality::Full);
    assert_eq!(
        frames_to_full,
        2 * cfg.recover_after,
        "one settling window per level"
    );
}

#[test]
fn levels_below_analytic_aa_are_taken_only_when_work_is_what_misses() {
    // Frames over the budget with no background work (the fixed cost alone misses, as with
    // the overlay on a software rasterizer): MSAA goes, nothing else would help.
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    for _ in 0..200 {
        let _ = g.begin_frame();
        g.end_frame(30.0);
    }
    assert_eq!(g.quality(), Quality::AnalyticAa);
    assert_eq!(g.stats().steps_down, 1);
    // Some work, but the frame would miss without it too (26 ms of fixed cost): no change.
    for _ in 0..200 {
        let mut plan = g.begin_frame();
        g.spent(&mut plan, Work::Tessellate, 10_000, Some(4.0));
        g.end_frame(30.0);
    }
    assert_eq!(g.quality(), Quality::AnalyticAa);
    // Frames that miss because of their work: down to the lowest level.
    for _ in 0..40 {
        let mut plan = g.begin_frame();
        g.spent(&mut plan, Work::Tessellate, 50_000, Some(20.0));
        g.end_frame(30.0);
    }
    assert_eq!(g.quality(), Quality::CoarseTessellation);
}

#[test]
fn presets_change_behaviour_as_documented() {
    let frames_to_degrade = |p: Preset| {
        let mut g = Governor::new(GovernorConfig::preset(p, 60.0));
        for k in 1..1000 {
            let _ = g.begin_frame();
            g.end_frame(20.0);
            if g.quality() != Quality::Full {
                return (k, g);
            }
        }
        (1000, g)
    };
    let (aggressive, _) = frames_to_degrade(Preset::Aggressive);
    let (default, _) = frames_to_degrade(Preset::Default);
    let (conservative, mut c) = frames_to_degrade(Preset::Conservative);
    assert!(aggressive < default && default < conservative);
    for _ in 0..1000 {
        let mut plan = c.begin_frame();
        c.spent(&mut plan, Work::Tessellate, 50_000, Some(30.0));
        c.end_frame(40.0);
    }
    assert_eq!(
        c.quality(),
        Quality::AnalyticAa,
        "conservative never degrades beyond AA"
    );
    // Aggressive goes furthest: down to the half-resolution layer.
    let mut a = Governor::new(GovernorConfig::preset(Preset::Aggressive, 60.0));
    for _ in 0..100 {
        let mut plan = a.begin_frame();
        a.spent(&mut plan, Work::Tessellate, 50_000, Some(30.0));
        a.end_frame(40.0);
    }
    assert_eq!(a.quality(), Quality::HalfResLayer);
    let a = GovernorConfig::preset(Preset::Aggressive, 60.0);
    let d = GovernorConfig::preset(Preset::Default, 60.0);
    let cc = GovernorConfig::preset(Preset::Conservative, 60.0);
    assert!(a.headroom > d.headroom && d.headroom > cc.headroom);
    // The replay's own work (layer, tessellation, upload) gets larger batches; an export beside
    // it has no minimum in either.
    assert!(
        cc.min_units
            .iter()
            .zip(d.min_units)
            .take(3)
            .all(|(c, d)| *c > d),
        "larger batches"
    );
    assert_eq!(cc.min_units_of(Work::Export), d.min_units_of(Work::Export));
    assert_eq!(
        GovernorConfig::preset(Preset::Default, 120.0).budget_ms,
        1000.0 / 120.0
    );
}

#[test]
fn learns_fixed_and_layer_costs_from_frame_totals() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let mut rng = SplitMix64::new(5);
    // Every frame draws some layer work: the costs are separated by their spread.
    for _ in 0..200 {
        let mut plan = g.begin_frame();
        let x = 20_000 + (rng.unit() * 60_000.0) as u64;
        g.spent(&mut plan, Work::Layer, x, None);
        g.end_frame(4.0 + x as f64 * 1.5e-4 + (rng.unit() - 0.5) * 0.2);
    }
    let s = g.stats();
    assert!((s.fixed_ms - 4.0).abs() < 0.3, "fixed {}", s.fixed_ms);
    assert!(
        (s.ms_per_unit[0] - 1.5e-4).abs() < 1e-5,
        "layer {}",
        s.ms_per_unit[0]
    );
    // And the next frame's layer grant fills what the budget leaves: (14.2 - 4) / 1.5e-4.
    let plan = g.begin_frame();
    let grant = g.grant(&plan, Work::Layer);
    assert!((60_000..75_000).contains(&grant), "{grant}");
}

#[test]
fn the_layer_grant_ramps_up_and_backs_off() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let min = g.config().min_units[Work::Layer.index()];
    // Whatever the estimate says, the first grant is a few minimum batches, then it grows at
    // most 4× per frame that took under half the budget…
    let mut last = 0;
    for k in 0..5 {
        let mut plan = g.begin_frame();
        let n = g.grant(&plan, Work::Layer);
        if k == 0 {
            assert_eq!(n, 4 * min);
        } else {
            assert!(n <= 4 * last, "{n} after {last}");
        }
        g.spent(&mut plan, Work::Layer, n, None);
        g.end_frame(2.0 + n as f64 * 1e-6); // far cheaper than the prior: it may grow
        last = n;
    }
    assert!(last >= 64 * min, "grew to {last}");
    // …and at most 2× per frame that fitted with less to spare (the first grant here still
    // follows the last cheap frame).
    for k in 0..4 {
        let mut plan = g.begin_frame();
        let n = g.grant(&plan, Work::Layer);
        if k > 0 {
            assert!(n <= 2 * last, "{n} after {last}");
        }
        g.spent(&mut plan, Work::Layer, n, None);
        g.end_frame(12.0);
        last = n;
    }
    // The cost suddenly jumps 100× (a zoom made every stroke huge): one slow frame halves it.
    let mut plan = g.begin_frame();
    let n = g.grant(&plan, Work::Layer);
    g.spent(&mut plan, Work::Layer, n, None);
    g.end_frame(2.0 + n as f64 * 1e-4);
    let plan = g.begin_frame();
    assert!(g.grant(&plan, Work::Layer) <= n / 2);
}

#[test]
fn the_frame_that_starts_a_rebuild_draws_little_and_keeps_the_grant() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let min = g.config().min_units[Work::Layer.index()];
    // Playback has grown the layer grant.
    for _ in 0..8 {
        let mut plan = g.begin_frame();
        let n = g.grant(&plan, Work::Layer);
        g.spent(&mut plan, Work::Layer, n, None);
        g.end_frame(4.0 + n as f64 * 1e-6);
    }
    let plan = g.begin_frame();
    let grown = g.grant(&plan, Work::Layer);
    assert!(grown >= 16 * min, "{grown}");
    // A zoom: the first frame clears the new layer and draws the whole stand-in, which is
    // expensive, but the layer only gets the minimum…
    let mut plan = g.begin_frame_of(FrameKind::RebuildStart);
    assert_eq!(g.grant(&plan, Work::Layer), min);
    g.spent(&mut plan, Work::Layer, min, None);
    g.end_frame(24.0);
    // …and the rebuild's next frames are not throttled for what that frame cost.
    let plan = g.begin_frame_of(FrameKind::Standin);
    assert!(g.grant(&plan, Work::Layer) >= grown / 2);
    assert!(g.stats().rebuild_start_fixed_ms > 20.0);
    // The other kinds' fixed costs did not learn from it.
    assert!(g.stats().fixed_ms < 8.0, "{:?}", g.stats());
}

#[test]
fn memory_and_jank_become_alerts() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let _ = g.begin_frame();
    g.end_frame(40.0);
    assert!(g.check_memory(200_000_000, 100_000_000));
    assert!(!g.check_memory(50_000_000, 100_000_000));
    let kinds: Vec<AlertKind> = g.alerts().map(|a| a.kind).collect();
    assert_eq!(kinds, vec![AlertKind::Jank, AlertKind::Memory]);
    assert_eq!(g.stats().janky, 1);
    assert_eq!(g.stats().memory_violations, 1);
}

/// The checkpoint builder's whole-layer copies cost what the machine makes them cost, not the
/// seek frames' extra fixed cost they are estimated by. Counted as that many layer indices, a
/// cheap copy in a frame that drew nothing else taught a lower cost per index, which raised the
/// estimate of the next copy in indices, and so on, until one grant took a whole drawing (a
/// 2 M-index frame of 185 ms on lavapipe). Such frames teach nothing now.
#[test]
fn checkpoint_copies_do_not_teach_the_layer_cost() {
    let mut g = Governor::new(GovernorConfig::preset(Preset::Default, 60.0));
    let mut m = lavapipe_like(7);
    let mut units_before = 0;
    for i in 0..3000 {
        // Playback with seeks first (a seek frame restores a checkpoint: 4 ms more fixed cost,
        // and draws nothing more), then a paused replay whose layer is complete while the
        // builder fills checkpoints: a copy (0.3 ms) every third frame, nothing else drawn.
        let playing = i < 600;
        if i == 600 {
            units_before = g.restore_units();
        }
        let kind = if playing && i % 10 == 3 {
            FrameKind::Seek
        } else {
            FrameKind::Normal
        };
        let mut plan = g.begin_frame_of(kind);
        let mut frame = m.fixed_ms + m.noise();
        let copy = !playing && i % 3 == 0;
        let n = if playing && kind == FrameKind::Normal {
            g.grant(&plan, Work::Layer)
        } else {
            0
        };
        frame += n as f64 * m.ms_per_index;
        if kind == FrameKind::Seek {
            frame += 4.0;
        }
        if copy {
            frame += 0.3;
        }
        g.spent(&mut plan, Work::Layer, n, None);
        let mut s = g.take_sample();
        s.layer_copies = u32::from(copy);
        s.frame_ms = frame;
        g.record(s);
    }
    let c = g.costs.layer_cost(FrameKind::Normal);
    assert!(
        (0.5..2.0).contains(&(c / m.ms_per_index)),
        "learned {c} ms per index, the machine takes {}",
        m.ms_per_index
    );
    // What a restore is worth in indices stays what it was before the builder ran.
    let units = g.restore_units();
    assert!(
        units <= 2 * units_before.max(1_000),
        "{units_before} -> {units}"
    );
    // And an ordinary frame's grant still fits the budget.
    let plan = g.begin_frame();
    let n = g.grant(&plan, Work::Layer);
    let ms = m.fixed_ms + n as f64 * m.ms_per_index;
    assert!(ms <= g.config().budget_ms, "{n} indices: {ms} ms");
}
