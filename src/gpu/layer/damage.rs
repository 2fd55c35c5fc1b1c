//! Which pixels of the target a frame must redraw: the target keeps what the last frame composed
//! (the layer, or the stand-in), so only the pixels that differ from it are copied or redrawn —
//! where last frame drew live strokes, and where strokes were added since.

use crate::gpu::uniforms::StandinUniform;
use crate::model::BBox;
use crate::view::View;

/// A pixel rectangle `[x0, x1) × [y0, y1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PxRect {
    pub(crate) x0: u32,
    pub(crate) y0: u32,
    pub(crate) x1: u32,
    pub(crate) y1: u32,
}

impl PxRect {
    /// The whole of a `size` target.
    pub(crate) fn all(size: (u32, u32)) -> PxRect {
        PxRect {
            x0: 0,
            y0: 0,
            x1: size.0,
            y1: size.1,
        }
    }

    /// Width × height.
    pub(crate) fn area(self) -> u64 {
        u64::from(self.x1 - self.x0) * u64::from(self.y1 - self.y0)
    }

    /// Grown by `by` pixels on every side, within `[0, size)`.
    pub(crate) fn inflate(self, by: u32, size: (u32, u32)) -> PxRect {
        PxRect {
            x0: self.x0.saturating_sub(by),
            y0: self.y0.saturating_sub(by),
            x1: (self.x1 + by).min(size.0),
            y1: (self.y1 + by).min(size.1),
        }
    }

    /// The smallest rectangle holding both (either may be empty: `None`).
    pub(crate) fn union(a: Option<PxRect>, b: Option<PxRect>) -> Option<PxRect> {
        match (a, b) {
            (Some(a), Some(b)) => Some(PxRect {
                x0: a.x0.min(b.x0),
                y0: a.y0.min(b.y0),
                x1: a.x1.max(b.x1),
                y1: a.y1.max(b.y1),
            }),
            (a, None) => a,
            (None, b) => b,
        }
    }
}

/// Pixel bounds of strokes `range` under `v`, padded for antialiasing and clamped to `size`;
/// `None` if empty or off-screen. `bounds` are the strokes' ink bounds in drawing units.
pub(crate) fn px_bounds(
    bounds: &[BBox],
    v: View,
    size: (u32, u32),
    range: std::ops::Range<u32>,
) -> Option<PxRect> {
    let strokes = bounds.get(range.start as usize..range.end as usize)?;
    let b = strokes.iter().copied().reduce(|a, b| a.union(&b))?;
    // Feather (0.5 px), sub-pixel widening (0.5 px) and rounding: 2 px is safely enough.
    let pad = 2.0;
    let x0 = (b.min_x * v.scale + v.offset.x - pad).floor().max(0.0);
    let y0 = (b.min_y * v.scale + v.offset.y - pad).floor().max(0.0);
    let x1 = (b.max_x * v.scale + v.offset.x + pad)
        .ceil()
        .min(size.0 as f32);
    let y1 = (b.max_y * v.scale + v.offset.y + pad)
        .ceil()
        .min(size.1 as f32);
    (x1 > x0 && y1 > y0).then_some(PxRect {
        x0: x0 as u32,
        y0: y0 as u32,
        x1: x1 as u32,
        y1: y1 as u32,
    })
}

/// The picture under a frame's live strokes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shown {
    /// The retained layer, copied.
    Layer,
    /// The stand-in, re-projected with this uniform.
    Standin(StandinUniform),
}

/// What the last composed frame left in its target.
#[derive(Debug)]
pub(crate) struct TargetState {
    pub(crate) texture: wgpu::Texture,
    /// What the target shows apart from `dirty`.
    pub(crate) shows: Shown,
    /// Pixels that differ from it (where live strokes were drawn).
    pub(crate) dirty: Option<PxRect>,
}

impl TargetState {
    /// The part of `target` that must be redrawn to show `shows` again: `None` when nothing, the
    /// whole target when it holds something else.
    pub(crate) fn damage(
        state: Option<&Self>,
        target: &wgpu::Texture,
        shows: Shown,
    ) -> Option<PxRect> {
        match state {
            Some(st) if st.texture == *target && st.shows == shows => st.dirty,
            _ => Some(PxRect::all((target.width(), target.height()))),
        }
    }
}

#[cfg(test)]
#[path = "damage_tests.rs"]
mod tests;
