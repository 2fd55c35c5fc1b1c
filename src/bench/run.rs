//! The measured run: load the drawing, draw the scenario's frames through [`Headless`], time
//! them, then hand the same frames to the peers and build the report.

use std::time::Instant;

use super::compare::run_peers;
use super::config::{BenchConfig, STREAM_BATCH};
use super::report::{
    BenchReport, CheckpointReport, FrameRow, GlyphReport, GovernorReport, Invariant, LoadMs,
    SizeReport,
};
use super::rows::frame_row;
use super::scenario::{playheads, Scenario};
use super::trace::{Traced, Tracer};
use crate::governor::GovernorConfig;
use crate::gpu::RenderSettings;
use crate::headless::Headless;
use crate::model::Color;
use crate::profile::Capture;
use crate::progress::Progress;
use crate::replay::FrameCost;
use crate::stats::Summary;
use crate::stream::Loader;
use crate::tess::GlyphCounts;
use crate::view::View;
use crate::Error;

/// Frames a settling run (seek, scrub) draws at most after the playhead stopped, waiting for an
/// exact frame.
pub const SETTLE_FRAMES: usize = 600;

/// Frames a settling run draws at most before measuring, while the checkpoints are built.
pub const CHECKPOINT_FRAMES: usize = 20_000;

/// Run a benchmark. Returns the report and one row per measured frame.
///
/// A governed `load` run with [`BenchConfig::versus_ungoverned`] is run a second time without the
/// governor, and the report holds the invariant that the governor made it no worse: its p99
/// frame time is at most the larger of the ungoverned run's and the budget (the governor may use
/// the budget to load faster, never go past it where the ungoverned run did not).
pub fn run(cfg: &BenchConfig, progress: &mut dyn Progress) -> Result<BenchRun, Error> {
    let BenchRun {
        mut report,
        frames,
        capture,
    } = run_once(cfg, progress)?;
    if cfg.scenario == Scenario::Load && cfg.governor.is_some() && cfg.versus_ungoverned {
        progress.stage("without the governor");
        let plain = BenchConfig {
            governor: None,
            compare: false,
            trace: false,
            ..cfg.clone()
        };
        let other = run_once(&plain, progress)?.report;
        let limit = other.frame_ms.p99.max(cfg.budget_ms);
        report.invariants.push(Invariant {
            name: "frame_ms.p99 <= max(no-governor p99, budget_ms)".into(),
            ok: report.frame_ms.p99 <= limit,
            value: report.frame_ms.p99,
            limit,
        });
        report.no_governor_frame_ms = Some(other.frame_ms);
    }
    Ok(BenchRun {
        report,
        frames,
        capture,
    })
}

/// What a run gives: the report, a row per measured frame, and with
/// [`BenchConfig::trace`] their profile capture.
#[derive(Debug)]
pub struct BenchRun {
    /// The report.
    pub report: BenchReport,
    /// One row per measured frame.
    pub frames: Vec<FrameRow>,
    /// The measured frames' capture (`--trace`).
    pub capture: Option<Capture>,
}

