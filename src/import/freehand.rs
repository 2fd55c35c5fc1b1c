//! perfect-freehand, the stroke model of Excalidraw and tldraw, expressed in inkplay's terms.
//!
//! perfect-freehand outlines a stroke with radius `size × easing(0.5 − thinning × (0.5 − p))` at
//! pressure `p`; both apps use a sine easing (`sin(t π/2)`). inkplay's width model is linear in
//! pressure (`width × (1 − t + 2 t p)`, see [`StrokeStyle`](crate::model::StrokeStyle)), so
//! [`width`] fits it to the eased curve by least squares over `p` in 0..1 (within 20 % of the app's
//! width everywhere in that range, within 7 % for p ≥ 0.2). Mouse input has no pressure; perfect-freehand then simulates
//! one from the distance between points ([`simulated_pressures`]), and so does inkplay.

use crate::model::Point;

/// perfect-freehand's rate of simulated pressure change.
const RATE_OF_PRESSURE_CHANGE: f32 = 0.275;

/// inkplay's `(width, thinning)` for a perfect-freehand stroke of `size` and `thinning` with sine
/// easing.
pub fn width(size: f32, thinning: f32) -> (f32, f32) {
    const N: usize = 21;
    let diameter = |p: f32| {
        2.0 * (std::f32::consts::FRAC_PI_2 * (0.5 - thinning * (0.5 - p)).clamp(0.0, 1.0)).sin()
    };
    let ps: Vec<f32> = (0..N).map(|i| i as f32 / (N - 1) as f32).collect();
    let mean = ps.iter().map(|&p| diameter(p)).sum::<f32>() / N as f32;
    let (mut num, mut den) = (0.0, 0.0);
    for &p in &ps {
        num += (p - 0.5) * (diameter(p) - mean);
        den += (p - 0.5) * (p - 0.5);
    }
    let slope = num / den;
    // With the samples symmetric about 0.5, the fitted line passes through (0.5, mean).
    (size * mean, (slope / (2.0 * mean)).clamp(0.0, 1.0))
}

/// perfect-freehand's pressure for mouse input: it falls as the pen moves fast relative to the
/// stroke size and recovers when it slows (the first ten points set the starting value).
pub fn simulated_pressures(points: &[(f32, f32)], size: f32) -> Vec<f32> {
    let size = size.max(f32::EPSILON);
    let dist = |i: usize| {
        if i == 0 {
            0.0
        } else {
            (points[i].0 - points[i - 1].0).hypot(points[i].1 - points[i - 1].1)
        }
    };
    let step = |prev: f32, d: f32| {
        let sp = (d / size).min(1.0);
        let rp = (1.0 - sp).min(1.0);
        (prev + (rp - prev) * (sp * RATE_OF_PRESSURE_CHANGE)).min(1.0)
    };
    let mut prev = (0..points.len().min(10)).fold(Point::DEFAULT_PRESSURE, |acc, i| {
        (acc + step(acc, dist(i))) / 2.0
    });
    (0..points.len())
        .map(|i| {
            prev = step(prev, dist(i));
            prev
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrokeStyle;

    #[test]
    fn the_linear_fit_stays_close_to_the_eased_width() {
        for thinning in [0.6f32, 0.65] {
            let (w, t) = width(10.0, thinning);
            let style = StrokeStyle {
                width: w,
                thinning: t,
                ..StrokeStyle::default()
            };
            for i in 0..=10 {
                let p = i as f32 / 10.0;
                let app = 20.0 * (std::f32::consts::FRAC_PI_2 * (0.5 - thinning * (0.5 - p))).sin();
                let ours = w * style.width_factor(p);
                let tol = if p < 0.2 { 0.2 } else { 0.07 };
                assert!(
                    (ours - app).abs() / app < tol,
                    "t {thinning} p {p}: {ours} vs {app}"
                );
            }
        }
    }

    #[test]
    fn fast_mouse_strokes_get_thinner() {
        let slow: Vec<(f32, f32)> = (0..20).map(|i| (i as f32 * 0.5, 0.0)).collect();
        let fast: Vec<(f32, f32)> = (0..20).map(|i| (i as f32 * 20.0, 0.0)).collect();
        let (s, f) = (
            simulated_pressures(&slow, 8.0),
            simulated_pressures(&fast, 8.0),
        );
        assert!(f[19] < s[19] && f[19] < 0.1, "{f:?}");
        assert!(s.iter().chain(&f).all(|p| (0.0..=1.0).contains(p)));
    }
}
