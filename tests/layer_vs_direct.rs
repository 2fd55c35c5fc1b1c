//! The retained-layer path gives the same image as drawing every started stroke directly, at a
//! sequence of playheads that moves forwards (incremental layer updates) and backwards (rebuilds).

mod common;

use common::{diff_count, headless};
use inkplay::gpu::AntiAlias;

fn compare(aa: AntiAlias, tol: u8, max_fraction: f64) {
    let d = inkplay::import::load("synthetic:400:5")
        .expect("synthetic")
        .drawing;
    let (w, h) = (320, 180);
    let mut layered = headless(w, h, aa);
    let mut direct = headless(w, h, aa);
    layered.load(d.clone()).expect("load");
    direct.load(d.clone()).expect("load");
    let dur = d.duration_ms();
    let mut rebuilt = 0;
    let mut incremental = 0;
    for frac in [0.1, 0.1003, 0.25, 0.2501, 0.5, 0.9, 0.3, 0.31, 1.0, 0.0] {
        let t = dur * frac;
        let r = layered.render(t).expect("frame");
        rebuilt += usize::from(r.layer_rebuilt);
        incremental += usize::from(!r.layer_rebuilt && r.layer_strokes_added > 0);
        direct.render_direct(t).expect("direct");
        let a = layered.read_rgba().expect("read");
        let b = direct.read_rgba().expect("read");
        let (n, max) = diff_count(&a, &b, tol);
        let allowed = ((w * h) as f64 * max_fraction) as usize;
        assert!(
            n <= allowed,
            "{aa:?} at {frac}: {n} pixels differ (max diff {max}), allowed {allowed}"
        );
    }
    assert!(
        rebuilt >= 2,
        "backwards seeks rebuild the layer ({rebuilt})"
    );
    assert!(
        incremental >= 3,
        "forward frames only add new ink ({incremental})"
    );
}

#[test]
fn layer_matches_direct_analytic() {
    // Same triangles, same order, same depth: identical up to rounding.
    compare(AntiAlias::Analytic, 2, 0.0);
}

#[test]
fn layer_matches_direct_msaa() {
    // The layer is resolved before the live stroke is drawn over it, so pixels where a live stroke's
    // edge crosses older ink may differ slightly from a single multisampled pass.
    compare(AntiAlias::Msaa4, 24, 0.002);
}

#[test]
fn frame_work_does_not_grow_with_finished_ink() {
    let d = inkplay::import::load("synthetic:2000:1")
        .expect("synthetic")
        .drawing;
    let mut h = headless(256, 144, AntiAlias::Analytic);
    h.load(d.clone()).expect("load");
    let dur = d.duration_ms();
    h.render(dur * 0.5).expect("first frame builds the layer");
    // Playing forward by a frame adds at most a couple of strokes to the layer and draws at most one
    // live stroke, whatever has been drawn before.
    for k in 1..20 {
        let t = dur * 0.5 + 16.0 * f64::from(k);
        let r = h.render(t).expect("frame");
        assert!(!r.layer_rebuilt);
        assert!(r.layer_strokes_added <= 1 && r.live_strokes <= 1, "{r:?}");
        assert!(r.draw_calls <= 2, "{r:?}");
    }
}

#[test]
fn damage_only_updates_match_full_copies() {
    let d = inkplay::import::load("synthetic:300:8")
        .expect("synthetic")
        .drawing;
    let (w, h) = (256, 144);
    let mut damaged = headless(w, h, AntiAlias::Analytic);
    let mut full = headless(w, h, AntiAlias::Analytic);
    damaged.load(d.clone()).expect("load");
    full.load(d.clone()).expect("load");
    let dur = d.duration_ms();
    let mut partial_copies = 0;
    for k in 0..40 {
        // Small forward steps (damage only), with a backwards seek in the middle.
        let t = if k == 20 {
            dur * 0.2
        } else {
            dur * (0.3 + 0.004 * f64::from(k))
        };
        let r = damaged.render(t).expect("frame");
        if r.copied_pixels < u64::from(w * h) {
            partial_copies += 1;
        }
        full.renderer_mut().invalidate_target();
        full.render(t).expect("frame");
        let a = damaged.read_rgba().expect("read");
        let b = full.read_rgba().expect("read");
        assert_eq!(
            diff_count(&a, &b, 0).0,
            0,
            "frame {k}: damage-only update differs from a full copy"
        );
    }
    assert!(
        partial_copies >= 30,
        "most frames copy only the damaged pixels ({partial_copies})"
    );
}

