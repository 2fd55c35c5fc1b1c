//! `inkplay bench`: headless render benchmarks with machine-readable reports.
//!
//! # How it works
//! The drawing is loaded exactly as `render` loads it and every frame goes through the same
//! [`Replay`](crate::replay::Replay) the player uses (that of a [`Headless`]), into an offscreen
//! target. After a few warm-up frames, each measured frame is
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
//!   and a seek back to half-way at two thirds: the retained layer is rebuilt twice;
//! - `scrub`: a person dragging the timeline ([`scrub_playheads`]), then the drag stops.
//!
//! After `seek` and `scrub` the run goes on drawing the stop position until the frame is exact
//! (no stand-in, nothing pending, full-resolution layer), at most [`SETTLE_FRAMES`] frames: the
//! report's `frames_to_exact` and `ms_to_exact`.
//!
//! With the governor on (the default), each frame first asks the governor
//! ([`Replay::prepare`](crate::replay::Replay::prepare)) how much layer work and streaming fit in
//! the budget; in `load` the playhead waits ("buffering") when it reaches ink that is not on the
//! GPU yet.
//!
//! `--compare` then draws the *same* frames with the [`peers`]. Memory is the process RSS (on a
//! software adapter "GPU" buffers live there too), the heap peak from the counting allocator when
//! the binary installs it (`heap_bytes_peak` is null otherwise, see [`crate::memory`]) and
//! [`GpuMemory`](crate::gpu::GpuMemory)'s exact GPU byte count.
//!
//! # Files
//! - `scenario`: the scenarios and their playheads ([`playheads`]);
//! - `config`: [`BenchConfig`] and [`STREAM_BATCH`];
//! - `run`: the measured run ([`run()`]), reporting to a [`Progress`];
//! - `compare`: the peers' run on the same frames (`--compare`);
//! - [`peers`]: the peers themselves (draw-all, epaint, tiny-skia), [`vello_peers`]: Vello on
//!   the same device and vello_cpu, drawing the paths `vello_paths` makes; [`ink`]: how far a
//!   peer's last frame agrees with inkplay's; [`report`]: the report, its table and CSV;
//! - [`baseline`]: a run kept for later comparison; [`verdict`]: the comparison, metric by metric;
//!   [`formats`]: the run for github-action-benchmark and Bencher, and the comparison table;
//! - [`suite`]: several runs from a TOML file;
//! - [`soak`]: `--scenario soak`, the player's mix of actions with memory sampled;
//!   [`soak_report`]: what it found, each figure's growth, the verdict and the plot;
//! - `trace`: `--trace`, the measured frames as a profile capture.
//!
//! [`Renderer`]: crate::gpu::Renderer
//! [`Headless`]: crate::headless::Headless

pub mod baseline;
mod compare;
mod config;
pub mod formats;
pub mod ink;
pub mod peers;
pub mod report;
mod rows;
mod run;
mod scenario;
pub mod soak;
pub mod soak_report;
pub mod suite;
mod trace;
mod vello_paths;
pub mod vello_peers;
pub mod verdict;

pub use crate::progress::Progress;
pub use config::{BenchConfig, STREAM_BATCH};
pub use report::{
    BenchReport, CheckpointReport, FrameRow, GovernorReport, Invariant, LoadMs, PeerFrame,
    PeerReport, SizeReport, Summary,
};
pub use run::{run, BenchRun, SETTLE_FRAMES};
pub use scenario::{playheads, scrub_playheads, Scenario};