/// One run of the benchmark as configured.
fn run_once(cfg: &BenchConfig, progress: &mut dyn Progress) -> Result<BenchRun, Error> {
    crate::memory::reset_heap_peak();
    // The device and pipelines exist before loading starts (as in the player, where the window is
    // up before a file is opened), so first ink measures import + tessellation + upload + a frame.
    let settings = RenderSettings {
        aa: cfg.aa,
        background: Color::WHITE,
    };
    let mut h = Headless::new(cfg.width, cfg.height, settings)?;
    h.replay.set_loader(cfg.loader);
    h.replay
        .set_memory_budget((cfg.memory_budget_mb * 1e6) as u64);
    warm_up(&mut h, cfg)?;
    let glyphs_before = GlyphCounts::now();
    let rss_baseline = crate::memory::rss_bytes().unwrap_or(0);
    let load_start = Instant::now();
    let (incoming, drawing, input) = open(cfg)?;
    let import_ms = load_start.elapsed().as_secs_f64() * 1e3;
    let gpu_load_start = Instant::now();
    let view = match (&drawing, &incoming) {
        (Some(d), _) => crate::view::fit_view(d, cfg.width, cfg.height),
        (None, Some(i)) => {
            crate::view::Framing::default().view_for(i.page(), i.extent(), cfg.width, cfg.height)
        }
        (None, None) => View::default(),
    };
    let duration = drawing.as_ref().map_or(0.0, |d| d.duration_ms());
    let mut times = playheads(cfg.scenario, duration, cfg.frames, cfg.speed);
    let peer_frames = if cfg.compare {
        super::compare::PEERS * (times.len() + 2)
    } else {
        0
    };
    progress.start((cfg.warmup + times.len() + peer_frames) as u64);
    progress.stage("inkplay");

    let mut load = LoadMs {
        import: import_ms,
        ..LoadMs::default()
    };
    let mut first_ink = None;
    let mut first_ink_open = None;
    let mut ink_seen = |started: bool| {
        if started && first_ink.is_none() {
            first_ink = Some(gpu_load_start.elapsed().as_secs_f64() * 1e3);
            first_ink_open = Some(load_start.elapsed().as_secs_f64() * 1e3);
        }
    };
    let governor = cfg.governor.map(|p| GovernorConfig {
        budget_ms: cfg.budget_ms,
        ..GovernorConfig::preset(p, 1000.0 / cfg.budget_ms)
    });
    let mut rows = Vec::with_capacity(times.len());
    let mut faults_before = crate::memory::major_faults();
    // The load scenario's playhead covers the strokes in FRAMES frames (or plays at --speed).
    let expected = incoming.as_ref().map_or(0, |i| i.expected());
    if let Some(d) = drawing {
        let t = h.load_with_view(d, view)?;
        load.tessellate = t.tessellate.as_secs_f64() * 1e3;
        load.upload = t.upload.as_secs_f64() * 1e3;
        let warm_t = match cfg.scenario {
            Scenario::Static | Scenario::Rebuild => duration,
            _ => times.first().copied().unwrap_or(0.0) * 0.5,
        };
        for _ in 0..cfg.warmup {
            h.frame_timed(warm_t, false)?;
            ink_seen(!h.renderer().draw_list(warm_t).started().is_empty());
            progress.advance(1);
        }
    }
    let load_strokes_per_frame = expected.div_ceil(cfg.frames.max(1)).max(1);
    if let Some(i) = incoming {
        h.open(i, view);
    }

    let mut frame_ms = Vec::with_capacity(times.len());
    let mut cpu_ms = Vec::with_capacity(times.len());
    let mut gpu_ms = Vec::with_capacity(times.len());
    h.set_governor(governor);
    h.replay.set_stream_batch(STREAM_BATCH);
    let governed = cfg.governor.is_some();
    // Seek and scrub start once the layer's checkpoints are built (in the background, with what
    // governed frames leave over, as in the player after a drawing opens); how long that took
    // is reported.
    let checkpoints = if governed && cfg.scenario.settles() {
        Some(build_checkpoints(
            &mut h,
            times.first().copied().unwrap_or(0.0),
        )?)
    } else {
        None
    };
    // `load` plays on from where it is, waiting for ink that is not there yet.
    let mut load_playhead = 0.0f64;
    let (mut buffering_frames, mut standin_frames) = (0, 0);
    // Seek and scrub go on drawing where the playhead stopped until the frame is exact.
    let stop = times
        .len()
        .checked_sub(1)
        .filter(|_| cfg.scenario.settles());
    let (mut frames_to_exact, mut ms_to_exact, mut since_stop_ms) = (None, None, 0.0);
    let mut tracer = cfg
        .trace
        .then(|| Tracer::new(times.len() + SETTLE_FRAMES + 1));
    h.set_pass_timing(cfg.trace);
    let mut k = 0;
    while k < times.len()
        || stop.is_some_and(|s| frames_to_exact.is_none() && k - s <= SETTLE_FRAMES)
    {
        let scheduled = times.get(k).or(times.last()).copied().unwrap_or(0.0);
        if cfg.scenario == Scenario::Rebuild && k == times.len() / 3 {
            let centre = glam::Vec2::new(cfg.width as f32, cfg.height as f32) * 0.5;
            let v = h.renderer().view().zoom_about(centre, 1.5);
            h.renderer_mut().set_view(v);
        }
        if let Some(tr) = tracer.as_mut() {
            tr.start();
        }
        let start_ns = puffin::now_ns();
        let f0 = Instant::now();
        let cpu0 = cpu_time::ThreadTime::now();
        let mut t = match cfg.scenario {
            Scenario::Load => {
                let tl = h.renderer().timeline();
                match cfg.speed {
                    Some(s) => load_playhead + 1000.0 / 60.0 * s,
                    None => {
                        let next = tl.finished(load_playhead) + load_strokes_per_frame;
                        let last = next.min(expected).saturating_sub(1);
                        tl.end_of(last).unwrap_or(f64::INFINITY)
                    }
                }
            }
            _ => scheduled,
        };
        let mut prepared = h.prepare(t)?;
        if let Some(e) = prepared.import_error.take() {
            return Err(e.into());
        }
        let mut buffering = false;
        if cfg.scenario == Scenario::Load {
            let ready = h.replay.ready_until(t);
            if t > ready {
                t = ready;
                buffering = true;
                buffering_frames += 1;
            }
            t = t.min(h.renderer().timeline().duration_ms());
            load_playhead = t;
        }
        let stream_cpu = cpu0.elapsed().as_secs_f64() * 1e3;
        let ft = h.frame_timed(t, false)?;
        let wall = f0.elapsed().as_secs_f64() * 1e3;
        h.replay.finish(&ft.report, FrameCost::Measured(wall));
        if let Some(tr) = tracer.as_mut() {
            tr.end(Traced {
                index: k as u64,
                start_ns,
                wall_ms: wall,
                playhead_ms: t,
                prepared: &prepared,
                timing: &ft,
                gpu: h.last_gpu_times().filter(|_| ft.gpu_ms.is_some()),
                quality: h.replay.governor().map_or(0, |g| g.quality() as u8),
            });
        }
        if governed && k % 30 == 0 {
            let used = h.replay.memory_used();
            h.replay.check_memory(used, h.replay.memory_budget());
        }
        standin_frames += usize::from(ft.report.standin);
        ink_seen(!h.renderer().draw_list(t).started().is_empty());
        frame_ms.push(wall);
        cpu_ms.push(ft.cpu_ms + stream_cpu);
        if let Some(g) = ft.gpu_ms {
            gpu_ms.push(g);
        }
        if let Some(s) = stop.filter(|&s| k >= s && frames_to_exact.is_none()) {
            if k > s {
                since_stop_ms += wall;
            }
            let full_res = h
                .renderer()
                .layer()
                .is_some_and(|l| l.size() == (cfg.width, cfg.height));
            // Exact: the playhead asked for (not an earlier moment the layer got to), all its
            // finished ink in the full-resolution layer, no stand-in.
            let at_playhead = ft.report.shown_ms >= t;
            if at_playhead && !ft.report.standin && ft.report.layer_pending == 0 && full_res {
                frames_to_exact = Some(k - s);
                ms_to_exact = Some(since_stop_ms);
            }
        }
        // Read after the frame's time is taken: the read is not part of the frame.
        let faults = crate::memory::major_faults();
        let major_faults = faults.zip(faults_before).map(|(n, b)| n.saturating_sub(b));
        faults_before = faults;
        let mut row = frame_row(k, t, &ft, &h, buffering);
        row.frame_ms = wall;
        row.cpu_ms += stream_cpu;
        row.major_faults = major_faults;
        rows.push(row);
        progress.advance(1);
        k += 1;
    }
    // Peers draw everything at once; measured frames are done.
    h.renderer_mut().set_layer_budget(None);
    // Finish loading and streaming (not measured) so the peers and memory figures see the whole
    // drawing.
    if cfg.scenario == Scenario::Load {
        h.replay.load_all(&h.gpu)?;
        if let Some(s) = h.replay.streamer() {
            load.tessellate = s.tessellate.as_secs_f64() * 1e3;
            load.upload = s.upload.as_secs_f64() * 1e3;
            // Making a still-arriving drawing's strokes, when a loader thread did it.
            load.import += s.import.as_secs_f64() * 1e3;
        }
    }
    let loader = if h.replay.streamer().is_some_and(|s| s.threaded()) {
        Loader::Thread
    } else {
        Loader::Frame
    };
    let drawing = match h.replay.close() {
        Some(i) => i.finish()?,
        None => crate::model::Drawing::default(),
    };
    if cfg.scenario == Scenario::Load {
        times = playheads(cfg.scenario, drawing.duration_ms(), cfg.frames, cfg.speed);
    }

    let frame = Summary::of(&frame_ms);
    let gpu = h.renderer().gpu_stats();
    let points = drawing.point_count();
    let geometry_bytes = gpu.vertices + gpu.indices + gpu.uniforms;
    let rss = crate::memory::rss_bytes().unwrap_or(0);
    let heap_peak = crate::memory::heap_peak_bytes();
    let heap_live = crate::memory::heap_live_bytes();
    let janky = frame_ms
        .iter()
        .filter(|&&f| f > cfg.budget_ms * 1.5)
        .count();

    let mut peers = Vec::new();
    if cfg.compare {
        peers = run_peers(cfg, &mut h, &drawing, &view, &times, frame.p99, progress)?;
    }
    progress.finish();

    let invariants = invariants(cfg, frame.p99, h.replay.memory_used());
    let glyphs = GlyphReport::of(&drawing, GlyphCounts::now().since(glyphs_before));
    let report = BenchReport {
        adapter: h.gpu.summary.clone(),
        input,
        scenario: cfg.scenario.name().into(),
        loader: loader.name().into(),
        strokes: drawing.strokes.len(),
        points,
        frames: frame_ms.len(),
        size: SizeReport {
            width: cfg.width,
            height: cfg.height,
        },
        aa: cfg.aa.name().into(),
        budget_ms: cfg.budget_ms,
        load_ms: load,
        first_ink_ms: first_ink,
        first_ink_from_open_ms: first_ink_open,
        governor: h.replay.governor().map(|g| GovernorReport {
            config: *g.config(),
            quality: g.quality(),
            stats: g.stats(),
            alerts: g.alerts().cloned().collect(),
        }),
        buffering_frames,
        standin_frames,
        frame_ms: frame,
        cpu_ms: Summary::of(&cpu_ms),
        gpu_ms: (!gpu_ms.is_empty()).then(|| Summary::of(&gpu_ms)),
        janky_frames: janky,
        frames_to_exact,
        ms_to_exact,
        checkpoints,
        no_governor_frame_ms: None,
        rss_bytes: rss,
        rss_baseline_bytes: rss_baseline,
        heap_bytes_peak: heap_peak,
        heap_bytes_live: heap_live,
        gpu_bytes: gpu.total(),
        gpu_by_kind: gpu,
        gpu_bytes_per_point: if points == 0 {
            0.0
        } else {
            geometry_bytes as f64 / points as f64
        },
        cache: h.replay.cache().stats(),
        glyphs,
        invariants,
        comparison: None,
        peers,
    };
    Ok(BenchRun {
        report,
        frames: rows,
        capture: tracer.map(Tracer::finish),
    })
}

