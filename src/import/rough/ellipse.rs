//! rough.js's ellipse: a jittered ring of points (rough.js's step count and overlap) drawn as a
//! Catmull-Rom curve, twice unless single-stroked or at roughness 0.

use super::lines::{catmull_rom, offset, offset_opt, P};
use super::options::{Op, Options};
use super::random::Random;
use std::f64::consts::PI;

/// `generateEllipseParams`: the angle step and the radii with their curve-fitting jitter.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    increment: f64,
    rx: f64,
    ry: f64,
}

pub(crate) fn params(width: f64, height: f64, o: &Options, r: &mut Random) -> Params {
    let psq = (PI
        * 2.0
        * (((width / 2.0) * (width / 2.0) + (height / 2.0) * (height / 2.0)) / 2.0).sqrt())
    .sqrt();
    let csc = o.curve_step_count;
    let steps = csc.max((csc / 200f64.sqrt()) * psq).ceil();
    let increment = (PI * 2.0) / steps;
    let (mut rx, mut ry) = ((width / 2.0).abs(), (height / 2.0).abs());
    let fit = 1.0 - o.curve_fitting;
    rx += offset_opt(rx * fit, o, r, 1.0);
    ry += offset_opt(ry * fit, o, r, 1.0);
    Params { increment, rx, ry }
}

/// `ellipseWithParams`: the outline's ops and the first ring's points (what a pattern fill
/// fills).
pub(crate) fn with_params(c: P, o: &Options, r: &mut Random, p: Params) -> (Vec<Op>, Vec<P>) {
    let inner = offset(0.4, 1.0, o, r, 1.0);
    let overlap = p.increment * offset(0.1, inner, o, r, 1.0);
    let (all, core) = points(p, c, 1.0, overlap, o, r);
    let mut ops = catmull_rom(&all, o, r);
    if !o.disable_multi_stroke && o.roughness != 0.0 {
        let (all2, _) = points(p, c, 1.5, 0.0, o, r);
        ops.extend(catmull_rom(&all2, o, r));
    }
    (ops, core)
}

/// `_computeEllipsePoints`: (every point of the curve, the ring itself).
fn points(
    p: Params,
    [cx, cy]: P,
    off: f64,
    overlap: f64,
    o: &Options,
    r: &mut Random,
) -> (Vec<P>, Vec<P>) {
    let (rx, ry) = (p.rx, p.ry);
    let mut core = Vec::new();
    let mut all = Vec::new();
    if o.roughness == 0.0 {
        let inc = p.increment / 4.0;
        all.push([cx + rx * (-inc).cos(), cy + ry * (-inc).sin()]);
        let mut angle = 0.0;
        while angle <= PI * 2.0 {
            let q = [cx + rx * angle.cos(), cy + ry * angle.sin()];
            core.push(q);
            all.push(q);
            angle += inc;
        }
        all.push([cx + rx * 0f64.cos(), cy + ry * 0f64.sin()]);
        all.push([cx + rx * inc.cos(), cy + ry * inc.sin()]);
        return (all, core);
    }
    let rad = offset_opt(0.5, o, r, 1.0) - PI / 2.0;
    let at = |k: f64, angle: f64, r: &mut Random| {
        let x = offset_opt(off, o, r, 1.0) + cx + k * rx * angle.cos();
        [x, offset_opt(off, o, r, 1.0) + cy + k * ry * angle.sin()]
    };
    all.push(at(0.9, rad - p.increment, r));
    let end = PI * 2.0 + rad - 0.01;
    let mut angle = rad;
    while angle < end {
        let q = at(1.0, angle, r);
        core.push(q);
        all.push(q);
        angle += p.increment;
    }
    all.push(at(1.0, rad + PI * 2.0 + overlap * 0.5, r));
    all.push(at(0.98, rad + overlap, r));
    all.push(at(0.9, rad + overlap * 0.5, r));
    (all, core)
}
