//! A frame's GPU passes as puffin scopes on a lane of their own, named `GPU`.
//!
//! Each pass becomes a scope `GPU <label>` inside a `GPU frame` scope, placed on puffin's clock
//! from the moment the frame was submitted (its first timestamp) plus the pass's offset. The
//! times come back a few frames late on a pipelined GPU, so they are reported into the puffin
//! frame that is open when they arrive, at their own (earlier) times, as wgpu-profiler does.

use std::collections::HashMap;

use puffin::{GlobalProfiler, ScopeDetails, ScopeId, StreamInfo, ThreadInfo};

use crate::gpu::GpuFrameTimes;

/// The name of the lane the GPU scopes are reported on.
pub const GPU_LANE: &str = "GPU";

/// The scope name of a frame's whole GPU span.
pub const GPU_FRAME_SCOPE: &str = "GPU frame";

/// The scope name of a GPU pass.
pub fn pass_scope(label: &str) -> String {
    format!("GPU {label}")
}

/// Reports GPU frames to puffin, registering each scope name once.
#[derive(Debug, Default)]
pub struct GpuLane {
    ids: HashMap<String, ScopeId>,
}

impl GpuLane {
    fn id(&mut self, name: String) -> ScopeId {
        if let Some(id) = self.ids.get(&name) {
            return *id;
        }
        let details = ScopeDetails::from_scope_name(name.clone()).with_file("GPU timestamps");
        let id = GlobalProfiler::lock().register_user_scopes(&[details])[0];
        self.ids.insert(name, id);
        id
    }

    /// Report `times` into the open puffin frame (no effect while puffin's scopes are off).
    pub fn report(&mut self, times: &GpuFrameTimes) {
        if !puffin::are_scopes_on() {
            return;
        }
        let ns = |ms: f64| (ms * 1e6).round() as i64;
        let t0 = times.submit_ns;
        let frame = self.id(GPU_FRAME_SCOPE.to_string());
        let mut stream = puffin::Stream::default();
        let (outer, _) = stream.begin_scope(|| t0, frame, "");
        let mut end = t0 + ns(times.total_ms);
        for p in &times.passes {
            let id = self.id(pass_scope(p.label));
            let start = t0 + ns(p.start_ms);
            let stop = start + ns(p.ms);
            end = end.max(stop);
            let (at, _) = stream.begin_scope(|| start, id, "");
            stream.end_scope(at, stop);
        }
        stream.end_scope(outer, end);
        let info = StreamInfo {
            stream,
            num_scopes: 1 + times.passes.len(),
            depth: 2,
            range_ns: (t0, end),
        };
        GlobalProfiler::lock().report_user_scopes(
            ThreadInfo {
                start_time_ns: None,
                name: GPU_LANE.to_string(),
            },
            &info.as_stream_into_ref(),
        );
    }
}
