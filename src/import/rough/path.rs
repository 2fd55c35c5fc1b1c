//! Paths for rough.js's `path`: absolute segments (quadratics become cubics as
//! path-data-parser's `normalize` makes them), their sketchy outline (`svgPath`) and the point
//! sets a fill covers (points-on-path: Béziers flattened by splitting, then Ramer-Douglas-Peucker).

use super::lines::{bezier_to, double_line, P};
use super::options::{Op, Options};
use super::random::Random;

/// One absolute path segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seg {
    /// Start a sub-path.
    Move(P),
    /// A straight segment.
    Line(P),
    /// A quadratic Bézier (control, end).
    Quad(P, P),
    /// A cubic Bézier (controls, end).
    Cubic(P, P, P),
    /// Back to the sub-path's start.
    Close,
}

/// The segments with quadratics as cubics (`normalize`): only M, L, C and Z remain.
pub(crate) fn normalize(segs: &[Seg]) -> Vec<Seg> {
    let mut cur = [0.0, 0.0];
    let mut start = [0.0, 0.0];
    segs.iter()
        .map(|&s| {
            let out = match s {
                Seg::Quad([x1, y1], [x, y]) => Seg::Cubic(
                    [
                        cur[0] + 2.0 * (x1 - cur[0]) / 3.0,
                        cur[1] + 2.0 * (y1 - cur[1]) / 3.0,
                    ],
                    [x + 2.0 * (x1 - x) / 3.0, y + 2.0 * (y1 - y) / 3.0],
                    [x, y],
                ),
                other => other,
            };
            match s {
                Seg::Move(p) => (cur, start) = (p, p),
                Seg::Line(p) | Seg::Quad(_, p) | Seg::Cubic(_, _, p) => cur = p,
                Seg::Close => cur = start,
            }
            out
        })
        .collect()
}

/// `svgPath`: the sketchy outline of normalized segments.
pub(crate) fn outline(segs: &[Seg], o: &Options, r: &mut Random) -> Vec<Op> {
    let (mut first, mut cur) = ([0.0, 0.0], [0.0, 0.0]);
    let mut ops = Vec::new();
    for &s in segs {
        match s {
            Seg::Move(p) => (cur, first) = (p, p),
            Seg::Line(p) => {
                ops.extend(double_line(cur, p, o, r, false));
                cur = p;
            }
            Seg::Cubic(c1, c2, p) => {
                ops.extend(bezier_to(c1, c2, p, cur, o, r));
                cur = p;
            }
            Seg::Quad(..) => {}
            Seg::Close => {
                ops.extend(double_line(cur, first, o, r, false));
                cur = first;
            }
        }
    }
    ops
}

/// `pointsOnPath(d, tolerance, distance)` of normalized segments.
pub(crate) fn point_sets(segs: &[Seg], tolerance: f64, distance: f64) -> Vec<Vec<P>> {
    let mut sets = Vec::new();
    let mut current: Vec<P> = Vec::new();
    let mut start = [0.0, 0.0];
    let mut pending: Vec<P> = Vec::new();
    let flush_curve = |pending: &mut Vec<P>, current: &mut Vec<P>| {
        if pending.len() >= 4 {
            current.extend(points_on_beziers(pending, tolerance, 0.0));
        }
        pending.clear();
    };
    for &s in segs {
        match s {
            Seg::Move(p) => {
                flush_curve(&mut pending, &mut current);
                if !current.is_empty() {
                    sets.push(std::mem::take(&mut current));
                }
                start = p;
                current.push(p);
            }
            Seg::Line(p) => {
                flush_curve(&mut pending, &mut current);
                current.push(p);
            }
            Seg::Cubic(c1, c2, p) => {
                if pending.is_empty() {
                    pending.push(current.last().copied().unwrap_or(start));
                }
                pending.extend([c1, c2, p]);
            }
            Seg::Quad(..) => {}
            Seg::Close => {
                flush_curve(&mut pending, &mut current);
                current.push(start);
            }
        }
    }
    flush_curve(&mut pending, &mut current);
    if !current.is_empty() {
        sets.push(current);
    }
    if distance == 0.0 {
        return sets;
    }
    sets.into_iter()
        .map(|s| simplify(&s, 0, s.len(), distance))
        .filter(|s| !s.is_empty())
        .collect()
}

