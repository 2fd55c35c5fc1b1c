//! Profiles you can keep: frames recorded with their CPU scopes, GPU passes and counters, written
//! to files and compared.
//!
//! - [`Recorder`] keeps a front end's last frames: each a [`FrameRecord`] (start, CPU time,
//!   [`FrameCounters`]: playhead asked and shown, layer strokes and indices, bytes uploaded, the
//!   governor's grant and quality), the puffin frames of its CPU scopes (from a sink on puffin's
//!   global profiler) and its GPU passes ([`GpuFrameTimes`](crate::gpu::GpuFrameTimes), which it
//!   also reports to puffin as a `GPU` lane, `gpu_lane.rs`).
//! - [`Capture`] is frames taken from it, written as a `.puffin` file (puffin's format, which
//!   `puffin_viewer` and [`puffin::FrameView::read`] open) and a Chrome/Perfetto trace beside it
//!   (`trace.rs`: CPU scopes, GPU passes, frames and counter tracks). `spans.rs` walks puffin's
//!   scope streams for both.
//! - `diff` (feature `bench`): `inkplay profile-diff`, two captures compared scope by scope with
//!   the bench's bootstrap rule.
//!
//! The player records always (key C and `--capture N` write a capture); `inkplay bench --trace`
//! records its measured frames.

mod capture;
#[cfg(feature = "bench")]
pub mod diff;
mod gpu_lane;
mod record;
mod recorder;
mod spans;
mod trace;

pub use capture::{trace_path, Capture, CaptureFiles, CaptureFormat};
pub use gpu_lane::{pass_scope, GpuLane, GPU_FRAME_SCOPE, GPU_LANE};
pub use record::{FrameCounters, FrameRecord};
pub use recorder::Recorder;
pub use spans::{spans, Span};
pub use trace::chrome_trace;
