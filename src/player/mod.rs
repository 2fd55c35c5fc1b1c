//! The interactive player: a winit window whose surface is just another target for the same
//! [`Renderer`](crate::gpu::Renderer) the headless path uses, with the egui overlay drawn in the same frame.
//!
//! # One frame
//! `input` (queued key/script/overlay [`Action`]s) → `clock` (the [`PlaybackClock`] is handed the
//! frame's `dt`) → `egui_ui` (the overlay reads the state, emits actions) → `prepare` (one streaming
//! batch while a drawing loads, the view) → `acquire` → `encode` (retained layer + live strokes
//! into the surface texture) → `egui_paint` → `submit` → `present`. Each is a puffin scope; the
//! tessellation workers and wgpu's own `profiling` scopes show up in the same profiler.
//!
//! # Automation
//! `--frames N` steps the clock by a fixed `dt`, runs `--script` actions at given frames, saves
//! `--screenshot` from the surface texture after the last frame (overlay included) and exits;
//! `--report` writes what the player did as JSON (for tests and CI).

mod actions;
mod overlay;
mod stats;

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use glam::Vec2;
use serde::Serialize;
use winit::application::ApplicationHandler;
use winit::event::{ElementState, MouseButton, MouseScrollDelta, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop};
use winit::keyboard::ModifiersState;
use winit::window::{Window, WindowId};

pub use actions::{
    action_for_key, parse_action, parse_pacing, parse_script, Action, Panel, ScriptStep, SHORTCUTS,
};
pub use overlay::Panels;
pub use stats::{FrameStats, FrameSummary, MemoryHistory, MemorySample};

use crate::governor::{Alert, GovernorConfig, GovernorStats, Preset, Quality};
use crate::gpu::{
    read_texture_rgba8, AdapterSummary, FrameTarget, Gpu, GpuContext, GpuError, GpuMemStats,
    GpuMemory, GpuTimerRing, RenderSettings,
};
use crate::import::incoming::Incoming;
use crate::model::BBox;
use crate::playback::{LoopMode, Pacing, PacingOptions, PlaybackClock, TimeSpec};
use crate::replay::{FrameCost, Replay};
use crate::stream::DEFAULT_STREAM_BATCH;
use crate::tess::CacheStats;
use crate::view::View;
use crate::Error;

/// Everything `inkplay play` can be told.
#[derive(Debug, Clone)]
pub struct PlayOptions {
    /// A source spec (file, `FILE#N`, `synthetic:N`); `None` plays the bundled sample.
    pub source: Option<String>,
    /// Import limits for the source and for files dropped on the window.
    pub limits: crate::import::ImportLimits,
    /// Window inner size in logical pixels.
    pub size: (u32, u32),
    /// Antialiasing and background.
    pub settings: RenderSettings,
    /// Wait for vertical blank (Fifo) or not (Immediate/Mailbox where available).
    pub vsync: bool,
    /// Pacing.
    pub pacing: PacingOptions,
    /// Speed (×).
    pub speed: f64,
    /// Start playing backwards.
    pub reverse: bool,
    /// Loop mode.
    pub loop_mode: LoopMode,
    /// Where to start.
    pub start_at: Option<TimeSpec>,
    /// Start paused.
    pub paused: bool,
    /// Panels open at start.
    pub panels: Panels,
    /// Serve puffin frames on this address (for puffin_viewer).
    pub puffin_http: Option<String>,
    /// Run this many frames at a fixed step, then exit.
    pub frames: Option<u64>,
    /// The fixed step for `frames` (ms).
    pub step_ms: f64,
    /// Save the last frame (overlay included) here.
    pub screenshot: Option<PathBuf>,
    /// Scripted actions.
    pub script: Vec<ScriptStep>,
    /// Write a JSON report here on exit.
    pub report: Option<PathBuf>,
    /// Frame budget from this rate instead of the monitor's.
    pub target_fps: Option<f64>,
    /// Strokes streamed per frame while loading when the governor is off.
    pub stream_batch: usize,
    /// The frame-budget governor's preset (`None`: off; then `stream_batch` strokes stream in per
    /// frame and the layer always catches up at once).
    pub governor: Option<Preset>,
    /// Raise a memory alert when the process RSS exceeds this (MB).
    pub memory_budget_mb: Option<f64>,
}

impl Default for PlayOptions {
    fn default() -> Self {
        Self {
            source: None,
            limits: crate::import::ImportLimits::default(),
            size: (1280, 720),
            settings: RenderSettings::default(),
            vsync: true,
            pacing: PacingOptions::default(),
            speed: 1.0,
            reverse: false,
            loop_mode: LoopMode::Off,
            start_at: None,
            paused: false,
            panels: Panels::default(),
            puffin_http: None,
            frames: None,
            step_ms: 1000.0 / 60.0,
            screenshot: None,
            script: Vec::new(),
            report: None,
            target_fps: None,
            stream_batch: DEFAULT_STREAM_BATCH,
            governor: Some(Preset::Default),
            memory_budget_mb: None,
        }
    }
}

