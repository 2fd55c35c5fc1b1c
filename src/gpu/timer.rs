//! GPU time of a frame and of each of its passes, from timestamp queries between its commands.
//!
//! [`GpuTimers`] is a ring of slots; a frame opens one ([`GpuTimers::begin`]), marks where each
//! pass starts ([`GpuTimers::pass`]: the renderer marks the layer update, the stand-in, the
//! composition and the live strokes; a front end adds its own, such as egui) and closes it
//! ([`GpuTimers::end`]), which resolves the queries into the slot's readback buffer. After the
//! submission [`GpuTimers::submitted`] maps it asynchronously, and [`GpuTimers::poll`] collects
//! the frames whose times came back, a few frames later and without stalling; a headless frame
//! that waits for the GPU anyway collects its own at once. A frame finding no free slot is not
//! timed, and a device without encoder timestamps has no timers at all (`None`): everything
//! still works, untimed.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use super::memory::{CountedBuffer, GpuCategory, GpuMemory};
use super::{Gpu, GpuError};

/// Timestamps one frame can write: the start, up to `MAX_MARKS - 2` passes, the end.
pub const MAX_MARKS: u32 = 16;

/// The label of the time a frame spends outside any marked pass.
pub const UNMARKED: &str = "other";

/// One pass of a timed frame.
#[derive(Debug, Clone, PartialEq)]
pub struct GpuPassTime {
    /// What the pass did (`layer update`, `composition`, `live strokes`, `egui`, …).
    pub label: &'static str,
    /// When it started, ms after the frame's first timestamp.
    pub start_ms: f64,
    /// Its GPU time, ms.
    pub ms: f64,
}

/// The GPU times of one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct GpuFrameTimes {
    /// The tag the frame was opened with (its index, say).
    pub tag: u64,
    /// The caller's clock at submission, as handed to [`GpuTimers::submitted`] (ns; the GPU lane
    /// of a profile is drawn from here).
    pub submit_ns: i64,
    /// From the frame's first timestamp to its last, ms.
    pub total_ms: f64,
    /// The marked passes in order (a pass that took no time is kept: it ran and was empty).
    pub passes: Vec<GpuPassTime>,
}

const IDLE: u8 = 0;
const OPEN: u8 = 1;
const MAPPING: u8 = 2;
const READY: u8 = 3;
const FAILED: u8 = 4;

#[derive(Debug)]
struct Slot {
    queries: wgpu::QuerySet,
    resolve: CountedBuffer,
    readback: CountedBuffer,
    /// The label of the segment each written timestamp starts (the last one ends the frame).
    labels: Vec<&'static str>,
    state: Arc<AtomicU8>,
    tag: u64,
    submit_ns: i64,
}

impl Slot {
    fn new(gpu: &Gpu, gpu_mem: &GpuMemory) -> Self {
        let queries = gpu.device.create_query_set(&wgpu::QuerySetDescriptor {
            label: Some("frame timestamps"),
            ty: wgpu::QueryType::Timestamp,
            count: MAX_MARKS,
        });
        let buf = |label, usage| {
            gpu_mem.buffer(
                &gpu.device,
                &wgpu::BufferDescriptor {
                    label: Some(label),
                    size: u64::from(MAX_MARKS) * 8,
                    usage,
                    mapped_at_creation: false,
                },
                GpuCategory::Staging,
            )
        };
        Self {
            queries,
            resolve: buf(
                "timestamp resolve",
                wgpu::BufferUsages::QUERY_RESOLVE | wgpu::BufferUsages::COPY_SRC,
            ),
            readback: buf(
                "timestamp readback",
                wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
            ),
            labels: Vec::with_capacity(MAX_MARKS as usize),
            state: Arc::default(),
            tag: 0,
            submit_ns: 0,
        }
    }

    fn write(&mut self, encoder: &mut wgpu::CommandEncoder, label: &'static str) {
        encoder.write_timestamp(&self.queries, self.labels.len() as u32);
        self.labels.push(label);
    }

    /// The mapped ticks as a frame's times (the slot is unmapped and idle afterwards).
    fn take(&mut self, period_ns: f64) -> GpuFrameTimes {
        let n = self.labels.len();
        let ticks: Vec<u64> = {
            let data = self.readback.slice(..).get_mapped_range();
            bytemuck::cast_slice::<u8, u64>(&data)[..n].to_vec()
        };
        self.readback.unmap();
        self.state.store(IDLE, Ordering::Release);
        let ms = |a: u64, b: u64| b.saturating_sub(a) as f64 * period_ns / 1e6;
        let t0 = ticks.first().copied().unwrap_or(0);
        let passes = (0..n.saturating_sub(1))
            .filter(|&i| !(self.labels[i] == UNMARKED && ticks[i + 1] <= ticks[i]))
            .map(|i| GpuPassTime {
                label: self.labels[i],
                start_ms: ms(t0, ticks[i]),
                ms: ms(ticks[i], ticks[i + 1]),
            })
            .collect();
        GpuFrameTimes {
            tag: self.tag,
            submit_ns: self.submit_ns,
            total_ms: ms(t0, ticks.last().copied().unwrap_or(t0)),
            passes,
        }
    }
}

/// Per-pass GPU times of frames, read back late without stalling (see the module docs).
#[derive(Debug)]
pub struct GpuTimers {
    slots: Vec<Slot>,
    next: usize,
    open: Option<usize>,
    period_ns: f64,
    passes: bool,
}

