//! The quality ladder: full quality, analytic antialiasing, coarse tessellation, half-resolution
//! layer; what each level changes.

use serde::Serialize;

/// Quality levels, best first: the ladder the governor steps down one level at a time and back
/// up (a preset's `lowest` level is as far down as it goes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub enum Quality {
    /// As configured.
    #[default]
    Full,
    /// Multisampling off: analytic antialiasing (one sample per pixel).
    AnalyticAa,
    /// Also tessellate new strokes at 4× the tolerance (fewer vertices).
    CoarseTessellation,
    /// Also draw the retained layer at half the resolution in each direction (a quarter of the
    /// pixels to fill), scaled up when composed: softer finished ink.
    HalfResLayer,
}

impl Quality {
    /// The next lower level.
    pub(super) fn lower(self) -> Self {
        match self {
            Quality::Full => Quality::AnalyticAa,
            Quality::AnalyticAa => Quality::CoarseTessellation,
            _ => Quality::HalfResLayer,
        }
    }

    /// The next higher level.
    pub(super) fn higher(self) -> Self {
        match self {
            Quality::HalfResLayer => Quality::CoarseTessellation,
            Quality::CoarseTessellation => Quality::AnalyticAa,
            _ => Quality::Full,
        }
    }

    /// Tessellation tolerance multiplier at this level.
    pub fn tolerance_factor(self) -> f32 {
        if self >= Quality::CoarseTessellation {
            4.0
        } else {
            1.0
        }
    }

    /// The retained layer's resolution divisor at this level (see
    /// [`Renderer::set_layer_downscale`](crate::gpu::Renderer::set_layer_downscale)).
    pub fn layer_downscale(self) -> u32 {
        if self == Quality::HalfResLayer {
            2
        } else {
            1
        }
    }

    /// Whether multisampling is allowed at this level.
    pub fn allows_msaa(self) -> bool {
        self == Quality::Full
    }
}
