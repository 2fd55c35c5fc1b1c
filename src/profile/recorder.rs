//! [`Recorder`]: the last frames of a front end, kept so they can be captured to a file.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use puffin::{FrameData, FrameSinkId, GlobalProfiler, ScopeCollection};

use super::capture::Capture;
use super::gpu_lane::GpuLane;
use super::record::FrameRecord;
use crate::gpu::GpuFrameTimes;

/// What puffin's sink hands over: the frames it finished, and every scope name seen so far.
#[derive(Default)]
struct Arrived {
    frames: Vec<Arc<FrameData>>,
    names: ScopeCollection,
}

/// The last `capacity` frames: their records, the puffin frames of their CPU scopes (taken from a
/// sink on puffin's global profiler, installed for the recorder's life) and their GPU passes
/// (reported to puffin's `GPU` lane too). A front end calls [`Recorder::start_frame`] at the
/// start of each frame (it ends puffin's frame), [`Recorder::end_frame`] with the frame's record,
/// and [`Recorder::gpu_times`] with GPU times as they come back.
pub struct Recorder {
    records: VecDeque<FrameRecord>,
    capacity: usize,
    arrived: Arc<Mutex<Arrived>>,
    sink: FrameSinkId,
    lane: GpuLane,
    /// Whether a frame carrying puffin's snapshot of every scope name has arrived.
    synced: bool,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("frames", &self.records.len())
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl Recorder {
    /// A recorder of the last `capacity` frames (at least one).
    pub fn new(capacity: usize) -> Self {
        let arrived: Arc<Mutex<Arrived>> = Arc::default();
        let into = Arc::clone(&arrived);
        let sink = GlobalProfiler::lock().add_sink(Box::new(move |frame| {
            if let Ok(mut a) = into.lock() {
                for d in &frame.scope_delta {
                    a.names.insert(Arc::clone(d));
                }
                a.frames.push(frame);
            }
        }));
        Self {
            records: VecDeque::with_capacity(capacity.max(1)),
            capacity: capacity.max(1),
            arrived,
            sink,
            lane: GpuLane::default(),
            synced: false,
        }
    }

    /// Frames kept at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Keep at most `capacity` frames from now on.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity.max(1);
        while self.records.len() > self.capacity {
            self.records.pop_front();
        }
    }

    /// At the start of a frame: end puffin's frame (the scopes since the last call) and file it
    /// under the last frame recorded.
    pub fn start_frame(&mut self) {
        {
            let mut profiler = GlobalProfiler::lock();
            if !self.synced {
                // Scopes named before the sink existed reach it with puffin's snapshot. An empty
                // frame is dropped with the snapshot (and with names registered meanwhile), so
                // it is asked for until a frame arrives.
                profiler.emit_scope_snapshot();
            }
            profiler.new_frame();
        }
        let frames = match self.arrived.lock() {
            Ok(mut a) => std::mem::take(&mut a.frames),
            Err(_) => return,
        };
        self.synced |= !frames.is_empty();
        if let Some(last) = self.records.back_mut() {
            last.puffin.extend(frames);
        }
    }

    /// At the end of a frame: keep its record (dropping the oldest beyond the capacity).
    pub fn end_frame(&mut self, record: FrameRecord) {
        if self.records.len() == self.capacity {
            self.records.pop_front();
        }
        self.records.push_back(record);
    }

    /// GPU times that came back: filed under the frame with their tag, and reported to puffin.
    pub fn gpu_times(&mut self, times: &[GpuFrameTimes]) {
        for t in times {
            self.lane.report(t);
            if let Some(r) = self.records.iter_mut().rev().find(|r| r.index == t.tag) {
                r.gpu = Some(t.clone());
            }
        }
    }

    /// The frame recorded with `index`, if still kept.
    pub fn frame(&self, index: u64) -> Option<&FrameRecord> {
        self.records.iter().rev().find(|r| r.index == index)
    }

    /// A puffin view of frame `index` alone, every scope named (for a profiler UI to show it):
    /// `None` when the frame is no longer kept or has no scopes.
    pub fn view_of(&self, index: u64) -> Option<puffin::FrameView> {
        let record = self.frame(index)?;
        let names: Vec<Arc<puffin::ScopeDetails>> = self
            .arrived
            .lock()
            .ok()?
            .names
            .scopes_by_id()
            .values()
            .cloned()
            .collect();
        let mut view = puffin::FrameView::default();
        for f in &record.puffin {
            // The frame again, carrying every name (its own delta holds only the scopes new in it).
            let Ok(unpacked) = f.unpacked() else { continue };
            let streams = unpacked
                .thread_streams
                .iter()
                .map(|(thread, s)| (thread.clone(), (**s).clone()))
                .collect();
            if let Ok(named) = FrameData::new(f.frame_index(), streams, names.clone(), true) {
                view.add_frame(Arc::new(named));
            }
        }
        (!view.is_empty()).then_some(view)
    }

    /// The frames kept, oldest first.
    pub fn frames(&self) -> impl DoubleEndedIterator<Item = &FrameRecord> + ExactSizeIterator {
        self.records.iter()
    }

    /// The last `n` frames as a [`Capture`] (all of them when fewer are kept).
    pub fn capture(&self, n: usize) -> Capture {
        let skip = self.records.len().saturating_sub(n);
        let names = self
            .arrived
            .lock()
            .map(|a| a.names.clone())
            .unwrap_or_default();
        Capture {
            frames: self.records.iter().skip(skip).cloned().collect(),
            names,
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        GlobalProfiler::lock().remove_sink(self.sink);
    }
}
