//! Chunks: stroke meshes laid out in stroke (time) order in buffers within the device's limits,
//! with where each stroke's indices start, so that "the first N strokes" is one index range per
//! chunk (one draw per block of at most 2¹⁶ vertices and [`BLOCK_STROKES`] strokes). Vertices are
//! packed ([`PackedVertex`]) as they are laid in, each stroke with its [`StrokeFrame`].

use super::mesh::CpuMesh;
use super::packed::{PackedVertex, StrokeFrame, BLOCK_STROKES, PACKED_SIZE};

/// Most vertices one block of a chunk spans, so that its indices fit in 16 bits.
pub const BLOCK_VERTICES: usize = 1 << 16;

/// A chunk's indices: 16-bit, relative to their block's first vertex (see [`Block`]), or 32-bit
/// for a chunk that holds a single stroke of more than [`BLOCK_VERTICES`] vertices.
#[derive(Debug, Clone, PartialEq)]
pub enum Indices {
    /// Relative to the block's `base_vertex`.
    U16(Vec<u16>),
    /// Absolute (one block at vertex 0).
    U32(Vec<u32>),
}

impl Default for Indices {
    fn default() -> Self {
        Indices::U16(Vec::new())
    }
}

impl Indices {
    /// Number of indices.
    pub fn len(&self) -> usize {
        match self {
            Indices::U16(v) => v.len(),
            Indices::U32(v) => v.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes per index.
    pub fn stride(&self) -> usize {
        match self {
            Indices::U16(_) => 2,
            Indices::U32(_) => 4,
        }
    }

    /// The raw bytes, for upload.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Indices::U16(v) => bytemuck::cast_slice(v),
            Indices::U32(v) => bytemuck::cast_slice(v),
        }
    }

    /// Index `i` as a vertex number relative to its block.
    pub fn get(&self, i: usize) -> Option<u32> {
        match self {
            Indices::U16(v) => v.get(i).map(|&x| u32::from(x)),
            Indices::U32(v) => v.get(i).copied(),
        }
    }
}

/// A run of a chunk's strokes whose vertices lie within [`BLOCK_VERTICES`] of `base_vertex`, at
/// most [`BLOCK_STROKES`] of them: one indexed draw per block touched, with that base vertex and
/// the block's first stroke as its instance (the shader adds each vertex's stroke within the
/// block).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Its first stroke, counted from the chunk's first stroke.
    pub stroke: u32,
    /// The vertex its indices count from.
    pub base_vertex: u32,
}

/// Where a chunk's strokes are in its index buffer: shared by [`CpuChunk`] and the uploaded chunk
/// (`gpu::GpuChunk`), so both answer "which indices draw strokes a..b" the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct ChunkLayout {
    /// Index of the chunk's first stroke in the drawing.
    pub first_stroke: u32,
    /// `index_offsets[k]` is where stroke `first_stroke + k` starts in the indices; one extra
    /// entry at the end equals the number of indices.
    pub index_offsets: Vec<u32>,
    /// The blocks, in stroke order; the first starts at stroke 0 and vertex 0.
    pub blocks: Vec<Block>,
}

impl ChunkLayout {
    /// An empty layout starting at `first_stroke`.
    pub fn starting_at(first_stroke: u32) -> Self {
        Self {
            first_stroke,
            index_offsets: vec![0],
            blocks: vec![Block {
                stroke: 0,
                base_vertex: 0,
            }],
        }
    }

    /// Number of strokes in the chunk.
    pub fn stroke_count(&self) -> u32 {
        (self.index_offsets.len() as u32).saturating_sub(1)
    }

    /// One past the chunk's last stroke.
    pub fn end_stroke(&self) -> u32 {
        self.first_stroke + self.stroke_count()
    }