/// What the player did (written by `--report`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlayReport {
    /// The drawing showing at exit.
    pub name: String,
    /// Its strokes.
    pub strokes: usize,
    /// Strokes on the GPU at exit.
    pub uploaded: u32,
    /// Frames drawn.
    pub frames: u64,
    /// Drawing time at the playhead (ms).
    pub drawing_ms: f64,
    /// Presentation time at the playhead (ms).
    pub position_ms: f64,
    /// Presentation duration (ms).
    pub duration_ms: f64,
    /// Whether playing at exit.
    pub playing: bool,
    /// Speed (×).
    pub speed: f64,
    /// Playing backwards.
    pub reverse: bool,
    /// Loop mode.
    pub loop_mode: String,
    /// Pacing.
    pub pacing: String,
    /// Zoom relative to the fitted view.
    pub zoom: f32,
    /// Overlay and panels showing at exit.
    pub overlay: bool,
    /// Profiler window open.
    pub profiler: bool,
    /// Memory panel open.
    pub memory_panel: bool,
    /// Frame-time panel open.
    pub frames_panel: bool,
    /// Help open.
    pub help: bool,
    /// Errors shown in the overlay (bad files, failed screenshots).
    pub errors: Vec<String>,
    /// Screenshots saved.
    pub screenshots: Vec<String>,
    /// GPU bytes at exit.
    pub gpu: GpuMemStats,
    /// Mesh cache at exit.
    pub cache: CacheStats,
    /// Frames drawn after the drawing was completely on the GPU (and not resized or read back, and
    /// without a quality step).
    pub steady_frames: u64,
    /// GPU buffers/textures inkplay created during those frames (should be 0).
    pub steady_gpu_allocations: u64,
    /// Strokes tessellated during those frames (should be 0: tessellated once).
    pub steady_tessellations: u64,
    /// Frames in which the retained layer was rebuilt (backwards seeks, view changes).
    pub layer_rebuilds: u64,
    /// Frames where the playhead waited for ink still streaming in.
    pub buffering_frames: u64,
    /// Frames where the previous layer stood in for one being rebuilt.
    pub standin_frames: u64,
    /// Frames timed on the GPU (timestamp queries read a few frames late).
    pub gpu_timed_frames: u64,
    /// The governor: preset, final quality, counters and learned costs, alerts (`None`: off).
    pub governor: Option<PlayGovernorReport>,
    /// Frame-time percentiles.
    pub frame_times: FrameSummary,
    /// The budget (ms).
    pub budget_ms: f64,
    /// Frames over 1.5× the budget.
    pub janky_frames: u64,
    /// Puffin scopes that ran (inkplay's, the tessellation workers', wgpu's, egui's).
    pub scopes: Vec<String>,
    /// The adapter.
    pub adapter: Option<AdapterSummary>,
    /// Present mode.
    pub present_mode: String,
    /// Surface size (physical pixels).
    pub surface_size: (u32, u32),
    /// Window scale factor.
    pub scale_factor: f64,
}

/// The governor's part of [`PlayReport`].
#[derive(Debug, Clone, Serialize)]
pub struct PlayGovernorReport {
    /// Preset name.
    pub preset: String,
    /// Budget (ms).
    pub budget_ms: f64,
    /// Quality at exit.
    pub quality: Quality,
    /// Counters and learned costs.
    pub stats: GovernorStats,
    /// Alerts raised.
    pub alerts: Vec<Alert>,
}

/// Whether a window can be opened here (on Linux and the BSDs: an X11 or Wayland display).
pub fn display_available() -> bool {
    if cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )) {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        set("DISPLAY") || set("WAYLAND_DISPLAY")
    } else {
        true
    }
}

/// The message for a machine without a display.
pub fn no_display_hint(detail: &str) -> String {
    format!(
        "the player needs a window, but {detail}.\n\
         Without a display:\n  \
         inkplay render [FILE] --at 50% -o frame.png   render a frame to PNG (headless)\n  \
         inkplay bench [FILE]                          measure frame times (headless)\n  \
         xvfb-run -s '-screen 0 1280x800x24' inkplay play [FILE]   play on a virtual display"
    )
}

/// An error the user should see without the player stopping: logged, kept for the report and
/// shown in the overlay until dismissed.
fn show_error(report: &mut PlayReport, ui: &mut overlay::UiState, msg: String) {
    log::warn!("{msg}");
    report.errors.push(msg.clone());
    ui.error = Some(msg);
}

/// Open the window and play until it is closed (or `--frames` are done).
pub fn run(opts: PlayOptions) -> Result<PlayReport, Error> {
    // Load first: a bad file is exit 2 before any window appears.
    // Synthetic drawings are generated while they play. A start position or
    // reverse playback needs the whole drawing's duration, so those wait for all of it.
    let (mut incoming, name) = Incoming::open_source(opts.source.as_deref(), &opts.limits)?;
    if opts.start_at.is_some() || opts.reverse {
        let format = incoming.format();
        incoming = Incoming::complete(incoming.finish()?, format);
    }
    if !display_available() {
        return Err(Error::NoDisplay(no_display_hint(
            "DISPLAY and WAYLAND_DISPLAY are unset",
        )));
    }
    let event_loop = EventLoop::new().map_err(|e| {
        Error::NoDisplay(no_display_hint(&format!(
            "no display could be opened ({e})"
        )))
    })?;
    event_loop.set_control_flow(ControlFlow::Wait);
    puffin::set_scopes_on(true);
    let scopes: Arc<Mutex<BTreeSet<String>>> = Arc::default();
    let sink = Arc::clone(&scopes);
    let sink_id = puffin::GlobalProfiler::lock().add_sink(Box::new(move |frame| {
        if let Ok(mut names) = sink.lock() {
            for s in &frame.scope_delta {
                names.insert(s.name().to_string());
            }
        }
    }));
    let puffin_server = match &opts.puffin_http {
        Some(addr) => Some(
            puffin_http::Server::new(addr)
                .map_err(|e| Error::Usage(format!("--puffin-http {addr}: {e}")))?,
        ),
        None => None,
    };
    let display_name = Path::new(&name)
        .file_name()
        .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned());
    let mut app = App::new(opts, incoming, display_name, scopes, puffin_server);
    let run = event_loop.run_app(&mut app);
    puffin::GlobalProfiler::lock().remove_sink(sink_id);
    run.map_err(|e| Error::NoDisplay(no_display_hint(&format!("the event loop failed ({e})"))))?;
    app.finish()
}

