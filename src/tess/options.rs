//! Tessellation settings: the flattening tolerance, and the widest line it allows.

/// Tessellation settings, in drawing units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TessOptions {
    /// Maximum distance between the true curve (round joins and caps) and its flattening, in
    /// drawing units. Default 0.1. Use [`TessOptions::for_scale`] to derive it from a pixel tolerance.
    pub tolerance: f32,
}

impl Default for TessOptions {
    fn default() -> Self {
        Self { tolerance: 0.1 }
    }
}

impl TessOptions {
    /// Options whose tolerance is `tolerance_px` pixels at `px_per_unit` pixels per drawing unit.
    pub fn for_scale(tolerance_px: f32, px_per_unit: f32) -> Self {
        let t = tolerance_px / px_per_unit.max(1e-6);
        Self {
            tolerance: if t.is_finite() {
                t.clamp(1e-4, 1e6)
            } else {
                0.1
            },
        }
    }

    /// The widest line (in drawing units) tessellated at this tolerance; wider strokes are capped.
    pub fn max_line_width(&self) -> f32 {
        self.tolerance * 2.0e5
    }
}
