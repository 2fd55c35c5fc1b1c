//! The exponentially weighted sums the cost model fits a kind of frame's fixed cost and cost per
//! layer index from, and whether a fitted slope stands out of the noise.

/// Exponentially weighted sums for the fixed-cost / layer-cost fit.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Fit {
    pub(super) n: f64,
    pub(super) sx: f64,
    pub(super) sy: f64,
    pub(super) sxx: f64,
    pub(super) sxy: f64,
    pub(super) syy: f64,
}

impl Fit {
    /// Whether `slope` (fitted from these sums) stands out of the noise: at least `T_FITTED`
    /// standard errors from 0, over more than 3 frames.
    pub(super) fn significant(&self, slope: f64) -> bool {
        const T_FITTED: f64 = 3.0;
        if self.n <= 3.0 {
            return false;
        }
        let sxx = self.sxx - self.sx * self.sx / self.n;
        let syy = self.syy - self.sy * self.sy / self.n;
        let sxy = self.sxy - self.sx * self.sy / self.n;
        let residual = (syy - slope * sxy).max(0.0) / (self.n - 2.0);
        slope * slope * sxx >= T_FITTED * T_FITTED * residual
    }
}
