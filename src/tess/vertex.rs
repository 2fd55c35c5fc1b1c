//! The tessellator's vertex: what lyon's vertices become, in full precision (meshes, the cache,
//! tests). Chunks pack it into the 16-byte GPU vertex ([`PackedVertex`](super::PackedVertex)).

use bytemuck::{Pod, Zeroable};

/// One stroke vertex, as tessellated.
///
/// The outline point is `center + normal * half_width` (lyon's convention), but the vertex shader
/// does the extrusion so that the analytic antialiasing mode can widen the outline by half a pixel
/// at any zoom without re-tessellating.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub struct StrokeVertex {
    /// Position on the path's centre line, drawing units.
    pub center: [f32; 2],
    /// lyon's normal: displacing by `normal * half_width` reaches the outline (longer than 1 at
    /// miter joins).
    pub normal: [f32; 2],
    /// Half the line width here (pressure applied), drawing units.
    pub half_width: f32,
    /// Recorded time of this point, in ms since the stroke's first point (interpolated by lyon
    /// between samples, so a reveal can stop exactly between two of them).
    pub t_ms: f32,
    /// Index of the stroke in the drawing (selects its colour and depth) in the low 30 bits,
    /// with [`FILL_INTERIOR`] or [`FILL_FRINGE`] set on fill geometry.
    pub stroke: u32,
}

/// Bit of [`StrokeVertex::stroke`] marking the inside of a filled region (no extrusion, full
/// coverage).
pub const FILL_INTERIOR: u32 = 1 << 31;
/// Bit of [`StrokeVertex::stroke`] marking a filled region's outline: zero width, widened only by
/// the analytic AA feather into a coverage ramp.
pub const FILL_FRINGE: u32 = 1 << 30;
/// The bits of [`StrokeVertex::stroke`] that hold the stroke index.
pub const STROKE_INDEX_MASK: u32 = FILL_FRINGE - 1;

/// Size of [`StrokeVertex`] in bytes.
pub const VERTEX_SIZE: usize = 28;
const _: () = assert!(std::mem::size_of::<StrokeVertex>() == VERTEX_SIZE);

impl StrokeVertex {
    /// The outline position (what the GPU draws with zero feather).
    pub fn outline(&self) -> [f32; 2] {
        [
            self.center[0] + self.normal[0] * self.half_width,
            self.center[1] + self.normal[1] * self.half_width,
        ]
    }
}
