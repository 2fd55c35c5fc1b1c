//! The GPU vertex: a [`StrokeVertex`] packed into 16 bytes when its stroke is laid into a chunk.
//! **Keep in sync with `shaders/stroke.wgsl`** (`VertexIn`, locations 0..=3).
//!
//! | bytes | field | form | precision |
//! |---|---|---|---|
//! | 0–3 | centre | `unorm16` × 2 within the stroke's [`StrokeFrame`] | 1/65535 of the stroke's extent (a 300-unit stroke: 0.005 units) |
//! | 4–7 | time since the stroke's start | `f32`, ms | as tessellated |
//! | 8–11 | lyon's normal | `f16` × 2 | 2⁻¹¹ relative |
//! | 12–15 | half-width (`f16`, low half) and the stroke within its block with the fill bits (high half) | `u32` | 2⁻¹¹ relative; 16,384 strokes a block |
//!
//! The shader gets the block's first stroke as the draw's instance index, adds the stroke number
//! within the block, and reads the stroke's frame from a storage buffer to place the centre.

use bytemuck::{Pod, Zeroable};

use super::vertex::{StrokeVertex, FILL_FRINGE, FILL_INTERIOR};

/// Strokes one block may hold: their numbers within it take 14 bits of [`PackedVertex`].
pub const BLOCK_STROKES: u32 = 1 << 14;

/// One stroke vertex as uploaded (see the module docs).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub struct PackedVertex {
    /// Centre within the stroke's frame, `unorm16` × 2.
    pub center: [u16; 2],
    /// Recorded time since the stroke's first point, ms.
    pub t_ms: f32,
    /// lyon's normal, `f16` bits × 2.
    pub normal: [u16; 2],
    /// Half-width (`f16` bits) in the low 16 bits; the stroke's number within its block (14 bits)
    /// and the fill bits (bit 14: interior, bit 15: fringe) in the high 16.
    pub width_stroke: u32,
}

/// Size of [`PackedVertex`] in bytes.
pub const PACKED_SIZE: usize = 16;
const _: () = assert!(std::mem::size_of::<PackedVertex>() == PACKED_SIZE);

/// Where a stroke's centres lie: its vertices' centres are `min + q × size` for `q` in `[0, 1]²`.
/// **Keep in sync with `StrokeFrame` in `shaders/stroke.wgsl`.**
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Pod, Zeroable)]
pub struct StrokeFrame {
    /// Smallest centre coordinates, drawing units.
    pub min: [f32; 2],
    /// Extent of the centres, drawing units (0 for a dot).
    pub size: [f32; 2],
}

impl StrokeFrame {
    /// The frame of `vertices`' centres.
    pub fn of(vertices: &[StrokeVertex]) -> Self {
        let mut min = [f32::INFINITY; 2];
        let mut max = [f32::NEG_INFINITY; 2];
        for v in vertices {
            for k in 0..2 {
                min[k] = min[k].min(v.center[k]);
                max[k] = max[k].max(v.center[k]);
            }
        }
        if !(min[0].is_finite() && min[1].is_finite()) {
            return Self::default();
        }
        Self {
            min,
            size: [max[0] - min[0], max[1] - min[1]],
        }
    }

    /// A centre placed in the frame (what the shader computes from the packed one).
    pub fn place(&self, q: [u16; 2]) -> [f32; 2] {
        [0, 1].map(|k| self.min[k] + f32::from(q[k]) / 65535.0 * self.size[k])
    }

    fn quantize(&self, c: [f32; 2]) -> [u16; 2] {
        [0, 1].map(|k| {
            if self.size[k] > 0.0 {
                ((c[k] - self.min[k]) / self.size[k] * 65535.0)
                    .round()
                    .clamp(0.0, 65535.0) as u16
            } else {
                0
            }
        })
    }
}

impl PackedVertex {
    /// wgpu attributes, locations 0..=3 as in `stroke.wgsl`.
    ///
    /// The 16-bit pairs come in as `Uint32` and the shader unpacks them (`unpack2x16unorm`,
    /// `unpack2x16float`): the same bytes, and a fetch every backend does at full speed.
    pub const ATTRIBUTES: [wgpu::VertexAttribute; 4] = wgpu::vertex_attr_array![
        0 => Uint32,
        1 => Float32,
        2 => Uint32,
        3 => Uint32,
    ];

