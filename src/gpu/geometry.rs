//! Stroke geometry on the GPU: chunks of vertices and indices, the per-stroke table and the
//! strokes' frames (where their packed centres lie).

use bytemuck::{Pod, Zeroable};

use super::memory::{CountedBuffer, GpuCategory, GpuMemory};
use super::uniforms::split_f64;
use crate::model::Stroke;
use crate::tess::{ChunkLayout, CpuChunk, Indices, StrokeFrame};

/// Per-stroke data the shader reads. **Keep in sync with `StrokeInfo` in `shaders/stroke.wgsl`.**
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Pod, Zeroable)]
pub struct StrokeInfo {
    /// sRGB colour, straight alpha, `0xAABBGGRR`.
    pub color: u32,
    /// Start time high part (`f32` bits).
    pub start_hi: u32,
    /// Start time low part (`f32` bits).
    pub start_lo: u32,
    /// Depth bit pattern at full coverage.
    pub depth_bits: u32,
}
const _: () = assert!(std::mem::size_of::<StrokeInfo>() == 16);

/// Depth (as `f32` bits) of stroke `i` at full coverage. Later strokes are nearer; each stroke owns
/// 16 consecutive depth values (for partial coverage), all below 1.0 (the clear value). Distinct for
/// the first 66 million strokes; later ones share the nearest value.
pub fn depth_bits(i: u32) -> u32 {
    const ONE_MINUS: u32 = 0x3F7F_FFFF; // largest f32 below 1.0
    ONE_MINUS.saturating_sub(i.saturating_mul(16)).max(32) - 15
}

impl StrokeInfo {
    /// The table entries for `strokes`, the first of which is stroke number `first`.
    pub fn for_strokes(first: usize, strokes: &[Stroke]) -> Vec<StrokeInfo> {
        strokes
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (hi, lo) = split_f64(s.start_ms());
                StrokeInfo {
                    color: s.style.color.to_u32(),
                    start_hi: hi.to_bits(),
                    start_lo: lo.to_bits(),
                    depth_bits: depth_bits((first + i) as u32) + 15,
                }
            })
            .collect()
    }
}

/// Strokes the per-stroke buffers have room for at first (1 MiB each).
pub const INITIAL_TABLE_STROKES: usize = 1 << 16;

/// A per-stroke storage buffer of `strokes` 16-byte entries (copied from when it grows).
fn table(device: &wgpu::Device, gpu_mem: &GpuMemory, label: &str, strokes: usize) -> CountedBuffer {
    const _: () = assert!(std::mem::size_of::<StrokeInfo>() == std::mem::size_of::<StrokeFrame>());
    gpu_mem.buffer(
        device,
        &wgpu::BufferDescriptor {
            label: Some(label),
            size: (strokes.max(1) * std::mem::size_of::<StrokeInfo>()) as u64,
            usage: wgpu::BufferUsages::STORAGE
                | wgpu::BufferUsages::COPY_DST
                | wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: false,
        },
        GpuCategory::Uniforms,
    )
}

/// One uploaded chunk.
#[derive(Debug)]
pub struct GpuChunk {
    /// Where each stroke's indices are, as in its [`CpuChunk`].
    pub layout: ChunkLayout,
    /// Vertex buffer.
    pub vertices: CountedBuffer,
    /// Index buffer (relative to each block's base vertex).
    pub indices: CountedBuffer,
    /// `Uint16`, or `Uint32` for a chunk holding one stroke too large for 16-bit blocks.
    pub index_format: wgpu::IndexFormat,
    /// Number of vertices.
    pub vertex_count: u32,
}

/// All geometry of a drawing on the GPU.
#[derive(Debug)]
pub struct GpuGeometry {
    /// Chunks in stroke order.
    pub chunks: Vec<GpuChunk>,
    /// The per-stroke table (storage buffer).
    pub stroke_table: CountedBuffer,
    /// Each stroke's [`StrokeFrame`] (storage buffer), written as its chunk is uploaded.
    pub stroke_frames: CountedBuffer,
    /// Strokes the two per-stroke buffers have room for (see [`GpuGeometry::reserve`]).
    room: usize,
    /// Strokes covered by uploaded chunks (strokes `0..uploaded` are drawable).
    pub uploaded: u32,
    /// Strokes in the drawing.
    pub strokes: u32,
}

