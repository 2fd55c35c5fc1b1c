//! `inkplay bench`: headless render benchmarks with machine-readable reports.
//!
//! # How it works
//! The drawing is loaded exactly as `render` loads it and drawn through the same [`Renderer`]
//! (via [`Headless`]) into an offscreen target. After a few warm-up frames, each measured frame is
//! encoded, submitted and *waited for*, so `frame_ms` is the real time until the GPU finished;
//! `cpu_ms` is the main thread's CPU time to encode and submit; `gpu_ms` comes from timestamp
//! queries where the device has them. Scenarios choose the playheads:
//! - `playback`: the whole drawing at a fixed step so the frames cover it (or `--speed` × 60 fps
//!   real time);
//! - `seek`: uniformly random playheads (fixed seed), so the layer is rebuilt after every backwards jump;
//! - `load`: playback from 0 while the drawing streams in, as much per frame as the governor
//!   grants ([`STREAM_BATCH`] strokes with the governor off); that work is inside the frame time,
//!   and the playhead waits where ink is not on the GPU yet;
//! - `static`: the finished drawing redrawn every frame;
//! - `rebuild`: the finished drawing, then a 1.5× zoom about the centre at a third of the frames
//!   and a seek back to half-way at two thirds: the retained layer is rebuilt twice.
//!
//! With the governor on (the default), each frame first asks the governor ([`Replay::prepare`](crate::replay::Replay::prepare)) how much
//! layer work and streaming fit in the budget; in `load` the playhead waits ("buffering") when it
//! reaches ink that is not on the GPU yet.
//!
//! `--compare` then draws the *same* frames with the [`peers`]. Memory is the process RSS (on a
//! software adapter "GPU" buffers live there too), the heap peak from the counting allocator and the
//! gpu_mem's exact GPU byte count.
//!
//! [`Renderer`]: crate::gpu::Renderer

pub mod peers;
pub mod report;

use std::time::Instant;

use crate::governor::{GovernorConfig, Preset};
use crate::gpu::{AntiAlias, RenderSettings};
use crate::headless::Headless;
use crate::import::synthetic::SplitMix64;
use crate::model::Color;
use crate::replay::FrameCost;
use crate::view::View;
use crate::Error;

pub use report::{
    BenchReport, FrameRow, GovernorReport, Invariant, LoadMs, PeerFrame, PeerReport, SizeReport,
    Summary,
};

/// Strokes tessellated and uploaded per frame in the `load` scenario without the governor (the
/// player's batch in the same case).
pub const STREAM_BATCH: usize = crate::stream::DEFAULT_STREAM_BATCH;

/// Which playheads the frames show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// Play the whole drawing.
    Playback,
    /// Random seeks.
    Seek,
    /// Play while the drawing streams in.
    Load,
    /// Redraw the finished drawing.
    Static,
    /// Finished drawing, then a zoom and a backwards seek (two layer rebuilds).
    Rebuild,
}

impl Scenario {
    /// Name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Playback => "playback",
            Scenario::Seek => "seek",
            Scenario::Load => "load",
            Scenario::Static => "static",
            Scenario::Rebuild => "rebuild",
        }
    }
}

/// Everything a bench run needs.
#[derive(Debug, Clone)]
pub struct BenchConfig {
    /// Source spec (`None` = bundled sample).
    pub input: Option<String>,
    /// Import limits for the input.
    pub limits: crate::import::ImportLimits,
    /// Measured frames.
    pub frames: usize,
    /// Warm-up frames (not measured).
    pub warmup: usize,
    /// Target width.
    pub width: u32,
    /// Target height.
    pub height: u32,
    /// Antialiasing.
    pub aa: AntiAlias,
    /// Scenario.
    pub scenario: Scenario,
    /// Playback speed (× real time at 60 fps); `None` = cover the drawing in `frames`.
    pub speed: Option<f64>,
    /// Frame budget, ms.
    pub budget_ms: f64,
    /// Memory budget for RSS, MB.
    pub memory_budget_mb: f64,
    /// Also measure the peers.
    pub compare: bool,
    /// The frame-budget governor's preset (`None`: governor off, all work done at once).
    pub governor: Option<Preset>,
}

