//! The player's state: [`App`] (clock, view, overlay state, queued actions, statistics, the
//! report being kept), [`Gfx`] (what exists once the window does) and the [`Scene`] showing.
//! What `App` does is spread over its sibling files: `events` (winit's callbacks), `surface`
//! (window and device set-up, resizing), `navigation` (fit, zoom, open), `apply` (actions),
//! `frame` (one frame), `egui_pass`, `screenshot`, `recover` (a lost device) and `finish` (the
//! report at the end).

use std::collections::{BTreeSet, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use glam::Vec2;
use winit::keyboard::ModifiersState;
use winit::window::Window;

use super::actions::{Action, ScriptStep};
use super::options::PlayOptions;
use super::overlay;
use super::report::PlayReport;
use super::stats::{FrameStats, MemoryHistory};
use crate::gpu::{Gpu, GpuMemory};
use crate::import::incoming::Incoming;
use crate::model::BBox;
use crate::playback::PlaybackClock;
use crate::profile::Recorder;
use crate::replay::Replay;
use crate::view::View;
use crate::Error;

/// The drawing being shown (the drawing itself, and how far it has streamed in, are the replay's).
#[derive(Debug)]
pub(super) struct Scene {
    pub(super) name: String,
    pub(super) id: u64,
    /// Ink bounds (computed once: fitting must not walk the drawing every frame).
    pub(super) ink: Option<BBox>,
    /// The page the drawing was drawn on, when its source records one.
    pub(super) page: Option<BBox>,
}

/// Window, surface, device, renderer and egui: everything that needs the window to exist.
pub(super) struct Gfx {
    pub(super) window: Arc<Window>,
    pub(super) surface: wgpu::Surface<'static>,
    pub(super) config: wgpu::SurfaceConfiguration,
    pub(super) can_read_back: bool,
    pub(super) gpu: Gpu,
    pub(super) gpu_mem: GpuMemory,
    /// Drawing, renderer, mesh cache, governor: the frame orchestrator.
    pub(super) replay: Replay,
    pub(super) egui_ctx: egui::Context,
    pub(super) egui_state: egui_winit::State,
    pub(super) egui_renderer: egui_wgpu::Renderer,
}

impl std::fmt::Debug for Gfx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gfx")
            .field("config", &self.config)
            .field("adapter", &self.gpu.summary)
            .finish_non_exhaustive()
    }
}

/// The player: everything the window, the overlay and the frames share.
pub(super) struct App {
    pub(super) opts: PlayOptions,
    pub(super) gfx: Option<Gfx>,
    pub(super) scene: Option<Scene>,
    pub(super) pending: Option<(Incoming, String)>,
    pub(super) next_id: u64,
    pub(super) clock: PlaybackClock,
    pub(super) view: View,
    pub(super) fitted: bool,
    pub(super) ui: overlay::UiState,
    pub(super) actions: Vec<Action>,
    pub(super) script: VecDeque<ScriptStep>,
    pub(super) screenshots: Vec<PathBuf>,
    pub(super) loop_marks: (Option<f64>, Option<f64>),
    pub(super) resume_after_scrub: bool,
    pub(super) modifiers: ModifiersState,
    pub(super) cursor: Option<Vec2>,
    pub(super) dragging: bool,
    pub(super) frame_index: u64,
    pub(super) last_frame: Option<Instant>,
    pub(super) started: Instant,
    pub(super) frame_stats: FrameStats,
    /// Recent frames' GPU passes (the frame-time panel's breakdown).
    pub(super) pass_stats: super::pass_stats::PassStats,
    pub(super) memory: MemoryHistory,
    pub(super) report: PlayReport,
    pub(super) scopes: Arc<Mutex<BTreeSet<String>>>,
    pub(super) puffin_server: Option<puffin_http::Server>,
    pub(super) fatal: Option<Error>,
    pub(super) redraw_at: Option<Instant>,
    /// The last frames, for a profile capture and the frame-time plot's clicks.
    pub(super) recorder: Recorder,
    /// A capture being written.
    pub(super) capture_job: Option<super::profiling::CaptureJob>,
    pub(super) buffering: bool,
    /// The source spec of the drawing showing (where an export goes: beside it).
    pub(super) source: String,
    /// An export running beside playback.
    pub(super) export: Option<super::export_job::Running>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("gfx", &self.gfx)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Set the clock up as the options say; the drawing is shown once the window exists.
    pub(super) fn new(
        opts: PlayOptions,
        incoming: Incoming,
        name: String,
        source: String,
        scopes: Arc<Mutex<BTreeSet<String>>>,
        puffin_server: Option<puffin_http::Server>,
    ) -> Self {
        let timeline = crate::playback::Timeline::new(incoming.drawing());
        let mut clock = PlaybackClock::new(&timeline, opts.pacing);
        clock.set_speed(opts.speed);
        clock.set_reverse(opts.reverse);
        clock.set_loop(opts.loop_mode);
        clock.frame_s = opts.step_ms / 1e3;
        if let Some(t) = opts.start_at {
            clock.seek_drawing(t.resolve(incoming.drawing().duration_ms()));
        } else if opts.reverse {
            clock.to_end();
        }
        if !opts.paused {
            clock.play();
        }
        let budget_ms = 1000.0 / opts.target_fps.unwrap_or(60.0);
        let mut ui = overlay::UiState::default();
        ui.panels = opts.panels;
        Self {
            script: opts.script.iter().cloned().collect(),
            gfx: None,
            scene: None,
            pending: Some((incoming, name)),
            next_id: 0,
            clock,
            view: View::default(),
            fitted: true,
            ui,
            actions: Vec::new(),
            screenshots: Vec::new(),
            loop_marks: (None, None),
            resume_after_scrub: false,
            modifiers: ModifiersState::empty(),
            cursor: None,
            dragging: false,
            frame_index: 0,
            last_frame: None,
            started: Instant::now(),
            frame_stats: FrameStats::new(budget_ms),
            pass_stats: Default::default(),
            memory: MemoryHistory::default(),
            report: PlayReport::default(),
            scopes,
            puffin_server,
            fatal: None,
            redraw_at: None,
            recorder: Recorder::new(
                opts.capture
                    .unwrap_or(super::profiling::DEFAULT_CAPTURE_FRAMES),
            ),
            capture_job: None,
            buffering: false,
            source,
            export: None,
            opts,
        }
    }
}

/// An error the user should see without the player stopping: logged, kept for the report and
/// shown in the overlay until dismissed.
pub(super) fn show_error(report: &mut PlayReport, ui: &mut overlay::UiState, msg: String) {
    log::warn!("{msg}");
    report.errors.push(msg.clone());
    ui.error = Some(msg);
}
