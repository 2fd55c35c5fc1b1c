//! GPU time of a frame from two timestamp queries around its commands.

use super::arena::{ArenaBuffer, GpuArena, GpuCategory};
use super::{GpuContext, GpuError};

/// Measures the GPU time between two points of one encoder (read back after the frame finished).
#[derive(Debug)]
pub struct GpuTimer {
    queries: wgpu::QuerySet,
    resolve: ArenaBuffer,
    readback: ArenaBuffer,
    period_ns: f64,
}

impl GpuTimer {
    /// A timer, or `None` when the device has no encoder timestamps.
    pub fn new(ctx: &GpuContext, arena: &GpuArena) -> Option<Self> {
        if !ctx.has_timestamps() {
            return None;
        }
        let queries = ctx.device.create_query_set(&wgpu::QuerySetDescriptor {
            label: Some("frame timestamps"),
            ty: wgpu::QueryType::Timestamp,
            count: 2,
        });
        let buf = |label, usage| {
            arena.buffer(
                &ctx.device,
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
            period_ns: f64::from(ctx.queue.get_timestamp_period()),
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
    pub fn read_ms(&self, ctx: &GpuContext) -> Result<f64, GpuError> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.readback
            .slice(..)
            .map_async(wgpu::MapMode::Read, move |r| {
                let _ = tx.send(r);
            });
        ctx.wait_idle()?;
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
