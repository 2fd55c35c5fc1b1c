//! `inkplay bench --trace`: the measured frames recorded as a profile capture (see
//! [`crate::profile`]), the same files the player's key C writes.

use crate::gpu::GpuFrameTimes;
use crate::headless::FrameTiming;
use crate::profile::{Capture, FrameCounters, FrameRecord, Recorder};
use crate::replay::Prepared;

/// Records a run's measured frames, with puffin's scopes on while it lives.
#[derive(Debug)]
pub(super) struct Tracer {
    recorder: Recorder,
    scopes_were_on: bool,
}

/// A measured frame, as the tracer files it.
pub(super) struct Traced<'a> {
    pub index: u64,
    pub start_ns: i64,
    pub wall_ms: f64,
    pub playhead_ms: f64,
    pub prepared: &'a Prepared,
    pub timing: &'a FrameTiming,
    pub gpu: Option<&'a GpuFrameTimes>,
    pub quality: u8,
}

impl Tracer {
    /// A tracer for up to `frames` frames.
    pub(super) fn new(frames: usize) -> Self {
        let scopes_were_on = puffin::are_scopes_on();
        puffin::set_scopes_on(true);
        Self {
            recorder: Recorder::new(frames),
            scopes_were_on,
        }
    }

    /// Before a frame: ends puffin's frame (the last frame's scopes).
    pub(super) fn start(&mut self) {
        self.recorder.start_frame();
    }

    /// After a frame.
    pub(super) fn end(&mut self, f: Traced<'_>) {
        let r = &f.timing.report;
        self.recorder.end_frame(FrameRecord {
            index: f.index,
            start_ns: f.start_ns,
            cpu_ms: f.wall_ms,
            counters: FrameCounters {
                playhead_ms: f.playhead_ms,
                shown_ms: r.shown_ms,
                layer_strokes: r.layer_strokes_added,
                layer_indices: r.layer_indices + r.checkpoint_indices,
                uploaded_bytes: f.prepared.stream.bytes,
                layer_grant: f.prepared.layer_budget,
                quality: f.quality,
            },
            ..FrameRecord::default()
        });
        if let Some(g) = f.gpu {
            // The headless timer's tags count its own timed frames; file them under this one.
            let g = GpuFrameTimes {
                tag: f.index,
                ..g.clone()
            };
            self.recorder.gpu_times(&[g]);
        }
    }

    /// The frames recorded (the last one's puffin scopes included).
    pub(super) fn finish(mut self) -> Capture {
        self.recorder.start_frame();
        let capture = self.recorder.capture(self.recorder.capacity());
        puffin::set_scopes_on(self.scopes_were_on);
        capture
    }
}
