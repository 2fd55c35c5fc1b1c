//! One stroke's triangles, as the tessellator makes them and the cache keeps them.

use super::vertex::{StrokeVertex, VERTEX_SIZE};

/// One stroke's triangles, indices starting at 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CpuMesh {
    /// Vertices.
    pub vertices: Vec<StrokeVertex>,
    /// Triangle list indices into `vertices`.
    pub indices: Vec<u32>,
}

impl CpuMesh {
    /// Bytes of vertex and index data.
    pub fn byte_size(&self) -> usize {
        self.vertices.len() * VERTEX_SIZE + self.indices.len() * 4
    }
}
