//! `inkplay bench --scenario soak --minutes N`: a drawing played for N minutes with the player's
//! own mix of actions, memory sampled every few seconds (see `soak_report.rs` for what is held).
//!
//! The drawing streams in under the governor, as the player opens a file, then a seeded mix of
//! actions runs a segment each (half a second to four seconds of frames): play at 1×, at 0.5× to
//! 4×, in reverse; a seek; a scrub (a drag's small jumps, frame by frame); a zoom in or out about
//! the centre and a pan (the retained layer is rebuilt, the old one standing in); a loop range
//! played round; the loop off again. The clock is the player's [`PlaybackClock`], held where the
//! ink is not ready, stepped 1/60 s a frame; frames run back to back. Every
//! [`SoakConfig::sample_s`] the process RSS, the heap, the GPU bytes and the GPU objects alive
//! are sampled, each time in the same state: the fitted view, paused at the end, frames drawn
//! until the layer is complete and its checkpoints are built (at most [`SETTLE_FRAMES`]). What a
//! state holds legitimately (a rebuild's spare layer, checkpoints half built) then differs
//! nothing between samples, and what remains is what the mix left behind.

use std::time::Instant;

use glam::Vec2;

use super::config::BenchConfig;
use super::soak_report::{SoakReport, SoakSample};
use crate::governor::GovernorConfig;
use crate::gpu::{GpuCategory, RenderSettings};
use crate::headless::Headless;
use crate::import::incoming::Incoming;
use crate::import::synthetic::SplitMix64;
use crate::model::Color;
use crate::playback::{LoopMode, PacingOptions, PlaybackClock};
use crate::progress::Progress;
use crate::replay::FrameCost;
use crate::stats::Summary;
use crate::view::View;
use crate::Error;

/// Frames drawn at most to reach the sampling state.
pub const SETTLE_FRAMES: u32 = 2000;

/// Frames whose times the percentiles are taken over (the last ones).
const FRAME_RING: usize = 20_000;

/// How long and how often.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoakConfig {
    /// Length of the soak, seconds.
    pub seconds: f64,
    /// Seconds between memory samples.
    pub sample_s: f64,
    /// Seed of the action mix.
    pub seed: u64,
}

impl SoakConfig {
    /// `minutes` long, sampled every 5 s (more often for a short soak: at least 40 samples).
    pub fn minutes(minutes: f64) -> Self {
        let seconds = minutes * 60.0;
        Self {
            seconds,
            sample_s: (seconds / 40.0).clamp(0.25, 5.0),
            seed: 0x50AC,
        }
    }
}

/// One action of the mix.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    Play,
    Speed(f64),
    Reverse,
    Seek,
    Scrub,
    Zoom(f32),
    Pan,
    LoopRange,
    LoopOff,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Play => "play",
            Action::Speed(_) => "speed",
            Action::Reverse => "reverse",
            Action::Seek => "seek",
            Action::Scrub => "scrub",
            Action::Zoom(_) => "zoom",
            Action::Pan => "pan",
            Action::LoopRange => "loop range",
            Action::LoopOff => "loop off",
        }
    }

    fn pick(rng: &mut SplitMix64) -> Self {
        match rng.next_u64() % 9 {
            0 => Action::Play,
            1 => Action::Speed([0.5, 2.0, 4.0][(rng.next_u64() % 3) as usize]),
            2 => Action::Reverse,
            3 => Action::Seek,
            4 => Action::Scrub,
            5 => Action::Zoom(if rng.next_u64() % 2 == 0 {
                1.5
            } else {
                1.0 / 1.5
            }),
            6 => Action::Pan,
            7 => Action::LoopRange,
            _ => Action::LoopOff,
        }
    }
}