/// A drawing loaded into two renderers (one to use the layer, one to draw directly), and its
/// total index count (to size layer budgets).
fn layered_and_direct(
    spec: &str,
    w: u32,
    h: u32,
    aa: AntiAlias,
) -> (
    inkplay::model::Drawing,
    inkplay::headless::Headless,
    inkplay::headless::Headless,
    u64,
) {
    let d = inkplay::import::load(spec).expect("synthetic").drawing;
    let mut layered = headless(w, h, aa);
    let mut direct = headless(w, h, aa);
    layered.load(d.clone()).expect("load");
    direct.load(d.clone()).expect("load");
    let total = layered
        .renderer()
        .geometry()
        .map(|g| g.index_count(0..g.uploaded))
        .expect("geometry");
    (d, layered, direct, total)
}

/// With a layer budget, catching up and rebuilding take several frames; meanwhile a seek shows the
/// earlier moment the layer got to, a zoom the previous layer (re-projected to the new view), and
/// once complete the frame is exactly the direct rendering again.
fn budgeted(aa: AntiAlias) {
    let (w, h) = (320, 180);
    let (d, mut layered, mut direct, total) = layered_and_direct("synthetic:600:3", w, h, aa);
    // About a tenth of the drawing per frame.
    layered.renderer_mut().set_layer_budget(Some(total / 10));
    let dur = d.duration_ms();
    let same_as_direct = |layered: &mut inkplay::headless::Headless,
                          direct: &mut inkplay::headless::Headless,
                          t: f64| {
        direct.render_direct(t).expect("direct");
        let (la, da) = (
            layered.read_rgba().expect("read"),
            direct.read_rgba().expect("read"),
        );
        // With MSAA a stroke live at `t` is drawn over the resolved layer, which differs
        // slightly from one multisampled pass where its edge crosses older ink (as in
        // `layer_matches_direct_msaa`); everything else is identical.
        let (tol, allowed) = if aa == AntiAlias::Msaa4 {
            (24, (0.002 * f64::from(w * h)) as usize)
        } else {
            (2, 0)
        };
        let (n, max) = diff_count(&la, &da, tol);
        assert!(n <= allowed, "{aa:?} at {t}: {n} pixels differ (max {max})");
    };

    // Jump to the end: the layer catches up over ~10 frames, never more than the budget a frame.
    let mut frames = 0;
    loop {
        let r = layered.render(dur).expect("frame");
        frames += 1;
        assert!(
            r.layer_indices <= total / 10 + 20_000,
            "{}",
            r.layer_indices
        );
        assert!(!r.standin, "nothing to stand in for on the first fill");
        if r.layer_pending == 0 {
            break;
        }
        assert!(frames < 30, "catching up makes progress");
    }
    assert!(frames >= 8, "spread over frames ({frames})");
    same_as_direct(&mut layered, &mut direct, dur);

    // Seek back to 40%: no stand-in; the layer starts over and, until it is at the playhead,
    // each frame is exactly the direct rendering of the earlier moment it shows.
    let mut partial = 0;
    loop {
        let r = layered.render(dur * 0.4).expect("frame");
        assert!(!r.standin);
        if r.layer_pending == 0 {
            break;
        }
        assert!(r.shown_ms < dur * 0.4);
        // A stroke may be live at that moment: with MSAA it is drawn over the resolved layer,
        // which differs slightly from one multisampled pass where its edge crosses older ink
        // (as in `layer_matches_direct_msaa`).
        direct.render_direct(r.shown_ms).expect("direct");
        let tol = if aa == AntiAlias::Msaa4 { 24 } else { 2 };
        let (n, max) = diff_count(
            &layered.read_rgba().expect("read"),
            &direct.read_rgba().expect("read"),
            tol,
        );
        assert!(
            n as f64 <= 0.002 * f64::from(w * h),
            "{aa:?} at {}: {n} pixels differ (max {max})",
            r.shown_ms
        );
        partial += 1;
        assert!(partial < 30);
    }
    assert!(partial >= 2, "the restart took {partial} frames");
    same_as_direct(&mut layered, &mut direct, dur * 0.4);

    // Zoom in 1.5× about the centre: the old layer, scaled, stands in; ink stays where it was.
    let v = layered.renderer().view();
    let zoomed = v.zoom_about(glam::Vec2::new(w as f32 / 2.0, h as f32 / 2.0), 1.5);
    layered.renderer_mut().set_view(zoomed);
    direct.renderer_mut().set_view(zoomed);
    let r = layered.render(dur * 0.4).expect("frame");
    assert!(r.standin);
    let standin = layered.read_rgba().expect("read");
    direct.render_direct(dur * 0.4).expect("direct");
    let exact = direct.read_rgba().expect("read");
    // Magnified bilinearly, the stand-in is softer than the exact frame but carries the same
    // amount of ink: compare the total darkness.
    let darkness = |px: &[u8]| -> f64 {
        px.chunks_exact(4)
            .map(|p| 255.0 * 3.0 - p[..3].iter().map(|&c| f64::from(c)).sum::<f64>())
            .sum()
    };
    let (a, b) = (darkness(&standin), darkness(&exact));
    assert!(
        a > 0.75 * b && a < 1.25 * b,
        "scaled stand-in has about the right ink: {a} vs {b}"
    );
    let (n, _) = diff_count(&standin, &exact, 128);
    assert!(
        (n as f64) < 0.05 * f64::from(w * h),
        "and in the right place: {n} pixels far off"
    );
    while layered.render(dur * 0.4).expect("frame").standin {}
    same_as_direct(&mut layered, &mut direct, dur * 0.4);
}