/// The drawing being shown (the drawing itself, and how far it has streamed in, are the replay's).
#[derive(Debug)]
struct Scene {
    name: String,
    id: u64,
    /// Ink bounds (computed once: fitting must not walk the drawing every frame).
    ink: Option<BBox>,
}

/// Window, surface, device, renderer and egui: everything that needs the window to exist.
struct Gfx {
    window: Arc<Window>,
    surface: wgpu::Surface<'static>,
    config: wgpu::SurfaceConfiguration,
    can_read_back: bool,
    gpu: Gpu,
    gpu_mem: GpuMemory,
    /// Drawing, renderer, mesh cache, governor: the frame orchestrator.
    replay: Replay,
    egui_ctx: egui::Context,
    egui_state: egui_winit::State,
    egui_renderer: egui_wgpu::Renderer,
}

impl std::fmt::Debug for Gfx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gfx")
            .field("config", &self.config)
            .field("adapter", &self.gpu.summary)
            .finish_non_exhaustive()
    }
}

struct App {
    opts: PlayOptions,
    gfx: Option<Gfx>,
    scene: Option<Scene>,
    pending: Option<(Incoming, String)>,
    next_id: u64,
    clock: PlaybackClock,
    view: View,
    fitted: bool,
    ui: overlay::UiState,
    actions: Vec<Action>,
    script: VecDeque<ScriptStep>,
    screenshots: Vec<PathBuf>,
    loop_marks: (Option<f64>, Option<f64>),
    resume_after_scrub: bool,
    modifiers: ModifiersState,
    cursor: Option<Vec2>,
    dragging: bool,
    frame_index: u64,
    last_frame: Option<Instant>,
    started: Instant,
    frame_stats: FrameStats,
    memory: MemoryHistory,
    report: PlayReport,
    scopes: Arc<Mutex<BTreeSet<String>>>,
    puffin_server: Option<puffin_http::Server>,
    fatal: Option<Error>,
    redraw_at: Option<Instant>,
    timers: Option<GpuTimerRing>,
    buffering: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("gfx", &self.gfx)
            .finish_non_exhaustive()
    }
}

