//! The uniforms the shaders read each frame, and how they are written.

use bytemuck::{Pod, Zeroable};

use super::memory::CountedBuffer;
use super::Gpu;

/// Per-frame uniforms. **Keep in sync with `Globals` in `shaders/stroke.wgsl`.**
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub struct Globals {
    /// Pixels per drawing unit (x, y).
    pub scale: [f32; 2],
    /// Pixel offset.
    pub offset: [f32; 2],
    /// Target size in pixels.
    pub viewport: [f32; 2],
    /// Analytic-AA feather in pixels (0 = off).
    pub feather_px: f32,
    /// Minimum drawn half-width in pixels.
    pub min_half_width_px: f32,
    /// Playhead, high part (ms).
    pub playhead_hi: f32,
    /// Playhead, low part (ms).
    pub playhead_lo: f32,
    /// Padding to 16 bytes.
    pub _pad: [f32; 2],
}
const _: () = assert!(std::mem::size_of::<Globals>() == 48);

/// Split an `f64` into two `f32` whose sum is the value to about 1e-9 relative.
pub fn split_f64(v: f64) -> (f32, f32) {
    let hi = v as f32;
    let lo = (v - f64::from(hi)) as f32;
    (hi, lo)
}

/// The stand-in's uniform (see `shaders/standin.wgsl`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub struct StandinUniform {
    /// Source pixel = target pixel × k + b.
    pub k: [f32; 2],
    /// Offset.
    pub b: [f32; 2],
    /// Source size in pixels.
    pub src_size: [f32; 2],
    /// Padding.
    pub _pad: [f32; 2],
    /// Background, premultiplied.
    pub bg: [f32; 4],
}

/// Write `value` into a uniform buffer unless it already holds it (`last`).
pub(crate) fn write_uniform<T: Pod + PartialEq>(
    gpu: &Gpu,
    buffer: &CountedBuffer,
    last: &mut Option<T>,
    value: T,
) {
    if *last != Some(value) {
        gpu.queue
            .write_buffer(buffer, 0, bytemuck::bytes_of(&value));
        *last = Some(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_precision() {
        for v in [0.0, 1.5, 123_456_789.123_456, 1.4e8 + 0.25] {
            let (hi, lo) = split_f64(v);
            assert!((f64::from(hi) + f64::from(lo) - v).abs() < 1e-6 * v.max(1.0) * 1e-3);
        }
    }
}
