//! GPU rendering with wgpu: counted allocations, the stroke pipeline, the retained layer.
//!
//! # How it works
//! - [`Gpu`] is the device inkplay draws with: a host application's ([`Gpu::from_host`]) or one
//!   [`GpuContext`] opens (software adapters welcome; validation errors recorded, not panicking;
//!   a lost device reported as [`GpuError::DeviceLost`], see `lost.rs`).
//! - [`GpuMemory`] is the only way buffers and textures are created, so every byte is counted.
//! - [`GpuGeometry`] holds the tessellated chunks (vertex + index buffers) and the per-stroke table
//!   (colour, start time, depth) that the shader indexes by the vertex's stroke id.
//! - [`Pipelines`] are immutable; their `draw_*` methods only bind and draw. The uniforms they
//!   read are in `uniforms.rs`, pass and bind-group helpers in `passes.rs`.
//! - [`Renderer`] runs a frame: it asks the [`Timeline`](crate::playback::Timeline) what is
//!   finished and what is live at the playhead, has the `layer` module's `Retained` layer draw
//!   *only the newly finished strokes* (a texture that keeps all finished ink), then composes the
//!   layer and the live strokes into the target (`compose.rs`), redrawing only the damage. A
//!   frame's GPU work is therefore proportional to new ink plus pixels, not to the size of the
//!   drawing. A seek starts the layer over from the nearest checkpoint (or nothing) and draws what
//!   the budget allows, showing an exact earlier moment until it gets there; a view or size change
//!   rebuilds the layer, the old one standing in. The governor's questions about a frame
//!   (`budget.rs`) are answered from the same plan. `encode_direct` draws every started stroke
//!   instead: the reference path and the benchmark baseline, and (`path.rs`) the frame a governed
//!   replay draws direct when that is cheaper than composing the layer.
//! - [`OffscreenTarget`] is a texture to render into and read back (headless, tests, benches),
//!   through a [`Readback`] (one per frame in flight when exporting);
//!   [`GpuTimers`] time a frame's passes with GPU timestamps, read back at once or a few frames
//!   later.
//!
//! # Why the reveal is in the shader
//! Every vertex carries its recorded time relative to its stroke's start; the stroke table carries
//! each stroke's start. The fragment shader hides ink recorded after the playhead, so a stroke is
//! revealed exactly part-way between two samples with no re-tessellation and one uniform write per
//! frame. The playhead and start times are split into two `f32`s (hi + lo) so that hours-long
//! recordings keep sub-millisecond precision.
//!
//! # Colour and overlap
//! Targets are `*Unorm` formats and colours stay sRGB-encoded: blending happens in sRGB-encoded
//! space, the way browsers, resvg and tiny-skia composite, so colours and translucency match the
//! apps the drawings come from. Each stroke gets its own depth (later is nearer) and a LESS test, so
//! a translucent stroke never darkens where it overlaps itself.

mod budget;
mod compose;
mod context;
mod depth;
mod frame;
mod geometry;
mod images;
mod layer;
mod layouts;
mod lost;
mod memory;
mod passes;
mod path;
mod pipelines;
mod readback;
mod renderer;
mod target;
mod timer;
mod uniforms;

pub use context::{AdapterSummary, Gpu, GpuContext, WgpuObjects};
pub use frame::{FrameReport, FrameTarget, RenderSettings};
pub use geometry::{GpuChunk, GpuGeometry, StrokeInfo};
pub use layer::{
    CheckpointStats, CheckpointWork, MemoryBudget, RetainedLayer, CEILING, DEFAULT_MEMORY_BUDGET,
    HEADROOM,
};
pub use lost::LOSE_DEVICE_ENV;
pub use memory::{CountedBuffer, CountedTexture, GpuCategory, GpuMemStats, GpuMemory};
pub use pipelines::{Pipelines, DEPTH_FORMAT};
pub use readback::Readback;
pub use renderer::Renderer;
pub use target::{read_texture_rgba8, OffscreenTarget};
pub use timer::{GpuFrameTimes, GpuPassTime, GpuTimers, MAX_MARKS, UNMARKED};
pub use uniforms::Globals;

use thiserror::Error;

/// Antialiasing mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AntiAlias {
    /// 4 samples per pixel, geometric edges.
    Msaa4,
    /// 1 sample per pixel, coverage computed from the distance to the stroke's centre line
    /// (a one-pixel feathered edge), and a feathered reveal front.
    #[default]
    Analytic,
    /// 1 sample, hard edges.
    None,
}

impl AntiAlias {
    /// MSAA sample count for this mode.
    pub fn sample_count(self) -> u32 {
        match self {
            AntiAlias::Msaa4 => 4,
            AntiAlias::Analytic | AntiAlias::None => 1,
        }
    }

    /// Extra half-width, in pixels, over which edges are feathered (0 for geometric edges).
    pub fn feather_px(self) -> f32 {
        match self {
            AntiAlias::Analytic => 0.5,
            AntiAlias::Msaa4 | AntiAlias::None => 0.0,
        }
    }

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            AntiAlias::Msaa4 => "msaa4",
            AntiAlias::Analytic => "analytic",
            AntiAlias::None => "none",
        }
    }
}

/// GPU failures.
#[derive(Debug, Error)]
pub enum GpuError {
    /// No usable adapter.
    #[error("no GPU adapter available: {0}")]
    NoAdapter(String),
    /// The device could not be created or failed.
    #[error("GPU device error: {0}")]
    Device(String),
    /// The device was lost (driver reset, GPU removed, device destroyed); nothing more can be
    /// drawn with it. The player opens a new one; headless commands end with this error.
    #[error("the GPU device was lost ({0}); run the command again")]
    DeviceLost(String),
    /// wgpu reported a validation error (a bug in inkplay; please report it).
    #[error("GPU validation error: {0}")]
    Validation(String),
    /// Reading pixels back failed.
    #[error("reading the image back from the GPU failed: {0}")]
    Readback(String),
    /// A requested size is not supported by the device.
    #[error("{what} {width}x{height} exceeds the device limit of {limit} pixels per side")]
    TooLarge {
        /// What was requested.
        what: &'static str,
        /// Width.
        width: u32,
        /// Height.
        height: u32,
        /// The limit.
        limit: u32,
    },
}