impl Default for BenchConfig {
    fn default() -> Self {
        Self {
            input: None,
            limits: crate::import::ImportLimits::default(),
            frames: 600,
            warmup: 5,
            width: 1280,
            height: 720,
            aa: AntiAlias::Analytic,
            scenario: Scenario::Playback,
            speed: None,
            budget_ms: 16.7,
            memory_budget_mb: 100.0,
            compare: false,
            governor: Some(Preset::Default),
        }
    }
}

/// Playheads of the measured frames.
pub fn playheads(
    scenario: Scenario,
    duration_ms: f64,
    frames: usize,
    speed: Option<f64>,
) -> Vec<f64> {
    let step = match speed {
        Some(s) => 1000.0 / 60.0 * s,
        None => duration_ms / frames.max(1) as f64,
    };
    match scenario {
        Scenario::Playback | Scenario::Load => (1..=frames)
            .map(|k| (k as f64 * step).min(duration_ms))
            .collect(),
        Scenario::Static => vec![duration_ms; frames],
        Scenario::Rebuild => (0..frames)
            .map(|k| {
                if k < 2 * frames / 3 {
                    duration_ms
                } else {
                    duration_ms * 0.5
                }
            })
            .collect(),
        Scenario::Seek => {
            let mut rng = SplitMix64::new(0x5eed);
            (0..frames).map(|_| rng.unit() * duration_ms).collect()
        }
    }
}

/// Where a run reports how far it is (the `inkplay` binary draws a progress bar). Every method
/// has an empty default, so `&mut ()` reports nowhere.
pub trait Progress {
    /// The run will take `frames` frames in all (measured, warm-up and peers').
    fn start(&mut self, frames: u64) {
        let _ = frames;
    }
    /// What is being measured now (`inkplay`, a peer's name).
    fn stage(&mut self, name: &str) {
        let _ = name;
    }
    /// `frames` more frames are done.
    fn advance(&mut self, frames: u64) {
        let _ = frames;
    }
    /// The run is over.
    fn finish(&mut self) {}
}

impl Progress for () {}

