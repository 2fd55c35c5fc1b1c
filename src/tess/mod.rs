//! Tessellation, once: strokes to GPU-ready triangle meshes with lyon.
//!
//! # How it works
//! Each stroke becomes a [`CpuMesh`] of [`StrokeVertex`]es and `u32` indices. The stroke is fed to
//! lyon's stroke tessellator point by point with two custom attributes, a width factor (from
//! pressure, used as lyon's *variable line width*) and the point's time relative to the stroke's
//! start; lyon interpolates both onto every vertex it creates, so a vertex in the middle of a join
//! or cap carries the right width and time.
//!
//! A [`Tessellator`] owns lyon's tessellator and its scratch buffers and is reused for every stroke
//! a thread tessellates ([`tessellate_strokes`] runs one per rayon worker). Results go through the
//! [`MeshCache`], whose bytes are counted. [`ChunkBuilder`] then lays the meshes out *in stroke
//! order* (which the model guarantees is time order) into [`CpuChunk`]s no larger than the device's
//! buffer limits, recording where each stroke's indices start so that "the first N strokes" is one
//! index range per chunk.
//!
//! # Degenerate input
//! In lines, consecutive points closer than lyon's merge distance (or a few float steps apart far
//! from the origin) are merged (keeping the earlier one), so lyon drops none itself; a stroke's
//! width may change only so fast between the points it keeps (see
//! `PathPoint::limit_width_slope`), a stroke reduced to one point
//! becomes a dot (lyon's empty-cap path), zero-width strokes produce no geometry, widths are capped
//! relative to the tolerance so a hostile width cannot explode the vertex count, and a lyon failure
//! or a mesh too large for a chunk is logged and yields an empty mesh. Nothing here panics on input.
//!
//! # Files
//! - `options`: [`TessOptions`], the tolerance.
//! - `tessellator`: [`Tessellator`], one stroke to one [`CpuMesh`] (`mesh`); lines (pen strokes,
//!   outlines) in `stroke`, which cleans its points up in `path_point`; filled shapes in `fill`;
//!   glyphs (fills that place a shared outline) in `glyph`, one mesh per outline copied into
//!   place ([`GlyphCounts`] counts both).
//! - `batch`: [`tessellate_strokes`] in parallel through the cache, [`tessellate_drawing`].
//! - `chunk`: [`ChunkBuilder`], [`CpuChunk`], [`ChunkLayout`], [`ChunkLimits`], [`Indices`].
//! - `cache`: [`MeshCache`]; `vertex`: [`StrokeVertex`], the tessellator's vertex; `packed`:
//!   [`PackedVertex`], the 16-byte GPU vertex it is packed into when laid into a chunk.

mod batch;
mod cache;
mod chunk;
mod fill;
mod glyph;
mod mesh;
mod options;
mod packed;
mod path_point;
mod stroke;
mod tessellator;
mod vertex;

pub use batch::{
    strokes_within, tessellate_drawing, tessellate_slice, tessellate_strokes,
    tessellate_strokes_kept,
};
pub use cache::{CacheStats, MeshCache, MeshKey};
pub use chunk::{Block, ChunkBuilder, ChunkLayout, ChunkLimits, CpuChunk, Indices, BLOCK_VERTICES};
pub use glyph::{GlyphCounts, MAX_GLYPH_MESHES, MAX_GLYPH_MESH_BYTES};
pub use mesh::CpuMesh;
pub use options::TessOptions;
pub use packed::{PackedVertex, StrokeFrame, BLOCK_STROKES, PACKED_SIZE};
pub use tessellator::Tessellator;
pub use vertex::{StrokeVertex, FILL_FRINGE, FILL_INTERIOR, STROKE_INDEX_MASK, VERTEX_SIZE};

#[cfg(test)]
mod tests;
