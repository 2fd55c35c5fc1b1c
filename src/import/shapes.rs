//! Outlines of the geometric elements whiteboard apps store next to freehand ink (rectangles,
//! ellipses, diamonds, curved lines, arrowheads), as polylines in element-local coordinates. The
//! importers that meet such elements draw them as strokes of the element's stroke width.

use std::f32::consts::{FRAC_PI_2, PI, TAU};

use crate::model::{Color, LineCap, LineJoin, StrokeStyle};

/// Largest coordinate the whiteboard importers accept (keeps f32 geometry finite and exact enough).
pub(crate) const MAX_COORD: f64 = 1e9;

/// A JSON coordinate as f32, or why it is not usable.
pub(crate) fn usable(v: f64, what: &str) -> Result<f32, String> {
    if v.is_finite() && v.abs() <= MAX_COORD {
        Ok(v as f32)
    } else {
        Err(format!("{what} {v} is out of range"))
    }
}

/// The style of an outline: round caps and joins, no pressure thinning.
pub(crate) fn outline_style(color: Color, width: f32) -> StrokeStyle {
    StrokeStyle {
        color,
        width,
        cap: LineCap::Round,
        join: LineJoin::Round,
        miter_limit: 4.0,
        thinning: 0.0,
    }
}

/// A polyline.
pub(crate) type Path = Vec<(f32, f32)>;

/// Samples per unit of length when flattening curves (a sample every 3 units, clamped).
fn samples(length: f32, min: usize, max: usize) -> usize {
    ((length / 3.0).ceil() as usize).clamp(min, max)
}

/// A closed ellipse inscribed in `(0, 0)..(w, h)`, starting at the top.
pub(crate) fn ellipse(w: f32, h: f32) -> Path {
    let (rx, ry) = (0.5 * w.abs(), 0.5 * h.abs());
    let n = samples(PI * (rx + ry), 16, 256);
    (0..=n)
        .map(|i| {
            let a = -FRAC_PI_2 + TAU * i as f32 / n as f32;
            (0.5 * w + rx * a.cos(), 0.5 * h + ry * a.sin())
        })
        .collect()
}

/// A closed rectangle `(0, 0)..(w, h)` with corners rounded by `radius` (0 for sharp corners).
pub(crate) fn rectangle(w: f32, h: f32, radius: f32) -> Path {
    let r = radius.clamp(0.0, 0.5 * w.abs().min(h.abs()));
    if r <= 0.0 {
        return vec![(0.0, 0.0), (w, 0.0), (w, h), (0.0, h), (0.0, 0.0)];
    }
    let n = samples(FRAC_PI_2 * r, 3, 32);
    // Corner centres in drawing order (top-right, bottom-right, bottom-left, top-left), with the
    // angle each quarter arc starts at.
    let corners = [
        (w - r, r, -FRAC_PI_2),
        (w - r, h - r, 0.0),
        (r, h - r, FRAC_PI_2),
        (r, r, PI),
    ];
    let mut p = vec![(r, 0.0)];
    for (cx, cy, a0) in corners {
        for i in 0..=n {
            let a = a0 + FRAC_PI_2 * i as f32 / n as f32;
            p.push((cx + r * a.cos(), cy + r * a.sin()));
        }
    }
    p.push((r, 0.0));
    p
}

/// A closed diamond touching the middle of each side of `(0, 0)..(w, h)`.
pub(crate) fn diamond(w: f32, h: f32) -> Path {
    vec![
        (0.5 * w, 0.0),
        (w, 0.5 * h),
        (0.5 * w, h),
        (0.0, 0.5 * h),
        (0.5 * w, 0.0),
    ]
}

