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

/// A uniform Catmull-Rom spline through `p` (the curve rough.js and Excalidraw draw for round lines),
/// each segment sampled by its length. A spline takes at most four points per point of `p` or
/// 4,096, whichever is more, plus one per segment: a line of many far-apart points would
/// otherwise take 64 for each (a file many times larger loaded than read).
pub(crate) fn catmull_rom(p: &[(f32, f32)]) -> Path {
    if p.len() < 3 {
        return p.to_vec();
    }
    let mut per_segment: Vec<usize> = p
        .windows(2)
        .map(|w| samples((w[1].0 - w[0].0).hypot(w[1].1 - w[0].1), 2, 64))
        .collect();
    let total: usize = per_segment.iter().sum();
    let budget = (4 * p.len()).max(4096);
    if total > budget {
        let keep = budget as f64 / total as f64;
        for n in &mut per_segment {
            *n = ((*n as f64 * keep) as usize).max(1);
        }
    }
    let at = |i: isize| p[i.clamp(0, p.len() as isize - 1) as usize];
    let mut out = Vec::with_capacity(1 + per_segment.iter().sum::<usize>());
    out.push(p[0]);
    for (i, &n) in (0isize..).zip(&per_segment) {
        let (p0, p1, p2, p3) = (at(i - 1), at(i), at(i + 1), at(i + 2));
        for k in 1..=n {
            let t = k as f32 / n as f32;
            let (t2, t3) = (t * t, t * t * t);
            let f = |a: f32, b: f32, c: f32, d: f32| {
                0.5 * (2.0 * b
                    + (c - a) * t
                    + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                    + (3.0 * b - a - 3.0 * c + d) * t3)
            };
            out.push((f(p0.0, p1.0, p2.0, p3.0), f(p0.1, p1.1, p2.1, p3.1)));
        }
    }
    out
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

/// An arrowhead drawn at `tip`, pointing away from `from`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Head {
    /// Two barbs (an open chevron).
    Arrow,
    /// A closed triangle outline.
    Triangle,
    /// A bar across the line.
    Bar,
    /// A small circle outline.
    Dot,
}

/// The polyline of an arrowhead, starting and ending at `tip`, so it can be appended to the line's
/// own path. `size` is the barb length; `max_fraction` of the last segment's length caps it.
pub(crate) fn arrowhead(head: Head, from: (f32, f32), tip: (f32, f32), size: f32) -> Path {
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
    match head {
        Head::Arrow => vec![tip, barb(20.0), tip, barb(-20.0), tip],
        Head::Triangle => vec![tip, barb(25.0), barb(-25.0), tip],
        Head::Bar => {
            let (a, b) = (barb(90.0), barb(-90.0));
            let half = |p: (f32, f32)| (0.5 * (p.0 + tip.0), 0.5 * (p.1 + tip.1));
            vec![tip, half(a), half(b), tip]
        }
        Head::Dot => {
            let r = 0.25 * s;
            let c = (tip.0 - ux * r, tip.1 - uy * r);
            let mut p = vec![tip];
            p.extend(
                ellipse(2.0 * r, 2.0 * r)
                    .into_iter()
                    .map(|(x, y)| (x + c.0 - r, y + c.1 - r)),
            );
            p.push(tip);
            p
        }
    }
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
    fn catmull_rom_passes_through_its_points() {
        let pts = [(0.0, 0.0), (10.0, 5.0), (20.0, 0.0), (30.0, 10.0)];
        let c = catmull_rom(&pts);
        for p in pts {
            assert!(c.iter().any(|&q| close(p, q)), "{p:?}");
        }
    }

    #[test]
    fn a_spline_of_many_far_apart_points_stays_a_few_times_their_count() {
        // 10,000 points 1,000 apart: 64 samples a segment would be 640,000 points.
        let pts: Vec<(f32, f32)> = (0..10_000)
            .map(|i| (1000.0 * (i % 2) as f32, 10.0 * i as f32))
            .collect();
        let c = catmull_rom(&pts);
        assert!(c.len() <= 5 * pts.len(), "{}", c.len());
        for &p in pts.iter().step_by(997) {
            assert!(c.iter().any(|&q| close(p, q)), "{p:?}");
        }
        // A short line of long segments keeps every sample.
        let few = [(0.0, 0.0), (500.0, 0.0), (500.0, 500.0)];
        assert_eq!(catmull_rom(&few).len(), 1 + 2 * 64);
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
        let h = arrowhead(Head::Arrow, (0.0, 0.0), (100.0, 0.0), 25.0);
        assert!(close(h[0], (100.0, 0.0)) && close(h[h.len() - 1], (100.0, 0.0)));
        assert!(h.iter().all(|&(x, _)| x <= 100.0 && x > 70.0));
        assert!(arrowhead(Head::Bar, (1.0, 1.0), (1.0, 1.0), 10.0).is_empty());
        let r = rotate((1.0, 0.0), (0.0, 0.0), FRAC_PI_2);
        assert!(close(r, (0.0, 1.0)), "{r:?}");
    }
}