#[test]
fn budgeted_layer_analytic() {
    budgeted(AntiAlias::Analytic);
}

#[test]
fn budgeted_layer_msaa() {
    budgeted(AntiAlias::Msaa4);
}

/// A large drawing keeps checkpoints of its layer: a backwards seek restarts the layer from the
/// nearest one (little left to draw), and the result is exactly the direct rendering.
#[test]
fn backwards_seeks_restart_from_a_checkpoint() {
    let (w, h) = (320, 180);
    let (d, mut layered, mut direct, total) =
        layered_and_direct("synthetic:1500:8", w, h, AntiAlias::Analytic);
    layered.renderer_mut().set_layer_budget(Some(total / 8));
    // Checkpoints an eighth of the drawing's work apart, filled by the layer as it passes them
    // and by the builder with a sixteenth per frame.
    layered
        .renderer_mut()
        .set_checkpoint_work(inkplay::gpu::CheckpointWork {
            per_frame: total / 8,
            build: total / 16,
            restore_units: 0,
        });
    let dur = d.duration_ms();
    for k in 1..=40 {
        layered.render(dur * f64::from(k) / 40.0).expect("frame");
    }
    while layered.render(dur).expect("frame").layer_pending > 0 {}
    for _ in 0..20 {
        layered.render(dur).expect("frame");
    }
    let cp = layered.renderer().checkpoint_stats();
    assert!(cp.complete && (7..=8).contains(&cp.planned), "{cp:?}");
    // Back to 50 %: restored from the checkpoint before it, so little remains to draw.
    let t = dur * 0.5;
    let finished = layered.renderer().timeline().finished(t) as u32;
    let r = layered.render(t).expect("frame");
    assert!(r.checkpoint_restored, "{r:?}");
    let drawn = r.layer_strokes_added + r.layer_pending;
    assert!(
        drawn < finished / 3,
        "restarted from a checkpoint: {drawn} strokes to draw instead of {finished}"
    );
    while layered.render(t).expect("frame").layer_pending > 0 {}
    direct.render_direct(t).expect("direct");
    let (n, max) = diff_count(
        &layered.read_rgba().expect("read"),
        &direct.read_rgba().expect("read"),
        2,
    );
    assert_eq!(n, 0, "{n} pixels differ (max {max})");
}

