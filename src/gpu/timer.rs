//! GPU time of a frame from two timestamp queries around its commands.

use super::memory::{CountedBuffer, GpuCategory, GpuMemory};
use super::{Gpu, GpuError};

/// Measures the GPU time between two points of one encoder (read back after the frame finished).
#[derive(Debug)]
pub struct GpuTimer {
    queries: wgpu::QuerySet,
    resolve: CountedBuffer,
    readback: CountedBuffer,
    period_ns: f64,
}

impl GpuTimer {
    /// A timer, or `None` when the device has no encoder timestamps.
    pub fn new(gpu: &Gpu, gpu_mem: &GpuMemory) -> Option<Self> {
        if !gpu.has_timestamps() {
            return None;
        }
        let queries = gpu.device.create_query_set(&wgpu::QuerySetDescriptor {
            label: Some("frame timestamps"),
            ty: wgpu::QueryType::Timestamp,
            count: 2,
        });
        let buf = |label, usage| {
            gpu_mem.buffer(
                &gpu.device,
                &wgpu::BufferDescriptor {
                    label: Some(label),
                    size: 16,
                    usage,
                    mapped_at_creation: false,
                },
                GpuCategory::Staging,
            )
        };
        Some(Self {
            queries,
            resolve: buf(
                "timestamp resolve",
                wgpu::BufferUsages::QUERY_RESOLVE | wgpu::BufferUsages::COPY_SRC,
            ),
            readback: buf(
                "timestamp readback",
                wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
            ),
            period_ns: f64::from(gpu.queue.get_timestamp_period()),
        })
    }

    /// Write the start timestamp.
    pub fn start(&self, encoder: &mut wgpu::CommandEncoder) {
        encoder.write_timestamp(&self.queries, 0);
    }

    /// Write the end timestamp and copy both to the readback buffer.
    pub fn end(&self, encoder: &mut wgpu::CommandEncoder) {
        encoder.write_timestamp(&self.queries, 1);
        encoder.resolve_query_set(&self.queries, 0..2, &self.resolve, 0);
        encoder.copy_buffer_to_buffer(&self.resolve, 0, &self.readback, 0, 16);
    }

    /// Read the elapsed GPU time in ms (call after the frame's submission finished).
    pub fn read_ms(&self, gpu: &Gpu) -> Result<f64, GpuError> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.readback
            .slice(..)
            .map_async(wgpu::MapMode::Read, move |r| {
                let _ = tx.send(r);
            });
        gpu.wait_idle()?;
        rx.recv()
            .map_err(|e| GpuError::Readback(e.to_string()))?
            .map_err(|e| GpuError::Readback(e.to_string()))?;
        let ticks: [u64; 2] = {
            let data = self.readback.slice(..).get_mapped_range();
            let v: &[u64] = bytemuck::cast_slice(&data);
            [v[0], v[1]]
        };
        self.readback.unmap();
        Ok(ticks[1].saturating_sub(ticks[0]) as f64 * self.period_ns / 1e6)
    }
}

const IDLE: u8 = 0;
const MAPPING: u8 = 1;
const READY: u8 = 2;
const FAILED: u8 = 3;

#[derive(Debug)]
struct Slot {
    timer: GpuTimer,
    state: std::sync::Arc<std::sync::atomic::AtomicU8>,
    tag: u64,
}

/// GPU frame times read a few frames late, without stalling: a ring of [`GpuTimer`]s whose
/// readbacks are mapped asynchronously and collected by [`GpuTimerRing::poll`]. A frame finding
/// no free slot is simply not timed.
#[derive(Debug)]
pub struct GpuTimerRing {
    slots: Vec<Slot>,
    next: usize,
}

impl GpuTimerRing {
    /// `n` slots, or `None` when the device has no encoder timestamps.
    pub fn new(gpu: &Gpu, gpu_mem: &GpuMemory, n: usize) -> Option<Self> {
        let slots = (0..n.max(1))
            .map(|_| {
                GpuTimer::new(gpu, gpu_mem).map(|timer| Slot {
                    timer,
                    state: std::sync::Arc::default(),
                    tag: 0,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { slots, next: 0 })
    }

    /// Start timing a frame tagged `tag`; returns the slot, or `None` if all are still in flight.
    pub fn start(&mut self, encoder: &mut wgpu::CommandEncoder, tag: u64) -> Option<usize> {
        use std::sync::atomic::Ordering;
        let i = self.next;
        let n = self.slots.len();
        let slot = &mut self.slots[i];
        if slot.state.load(Ordering::Acquire) != IDLE {
            return None;
        }
        self.next = (i + 1) % n;
        slot.tag = tag;
        slot.timer.start(encoder);
        Some(i)
    }

    /// End timing in slot `i` (same encoder as `start`).
    pub fn end(&self, encoder: &mut wgpu::CommandEncoder, i: usize) {
        if let Some(s) = self.slots.get(i) {
            s.timer.end(encoder);
        }
    }

    /// After the encoder was submitted: ask for slot `i`'s readback.
    pub fn submitted(&self, i: usize) {
        use std::sync::atomic::Ordering;
        let Some(s) = self.slots.get(i) else {
            return;
        };
        s.state.store(MAPPING, Ordering::Release);
        let state = std::sync::Arc::clone(&s.state);
        s.timer
            .readback
            .slice(..)
            .map_async(wgpu::MapMode::Read, move |r| {
                state.store(if r.is_ok() { READY } else { FAILED }, Ordering::Release);
            });
    }

    /// Collect finished timings as `(tag, gpu ms)` without waiting.
    pub fn poll(&mut self, gpu: &Gpu) -> Vec<(u64, f64)> {
        use std::sync::atomic::Ordering;
        let _ = gpu.device.poll(wgpu::PollType::Poll);
        let mut out = Vec::new();
        for s in &mut self.slots {
            match s.state.load(Ordering::Acquire) {
                READY => {
                    let ticks: [u64; 2] = {
                        let data = s.timer.readback.slice(..).get_mapped_range();
                        let v: &[u64] = bytemuck::cast_slice(&data);
                        [v[0], v[1]]
                    };
                    s.timer.readback.unmap();
                    s.state.store(IDLE, Ordering::Release);
                    out.push((
                        s.tag,
                        ticks[1].saturating_sub(ticks[0]) as f64 * s.timer.period_ns / 1e6,
                    ));
                }
                FAILED => s.state.store(IDLE, Ordering::Release),
                _ => {}
            }
        }
        out
    }
}