impl GpuGeometry {
    /// Geometry for a drawing of `capacity` strokes; table entries are written with
    /// [`GpuGeometry::write_strokes`] as strokes arrive, chunks added with
    /// [`GpuGeometry::push_chunk`]. The per-stroke buffers start at 65,536 strokes
    /// (or the drawing's size) and double as strokes arrive: a million-stroke drawing does not
    /// allocate (and have the driver clear) 32 MB of tables in the frame that opens it.
    pub fn new(device: &wgpu::Device, gpu_mem: &GpuMemory, capacity: usize) -> Self {
        let room = capacity.clamp(1, INITIAL_TABLE_STROKES);
        Self {
            chunks: Vec::new(),
            stroke_table: table(device, gpu_mem, "stroke table", room),
            stroke_frames: table(device, gpu_mem, "stroke frames", room),
            room,
            uploaded: 0,
            strokes: capacity as u32,
        }
    }

    /// Make room for `n` strokes in the per-stroke buffers: new ones at least twice the size,
    /// the old contents copied over. Returns whether the buffers changed (bind groups naming
    /// them must be made again).
    pub fn reserve(&mut self, gpu: &super::Gpu, gpu_mem: &GpuMemory, n: usize) -> bool {
        let n = n.min(self.strokes as usize);
        if n <= self.room {
            return false;
        }
        puffin::profile_scope!("grow_stroke_tables");
        let room = n.max(self.room * 2).min((self.strokes as usize).max(1));
        let mut encoder = gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("grow stroke tables"),
            });
        for (buffer, label) in [
            (&mut self.stroke_table, "stroke table"),
            (&mut self.stroke_frames, "stroke frames"),
        ] {
            let new = table(&gpu.device, gpu_mem, label, room);
            encoder.copy_buffer_to_buffer(buffer, 0, &new, 0, buffer.size());
            *buffer = new;
        }
        gpu.queue.submit([encoder.finish()]);
        self.room = room;
        true
    }

    /// Write the table entries of `strokes`, the first being stroke number `first` (entries
    /// past the capacity, or past the room reserved, are ignored).
    pub fn write_strokes(&self, queue: &wgpu::Queue, first: usize, strokes: &[Stroke]) {
        let n = strokes
            .len()
            .min((self.strokes as usize).min(self.room).saturating_sub(first));
        if n == 0 {
            return;
        }
        let table = StrokeInfo::for_strokes(first, &strokes[..n]);
        let offset = (first * std::mem::size_of::<StrokeInfo>()) as u64;
        queue.write_buffer(&self.stroke_table, offset, bytemuck::cast_slice(&table));
    }

    /// Upload the next chunk (chunks must arrive in stroke order), and its strokes' frames.
    pub fn push_chunk(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        gpu_mem: &GpuMemory,
        chunk: &CpuChunk,
    ) {
        puffin::profile_scope!("upload_chunk");
        debug_assert_eq!(chunk.layout.first_stroke, self.uploaded);
        let first = chunk.layout.first_stroke as usize;
        let n = chunk
            .frames
            .len()
            .min((self.strokes as usize).min(self.room).saturating_sub(first));
        if n > 0 {
            let offset = (first * std::mem::size_of::<StrokeFrame>()) as u64;
            queue.write_buffer(
                &self.stroke_frames,
                offset,
                bytemuck::cast_slice(&chunk.frames[..n]),
            );
        }
        let vertices = gpu_mem.buffer_init(
            device,
            "stroke vertices",
            bytemuck::cast_slice(&chunk.vertices),
            wgpu::BufferUsages::VERTEX,
            GpuCategory::Vertices,
        );
        let indices = gpu_mem.buffer_init(
            device,
            "stroke indices",
            chunk.indices.as_bytes(),
            wgpu::BufferUsages::INDEX,
            GpuCategory::Indices,
        );
        self.uploaded = chunk.layout.end_stroke();
        self.chunks.push(GpuChunk {
            layout: chunk.layout.clone(),
            vertices,
            indices,
            index_format: match chunk.indices {
                Indices::U16(_) => wgpu::IndexFormat::Uint16,
                Indices::U32(_) => wgpu::IndexFormat::Uint32,
            },
            vertex_count: chunk.vertices.len() as u32,
        });
    }

    /// Chunks that hold any stroke of `range` (binary search: O(log chunks)).
    pub fn chunks_for(&self, range: std::ops::Range<u32>) -> &[GpuChunk] {
        let first = self
            .chunks
            .partition_point(|c| c.layout.end_stroke() <= range.start);
        let last = self
            .chunks
            .partition_point(|c| c.layout.first_stroke < range.end);
        if first >= last {
            return &[];
        }
        &self.chunks[first..last]
    }

    /// The end `e` of the longest run of strokes `start..e` (with `e <= end`) whose indices fit in
    /// `max_indices`; at least one stroke when `start < end` (progress even if one stroke is over
    /// the budget). Returns `(e, indices)`. O(log n) per chunk touched.
    pub fn strokes_within(&self, start: u32, end: u32, max_indices: u64) -> (u32, u64) {
        let end = end.min(self.uploaded);
        if start >= end {
            return (start, 0);
        }
        let mut at = start;
        let mut used = 0u64;
        for chunk in self.chunks_for(start..end) {
            let layout = &chunk.layout;
            let first = layout.first_stroke;
            let local = |s: u32| (s - first) as usize;
            let from = at.max(first);
            let to = end.min(layout.end_stroke());
            if from >= to {
                continue;
            }
            let base = u64::from(layout.index_offsets[local(from)]);
            let left = max_indices.saturating_sub(used);
            // Last stroke boundary k in from..=to with offsets[k] - base <= left.
            let offs = &layout.index_offsets[local(from)..=local(to)];
            let k = offs.partition_point(|&o| u64::from(o) - base <= left);
            // k >= 1 always (offs[0] - base == 0); boundary index k - 1.
            let stop = from + (k as u32).saturating_sub(1);
            let stop = if stop == from && at == start && used == 0 {
                from + 1 // at least one stroke
            } else {
                stop
            };
            used += u64::from(layout.index_offsets[local(stop)]) - base;
            at = stop;
            if stop < to {
                break;
            }
        }
        (at, used)
    }

    /// Indices of strokes `range` (uploaded ones).
    pub fn index_count(&self, range: std::ops::Range<u32>) -> u64 {
        self.chunks_for(range.clone())
            .iter()
            .map(|c| {
                let r = c.layout.index_range(range.clone());
                u64::from(r.end - r.start)
            })
            .sum()
    }

    /// Total vertices uploaded.
    pub fn vertex_count(&self) -> u64 {
        self.chunks.iter().map(|c| u64::from(c.vertex_count)).sum()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::gpu::GpuContext;

    /// The bytes of `buffer` (copied into a mappable one and read back).
    fn read(gpu: &crate::gpu::Gpu, buffer: &wgpu::Buffer) -> Vec<u8> {
        let staging = gpu.device.create_buffer(&wgpu::BufferDescriptor {
            label: None,
            size: buffer.size(),
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let mut enc = gpu.device.create_command_encoder(&Default::default());
        enc.copy_buffer_to_buffer(buffer, 0, &staging, 0, buffer.size());
        gpu.queue.submit([enc.finish()]);
        staging
            .slice(..)
            .map_async(wgpu::MapMode::Read, |r| r.unwrap());
        gpu.wait_idle().unwrap();
        let out = staging.slice(..).get_mapped_range().to_vec();
        staging.unmap();
        out
    }

    #[test]
    fn stroke_tables_grow_as_strokes_arrive_and_keep_what_they_hold() {
        let ctx = GpuContext::new_headless().unwrap();
        let gpu = &ctx.gpu;
        let mem = GpuMemory::new();
        let total = INITIAL_TABLE_STROKES * 3;
        let mut g = GpuGeometry::new(&gpu.device, &mem, total);
        let entry = std::mem::size_of::<StrokeInfo>() as u64;
        assert_eq!(g.stroke_table.size(), INITIAL_TABLE_STROKES as u64 * entry);
        let strokes: Vec<Stroke> = (0..3)
            .map(|k| {
                Stroke::new(vec![crate::model::Point::new(
                    k as f32,
                    0.0,
                    10.0 * f64::from(k),
                )])
            })
            .collect();
        g.write_strokes(&gpu.queue, 0, &strokes);
        assert!(!g.reserve(gpu, &mem, INITIAL_TABLE_STROKES), "room enough");
        assert!(g.reserve(gpu, &mem, INITIAL_TABLE_STROKES + 1));
        assert_eq!(
            g.stroke_table.size(),
            2 * INITIAL_TABLE_STROKES as u64 * entry
        );
        assert!(
            g.reserve(gpu, &mem, total + 5),
            "up to the drawing's size, no further"
        );
        assert_eq!(g.stroke_table.size(), total as u64 * entry);
        let want = StrokeInfo::for_strokes(0, &strokes);
        let got = read(gpu, &g.stroke_table);
        let want: &[u8] = bytemuck::cast_slice(&want);
        assert_eq!(&got[..want.len()], want);
    }

    #[test]
    fn depth_orders_strokes_and_coverage_levels() {
        let d = |bits: u32| f32::from_bits(bits);
        // Full coverage of stroke i is nearer than any coverage of stroke i-1 and farther than stroke i+1.
        for i in [0u32, 1, 1000, 1_000_000] {
            let full = depth_bits(i);
            let zero_cov = full + 15;
            assert!(d(zero_cov) < 1.0);
            assert!(d(full) < d(zero_cov));
            assert!(d(depth_bits(i + 1) + 15) < d(full));
        }
    }
}