/// While the layer is rebuilt after a zoom, the stand-in is drawn over the whole target once, and
/// afterwards only where the last frame's live strokes covered it; every such frame equals a full
/// redraw. A backwards seek at the same view needs no stand-in.
#[test]
fn standin_frames_redraw_only_the_damage() {
    let (w, h) = (320, 180);
    let (d, mut damaged, mut direct, total) =
        layered_and_direct("synthetic:80:7", w, h, AntiAlias::Analytic);
    let mut full = headless(w, h, AntiAlias::Analytic);
    full.load(d.clone()).expect("load");
    for r in [&mut damaged, &mut full] {
        r.renderer_mut().set_layer_budget(Some(total / 40));
    }
    let dur = d.duration_ms();
    let whole = u64::from(w * h);
    let both = |damaged: &mut inkplay::headless::Headless,
                full: &mut inkplay::headless::Headless,
                t: f64| {
        let r = damaged.render(t).expect("frame");
        full.renderer_mut().invalidate_target();
        let rf = full.render(t).expect("frame");
        assert_eq!(r.standin, rf.standin);
        let (n, max) = diff_count(
            &damaged.read_rgba().expect("read"),
            &full.read_rgba().expect("read"),
            0,
        );
        assert_eq!(
            n, 0,
            "at {t}: {n} pixels differ from a full redraw (max {max})"
        );
        r
    };
    // Fill the layer at 60 %, then zoom: stand-in frames while the playhead moves on slowly (a
    // stroke is live in most of them).
    let t0 = dur * 0.6;
    while both(&mut damaged, &mut full, t0).layer_pending > 0 {}
    let zoomed = damaged
        .renderer()
        .view()
        .zoom_about(glam::Vec2::new(w as f32 / 2.0, h as f32 / 2.0), 1.25);
    damaged.renderer_mut().set_view(zoomed);
    full.renderer_mut().set_view(zoomed);
    let mut standins = Vec::new();
    let mut last_standin = (t0, Vec::new());
    for k in 0..200 {
        let t = t0 + 120.0 * f64::from(k);
        let r = both(&mut damaged, &mut full, t);
        if !r.standin {
            break;
        }
        standins.push(r);
        last_standin = (r.shown_ms, damaged.read_rgba().expect("read"));
    }
    assert!(standins.len() >= 10, "{} stand-in frames", standins.len());
    // Ink finished while the layer was rebuilt is drawn over the stand-in, not lost until the
    // rebuild completes: the last stand-in frame has every stroke finished since `t0` on it.
    let (t_last, a) = last_standin;
    let tl = damaged.renderer().timeline();
    let since = tl.finished(t0)..tl.finished(t_last);
    assert!(!since.is_empty(), "strokes finished during the rebuild");
    direct.renderer_mut().set_view(zoomed);
    direct.render_direct(t_last).expect("direct");
    let b = direct.read_rgba().expect("read");
    let ink = |px: &[u8], i: usize| {
        px[i * 4..i * 4 + 3]
            .iter()
            .map(|&c| u32::from(c))
            .sum::<u32>()
            < 600
    };
    let (mut inked, mut shown) = (0, 0);
    for st in &d.strokes[since] {
        let bb = st.bbox().expect("bbox");
        let (x0, y0) = (
            bb.min_x * zoomed.scale + zoomed.offset.x,
            bb.min_y * zoomed.scale + zoomed.offset.y,
        );
        let (x1, y1) = (
            bb.max_x * zoomed.scale + zoomed.offset.x,
            bb.max_y * zoomed.scale + zoomed.offset.y,
        );
        for y in (y0.max(0.0) as u32)..(y1.min(h as f32) as u32) {
            for x in (x0.max(0.0) as u32)..(x1.min(w as f32) as u32) {
                let i = (y * w + x) as usize;
                if ink(&b, i) {
                    inked += 1;
                    shown += usize::from(ink(&a, i));
                }
            }
        }
    }
    assert!(inked > 50, "{inked} inked pixels");
    assert!(
        shown as f64 > 0.9 * inked as f64,
        "strokes finished since the stand-in are drawn over it: {shown} of {inked} pixels"
    );
    assert_eq!(
        standins[0].copied_pixels, whole,
        "the first one draws it all"
    );
    let live = standins[1..].iter().filter(|r| r.live_strokes > 0).count();
    assert!(live >= 5, "{live} frames with live strokes");
    assert!(
        standins[1..].iter().all(|r| r.copied_pixels < whole / 2),
        "later ones only redraw the damage: {:?}",
        standins.iter().map(|r| r.copied_pixels).collect::<Vec<_>>()
    );
    // A seek back at the same view shows no stand-in: the layer starts over and each frame shows
    // the moment it got to, equal to a full redraw, until it is at the playhead.
    let t1 = dur * 0.2;
    let mut partial = 0;
    loop {
        let r = both(&mut damaged, &mut full, t1);
        assert!(!r.standin, "{r:?}");
        if r.layer_pending == 0 {
            assert_eq!(r.shown_ms, t1);
            break;
        }
        assert!(r.shown_ms < t1);
        partial += 1;
        assert!(partial < 100);
    }
    assert!(partial >= 1, "the budget spreads the restart over frames");
}