/// Frames of the bundled sample first, as a player's window shows something before a file is
/// opened: targets allocated, every pipeline used once (a software rasterizer compiles lazily).
/// The run's cache counters then start from zero.
fn warm_up(h: &mut Headless, cfg: &BenchConfig) -> Result<(), Error> {
    let (sample, _) = crate::import::load_source(None, &cfg.limits)?;
    let end = sample.drawing.duration_ms();
    h.load(sample.drawing)?;
    h.frame_timed(end * 0.5, false)?;
    h.frame_timed(end, false)?;
    let budget = h.replay.cache().budget_bytes();
    h.replay.set_cache(crate::tess::MeshCache::new(budget));
    Ok(())
}

/// The input, as `load` shows it (still arriving: synthetic drawings are generated as they
/// stream in) or, for the other scenarios, completely loaded; and its name.
fn open(
    cfg: &BenchConfig,
) -> Result<
    (
        Option<crate::import::incoming::Incoming>,
        Option<crate::model::Drawing>,
        String,
    ),
    Error,
> {
    let (opened, input) =
        crate::import::incoming::Incoming::open_source(cfg.input.as_deref(), &cfg.limits)?;
    let (incoming, drawing) = if cfg.scenario == Scenario::Load {
        (Some(opened), None)
    } else {
        (None, Some(opened.finish()?))
    };
    // The peers draw pen strokes (one polyline each); comparing them on vector paths (fills,
    // several sub-paths) would time different pictures.
    if cfg.compare
        && drawing
            .iter()
            .flat_map(|d| &d.strokes)
            .any(|s| s.shape.is_some())
    {
        return Err(Error::Usage(format!(
            "{input}: --compare draws pen strokes only, and this drawing has vector paths \
             (fills or several sub-paths); run without --compare"
        )));
    }
    Ok((incoming, drawing, input))
}

