//! # inkplay
//!
//! A GPU drawing-playback renderer: recorded pen strokes (position, time, pressure) are tessellated
//! **once** with lyon into cached GPU vertex buffers and revealed by time in a wgpu shader, so a
//! drawing replays stroke by stroke exactly as it was drawn, at the same cost per frame whether it
//! has a hundred strokes or a million.
//!
//! ## Getting started
//! inkplay draws with *your* wgpu device into *your* texture. Hand it the device, open a drawing
//! and, each frame, prepare → encode → finish:
//!
//! ```no_run
//! # fn demo(device: &wgpu::Device, queue: &wgpu::Queue, adapter: &wgpu::Adapter,
//! #         texture: &wgpu::Texture) -> Result<(), inkplay::Error> {
//! use inkplay::{FrameCost, FrameTarget, Gpu, GpuMemory, Incoming, RenderSettings, Replay};
//!
//! let gpu = Gpu::from_host(device, queue, &adapter.get_info());
//! let drawing = inkplay::load_path("sketch.ndjson")?.drawing;
//! let view = inkplay::fit_view(&drawing, texture.width(), texture.height());
//! let mut replay = Replay::new(&gpu, &GpuMemory::new(), texture.format(), RenderSettings::default(), None);
//! replay.open(&gpu, Incoming::from(drawing), view, view.scale);
//!
//! let playhead_ms = 1500.0; // your clock
//! let prepared = replay.prepare(&gpu, playhead_ms)?; // streams geometry in, applies the governor
//! if let Some(e) = prepared.import_error {
//!     return Err(e.into()); // a drawing still arriving stopped where its file went wrong
//! }
//! let shown = playhead_ms.min(replay.ready_until(playhead_ms));
//! let mut encoder = device.create_command_encoder(&Default::default());
//! let tex_view = texture.create_view(&Default::default());
//! let target = FrameTarget { texture, view: &tex_view };
//! let report = replay.encode(&gpu, &mut encoder, target, shown);
//! queue.submit([encoder.finish()]);
//! replay.finish(&report, FrameCost::Measured(0.0));
//! # Ok(()) }
//! ```
//!
//! The texture must be `Rgba8Unorm` or `Bgra8Unorm` (colours stay sRGB-encoded, see [`gpu`]) with
//! `RENDER_ATTACHMENT | COPY_DST` usage. [`Headless`] does all of this with a device and texture
//! of its own (`inkplay render` and the tests use it); the `examples/` folder has a winit
//! application and an egui widget built on the same calls.
//!
//! ## Data flow (one direction only)
//! ```text
//! file ──import──▶ model::Drawing ──tess──▶ CpuMesh per stroke (MeshCache) ──ChunkBuilder──▶ CpuChunk
//!                                                                                   │ upload
//!                                                                                   ▼
//! playhead ──▶ playback::Timeline ──▶ FrameDrawList ──▶ gpu::Renderer ──▶ retained layer + live strokes
//!                                     (finished, live)                    ──▶ target (window or offscreen)
//! ```
//! [`replay::Replay`] drives it a frame at a time under the [`governor`]. Nothing flows back from
//! [`gpu`] into [`model`] or [`tess`]. Time is always passed in, never read from a clock inside
//! [`playback`], so every frame is deterministic under test.
//!
//! ## Modules
//! - [`model`]: drawings, strokes, points, styles; validation.
//! - [`import`]: source specs, format detection, importers with located errors.
//! - [`tess`]: lyon tessellation, the vertex layout, the mesh cache, chunk layout.
//! - [`playback`]: playhead → stroke ranges, the playback clock.
//! - [`gpu`]: the device handle, counted allocations, pipelines, retained layer, frames.
//! - [`stream`]: tessellating and uploading a drawing a batch at a time.
//! - [`governor`]: the frame-budget governor (work per frame, quality levels, alerts), numbers only.
//! - [`replay`]: the frame orchestrator every front end uses.
//! - [`headless`]: offscreen rendering for `render`, `export`, tests and benches.
//! - [`export`]: MP4, WebM, GIF, APNG and PNG-frame exports of a replay.
//! - `player` (feature `ui`): the winit/wgpu window with the egui overlay.
//! - `bench` (feature `bench`): headless render benchmarks and their reports.
//! - [`memory`]: the opt-in counting allocator and process memory.
//! - [`stats`]: percentile summaries of samples (bench reports, the player's frame times).
//! - [`view`], [`output`], [`error`]: view transform and framing, atomic outputs and PNG, errors.
//! - [`profile`]: recorded frames (CPU scopes, GPU passes, counters) captured to `.puffin` and
//!   Chrome trace files, and compared.
//! - [`progress`]: how long runs (benches, exports) report how far they are.
//!
//! ## Features
//! - `cli` (default): the `inkplay` binary (clap, env_logger, indicatif); turns on `bench`.
//! - `ui` (default): the player (winit, egui-winit, egui-wgpu, puffin_egui, egui_plot).
//! - `bench`: [`bench`](crate#modules) (egui's painter and tiny-skia as peers).
//!
//! With `default-features = false` the library needs none of them.

#[cfg(feature = "bench")]
pub mod bench;
pub mod error;
pub mod export;
pub mod governor;
pub mod gpu;
pub mod headless;
pub mod import;
pub mod memory;
pub mod model;
pub mod output;
pub mod playback;
#[cfg(feature = "ui")]
pub mod player;
pub mod profile;
pub mod progress;
pub mod replay;
pub mod stats;
pub mod stream;
pub mod tess;
pub(crate) mod text;
pub mod view;

pub use error::Error;
pub use governor::{Governor, GovernorConfig, Preset, Quality};
pub use gpu::{
    AdapterSummary, AntiAlias, FrameReport, FrameTarget, Gpu, GpuContext, GpuError, GpuMemory,
    RenderSettings, Renderer,
};
pub use headless::Headless;
pub use import::incoming::Incoming;
pub use import::{load_bytes, load_path, Format, ImportError, ImportLimits, Loaded, SourceSpec};
pub use model::{Color, Drawing, Point, Stroke};
pub use playback::{PlaybackClock, Timeline};
pub use replay::{FrameCost, Prepared, Replay};
pub use view::{fit_view, Fit, Framing, View};

/// The drawing used when a command is given no file: the first drawing of a Quick, Draw! raw
/// recording bundled in `assets/` (CC BY 4.0, see `assets/ATTRIBUTION.md`).
pub const SAMPLE_PATH: &str = "assets/quickdraw/cat.ndjson";
/// The bundled sample's content (embedded so the binary works from any directory).
pub const SAMPLE_TEXT: &str = include_str!("../assets/quickdraw/cat.ndjson");