    /// Drawing strokes `strokes`, clipped to the chunk, as local stroke numbers.
    fn local(&self, strokes: std::ops::Range<u32>) -> (u32, u32) {
        let (first, end) = (self.first_stroke, self.end_stroke());
        (
            strokes.start.clamp(first, end) - first,
            strokes.end.clamp(first, end) - first,
        )
    }

    /// Index range drawing strokes `strokes` (drawing indices, clipped to this chunk).
    pub fn index_range(&self, strokes: std::ops::Range<u32>) -> std::ops::Range<u32> {
        let (a, b) = self.local(strokes);
        if b <= a {
            return 0..0;
        }
        self.index_offsets[a as usize]..self.index_offsets[b as usize]
    }

    /// The indexed draws that show drawing strokes `strokes`: one `(index range, base vertex,
    /// the block's first stroke in the drawing)` per block touched.
    pub fn draws(
        &self,
        strokes: std::ops::Range<u32>,
    ) -> impl Iterator<Item = (std::ops::Range<u32>, u32, u32)> + '_ {
        let (a, b) = self.local(strokes);
        let (offsets, blocks, count) = (&self.index_offsets, &self.blocks, self.stroke_count());
        let first = self.first_stroke;
        blocks.iter().enumerate().filter_map(move |(k, block)| {
            let end = blocks.get(k + 1).map_or(count, |n| n.stroke);
            let (from, to) = (a.max(block.stroke), b.min(end));
            let r = offsets[from as usize]..offsets[to as usize];
            (from < to && !r.is_empty()).then_some((r, block.base_vertex, first + block.stroke))
        })
    }
}

/// Strokes laid out contiguously, in stroke (time) order, within buffer limits.
#[derive(Debug, Clone, PartialEq)]
pub struct CpuChunk {
    /// Where each stroke's indices are.
    pub layout: ChunkLayout,
    /// Vertices of all strokes in the chunk, packed.
    pub vertices: Vec<PackedVertex>,
    /// Indices into `vertices`, relative to their block.
    pub indices: Indices,
    /// Each stroke's frame (where its packed centres lie), in stroke order.
    pub frames: Vec<StrokeFrame>,
}

impl Default for CpuChunk {
    fn default() -> Self {
        Self {
            layout: ChunkLayout::starting_at(0),
            vertices: Vec::new(),
            indices: Indices::default(),
            frames: Vec::new(),
        }
    }
}

impl CpuChunk {
    /// Bytes of vertex, index and frame data (what uploading it costs).
    pub fn byte_size(&self) -> usize {
        self.vertices.len() * PACKED_SIZE
            + self.indices.len() * self.indices.stride()
            + self.frames.len() * std::mem::size_of::<StrokeFrame>()
    }

    /// Lay in the next stroke's vertices, packed with its frame, as stroke `local` of its block.
    fn extend(&mut self, mesh: &CpuMesh, local: u32) {
        let frame = StrokeFrame::of(&mesh.vertices);
        self.vertices.extend(
            mesh.vertices
                .iter()
                .map(|v| PackedVertex::pack(v, &frame, local)),
        );
        self.frames.push(frame);
    }
}

/// Size limits of one chunk, from the device's buffer limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkLimits {
    /// Largest vertex buffer, bytes.
    pub max_vertex_bytes: u64,
    /// Largest index buffer, bytes.
    pub max_index_bytes: u64,
}

impl Default for ChunkLimits {
    fn default() -> Self {
        Self {
            max_vertex_bytes: 64 << 20,
            max_index_bytes: 64 << 20,
        }
    }
}

impl ChunkLimits {
    /// Limits for a device: at most 64 MiB per buffer, never more than the device allows.
    pub fn for_device(max_buffer_size: u64) -> Self {
        let m = max_buffer_size.min(64 << 20);
        Self {
            max_vertex_bytes: m,
            max_index_bytes: m,
        }
    }
}

/// Packs stroke meshes, in stroke order, into chunks.
#[derive(Debug)]
pub struct ChunkBuilder {
    limits: ChunkLimits,
    current: CpuChunk,
    next_stroke: u32,
    full: Vec<CpuChunk>,
}