/// Governed frames at playhead `t` until the layer's checkpoints are built (at least a second
/// of them, so the plan is made from a settled estimate of the layer's throughput).
fn build_checkpoints(h: &mut Headless, t: f64) -> Result<CheckpointReport, Error> {
    let start = Instant::now();
    let mut frames = 0;
    while frames < CHECKPOINT_FRAMES && (frames < 60 || !h.renderer().checkpoint_stats().complete) {
        h.frame_governed(t)?;
        frames += 1;
    }
    Ok(CheckpointReport {
        stats: h.renderer().checkpoint_stats(),
        build_ms: start.elapsed().as_secs_f64() * 1e3,
        build_frames: frames,
    })
}

/// The run's rules: the p99 frame inside the budget, the replay (heap and GPU) inside its memory
/// budget.
fn invariants(cfg: &BenchConfig, p99: f64, used: u64) -> Vec<Invariant> {
    vec![
        Invariant {
            name: "frame_ms.p99 <= budget_ms".into(),
            ok: p99 <= cfg.budget_ms,
            value: p99,
            limit: cfg.budget_ms,
        },
        Invariant {
            name: "heap_gpu_mb <= memory_budget_mb".into(),
            ok: (used as f64 / 1e6) <= cfg.memory_budget_mb,
            value: used as f64 / 1e6,
            limit: cfg.memory_budget_mb,
        },
    ]
}