impl App {
    fn new(
        opts: PlayOptions,
        incoming: Incoming,
        name: String,
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
            memory: MemoryHistory::default(),
            report: PlayReport::default(),
            scopes,
            puffin_server,
            fatal: None,
            redraw_at: None,
            timers: None,
            buffering: false,
            opts,
        }
    }

    fn fail(&mut self, el: &ActiveEventLoop, e: Error) {
        log::error!("{e}");
        if self.fatal.is_none() {
            self.fatal = Some(e);
        }
        el.exit();
    }

    fn init(&mut self, el: &ActiveEventLoop) -> Result<(), Error> {
        let (w, h) = self.opts.size;
        let attrs = Window::default_attributes()
            .with_title("inkplay")
            .with_inner_size(winit::dpi::LogicalSize::new(w, h));
        let window = Arc::new(el.create_window(attrs).map_err(|e| {
            Error::NoDisplay(no_display_hint(&format!(
                "no window could be created ({e})"
            )))
        })?);
        let (ctx, surface) = GpuContext::with_window(Arc::clone(&window))?;
        let caps = surface.get_capabilities(&ctx.adapter);
        let ctx = ctx.gpu;
        // Unorm (not *Srgb): colours stay sRGB-encoded end to end (see the gpu module docs).
        let format = [
            wgpu::TextureFormat::Bgra8Unorm,
            wgpu::TextureFormat::Rgba8Unorm,
        ]
        .into_iter()
        .find(|f| caps.formats.contains(f))
        .ok_or_else(|| {
            GpuError::Device(format!(
                "the window surface offers no Bgra8Unorm/Rgba8Unorm format (offers {:?})",
                caps.formats
            ))
        })?;
        if !caps.usages.contains(wgpu::TextureUsages::COPY_DST) {
            return Err(GpuError::Device(format!(
                "the window surface cannot be copied into (usages {:?})",
                caps.usages
            ))
            .into());
        }
        let can_read_back = caps.usages.contains(wgpu::TextureUsages::COPY_SRC);
        let present_mode = choose_present_mode(self.opts.vsync, &caps.present_modes);
        let size = window.inner_size();
        let config = wgpu::SurfaceConfiguration {
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT
                | wgpu::TextureUsages::COPY_DST
                | if can_read_back {
                    wgpu::TextureUsages::COPY_SRC
                } else {
                    wgpu::TextureUsages::empty()
                },
            format,
            width: size.width.max(1),
            height: size.height.max(1),
            present_mode,
            desired_maximum_frame_latency: 2,
            alpha_mode: caps
                .alpha_modes
                .first()
                .copied()
                .unwrap_or(wgpu::CompositeAlphaMode::Auto),
            view_formats: vec![],
        };
        if size.width > 0 && size.height > 0 {
            surface.configure(&ctx.device, &config);
        }
        let gpu_mem = GpuMemory::new();
        let mut replay = Replay::new(&ctx, &gpu_mem, format, self.opts.settings, None);
        replay.set_stream_batch(self.opts.stream_batch);
        let egui_ctx = egui::Context::default();
        let max_side = ctx.device.limits().max_texture_dimension_2d as usize;
        let egui_state = egui_winit::State::new(
            egui_ctx.clone(),
            egui::ViewportId::ROOT,
            &window,
            Some(window.scale_factor() as f32),
            window.theme(),
            Some(max_side),
        );
        let egui_renderer = egui_wgpu::Renderer::new(
            &ctx.device,
            format,
            egui_wgpu::RendererOptions {
                msaa_samples: 1,
                depth_stencil_format: None,
                dithering: true,
                predictable_texture_filtering: false,
            },
        );
        if self.opts.target_fps.is_none() {
            if let Some(mhz) = window
                .current_monitor()
                .and_then(|m| m.refresh_rate_millihertz())
                .filter(|&m| m >= 10_000)
            {
                self.frame_stats.budget_ms = 1e6 / f64::from(mhz);
            }
        }
        replay.set_governor(self.opts.governor.map(|p| GovernorConfig {
            budget_ms: self.frame_stats.budget_ms,
            ..GovernorConfig::preset(p, 1000.0 / self.frame_stats.budget_ms)
        }));
        self.timers = GpuTimerRing::new(&ctx, &gpu_mem, 4);
        self.report.adapter = Some(ctx.summary.clone());
        self.report.present_mode = format!("{present_mode:?}");
        self.gfx = Some(Gfx {
            window,
            surface,
            config,
            can_read_back,
            gpu: ctx,
            gpu_mem,
            replay,
            egui_ctx,
            egui_state,
            egui_renderer,
        });
        if let Some((incoming, name)) = self.pending.take() {
            self.show_drawing(incoming, name, false);
        }
        Ok(())
    }

    /// Start showing a drawing: fit the view, begin streaming it in.
    fn show_drawing(&mut self, incoming: Incoming, name: String, reset_clock: bool) {
        let Some(g) = self.gfx.as_mut() else {
            self.pending = Some((incoming, name));
            return;
        };
        self.next_id += 1;
        let inset = bottom_inset_px(&self.ui, &g.window);
        let ink = incoming.extent();
        let (w, h) = (g.config.width, g.config.height);
        self.view = fit_above(ink, w, h, inset);
        self.fitted = true;
        // Until the first frame knows what is ready, a drawing still arriving holds at its start
        // (its end so far is not the end of the drawing).
        let hold = (!incoming.is_complete()).then_some(0.0);
        // Tessellated for twice the fitted scale, so zooming in stays smooth without re-tessellating.
        g.replay
            .open(&g.gpu, incoming, self.view, self.view.scale * 2.0);
        if reset_clock {
            self.clock.set_timeline(g.replay.renderer().timeline());
            self.loop_marks = (None, None);
            self.clock.play();
        }
        self.clock.set_hold(hold);
        g.window.set_title(&format!("inkplay — {name}"));
        self.scene = Some(Scene {
            ink,
            name,
            id: self.next_id,
        });
    }

    fn apply(&mut self, a: Action, el: &ActiveEventLoop) {
        let Some(g) = self.gfx.as_ref() else {
            return;
        };
        let timeline = g.replay.renderer().timeline();
        let c = &mut self.clock;
        match a {
            Action::TogglePlay => c.toggle(),
            Action::Play => c.play(),
            Action::Pause => c.pause(),
            Action::StepFrames(n) => c.step_frames(n),
            Action::StepStroke(fwd) => c.step_stroke(timeline, fwd),
            Action::ToStart => c.to_start(),
            Action::ToEnd => c.to_end(),
            Action::Seek(t) => c.seek_drawing(t.resolve(timeline.duration_ms())),
            Action::SeekFraction(f) => c.seek_presentation(f * c.duration_ms()),
            Action::ScrubBegin => {
                self.resume_after_scrub = c.is_playing();
                c.pause();
            }
            Action::ScrubEnd => {
                if std::mem::take(&mut self.resume_after_scrub) {
                    c.play();
                }
            }
            Action::Faster => c.faster(),
            Action::Slower => c.slower(),
            Action::Speed(s) => c.set_speed(s),
            Action::ToggleReverse => c.set_reverse(!c.is_reverse()),
            Action::CycleLoop => {
                let next = match (c.loop_mode(), self.loop_marks) {
                    (LoopMode::Off, _) => LoopMode::All,
                    (LoopMode::All, (Some(a), Some(b))) => LoopMode::Range {
                        start_ms: a.min(b),
                        end_ms: a.max(b),
                    },
                    _ => LoopMode::Off,
                };
                c.set_loop(next);
            }
            Action::Loop(m) => c.set_loop(m),
            Action::MarkLoopStart | Action::MarkLoopEnd => {
                let t = c.drawing_ms();
                if a == Action::MarkLoopStart {
                    self.loop_marks.0 = Some(t);
                } else {
                    self.loop_marks.1 = Some(t);
                }
                if let (Some(a), Some(b)) = self.loop_marks {
                    if a != b {
                        c.set_loop(LoopMode::Range {
                            start_ms: a.min(b),
                            end_ms: a.max(b),
                        });
                    }
                }
            }
            Action::Pacing(p) => {
                let opts = PacingOptions {
                    pacing: p,
                    ..c.pacing()
                };
                c.set_pacing(timeline, opts);
            }
            Action::TogglePacing => {
                let mut opts = c.pacing();
                opts.pacing = match opts.pacing {
                    Pacing::AsRecorded => Pacing::Uniform,
                    Pacing::Uniform => Pacing::AsRecorded,
                };
                c.set_pacing(timeline, opts);
            }
            Action::MaxPause(cap) => {
                let opts = PacingOptions {
                    max_gap_ms: cap,
                    ..c.pacing()
                };
                c.set_pacing(timeline, opts);
            }
            Action::Fit => self.refit(),
            Action::Zoom(f) => {
                let center = Vec2::new(g.config.width as f32, g.config.height as f32) * 0.5;
                self.zoom_at(center, f);
            }
            Action::Pan(dx, dy) => {
                self.view.offset += Vec2::new(dx, dy);
                self.fitted = false;
            }
            Action::Open(path) => self.open(&path),
            Action::TogglePanel(p) => self.ui.panels.toggle(p),
            Action::ToggleOverlay => self.ui.panels.overlay = !self.ui.panels.overlay,
            Action::Screenshot(p) => self.screenshots.push(p),
            Action::Quit => el.exit(),
        }
    }

    fn refit(&mut self) {
        if let (Some(g), Some(s)) = (&self.gfx, &self.scene) {
            let inset = bottom_inset_px(&self.ui, &g.window);
            self.view = fit_above(s.ink, g.config.width, g.config.height, inset);
            self.fitted = true;
        }
    }

    fn zoom_at(&mut self, anchor_px: Vec2, factor: f32) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        // Keep zoom within 1/64 … 256 × the fitted scale.
        let fit = self.fit_scale();
        let scale = (self.view.scale * factor).clamp(fit / 64.0, fit * 256.0);
        let f = scale / self.view.scale;
        self.view = self.view.zoom_about(anchor_px, f);
        self.fitted = false;
    }

    fn fit_scale(&self) -> f32 {
        match (&self.gfx, &self.scene) {
            (Some(g), Some(s)) => {
                let inset = bottom_inset_px(&self.ui, &g.window);
                fit_above(s.ink, g.config.width, g.config.height, inset).scale
            }
            _ => self.view.scale,
        }
    }

    fn open(&mut self, path: &Path) {
        let spec = path.to_string_lossy().into_owned();
        let loaded = crate::import::SourceSpec::parse(&spec)
            .and_then(|source| crate::import::load_spec(&source, &self.opts.limits));
        match loaded {
            Ok(l) => {
                let name = path
                    .file_name()
                    .map_or_else(|| spec.clone(), |f| f.to_string_lossy().into_owned());
                self.ui.error = None;
                self.ui.status = Some(format!("opened {name}"));
                self.show_drawing(Incoming::complete(l.drawing, l.format), name, true);
            }
            Err(e) => show_error(&mut self.report, &mut self.ui, e.to_string()),
        }
    }

    fn resize(&mut self, size: winit::dpi::PhysicalSize<u32>) {
        let Some(g) = self.gfx.as_mut() else {
            return;
        };
        if size.width == 0 || size.height == 0 {
            return; // minimised: nothing to draw, keep the old configuration
        }
        let old = Vec2::new(g.config.width as f32, g.config.height as f32);
        g.config.width = size.width;
        g.config.height = size.height;
        g.surface.configure(&g.gpu.device, &g.config);
        g.replay.renderer_mut().invalidate_target();
        if self.fitted {
            self.refit();
        } else {
            let new = Vec2::new(size.width as f32, size.height as f32);
            self.view.offset += (new - old) * 0.5;
        }
    }

    fn memory_sample(&self) -> MemorySample {
        let (gpu, allocations, cache) = self.gfx.as_ref().map_or_else(Default::default, |g| {
            (
                g.gpu_mem.stats(),
                g.gpu_mem.allocations(),
                g.replay.cache().stats(),
            )
        });
        MemorySample {
            t_s: self.started.elapsed().as_secs_f64(),
            rss_bytes: crate::memory::rss_bytes().unwrap_or(0),
            heap_live_bytes: crate::memory::heap_live_bytes(),
            heap_peak_bytes: crate::memory::heap_peak_bytes(),
            gpu,
            cache,
            gpu_allocations: allocations,
        }
    }

    /// Draw one frame. Returns whether another frame is wanted right away.
    fn frame(&mut self, el: &ActiveEventLoop) -> Result<bool, Error> {
        let frame_start = Instant::now();
        puffin::GlobalProfiler::lock().new_frame();
        puffin::profile_scope!("frame");
        let automated = self.opts.frames.is_some();
        let last_frame = self.opts.frames.is_some_and(|n| self.frame_index + 1 >= n);
        if last_frame {
            if let Some(p) = self.opts.screenshot.clone() {
                self.screenshots.push(p);
            }
        }

        // Input: key presses and drops queued since the last frame, then script steps.
        {
            puffin::profile_scope!("input");
            while self
                .script
                .front()
                .is_some_and(|s| s.frame <= self.frame_index)
            {
                if let Some(s) = self.script.pop_front() {
                    self.actions.push(s.action);
                }
            }
            for a in std::mem::take(&mut self.actions) {
                self.apply(a, el);
            }
        }

        // Clock.
        let dt_s = if automated {
            self.opts.step_ms / 1e3
        } else {
            self.last_frame
                .map_or(0.0, |t| frame_start.duration_since(t).as_secs_f64())
        };
        let interval_ms = self
            .last_frame
            .map(|t| frame_start.duration_since(t).as_secs_f64() * 1e3);
        self.last_frame = Some(frame_start);
        {
            puffin::profile_scope!("clock");
            // Playing forward stops at the ink that is ready (it resumes where it waits).
            self.clock.advance(dt_s);
        }

        let Some(g) = self.gfx.as_mut() else {
            return Ok(false);
        };
        let size = g.window.inner_size();
        if size.width == 0 || size.height == 0 {
            // Minimised: draw nothing, but keep automation moving.
            self.frame_index += 1;
            return Ok(automated);
        }
        if (size.width, size.height) != (g.config.width, g.config.height) {
            self.resize(size);
        }

        // The overlay (reads state, emits actions applied before this frame is drawn).
        let mut ui_actions = Vec::new();
        let egui_output = {
            puffin::profile_scope!("egui_ui");
            if self.memory.due(self.started.elapsed().as_secs_f64()) {
                let sample = self.memory_sample();
                self.memory.offer(sample);
                if let (Some(g), Some(mb)) = (self.gfx.as_mut(), self.opts.memory_budget_mb) {
                    g.replay.check_memory(sample.rss_bytes, (mb * 1e6) as u64);
                }
            }
            let fit = self.fit_scale();
            let Some(g) = self.gfx.as_mut() else {
                return Ok(false);
            };
            let raw = g.egui_state.take_egui_input(&g.window);
            let http = self.opts.puffin_http.as_deref();
            let (name, id) = self
                .scene
                .as_ref()
                .map_or(("", 0), |s| (s.name.as_str(), s.id));
            let strokes = g.replay.incoming().map_or(0, |i| i.expected());
            let points = g.replay.points();
            let data = overlay::OverlayData {
                name,
                drawing_id: id,
                strokes,
                points,
                uploaded: g.replay.renderer().geometry().map_or(0, |x| x.uploaded),
                clock: &self.clock,
                timeline: g.replay.renderer().timeline(),
                loop_marks: self.loop_marks,
                adapter: &g.gpu.summary,
                present_mode: g.config.present_mode,
                size: (g.config.width, g.config.height),
                scale_factor: g.window.scale_factor(),
                zoom: self.view.scale / fit,
                frames: &self.frame_stats,
                memory: &self.memory,
                puffin_http: http,
                governor: g.replay.governor().map(|gov| overlay::GovernorView {
                    preset: gov.config().preset.name(),
                    quality: gov.quality(),
                    stats: gov.stats(),
                    gov,
                }),
                buffering: self.buffering,
                rebuilding: g.replay.renderer().rebuilding(),
            };
            let ui = &mut self.ui;
            let mut out = g.egui_ctx.run(raw, |ctx| {
                overlay::show(ctx, &data, ui, &mut ui_actions);
            });
            g.egui_state
                .handle_platform_output(&g.window, std::mem::take(&mut out.platform_output));
            out
        };
        for a in ui_actions {
            self.apply(a, el);
        }
        if self.fitted {
            // The transport bar's height is known after its first frame (and changes with the
            // overlay): keep a fitted drawing above it.
            self.refit();
        }
        let wants_repaint = egui_output
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map(|v| v.repaint_delay);

        // Prepare: stream the next batch in, set the view.
        let Some(g) = self.gfx.as_mut() else {
            return Ok(false);
        };
        let was_loaded = g.replay.is_loaded();
        let allocations_before = g.gpu_mem.allocations();
        let misses_before = g.replay.cache().stats().misses;
        let render_t;
        let quality_applied;
        {
            puffin::profile_scope!("prepare");
            g.replay.renderer_mut().set_view(self.view);
            let playhead = self.clock.drawing_ms();
            let prepared = g.replay.prepare(&g.gpu, playhead)?;
            quality_applied = prepared.quality_applied;
            if prepared.timeline_changed {
                // More of the drawing arrived (or its import stopped where it was).
                self.clock
                    .set_pacing(g.replay.renderer().timeline(), self.clock.pacing());
            }
            if let Some(e) = prepared.import_error {
                // The drawing ends where its import stopped; what arrived stays.
                show_error(&mut self.report, &mut self.ui, e.to_string());
            }
            // Never show a frame whose ink is not on the GPU yet: the clock waits ("buffering")
            // and the frame shows the drawing up to the ink that is there.
            let ready = g.replay.ready_until(playhead);
            self.clock.set_hold(ready.is_finite().then_some(ready));
            self.buffering = playhead > ready || self.clock.is_held();
            if self.buffering {
                self.report.buffering_frames += 1;
            }
            render_t = playhead.min(ready);
        }

        let acquire_start = Instant::now();
        let frame = {
            puffin::profile_scope!("acquire");
            match g.surface.get_current_texture() {
                Ok(f) => f,
                Err(wgpu::SurfaceError::Lost | wgpu::SurfaceError::Outdated) => {
                    g.surface.configure(&g.gpu.device, &g.config);
                    g.replay.renderer_mut().invalidate_target();
                    return Ok(true);
                }
                Err(wgpu::SurfaceError::Timeout) => return Ok(true),
                Err(e @ wgpu::SurfaceError::OutOfMemory) => {
                    return Err(GpuError::Device(format!("window surface: {e}")).into())
                }
                Err(e) => {
                    log::warn!("window surface: {e}");
                    return Ok(true);
                }
            }
        };
        // Waiting for a free swapchain image is not the frame's work.
        let acquire_ms = acquire_start.elapsed().as_secs_f64() * 1e3;
        let view = frame
            .texture
            .create_view(&wgpu::TextureViewDescriptor::default());
        let mut encoder = g
            .gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("window frame"),
            });
        let timer_slot = self
            .timers
            .as_mut()
            .and_then(|t| t.start(&mut encoder, self.frame_index));
        let report = {
            puffin::profile_scope!("encode");
            g.replay.encode(
                &g.gpu,
                &mut encoder,
                FrameTarget {
                    texture: &frame.texture,
                    view: &view,
                },
                render_t,
            )
        };
        if report.layer_rebuilt {
            self.report.layer_rebuilds += 1;
        }
        if report.standin {
            self.report.standin_frames += 1;
        }
        let mut command_buffers = Vec::new();
        if self.ui.panels.overlay {
            puffin::profile_scope!("egui_paint");
            let ppp = egui_output.pixels_per_point;
            let jobs = g.egui_ctx.tessellate(egui_output.shapes, ppp);
            for (id, delta) in &egui_output.textures_delta.set {
                g.egui_renderer
                    .update_texture(&g.gpu.device, &g.gpu.queue, *id, delta);
            }
            let screen = egui_wgpu::ScreenDescriptor {
                size_in_pixels: [g.config.width, g.config.height],
                pixels_per_point: ppp,
            };
            command_buffers = g.egui_renderer.update_buffers(
                &g.gpu.device,
                &g.gpu.queue,
                &mut encoder,
                &jobs,
                &screen,
            );
            let mut pass = encoder
                .begin_render_pass(&wgpu::RenderPassDescriptor {
                    label: Some("egui"),
                    color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                        view: &view,
                        depth_slice: None,
                        resolve_target: None,
                        ops: wgpu::Operations {
                            load: wgpu::LoadOp::Load,
                            store: wgpu::StoreOp::Store,
                        },
                    })],
                    depth_stencil_attachment: None,
                    timestamp_writes: None,
                    occlusion_query_set: None,
                })
                .forget_lifetime();
            g.egui_renderer.render(&mut pass, &jobs, &screen);
            drop(pass);
            for id in &egui_output.textures_delta.free {
                g.egui_renderer.free_texture(id);
            }
        }
        if let (Some(t), Some(slot)) = (&self.timers, timer_slot) {
            t.end(&mut encoder, slot);
        }
        {
            puffin::profile_scope!("submit");
            command_buffers.push(encoder.finish());
            g.gpu.queue.submit(command_buffers);
        }
        if let (Some(t), Some(slot)) = (&self.timers, timer_slot) {
            t.submitted(slot);
        }
        // The frame's CPU work, without waiting for the swapchain or for vertical blank.
        let cpu_ms = frame_start.elapsed().as_secs_f64() * 1e3 - acquire_ms;
        let shots = std::mem::take(&mut self.screenshots);
        for path in &shots {
            puffin::profile_scope!("screenshot");
            let res = if g.can_read_back {
                read_texture_rgba8(&g.gpu, &g.gpu_mem, &frame.texture)
                    .map_err(Error::from)
                    .and_then(|mut px| {
                        // What the window shows is opaque.
                        for p in px.chunks_exact_mut(4) {
                            p[3] = 255;
                        }
                        crate::output::write_png(path, &px, g.config.width, g.config.height)
                            .map_err(Error::from)
                    })
            } else {
                Err(GpuError::Device(
                    "this window surface cannot be read back (no COPY_SRC usage)".into(),
                )
                .into())
            };
            match res {
                Ok(()) => {
                    log::info!("saved {}", path.display());
                    self.report.screenshots.push(path.display().to_string());
                    self.ui.status = Some(format!("saved {}", path.display()));
                }
                Err(e) if automated => return Err(e),
                Err(e) => show_error(
                    &mut self.report,
                    &mut self.ui,
                    format!("screenshot {}: {e}", path.display()),
                ),
            }
        }
        {
            puffin::profile_scope!("present");
            g.window.pre_present_notify();
            frame.present();
        }
        g.gpu.check()?;

        // Tell the governor what frames cost: the larger of CPU work and GPU time, once the GPU
        // time has been read back (a few frames later, without stalling).
        let cost = match timer_slot {
            Some(_) => FrameCost::AwaitingGpu {
                tag: self.frame_index,
                cpu_ms,
            },
            None => FrameCost::Measured(cpu_ms),
        };
        g.replay.finish(&report, cost);
        if g.replay.governor().is_some() {
            let timed = self
                .timers
                .as_mut()
                .map(|t| t.poll(&g.gpu))
                .unwrap_or_default();
            self.report.gpu_timed_frames += g.replay.gpu_timings(self.frame_index, timed);
        }

        // Applying a quality step may reallocate the layers (another sample count or
        // resolution): that frame is not steady.
        if was_loaded && shots.is_empty() && !quality_applied {
            self.report.steady_frames += 1;
            self.report.steady_gpu_allocations += g.gpu_mem.allocations() - allocations_before;
            self.report.steady_tessellations += g.replay.cache().stats().misses - misses_before;
        }
        let work_ms = frame_start.elapsed().as_secs_f64() * 1e3;
        self.frame_stats.push(interval_ms, work_ms);
        self.frame_index += 1;
        if last_frame {
            el.exit();
            return Ok(false);
        }
        let streaming = !g.replay.is_loaded();
        let p = &self.ui.panels;
        let live_panels = p.overlay && (p.memory || p.frames || p.profiler);
        self.redraw_at = match wants_repaint {
            Some(d) if d < Duration::from_secs(3600) => Some(Instant::now() + d),
            _ => None,
        };
        Ok(automated || self.clock.is_playing() || streaming || live_panels || self.dragging)
    }

    fn finish(mut self) -> Result<PlayReport, Error> {
        if let Some(e) = self.fatal.take() {
            return Err(e);
        }
        let fit = self.fit_scale();
        let r = &mut self.report;
        if let Some(s) = &self.scene {
            r.name = s.name.clone();
        }
        if let Some(d) = self.gfx.as_ref().and_then(|g| g.replay.drawing()) {
            r.strokes = d.strokes.len();
        }
        r.frames = self.frame_index;
        r.drawing_ms = self.clock.drawing_ms();
        r.position_ms = self.clock.position_ms();
        r.duration_ms = self.clock.duration_ms();
        r.playing = self.clock.is_playing();
        r.speed = self.clock.speed();
        r.reverse = self.clock.is_reverse();
        r.loop_mode = format!("{:?}", self.clock.loop_mode());
        r.pacing = format!("{:?}", self.clock.pacing().pacing);
        let p = self.ui.panels;
        (
            r.overlay,
            r.profiler,
            r.memory_panel,
            r.frames_panel,
            r.help,
        ) = (p.overlay, p.profiler, p.memory, p.frames, p.help);
        r.frame_times = self.frame_stats.summary();
        r.budget_ms = self.frame_stats.budget_ms;
        r.janky_frames = self.frame_stats.janky;
        if let Some(g) = &self.gfx {
            r.uploaded = g.replay.renderer().geometry().map_or(0, |x| x.uploaded);
            r.gpu = g.gpu_mem.stats();
            r.cache = g.replay.cache().stats();
            r.surface_size = (g.config.width, g.config.height);
            r.scale_factor = g.window.scale_factor();
            r.zoom = self.view.scale / fit;
        }
        r.governor = self
            .gfx
            .as_ref()
            .and_then(|g| g.replay.governor())
            .map(|g| PlayGovernorReport {
                preset: g.config().preset.name().into(),
                budget_ms: g.config().budget_ms,
                quality: g.quality(),
                stats: g.stats(),
                alerts: g.alerts().cloned().collect(),
            });
        r.scopes = self
            .scopes
            .lock()
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        if let Some(path) = &self.opts.report {
            let json = serde_json::to_string_pretty(&self.report)
                .map_err(|e| Error::Usage(format!("report: {e}")))?;
            crate::output::write_atomic(path, |w| w.write_all(json.as_bytes()))?;
        }
        drop(self.puffin_server.take());
        Ok(self.report)
    }
}

