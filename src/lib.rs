//! # inkplay
//!
//! A GPU drawing-playback renderer: recorded pen strokes (position, time, pressure) are tessellated
//! **once** with lyon into cached GPU vertex buffers and revealed by time in a wgpu shader, so a
//! drawing replays stroke by stroke exactly as it was drawn.
//!
//! ## Data flow (one direction only)
//! ```text
//! file ──import──▶ model::Drawing ──tess──▶ CpuMesh per stroke (MeshCache) ──ChunkBuilder──▶ CpuChunk
//!                                                                                   │ upload
//!                                                                                   ▼
//! playhead ──▶ playback::Timeline ──▶ FrameDrawList ──▶ gpu::Renderer ──▶ retained layer + live strokes
//!                                     (finished, live)                    ──▶ target (window or offscreen)
//! ```
//! Nothing flows back from [`gpu`] into [`model`] or [`tess`]. Time is always passed in, never read
//! from a clock inside [`playback`], so every frame is deterministic under test.
//!
//! ## Modules
//! - [`model`]: drawings, strokes, points, styles; validation.
//! - [`import`]: source specs, format detection, importers with located errors.
//! - [`tess`]: lyon tessellation, the vertex layout, the mesh cache, chunk layout.
//! - [`playback`]: playhead → stroke ranges.
//! - [`governor`]: the frame-budget governor (work per frame, quality levels, alerts).
//! - [`gpu`]: device, counted allocations, pipelines, retained layer, frames.
//! - [`stream`]: tessellating and uploading a drawing a batch at a time.
//! - [`headless`]: offscreen rendering for `render`, tests and benches.
//! - `player` (feature `ui`, on by default): the winit/wgpu window with the egui overlay.
//! - [`view`], [`output`], [`error`]: view transform, atomic outputs and PNG, exit statuses.

#[cfg(feature = "bench")]
pub mod bench;
pub mod error;
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
pub mod replay;
pub mod stream;
pub mod tess;
pub mod view;

pub use error::Error;

/// The drawing used when a command is given no file: the first drawing of a Quick, Draw! raw
/// recording bundled in `assets/` (CC BY 4.0, see `assets/ATTRIBUTION.md`).
pub const SAMPLE_PATH: &str = "assets/quickdraw/cat.ndjson";
/// The bundled sample's content (embedded so the binary works from any directory).
pub const SAMPLE_TEXT: &str = include_str!("../assets/quickdraw/cat.ndjson");