impl GpuTimers {
    /// `n` slots (frames in flight), or `None` when the device has no encoder timestamps.
    pub fn new(gpu: &Gpu, gpu_mem: &GpuMemory, n: usize) -> Option<Self> {
        if !gpu.has_timestamps() {
            return None;
        }
        Some(Self {
            slots: (0..n.max(1)).map(|_| Slot::new(gpu, gpu_mem)).collect(),
            next: 0,
            open: None,
            period_ns: f64::from(gpu.queue.get_timestamp_period()),
            passes: true,
        })
    }

    /// Time each pass (the default), or only whole frames: every mark is a timestamp the GPU
    /// writes between passes, which a software rasterizer pays for (lavapipe: about 0.1 ms a
    /// frame for the renderer's marks, measured with `inkplay bench`).
    pub fn set_pass_marks(&mut self, on: bool) {
        self.passes = on;
    }

    /// Open a frame tagged `tag` in `encoder`: returns its slot, or `None` when every slot is
    /// still in flight (the frame is not timed) or a frame is already open.
    pub fn begin(&mut self, encoder: &mut wgpu::CommandEncoder, tag: u64) -> Option<usize> {
        if self.open.is_some() {
            return None;
        }
        let i = self.next;
        let n = self.slots.len();
        let slot = &mut self.slots[i];
        if slot.state.load(Ordering::Acquire) != IDLE {
            return None;
        }
        self.next = (i + 1) % n;
        slot.state.store(OPEN, Ordering::Release);
        slot.tag = tag;
        slot.labels.clear();
        slot.write(encoder, UNMARKED);
        self.open = Some(i);
        Some(i)
    }

    /// Whether a frame is open (marks are written).
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Mark the start of a pass labelled `label` (it lasts until the next mark or the end). No
    /// effect without an open frame or once the frame's marks are used up.
    pub fn pass(&mut self, encoder: &mut wgpu::CommandEncoder, label: &'static str) {
        if !self.passes {
            return;
        }
        if let Some(i) = self.open {
            let slot = &mut self.slots[i];
            if (slot.labels.len() as u32) < MAX_MARKS - 1 {
                slot.write(encoder, label);
            }
        }
    }

    /// End the time since the last pass mark (it counts as [`UNMARKED`] from here on).
    pub fn end_pass(&mut self, encoder: &mut wgpu::CommandEncoder) {
        self.pass(encoder, UNMARKED);
    }

    /// Close the open frame: the last timestamp, and the copy to its readback buffer. Returns
    /// its slot for [`GpuTimers::submitted`].
    pub fn end(&mut self, encoder: &mut wgpu::CommandEncoder) -> Option<usize> {
        let i = self.open.take()?;
        let slot = &mut self.slots[i];
        slot.write(encoder, UNMARKED);
        let n = slot.labels.len() as u32;
        encoder.resolve_query_set(&slot.queries, 0..n, &slot.resolve, 0);
        encoder.copy_buffer_to_buffer(&slot.resolve, 0, &slot.readback, 0, u64::from(n) * 8);
        Some(i)
    }

    /// After the encoder holding slot `i` was submitted at `submit_ns` (the caller's clock): ask
    /// for its readback.
    pub fn submitted(&mut self, i: usize, submit_ns: i64) {
        let Some(s) = self.slots.get_mut(i) else {
            return;
        };
        s.submit_ns = submit_ns;
        s.state.store(MAPPING, Ordering::Release);
        let state = Arc::clone(&s.state);
        s.readback
            .slice(..)
            .map_async(wgpu::MapMode::Read, move |r| {
                state.store(if r.is_ok() { READY } else { FAILED }, Ordering::Release);
            });
    }

    /// Collect the frames whose times came back, oldest tag first, without waiting.
    pub fn poll(&mut self, gpu: &Gpu) -> Vec<GpuFrameTimes> {
        let _ = gpu.device.poll(wgpu::PollType::Poll);
        let period_ns = self.period_ns;
        let mut out = Vec::new();
        for s in &mut self.slots {
            match s.state.load(Ordering::Acquire) {
                READY => out.push(s.take(period_ns)),
                FAILED => s.state.store(IDLE, Ordering::Release),
                _ => {}
            }
        }
        out.sort_by_key(|f| f.tag);
        out
    }

    /// Wait for slot `i`'s times (a frame that waits for the GPU anyway).
    pub fn wait(&mut self, gpu: &Gpu, i: usize) -> Result<Option<GpuFrameTimes>, GpuError> {
        gpu.wait_idle()?;
        let Some(s) = self.slots.get_mut(i) else {
            return Ok(None);
        };
        match s.state.load(Ordering::Acquire) {
            READY => Ok(Some(s.take(self.period_ns))),
            FAILED => {
                s.state.store(IDLE, Ordering::Release);
                Err(GpuError::Readback("timestamp readback failed".into()))
            }
            _ => Ok(None),
        }
    }
}

/// Mark the start of a GPU pass in the open timed frame, if any (a field borrow, beside the
/// layer and targets a composition holds).
pub(super) fn mark(
    timers: &mut Option<GpuTimers>,
    encoder: &mut wgpu::CommandEncoder,
    label: &'static str,
) {
    if let Some(t) = timers.as_mut() {
        t.pass(encoder, label);
    }
}

/// Mark the end of the pass marked last (what follows is not timed as a pass), if timing.
pub(super) fn end_mark(timers: &mut Option<GpuTimers>, encoder: &mut wgpu::CommandEncoder) {
    if let Some(t) = timers.as_mut() {
        t.end_pass(encoder);
    }
}
