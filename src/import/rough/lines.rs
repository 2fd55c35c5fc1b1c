//! rough.js's strokes: the sketchy line (`_line`, drawn twice by `_doubleLine`), polylines,
//! Catmull-Rom curves and cubic Béziers. Every random number is drawn in rough.js's order, so a
//! seed gives rough.js's own path.

use super::options::{Op, Options};
use super::random::Random;

pub(crate) type P = [f64; 2];

/// `_offset`: `roughness × gain × (random × (max − min) + min)`.
pub(crate) fn offset(min: f64, max: f64, o: &Options, r: &mut Random, gain: f64) -> f64 {
    o.roughness * gain * (r.next_f64() * (max - min) + min)
}

/// `_offsetOpt`: a random offset in ±x.
pub(crate) fn offset_opt(x: f64, o: &Options, r: &mut Random, gain: f64) -> f64 {
    offset(-x, x, o, r, gain)
}

fn sq(x: f64) -> f64 {
    x * x
}

/// `_doubleLine`: the line, and unless single-stroked, a second pass at half the offset.
/// `filling` picks which option single-strokes it (`disableMultiStrokeFill` for fill lines).
pub(crate) fn double_line(a: P, b: P, o: &Options, r: &mut Random, filling: bool) -> Vec<Op> {
    let single = if filling {
        o.disable_multi_stroke_fill
    } else {
        o.disable_multi_stroke
    };
    let mut ops = line(a, b, o, r, false);
    if !single {
        ops.extend(line(a, b, o, r, true));
    }
    ops
}

/// `_line`: a move and one cubic that bows off the straight line.
fn line([x1, y1]: P, [x2, y2]: P, o: &Options, r: &mut Random, overlay: bool) -> Vec<Op> {
    let length_sq = sq(x1 - x2) + sq(y1 - y2);
    let length = length_sq.sqrt();
    let gain = if length < 200.0 {
        1.0
    } else if length > 500.0 {
        0.4
    } else {
        -0.0016668 * length + 1.233334
    };
    let mut off = o.max_randomness_offset;
    if off * off * 100.0 > length_sq {
        off = length / 10.0;
    }
    let amount = if overlay { off / 2.0 } else { off };
    let diverge = 0.2 + r.next_f64() * 0.2;
    let mro = o.max_randomness_offset;
    let mid_x = offset_opt(o.bowing * mro * (y2 - y1) / 200.0, o, r, gain);
    let mid_y = offset_opt(o.bowing * mro * (x1 - x2) / 200.0, o, r, gain);
    let jitter = |r: &mut Random| offset_opt(amount, o, r, gain);
    let pv = o.preserve_vertices;
    let vertex = |v: f64, r: &mut Random| if pv { v } else { v + jitter(r) };
    let start = [vertex(x1, r), vertex(y1, r)];
    let c1x = mid_x + x1 + (x2 - x1) * diverge + jitter(r);
    let c1y = mid_y + y1 + (y2 - y1) * diverge + jitter(r);
    let c2x = mid_x + x1 + 2.0 * (x2 - x1) * diverge + jitter(r);
    let c2y = mid_y + y1 + 2.0 * (y2 - y1) * diverge + jitter(r);
    let (ex, ey) = (vertex(x2, r), vertex(y2, r));
    vec![Op::Move(start), Op::BCurveTo([c1x, c1y, c2x, c2y, ex, ey])]
}

/// `linearPath`: a double line per segment (and the closing one when `close`).
pub(crate) fn linear_path(points: &[P], close: bool, o: &Options, r: &mut Random) -> Vec<Op> {
    match points.len() {
        0 | 1 => Vec::new(),
        2 => double_line(points[0], points[1], o, r, false),
        n => {
            let mut ops = Vec::new();
            for w in points.windows(2) {
                ops.extend(double_line(w[0], w[1], o, r, false));
            }
            if close {
                ops.extend(double_line(points[n - 1], points[0], o, r, false));
            }
            ops
        }
    }
}