/// Physical pixels at the bottom of the window covered by the transport bar.
fn bottom_inset_px(ui: &overlay::UiState, window: &Window) -> u32 {
    if ui.panels.overlay {
        (ui.transport_height * window.scale_factor() as f32).round() as u32
    } else {
        0
    }
}

/// The view fitting ink bounds into the part of a `w`×`h` window above a bottom inset.
fn fit_above(ink: Option<BBox>, w: u32, h: u32, bottom_inset_px: u32) -> View {
    let avail = h.saturating_sub(bottom_inset_px);
    let h = if avail < h / 3 { h } else { avail };
    View::fit(ink, w, h, View::default_margin(w, h))
}

fn choose_present_mode(vsync: bool, modes: &[wgpu::PresentMode]) -> wgpu::PresentMode {
    use wgpu::PresentMode as P;
    let prefs: &[P] = if vsync {
        &[P::Fifo]
    } else {
        &[P::Immediate, P::Mailbox, P::FifoRelaxed]
    };
    prefs
        .iter()
        .copied()
        .find(|m| modes.contains(m))
        .unwrap_or(P::Fifo)
}

impl ApplicationHandler for App {
    fn resumed(&mut self, el: &ActiveEventLoop) {
        if self.gfx.is_none() {
            if let Err(e) = self.init(el) {
                self.fail(el, e);
                return;
            }
        }
        if let Some(g) = &self.gfx {
            g.window.request_redraw();
        }
    }