/// The governor's lowest quality level: the layer at half resolution, scaled up when composed.
/// It carries the same ink in the same places as direct rendering (softer), its damage-only
/// frames equal full redraws, and going back to full resolution is exact again.
#[test]
fn a_half_resolution_layer_is_composed_scaled_up() {
    let (w, h) = (320, 180);
    let (d, mut half, mut direct, _) =
        layered_and_direct("synthetic:300:8", w, h, AntiAlias::Analytic);
    let mut full = headless(w, h, AntiAlias::Analytic);
    full.load(d.clone()).expect("load");
    for r in [&mut half, &mut full] {
        r.renderer_mut().set_layer_downscale(2);
    }
    let dur = d.duration_ms();
    let darkness = |px: &[u8]| -> f64 {
        px.chunks_exact(4)
            .map(|p| 255.0 * 3.0 - p[..3].iter().map(|&c| f64::from(c)).sum::<f64>())
            .sum()
    };
    let mut partial = 0;
    for k in 0..40 {
        let t = dur * (0.3 + 0.015 * f64::from(k));
        let r = half.render(t).expect("frame");
        if r.copied_pixels < u64::from(w * h) {
            partial += 1;
        }
        full.renderer_mut().invalidate_target();
        full.render(t).expect("frame");
        let a = half.read_rgba().expect("read");
        let (n, max) = diff_count(&a, &full.read_rgba().expect("read"), 0);
        assert_eq!(
            n, 0,
            "frame {k}: damage-only differs from a full redraw (max {max})"
        );
        if k % 10 == 0 {
            direct.render_direct(t).expect("direct");
            let b = direct.read_rgba().expect("read");
            let (da, db) = (darkness(&a), darkness(&b));
            assert!(
                da > 0.75 * db && da < 1.25 * db,
                "at {k}: about the same ink: {da} vs {db}"
            );
            let (far, _) = diff_count(&a, &b, 128);
            assert!(
                (far as f64) < 0.03 * f64::from(w * h),
                "at {k}: in the same places: {far} pixels far off"
            );
        }
    }
    assert_eq!(
        half.renderer().layer().map(|l| l.size()),
        Some((w / 2, h / 2)),
        "the layer has a quarter of the pixels"
    );
    assert!(partial >= 30, "damage-only frames: {partial}");
    // Back to full resolution: exactly the direct rendering.
    half.renderer_mut().set_layer_downscale(1);
    half.render(dur).expect("frame");
    direct.render_direct(dur).expect("direct");
    let (n, max) = diff_count(
        &half.read_rgba().expect("read"),
        &direct.read_rgba().expect("read"),
        2,
    );
    assert_eq!(n, 0, "{n} pixels differ (max {max})");
    assert_eq!(half.renderer().layer().map(|l| l.size()), Some((w, h)));
}