/// `curve`: a Catmull-Rom curve through jittered points, and unless single-stroked a second one
/// on the stream of seed + 1.
pub(crate) fn curve(points: &[P], o: &Options, r: &mut Random) -> Vec<Op> {
    let mut ops = curve_with_offset(points, 1.0 * (1.0 + o.roughness * 0.2), o, r);
    if !o.disable_multi_stroke {
        let seed = if o.seed != 0.0 { o.seed + 1.0 } else { o.seed };
        let mut second = Random::new(seed);
        ops.extend(curve_with_offset(
            points,
            1.5 * (1.0 + o.roughness * 0.22),
            o,
            &mut second,
        ));
    }
    ops
}

fn curve_with_offset(points: &[P], off: f64, o: &Options, r: &mut Random) -> Vec<Op> {
    let Some(&first) = points.first() else {
        return Vec::new();
    };
    let jittered = |p: P, r: &mut Random| {
        let x = p[0] + offset_opt(off, o, r, 1.0);
        [x, p[1] + offset_opt(off, o, r, 1.0)]
    };
    let mut ps = vec![jittered(first, r), jittered(first, r)];
    for (i, &p) in points.iter().enumerate().skip(1) {
        ps.push(jittered(p, r));
        if i == points.len() - 1 {
            ps.push(jittered(p, r));
        }
    }
    catmull_rom(&ps, o, r)
}

/// `_curve`: Catmull-Rom through `points[1..n-1]` (the ends are its tangent guides) as cubics.
pub(crate) fn catmull_rom(p: &[P], o: &Options, r: &mut Random) -> Vec<Op> {
    let n = p.len();
    let mut ops = Vec::new();
    if n > 3 {
        let s = 1.0 - o.curve_tightness;
        ops.push(Op::Move(p[1]));
        let mut i = 1;
        while i + 2 < n {
            let b1 = [
                p[i][0] + (s * p[i + 1][0] - s * p[i - 1][0]) / 6.0,
                p[i][1] + (s * p[i + 1][1] - s * p[i - 1][1]) / 6.0,
            ];
            let b2 = [
                p[i + 1][0] + (s * p[i][0] - s * p[i + 2][0]) / 6.0,
                p[i + 1][1] + (s * p[i][1] - s * p[i + 2][1]) / 6.0,
            ];
            let b3 = p[i + 1];
            ops.push(Op::BCurveTo([b1[0], b1[1], b2[0], b2[1], b3[0], b3[1]]));
            i += 1;
        }
    } else if n == 3 {
        ops.push(Op::Move(p[1]));
        ops.push(Op::BCurveTo([
            p[1][0], p[1][1], p[2][0], p[2][1], p[2][0], p[2][1],
        ]));
    } else if n == 2 {
        ops.extend(double_line(p[0], p[1], o, r, false));
    }
    ops
}

/// `_bezierTo`: a cubic from `current`, drawn once or twice with jittered points (the end is
/// drawn before the controls, as rough.js does).
pub(crate) fn bezier_to(c1: P, c2: P, end: P, current: P, o: &Options, r: &mut Random) -> Vec<Op> {
    let mro = if o.max_randomness_offset != 0.0 {
        o.max_randomness_offset
    } else {
        1.0
    };
    let ros = [mro, mro + 0.3];
    let iterations = if o.disable_multi_stroke { 1 } else { 2 };
    let pv = o.preserve_vertices;
    let mut ops = Vec::new();
    for (i, &ro) in ros.iter().enumerate().take(iterations) {
        let j = |r: &mut Random| offset_opt(ro, o, r, 1.0);
        if i == 0 || pv {
            ops.push(Op::Move(current));
        } else {
            let mx = current[0] + offset_opt(ros[0], o, r, 1.0);
            ops.push(Op::Move([mx, current[1] + offset_opt(ros[0], o, r, 1.0)]));
        }
        let f = if pv {
            end
        } else {
            let fx = end[0] + j(r);
            [fx, end[1] + j(r)]
        };
        let (a, b) = (c1[0] + j(r), c1[1] + j(r));
        let (c, d) = (c2[0] + j(r), c2[1] + j(r));
        ops.push(Op::BCurveTo([a, b, c, d, f[0], f[1]]));
    }
    ops
}