fn dist_sq(a: P, b: P) -> f64 {
    (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
}

fn lerp(a: P, b: P, t: f64) -> P {
    [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
}

fn seg_dist_sq(p: P, v: P, w: P) -> f64 {
    let l2 = dist_sq(v, w);
    if l2 == 0.0 {
        return dist_sq(p, v);
    }
    let t = ((p[0] - v[0]) * (w[0] - v[0]) + (p[1] - v[1]) * (w[1] - v[1])) / l2;
    dist_sq(p, lerp(v, w, t.clamp(0.0, 1.0)))
}

fn flatness(p: &[P]) -> f64 {
    let ux = (3.0 * p[1][0] - 2.0 * p[0][0] - p[3][0]).powi(2);
    let uy = (3.0 * p[1][1] - 2.0 * p[0][1] - p[3][1]).powi(2);
    let vx = (3.0 * p[2][0] - 2.0 * p[3][0] - p[0][0]).powi(2);
    let vy = (3.0 * p[2][1] - 2.0 * p[3][1] - p[0][1]).powi(2);
    ux.max(vx) + uy.max(vy)
}

fn split(p: &[P], tolerance: f64, out: &mut Vec<P>) {
    if flatness(p) < tolerance {
        if out.last().is_none_or(|&l| dist_sq(l, p[0]).sqrt() > 1.0) {
            out.push(p[0]);
        }
        out.push(p[3]);
    } else {
        let (q1, q2, q3) = (
            lerp(p[0], p[1], 0.5),
            lerp(p[1], p[2], 0.5),
            lerp(p[2], p[3], 0.5),
        );
        let (r1, r2) = (lerp(q1, q2, 0.5), lerp(q2, q3, 0.5));
        let red = lerp(r1, r2, 0.5);
        split(&[p[0], q1, r1, red], tolerance, out);
        split(&[red, r2, q3, p[3]], tolerance, out);
    }
}

/// `pointsOnBezierCurves`: points along chained cubics (`[p0, c1, c2, p1, c1, …]`), simplified
/// to `distance` when it is positive.
pub(crate) fn points_on_beziers(points: &[P], tolerance: f64, distance: f64) -> Vec<P> {
    let mut out = Vec::new();
    let segments = (points.len().saturating_sub(1)) / 3;
    for i in 0..segments {
        split(&points[i * 3..i * 3 + 4], tolerance, &mut out);
    }
    if distance > 0.0 {
        return simplify(&out, 0, out.len(), distance);
    }
    out
}

/// Ramer-Douglas-Peucker over `points[start..end]`.
pub(crate) fn simplify(points: &[P], start: usize, end: usize, epsilon: f64) -> Vec<P> {
    let mut out = Vec::new();
    simplify_into(points, start, end, epsilon, &mut out);
    out
}

fn simplify_into(points: &[P], start: usize, end: usize, epsilon: f64, out: &mut Vec<P>) {
    if end <= start {
        return;
    }
    let (s, e) = (points[start], points[end - 1]);
    let (mut max_sq, mut max_i) = (0.0, 1);
    for (i, &p) in points.iter().enumerate().take(end - 1).skip(start + 1) {
        let d = seg_dist_sq(p, s, e);
        if d > max_sq {
            (max_sq, max_i) = (d, i);
        }
    }
    if max_sq.sqrt() > epsilon {
        simplify_into(points, start, max_i + 1, epsilon, out);
        simplify_into(points, max_i, end, epsilon, out);
    } else {
        if out.is_empty() {
            out.push(s);
        }
        out.push(e);
    }
}

/// `curveToBezier` (tightness 0): a curve through points as chained cubics.
pub(crate) fn curve_to_bezier(p: &[P]) -> Vec<P> {
    let n = p.len();
    if n < 3 {
        return Vec::new();
    }
    if n == 3 {
        return vec![p[0], p[1], p[2], p[2]];
    }
    let mut pts = vec![p[0], p[0]];
    pts.extend_from_slice(&p[1..]);
    pts.push(p[n - 1]);
    let mut out = vec![pts[0]];
    let mut i = 1;
    while i + 2 < pts.len() {
        let b1 = [
            pts[i][0] + (pts[i + 1][0] - pts[i - 1][0]) / 6.0,
            pts[i][1] + (pts[i + 1][1] - pts[i - 1][1]) / 6.0,
        ];
        let b2 = [
            pts[i + 1][0] + (pts[i][0] - pts[i + 2][0]) / 6.0,
            pts[i + 1][1] + (pts[i][1] - pts[i + 2][1]) / 6.0,
        ];
        out.extend([b1, b2, pts[i + 1]]);
        i += 1;
    }
    out
}