    /// The vertex buffer layout.
    pub fn layout() -> wgpu::VertexBufferLayout<'static> {
        wgpu::VertexBufferLayout {
            array_stride: PACKED_SIZE as wgpu::BufferAddress,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &Self::ATTRIBUTES,
        }
    }

    /// Pack `v`, of the stroke numbered `local` within its block (below [`BLOCK_STROKES`]),
    /// whose centres lie in `frame`.
    pub fn pack(v: &StrokeVertex, frame: &StrokeFrame, local: u32) -> Self {
        let f16 = |x: f32| half::f16::from_f32(x.clamp(-65504.0, 65504.0)).to_bits();
        let mut high = local & (BLOCK_STROKES - 1);
        if v.stroke & FILL_INTERIOR != 0 {
            high |= 1 << 14;
        }
        if v.stroke & FILL_FRINGE != 0 {
            high |= 1 << 15;
        }
        Self {
            center: frame.quantize(v.center),
            t_ms: v.t_ms,
            normal: [f16(v.normal[0]), f16(v.normal[1])],
            width_stroke: u32::from(f16(v.half_width.max(0.0))) | (high << 16),
        }
    }

    /// The number of its stroke within its block.
    pub fn block_stroke(&self) -> u32 {
        (self.width_stroke >> 16) & (BLOCK_STROKES - 1)
    }

    /// The vertex as the shader sees it, back in [`StrokeVertex`] form (for tests): the stroke
    /// number is the block's `first_stroke` plus the one packed.
    pub fn unpack(&self, frame: &StrokeFrame, first_stroke: u32) -> StrokeVertex {
        let f32_of = |b: u16| half::f16::from_bits(b).to_f32();
        let high = self.width_stroke >> 16;
        let mut stroke = first_stroke + (high & (BLOCK_STROKES - 1));
        if high & (1 << 14) != 0 {
            stroke |= FILL_INTERIOR;
        }
        if high & (1 << 15) != 0 {
            stroke |= FILL_FRINGE;
        }
        StrokeVertex {
            center: frame.place(self.center),
            normal: [f32_of(self.normal[0]), f32_of(self.normal[1])],
            half_width: f32_of((self.width_stroke & 0xffff) as u16),
            t_ms: self.t_ms,
            stroke,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_keeps_what_the_shader_needs_within_its_precision() {
        let vs: Vec<StrokeVertex> = (0..50)
            .map(|k| {
                let x = k as f32 * 6.1;
                StrokeVertex {
                    center: [1000.0 + x, 500.0 - 0.5 * x],
                    normal: [0.6 + 0.01 * k as f32, -0.8],
                    half_width: 1.5 + 0.1 * k as f32,
                    t_ms: 16.0 * k as f32,
                    stroke: if k == 3 { 7 | FILL_FRINGE } else { 7 },
                }
            })
            .collect();
        let frame = StrokeFrame::of(&vs);
        assert_eq!(frame.min, [1000.0, 500.0 - 0.5 * 49.0 * 6.1]);
        for v in &vs {
            let p = PackedVertex::pack(v, &frame, 5);
            let u = p.unpack(&frame, 2);
            for k in 0..2 {
                assert!((u.center[k] - v.center[k]).abs() <= frame.size[k] / 65535.0);
                assert!((u.normal[k] - v.normal[k]).abs() <= v.normal[k].abs() / 2048.0);
            }
            assert!((u.half_width - v.half_width).abs() <= v.half_width / 2048.0);
            assert_eq!(u.t_ms, v.t_ms);
            assert_eq!(u.stroke & FILL_FRINGE, v.stroke & FILL_FRINGE);
            assert_eq!(u.stroke & !(FILL_FRINGE | FILL_INTERIOR), 7);
        }
        // A dot: no extent, every centre at the frame's corner.
        let dot = [vs[0]; 3];
        let f = StrokeFrame::of(&dot);
        assert_eq!(f.size, [0.0, 0.0]);
        assert_eq!(
            PackedVertex::pack(&dot[0], &f, 0).unpack(&f, 0).center,
            dot[0].center
        );
    }
}
