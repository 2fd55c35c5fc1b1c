//! A [`Capture`](super::Capture) as a Chrome trace (the JSON that Perfetto and `chrome://tracing` open).
//!
//! One process, `inkplay`; a thread per puffin lane with its CPU scopes as complete (`X`) events;
//! a `GPU` thread with each frame's GPU span and its passes; a `frames` thread with one event per
//! frame (its index, the playhead it showed, CPU and GPU time in `args`); and counter (`C`)
//! tracks: `playhead` (asked and shown), `layer` (strokes and indices drawn into it), `upload`
//! (bytes), `governor` (the layer grant and the quality level). Times are microseconds from the
//! capture's first frame.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use puffin::ScopeCollection;

use super::gpu_lane::{pass_scope, GPU_FRAME_SCOPE, GPU_LANE};
use super::record::FrameRecord;
use super::spans::spans;

const PID: u32 = 1;
const FRAMES_TID: u32 = 1;
const GPU_TID: u32 = 2;

/// A capture's frames (and the names of their puffin scopes) as a Chrome trace object
/// (`{"traceEvents": [...], ...}`).
pub fn chrome_trace(frames: &[FrameRecord], names: &ScopeCollection) -> Value {
    let origin = frames
        .iter()
        .map(|f| f.start_ns)
        .chain(
            frames
                .iter()
                .filter_map(|f| f.gpu.as_ref().map(|g| g.submit_ns)),
        )
        .min()
        .unwrap_or(0);
    let us = |ns: i64| (ns - origin) as f64 / 1e3;
    let mut events = vec![
        meta("process_name", 0, "inkplay"),
        meta("thread_name", FRAMES_TID, "frames"),
        meta("thread_name", GPU_TID, GPU_LANE),
    ];
    let mut tids: BTreeMap<String, u32> = BTreeMap::new();
    let mut skipped = 0usize;
    for f in frames {
        let c = &f.counters;
        let gpu_ms = f.gpu.as_ref().map(|g| g.total_ms);
        events.push(json!({
            "name": format!("frame {}", f.index), "ph": "X", "pid": PID, "tid": FRAMES_TID,
            "ts": us(f.start_ns), "dur": f.cpu_ms * 1e3,
            "args": {"frame": f.index, "playhead_ms": c.playhead_ms, "shown_ms": c.shown_ms,
                     "cpu_ms": f.cpu_ms, "gpu_ms": gpu_ms},
        }));
        let ts = us(f.start_ns);
        events.push(counter(
            "playhead",
            ts,
            json!({"asked_ms": c.playhead_ms, "shown_ms": c.shown_ms}),
        ));
        events.push(counter(
            "layer",
            ts,
            json!({"strokes": c.layer_strokes, "indices": c.layer_indices}),
        ));
        events.push(counter("upload", ts, json!({"bytes": c.uploaded_bytes})));
        events.push(counter(
            "governor",
            ts,
            json!({"layer_grant": c.layer_grant, "quality": c.quality}),
        ));
        if let Some(g) = &f.gpu {
            events.push(json!({
                "name": GPU_FRAME_SCOPE, "ph": "X", "pid": PID, "tid": GPU_TID,
                "ts": us(g.submit_ns), "dur": g.total_ms * 1e3, "args": {"frame": g.tag},
            }));
            for p in &g.passes {
                events.push(json!({
                    "name": pass_scope(p.label), "ph": "X", "pid": PID, "tid": GPU_TID,
                    "ts": us(g.submit_ns) + p.start_ms * 1e3, "dur": p.ms * 1e3,
                    "args": {"frame": g.tag},
                }));
            }
        }
        for frame in &f.puffin {
            let Ok(list) = spans(frame, names) else {
                skipped += 1;
                continue;
            };
            // The GPU lane puffin carries is written above from the records, aligned to its frame.
            for s in list.into_iter().filter(|s| s.thread != GPU_LANE) {
                let next = 3 + tids.len() as u32;
                let thread = if s.thread.is_empty() {
                    "(unnamed thread)".to_string()
                } else {
                    s.thread.clone()
                };
                let tid = *tids.entry(thread).or_insert(next);
                let mut e = json!({
                    "name": s.name, "ph": "X", "pid": PID, "tid": tid,
                    "ts": us(s.start_ns), "dur": s.duration_ns as f64 / 1e3,
                });
                if !s.data.is_empty() {
                    e["args"] = json!({"data": s.data});
                }
                events.push(e);
            }
        }
    }
    for (name, tid) in &tids {
        events.push(meta("thread_name", *tid, name));
    }
    json!({
        "traceEvents": events,
        "displayTimeUnit": "ms",
        "otherData": {
            "producer": concat!("inkplay ", env!("CARGO_PKG_VERSION")),
            "frames": frames.len(),
            "unreadable_puffin_frames": skipped,
        },
    })
}

fn meta(what: &str, tid: u32, name: &str) -> Value {
    json!({"name": what, "ph": "M", "pid": PID, "tid": tid, "args": {"name": name}})
}

fn counter(name: &str, ts: f64, args: Value) -> Value {
    json!({"name": name, "ph": "C", "pid": PID, "tid": 0, "ts": ts, "args": args})
}
