//! The interactive player: a winit window whose surface is just another target for the same
//! [`Replay`](crate::replay::Replay) the headless path uses, with the egui overlay drawn in the
//! same frame.
//!
//! # One frame
//! `input` (queued key/script/overlay [`Action`]s) → `clock` (the
//! [`PlaybackClock`](crate::playback::PlaybackClock) is handed the frame's `dt`) → `egui_ui` (the
//! overlay reads the state, emits actions) → `prepare` (the view, then `Replay::prepare`: quality
//! level, layer budget, streaming; the clock held at `Replay::ready_until`) → `acquire` →
//! `encode` (`Replay::encode`: retained layer + live strokes into the surface texture) →
//! `egui_paint` → `submit` (on a software rasterizer, `wait for the rasterizer`: the frame is
//! measured whole) → `screenshot` → `present`, then `Replay::finish` with the frame's cost (on a
//! hardware adapter, the larger of its CPU time and its GPU time, which comes a few frames later).
//! Each is a puffin scope; the tessellation workers and wgpu's own `profiling` scopes show up in
//! the same profiler, and the frame's GPU passes (timestamps, read back a few frames later) on a
//! `GPU` lane beside them. A [`Recorder`](crate::profile::Recorder) keeps the last frames for a
//! capture (key C, `--capture N`) and for a click in the frame-time plot.
//!
//! # Automation
//! `--frames N` steps the clock by a fixed `dt`, runs `--script` actions at given frames, saves
//! `--screenshot` from the surface texture after the last frame (overlay included) and exits;
//! `--report` writes what the player did as JSON (for tests and CI).
//!
//! # Files
//! - `options`, `report`: [`PlayOptions`] in, [`PlayReport`] out; `display`: whether a window
//!   can open here;
//! - `app`: the player's state (`App`), whose work is spread over `events` (winit's callbacks),
//!   `surface` (window, surface and device set-up, present mode, resizing), `navigation`
//!   (fitting, zooming about a point, opening files), `apply` (actions), `frame` (one frame),
//!   `egui_pass` (running and painting the overlay), `screenshot`, `export` (key E, its state in
//!   `export_job`), `capture` (key C, `--capture`, inspecting a clicked frame; what it keeps in
//!   `profiling`), `recover` (a new device after a lost one) and `finish` (the report at the
//!   end);
//! - `actions` (the vocabulary of keys, overlay and scripts), `overlay` (the egui panels),
//!   `stats` (rolling frame-time and memory histories), `pass_stats` (recent GPU passes).

mod actions;
mod app;
mod apply;
mod capture;
mod display;
mod egui_pass;
mod events;
mod export;
mod export_job;
mod finish;
mod frame;
mod navigation;
mod options;
mod overlay;
mod pass_stats;
mod profiling;
mod recover;
mod report;
mod screenshot;
mod stats;
mod surface;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use winit::event_loop::{ControlFlow, EventLoop};

pub use actions::{
    action_for_key, parse_action, parse_pacing, parse_script, Action, Panel, ScriptStep, SHORTCUTS,
};
pub use display::{display_available, no_display_hint};
pub use options::PlayOptions;
pub use overlay::Panels;
pub use profiling::DEFAULT_CAPTURE_FRAMES;
pub use report::{PlayGovernorReport, PlayReport};
pub use stats::{FrameStats, FrameSummary, MemoryHistory, MemorySample};

use crate::import::incoming::Incoming;
use crate::Error;
use app::App;

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
    let mut app = App::new(opts, incoming, display_name, name, scopes, puffin_server);
    let run = event_loop.run_app(&mut app);
    puffin::GlobalProfiler::lock().remove_sink(sink_id);
    run.map_err(|e| Error::NoDisplay(no_display_hint(&format!("the event loop failed ({e})"))))?;
    app.finish()
}