/// Run a benchmark. Returns the report and one row per measured frame.
pub fn run(
    cfg: &BenchConfig,
    progress: &mut dyn Progress,
) -> Result<(BenchReport, Vec<FrameRow>), Error> {
    crate::memory::reset_heap_peak();
    // The device and pipelines exist before loading starts (as in the player, where the window is
    // up before a file is opened), so first ink measures import + tessellation + upload + a frame.
    let settings = RenderSettings {
        aa: cfg.aa,
        background: Color::WHITE,
    };
    let mut h = Headless::new(cfg.width, cfg.height, settings)?;
    // Frames of the bundled sample first, as a player's window shows something before a file is
    // opened: targets allocated, every pipeline used once (a software rasterizer compiles lazily).
    {
        let (sample, _) = crate::import::load_source(None, &cfg.limits)?;
        let end = sample.drawing.duration_ms();
        h.load(sample.drawing)?;
        h.frame_timed(end * 0.5, false)?;
        h.frame_timed(end, false)?;
        // The run's cache counters start from zero.
        let budget = h.replay.cache().budget_bytes();
        h.replay.set_cache(crate::tess::MeshCache::new(budget));
    }
    let rss_baseline = crate::memory::rss_bytes().unwrap_or(0);
    let load_start = Instant::now();
    // `load` shows the drawing while it is still being imported (synthetic drawings are generated
    // as they stream in); the other scenarios measure a drawing that is completely loaded.
    let (opened, input) =
        crate::import::incoming::Incoming::open_source(cfg.input.as_deref(), &cfg.limits)?;
    let (incoming, drawing) = if cfg.scenario == Scenario::Load {
        (Some(opened), None)
    } else {
        (None, Some(opened.finish()?))
    };
    let import_ms = load_start.elapsed().as_secs_f64() * 1e3;
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
    let gpu_load_start = Instant::now();
    let view = match (&drawing, &incoming) {
        (Some(d), _) => crate::stream::fit_view(d, cfg.width, cfg.height),
        (None, Some(i)) => crate::stream::fit_view_incoming(i, cfg.width, cfg.height),
        (None, None) => View::default(),
    };
    let duration = drawing.as_ref().map_or(0.0, |d| d.duration_ms());
    let mut times = playheads(cfg.scenario, duration, cfg.frames, cfg.speed);
    let peer_frames = if cfg.compare {
        3 * (times.len() + 2)
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
    let mut rows = Vec::with_capacity(times.len());
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
    h.set_governor(cfg.governor.map(|p| GovernorConfig {
        budget_ms: cfg.budget_ms,
        ..GovernorConfig::preset(p, 1000.0 / cfg.budget_ms)
    }));
    h.replay.set_stream_batch(STREAM_BATCH);
    let governed = cfg.governor.is_some();
    // `load` plays on from where it is, waiting for ink that is not there yet.
    let mut load_playhead = 0.0f64;
    let (mut buffering_frames, mut standin_frames) = (0, 0);
    for (k, &scheduled) in times.iter().enumerate() {
        if cfg.scenario == Scenario::Rebuild && k == times.len() / 3 {
            let centre = glam::Vec2::new(cfg.width as f32, cfg.height as f32) * 0.5;
            let v = h.renderer().view().zoom_about(centre, 1.5);
            h.renderer_mut().set_view(v);
        }
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
        if let Some(e) = h.prepare(t)?.import_error {
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
        if governed && k % 30 == 0 {
            let rss = crate::memory::rss_bytes().unwrap_or(0);
            h.replay
                .check_memory(rss, (cfg.memory_budget_mb * 1e6) as u64);
        }
        standin_frames += usize::from(ft.report.standin);
        ink_seen(!h.renderer().draw_list(t).started().is_empty());
        frame_ms.push(wall);
        cpu_ms.push(ft.cpu_ms + stream_cpu);
        if let Some(g) = ft.gpu_ms {
            gpu_ms.push(g);
        }
        rows.push(FrameRow {
            frame: k,
            playhead_ms: t,
            frame_ms: wall,
            cpu_ms: ft.cpu_ms + stream_cpu,
            gpu_ms: ft.gpu_ms,
            layer_strokes_added: ft.report.layer_strokes_added,
            layer_rebuilt: ft.report.layer_rebuilt,
            live_strokes: ft.report.live_strokes,
            uploaded_strokes: h.renderer().geometry().map_or(0, |g| g.uploaded),
            layer_pending: ft.report.layer_pending,
            standin: ft.report.standin,
            buffering,
        });
        progress.advance(1);
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
        }
    }
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
    let janky = frame_ms
        .iter()
        .filter(|&&f| f > cfg.budget_ms * 1.5)
        .count();

    let mut peers = Vec::new();
    if cfg.compare {
        peers = run_peers(cfg, &mut h, &drawing, &view, &times, frame.p99, progress)?;
    }
    progress.finish();

    let invariants = vec![
        Invariant {
            name: "frame_ms.p99 <= budget_ms".into(),
            ok: frame.p99 <= cfg.budget_ms,
            value: frame.p99,
            limit: cfg.budget_ms,
        },
        Invariant {
            name: "rss_mb <= memory_budget_mb".into(),
            ok: (rss as f64 / 1e6) <= cfg.memory_budget_mb,
            value: rss as f64 / 1e6,
            limit: cfg.memory_budget_mb,
        },
    ];
    let report = BenchReport {
        adapter: h.gpu.summary.clone(),
        input,
        scenario: cfg.scenario.name().into(),
        strokes: drawing.strokes.len(),
        points,
        frames: times.len(),
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
        rss_bytes: rss,
        rss_baseline_bytes: rss_baseline,
        heap_bytes_peak: heap_peak,
        gpu_bytes: gpu.total(),
        gpu_bytes_per_point: if points == 0 {
            0.0
        } else {
            geometry_bytes as f64 / points as f64
        },
        cache: h.replay.cache().stats(),
        invariants,
        peers,
    };
    Ok((report, rows))
}

fn run_peers(
    cfg: &BenchConfig,
    h: &mut Headless,
    drawing: &crate::model::Drawing,
    view: &View,
    times: &[f64],
    inkplay_p99: f64,
    progress: &mut dyn Progress,
) -> Result<Vec<PeerReport>, Error> {
    let timeline = crate::playback::Timeline::new(drawing);
    let ratio = |p99: f64| {
        if inkplay_p99 > 0.0 {
            p99 / inkplay_p99
        } else {
            0.0
        }
    };
    let mut out = Vec::new();
    let warm = times.first().copied().unwrap_or(0.0);

    // Each peer draws two warm-up frames, then the measured playheads.
    let mut measure =
        |name: &str, note: String, frame: &mut dyn FnMut(f64) -> Result<f64, Error>| {
            progress.stage(name);
            let mut v = Vec::with_capacity(times.len());
            for k in 0..times.len() + 2 {
                let t = if k < 2 { warm } else { times[k - 2] };
                let ms = frame(t)?;
                if k >= 2 {
                    v.push(ms);
                }
                progress.advance(1);
            }
            let s = Summary::of(&v);
            Ok::<_, Error>(PeerReport {
                name: name.into(),
                frame_ms: PeerFrame {
                    p50: s.p50,
                    p99: s.p99,
                },
                ratio_p99: ratio(s.p99),
                note,
            })
        };

    out.push(measure(
        "draw-all",
        format!(
            "inkplay's cached lyon geometry, every started stroke redrawn each frame, aa {}",
            cfg.aa.name()
        ),
        &mut |t| Ok(h.frame_timed(t, true)?.wall_ms),
    )?);
    let mut ep = peers::EpaintPeer::new(&h.gpu, &h.gpu_mem, cfg.width, cfg.height)?;
    out.push(measure(
        "epaint",
        "egui's painter: epaint tessellates the visible strokes every frame (1-px feathering, \
         constant width), egui-wgpu draws them"
            .into(),
        &mut |t| Ok(ep.frame(&h.gpu, drawing, timeline.started(t), view, t)?),
    )?);
    let mut ts = peers::TinySkiaPeer::new(cfg.width, cfg.height)
        .ok_or_else(|| Error::Usage("image size too large for tiny-skia".into()))?;
    out.push(measure(
        "tiny-skia",
        "CPU rasterisation, anti-aliased paths, every visible stroke redrawn from scratch each \
         frame, one thread"
            .into(),
        &mut |t| Ok(ts.frame(drawing, timeline.started(t), view, t)),
    )?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playheads_cover_the_drawing() {
        let p = playheads(Scenario::Playback, 1000.0, 10, None);
        assert_eq!(p.len(), 10);
        assert_eq!(p[9], 1000.0);
        assert!(p.windows(2).all(|w| w[0] < w[1]));
        let s = playheads(Scenario::Playback, 1e9, 3, Some(2.0));
        assert!((s[0] - 33.333).abs() < 0.01);
        assert!(playheads(Scenario::Static, 500.0, 4, None)
            .iter()
            .all(|&t| t == 500.0));
        let seek = playheads(Scenario::Seek, 500.0, 100, None);
        assert!(seek.iter().all(|&t| (0.0..=500.0).contains(&t)));
        assert!(
            seek.windows(2).any(|w| w[1] < w[0]),
            "seeks go backwards too"
        );
        assert_eq!(
            seek,
            playheads(Scenario::Seek, 500.0, 100, None),
            "deterministic"
        );
    }
}