impl ChunkBuilder {
    /// A builder starting at stroke 0.
    pub fn new(limits: ChunkLimits) -> Self {
        Self {
            limits,
            current: CpuChunk::default(),
            next_stroke: 0,
            full: Vec::new(),
        }
    }

    /// Append the next stroke's mesh. A mesh larger than a whole chunk is replaced by an empty one
    /// (logged) so stroke numbering stays intact.
    /// A mesh of more than [`BLOCK_VERTICES`] vertices gets a chunk of its own, with 32-bit
    /// indices.
    pub fn push(&mut self, mesh: &CpuMesh) {
        let vb = (mesh.vertices.len() * PACKED_SIZE) as u64;
        let wide = mesh.vertices.len() > BLOCK_VERTICES;
        let ib = (mesh.indices.len() * if wide { 4 } else { 2 }) as u64;
        let fits_alone = vb <= self.limits.max_vertex_bytes && ib <= self.limits.max_index_bytes;
        let empty = CpuMesh::default();
        let mesh = if fits_alone {
            mesh
        } else {
            log::warn!(
                "stroke {}: mesh of {} bytes exceeds the chunk limit; skipped",
                self.next_stroke,
                vb + ib
            );
            &empty
        };
        if fits_alone && wide {
            self.flush();
            self.current.extend(mesh, 0);
            self.current.indices = Indices::U32(mesh.indices.clone());
            self.current
                .layout
                .index_offsets
                .push(mesh.indices.len() as u32);
            self.next_stroke += 1;
            self.flush();
            return;
        }
        let cur_vb = (self.current.vertices.len() * PACKED_SIZE) as u64;
        let cur_ib = (self.current.indices.len() * 2) as u64;
        if cur_vb + vb > self.limits.max_vertex_bytes || cur_ib + ib > self.limits.max_index_bytes {
            self.flush();
        }
        let c = &mut self.current;
        let at = c.vertices.len();
        let stroke = c.layout.stroke_count();
        let blocks = &mut c.layout.blocks;
        let (block_base, block_stroke) = blocks
            .last()
            .map_or((0, 0), |b| (b.base_vertex as usize, b.stroke));
        if at - block_base + mesh.vertices.len() > BLOCK_VERTICES
            || stroke - block_stroke >= BLOCK_STROKES
        {
            blocks.push(Block {
                stroke,
                base_vertex: at as u32,
            });
        }
        let block = c.layout.blocks.last().copied().unwrap_or(Block {
            stroke: 0,
            base_vertex: 0,
        });
        let rel = at - block.base_vertex as usize;
        c.extend(mesh, stroke - block.stroke);
        if let Indices::U16(v) = &mut c.indices {
            // Within the block: `rel + i < BLOCK_VERTICES` (checked above).
            v.extend(mesh.indices.iter().map(|&i| (rel + i as usize) as u16));
        }
        c.layout.index_offsets.push(c.indices.len() as u32);
        self.next_stroke += 1;
    }

    /// Close the current chunk (if it holds any stroke) so it can be taken with
    /// [`ChunkBuilder::take_full`]; used when streaming so that new strokes become drawable.
    pub fn flush(&mut self) {
        if self.current.layout.stroke_count() == 0 {
            return;
        }
        let next = CpuChunk {
            layout: ChunkLayout::starting_at(self.next_stroke),
            ..CpuChunk::default()
        };
        self.full.push(std::mem::replace(&mut self.current, next));
    }

    /// Chunks completed so far (taken out of the builder), for streaming upload.
    pub fn take_full(&mut self) -> Vec<CpuChunk> {
        std::mem::take(&mut self.full)
    }

    /// Finish: all remaining chunks.
    pub fn finish(mut self) -> Vec<CpuChunk> {
        self.flush();
        self.full
    }
}