/// Run the soak.
pub fn run(
    cfg: &BenchConfig,
    soak: &SoakConfig,
    progress: &mut dyn Progress,
) -> Result<SoakReport, Error> {
    let settings = RenderSettings {
        aa: cfg.aa,
        background: Color::WHITE,
    };
    let mut h = Headless::new(cfg.width, cfg.height, settings)?;
    h.replay.set_loader(cfg.loader);
    h.replay
        .set_memory_budget((cfg.memory_budget_mb * 1e6) as u64);
    let (incoming, input) = Incoming::open_source(cfg.input.as_deref(), &cfg.limits)?;
    let view = crate::view::Framing::default().view_for(
        incoming.page(),
        incoming.extent(),
        cfg.width,
        cfg.height,
    );
    let fit = view;
    h.set_governor(cfg.governor.map(|p| GovernorConfig {
        budget_ms: cfg.budget_ms,
        ..GovernorConfig::preset(p, 1000.0 / cfg.budget_ms)
    }));
    h.open(incoming, view);
    let mut clock = PlaybackClock::new(h.renderer().timeline(), PacingOptions::default());
    clock.play();
    let mut rng = SplitMix64::new(soak.seed);
    let mut report = SoakReport::new(
        &input,
        cfg,
        (soak.seconds, soak.sample_s),
        h.gpu.summary.clone(),
    );
    progress.start(soak.seconds.ceil() as u64);
    progress.stage("soak");
    let start = Instant::now();
    let mut next_sample = 0.0;
    // The last frames' times, in a ring allocated up front (a soak's own memory must not grow).
    let mut frame_ms = vec![0.0f64; FRAME_RING];
    let mut slowest = 0.0f64;
    let (mut segment_end, mut scrub) = (0usize, 0u32);
    let mut shown_s = 0u64;
    loop {
        let t_s = start.elapsed().as_secs_f64();
        if t_s >= next_sample {
            if h.replay.is_loaded() {
                report.settle_frames += settle(&mut h, &mut clock, fit)?;
            }
            let gpu = h.gpu_mem.stats();
            let checkpoint_objects = h.gpu_mem.live_allocations_in(GpuCategory::Checkpoints);
            let wgpu = h.gpu.wgpu_objects();
            report.samples.push(SoakSample {
                t_s,
                frames: report.frames,
                rss_bytes: crate::memory::rss_bytes().unwrap_or(0),
                heap_live_bytes: crate::memory::heap_live_bytes(),
                gpu_bytes: gpu.total() - gpu.checkpoints,
                gpu_objects: h.gpu_mem.live_allocations() - checkpoint_objects,
                // Each checkpoint is one wgpu object (a buffer).
                wgpu_objects: wgpu.objects.saturating_sub(checkpoint_objects),
                wgpu_memory_blocks: wgpu.memory_blocks,
                checkpoint_bytes: gpu.checkpoints,
                checkpoint_budget_bytes: h.renderer().checkpoint_stats().budget_bytes,
                mesh_cache_bytes: h.replay.cache().stats().bytes as u64,
            });
            next_sample += soak.sample_s;
        }
        if t_s >= soak.seconds {
            break;
        }
        if t_s.floor() as u64 > shown_s {
            progress.advance(t_s.floor() as u64 - shown_s);
            shown_s = t_s.floor() as u64;
        }
        let loaded = h.replay.is_loaded();
        // A new action once the drawing is on the GPU and the last one's segment is over.
        if loaded && report.frames >= segment_end as u64 {
            let a = Action::pick(&mut rng);
            *report.actions.entry(a.name()).or_insert(0) += 1;
            let duration = clock.duration_ms();
            match a {
                Action::Play => {
                    clock.set_speed(1.0);
                    clock.set_reverse(false);
                    clock.play();
                }
                Action::Speed(s) => {
                    clock.set_speed(s);
                    clock.play();
                }
                Action::Reverse => {
                    clock.set_reverse(!clock.is_reverse());
                    clock.play();
                }
                Action::Seek => clock.seek_drawing(rng.range(0.0, duration)),
                Action::Scrub => {
                    clock.pause();
                    scrub = 20;
                }
                Action::Zoom(f) => {
                    let centre = Vec2::new(cfg.width as f32, cfg.height as f32) * 0.5;
                    let v = h.renderer().view().zoom_about(centre, f);
                    // Between the fitted view and 8× it.
                    if v.scale >= fit.scale * 0.99 && v.scale <= fit.scale * 8.0 {
                        h.renderer_mut().set_view(v);
                    }
                }
                Action::Pan => {
                    let mut v = h.renderer().view();
                    v.offset +=
                        Vec2::new(rng.range(-80.0, 80.0) as f32, rng.range(-60.0, 60.0) as f32);
                    h.renderer_mut().set_view(v);
                }
                Action::LoopRange => {
                    let a = rng.range(0.0, duration);
                    let b = (a + rng.range(200.0, 3000.0)).min(duration);
                    clock.set_loop(LoopMode::Range {
                        start_ms: a,
                        end_ms: b,
                    });
                    clock.seek_drawing(a);
                    clock.play();
                }
                Action::LoopOff => clock.set_loop(LoopMode::All),
            }
            segment_end = report.frames as usize + 30 + (rng.next_u64() % 210) as usize;
        }
        if scrub > 0 {
            // A drag: small jumps about the playhead, one a frame.
            let d = clock.duration_ms();
            let t = (clock.drawing_ms() + rng.range(-0.03, 0.03) * d).clamp(0.0, d);
            clock.seek_drawing(t);
            scrub -= 1;
        }
        if !loaded {
            clock.set_timeline(h.renderer().timeline());
        }
        clock.advance(1.0 / 60.0);
        let f0 = Instant::now();
        let playhead = clock.drawing_ms();
        let prepared = h.prepare(playhead)?;
        if let Some(e) = prepared.import_error {
            return Err(e.into());
        }
        let ready = h.replay.ready_until(playhead);
        clock.set_hold(ready.is_finite().then_some(ready));
        let ft = h.frame_timed(playhead.min(ready), false)?;
        let wall = f0.elapsed().as_secs_f64() * 1e3;
        h.replay.finish(&ft.report, FrameCost::Measured(wall));
        frame_ms[(report.frames % FRAME_RING as u64) as usize] = wall;
        slowest = slowest.max(wall);
        report.frames += 1;
    }
    frame_ms.truncate((report.frames as usize).min(FRAME_RING));
    report.frame_ms = Summary::of(&frame_ms);
    report.checkpoint_budget_bytes = report
        .samples
        .iter()
        .map(|s| s.checkpoint_budget_bytes)
        .max()
        .unwrap_or(0);
    report.frame_ms_max = slowest;
    report.quality = h.replay.governor().map(|g| format!("{:?}", g.quality()));
    report.finish();
    Ok(report)
}

/// Bring the replay to the sampling state (see the module docs); the frames it took.
fn settle(h: &mut Headless, clock: &mut PlaybackClock, fit: View) -> Result<u32, Error> {
    h.renderer_mut().set_view(fit);
    clock.set_loop(LoopMode::Off);
    clock.set_speed(1.0);
    clock.set_reverse(false);
    clock.to_end();
    clock.pause();
    let t = clock.drawing_ms();
    for n in 0..SETTLE_FRAMES {
        let ft = h.frame_governed(t)?;
        let r = h.renderer();
        let built = h.replay.governor().is_none() || r.checkpoint_stats().complete;
        if !ft.report.standin && ft.report.layer_pending == 0 && !r.rebuilding() && built {
            return Ok(n + 1);
        }
    }
    Ok(SETTLE_FRAMES)
}