/// The circular arc from `a` through `b` to `c` (a straight line when they are collinear).
pub(crate) fn arc_through(a: (f32, f32), b: (f32, f32), c: (f32, f32)) -> Path {
    let d = 2.0 * (a.0 * (b.1 - c.1) + b.0 * (c.1 - a.1) + c.0 * (a.1 - b.1));
    if d.abs() < 1e-6 {
        return vec![a, c];
    }
    let sq = |p: (f32, f32)| p.0 * p.0 + p.1 * p.1;
    let ux = (sq(a) * (b.1 - c.1) + sq(b) * (c.1 - a.1) + sq(c) * (a.1 - b.1)) / d;
    let uy = (sq(a) * (c.0 - b.0) + sq(b) * (a.0 - c.0) + sq(c) * (b.0 - a.0)) / d;
    let r = (a.0 - ux).hypot(a.1 - uy);
    let ang = |p: (f32, f32)| (p.1 - uy).atan2(p.0 - ux);
    let (a0, ab, ac) = (ang(a), ang(b), ang(c));
    // Sweep from a to c the way that passes b.
    let norm = |x: f32| x.rem_euclid(TAU);
    let mut sweep = norm(ac - a0);
    if norm(ab - a0) > sweep {
        sweep -= TAU;
    }
    let n = samples(r * sweep.abs(), 4, 256);
    (0..=n)
        .map(|i| {
            let t = a0 + sweep * i as f32 / n as f32;
            (ux + r * t.cos(), uy + r * t.sin())
        })
        .collect()
}

/// An open chevron arrowhead at `tip`, pointing away from `from`: a polyline starting and ending
/// at `tip`, so it can be appended to the line's own path. `size` is the barb length, at most half
/// the last segment's length.
pub(crate) fn arrowhead(from: (f32, f32), tip: (f32, f32), size: f32) -> Path {
    let (dx, dy) = (tip.0 - from.0, tip.1 - from.1);
    let len = dx.hypot(dy);
    if len <= f32::EPSILON {
        return Vec::new();
    }
    let (ux, uy) = (dx / len, dy / len);
    let s = size.min(0.5 * len);
    let barb = |deg: f32| {
        let a = deg.to_radians();
        let (c, sn) = (a.cos(), a.sin());
        // Rotate the backwards direction by ±a.
        let (bx, by) = (-ux, -uy);
        (
            tip.0 + s * (bx * c - by * sn),
            tip.1 + s * (bx * sn + by * c),
        )
    };
    vec![tip, barb(20.0), tip, barb(-20.0), tip]
}

/// Rotate `p` by `angle` radians (clockwise on screen, y down) about `c`.
pub(crate) fn rotate(p: (f32, f32), c: (f32, f32), angle: f32) -> (f32, f32) {
    let (s, co) = angle.sin_cos();
    let (dx, dy) = (p.0 - c.0, p.1 - c.1);
    (c.0 + dx * co - dy * s, c.1 + dx * s + dy * co)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f32, f32), b: (f32, f32)) -> bool {
        (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3
    }

    #[test]
    fn closed_shapes_end_where_they_start_and_stay_in_their_box() {
        for p in [
            ellipse(40.0, 20.0),
            rectangle(40.0, 20.0, 5.0),
            rectangle(40.0, 20.0, 0.0),
            diamond(40.0, 20.0),
        ] {
            let (a, b) = (p[0], p[p.len() - 1]);
            assert!(close(a, b), "{a:?} {b:?}");
            assert!(p
                .iter()
                .all(|&(x, y)| (-1e-3..=40.001).contains(&x) && (-1e-3..=20.001).contains(&y)));
        }
    }

    #[test]
    fn arcs_pass_through_their_three_points() {
        let (a, b, c) = ((0.0, 0.0), (50.0, 20.0), (100.0, 0.0));
        let arc = arc_through(a, b, c);
        assert!(close(arc[0], a) && close(arc[arc.len() - 1], c));
        assert!(arc
            .iter()
            .any(|&p| (p.0 - 50.0).abs() < 2.0 && (p.1 - 20.0).abs() < 0.5));
        assert!(arc.iter().all(|&p| p.1 >= -1e-3), "bulges towards b");
        assert_eq!(arc_through(a, (50.0, 0.0), c), vec![a, c]);
    }

    #[test]
    fn arrowheads_point_back_along_the_line() {
        let h = arrowhead((0.0, 0.0), (100.0, 0.0), 25.0);
        assert!(close(h[0], (100.0, 0.0)) && close(h[h.len() - 1], (100.0, 0.0)));
        assert!(h.iter().all(|&(x, _)| x <= 100.0 && x > 70.0));
        assert!(arrowhead((1.0, 1.0), (1.0, 1.0), 10.0).is_empty());
        let r = rotate((1.0, 0.0), (0.0, 0.0), FRAC_PI_2);
        assert!(close(r, (0.0, 1.0)), "{r:?}");
    }
}