    fn window_event(&mut self, el: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        let Some(g) = self.gfx.as_mut() else {
            return;
        };
        let response = g.egui_state.on_window_event(&g.window, &event);
        if response.repaint {
            g.window.request_redraw();
        }
        let egui_wants_pointer = g.egui_ctx.is_pointer_over_area() || g.egui_ctx.is_using_pointer();
        let egui_wants_keys = g.egui_ctx.wants_keyboard_input();
        match event {
            WindowEvent::CloseRequested => el.exit(),
            WindowEvent::Resized(size) => {
                self.resize(size);
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
            }
            WindowEvent::ModifiersChanged(m) => self.modifiers = m.state(),
            WindowEvent::KeyboardInput { event, .. }
                if event.state == ElementState::Pressed && !egui_wants_keys =>
            {
                if let Some(a) = action_for_key(&event.logical_key, self.modifiers) {
                    self.actions.push(a);
                    g.window.request_redraw();
                }
            }
            WindowEvent::MouseInput {
                button: MouseButton::Left,
                state,
                ..
            } => {
                self.dragging = state == ElementState::Pressed && !egui_wants_pointer;
            }
            WindowEvent::CursorMoved { position, .. } => {
                let p = Vec2::new(position.x as f32, position.y as f32);
                if let (true, Some(prev)) = (self.dragging, self.cursor) {
                    self.view.offset += p - prev;
                    self.fitted = false;
                    g.window.request_redraw();
                }
                self.cursor = Some(p);
            }
            WindowEvent::CursorLeft { .. } => self.cursor = None,
            WindowEvent::MouseWheel { delta, .. } if !egui_wants_pointer => {
                let lines = match delta {
                    MouseScrollDelta::LineDelta(_, y) => y,
                    MouseScrollDelta::PixelDelta(p) => p.y as f32 / 40.0,
                };
                let anchor = self.cursor.unwrap_or_else(|| {
                    Vec2::new(g.config.width as f32, g.config.height as f32) * 0.5
                });
                self.zoom_at(anchor, 1.1f32.powf(lines));
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
            }
            WindowEvent::PinchGesture { delta, .. } if !egui_wants_pointer => {
                let anchor = self.cursor.unwrap_or_else(|| {
                    Vec2::new(g.config.width as f32, g.config.height as f32) * 0.5
                });
                self.zoom_at(anchor, (1.0 + delta as f32).max(0.01));
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
            }
            WindowEvent::DroppedFile(path) => {
                self.actions.push(Action::Open(path));
                g.window.request_redraw();
            }
            WindowEvent::RedrawRequested => match self.frame(el) {
                Ok(again) => {
                    if again {
                        if let Some(g) = &self.gfx {
                            g.window.request_redraw();
                        }
                    }
                }
                Err(e) => self.fail(el, e),
            },
            _ => {}
        }
    }

    fn about_to_wait(&mut self, el: &ActiveEventLoop) {
        match self.redraw_at {
            Some(t) if t <= Instant::now() => {
                self.redraw_at = None;
                if let Some(g) = &self.gfx {
                    g.window.request_redraw();
                }
                el.set_control_flow(ControlFlow::Wait);
            }
            Some(t) => el.set_control_flow(ControlFlow::WaitUntil(t)),
            None => el.set_control_flow(ControlFlow::Wait),
        }
    }
}
