//! A port of rough.js 4.6 (the version Excalidraw draws with), written from reading its
//! source: the same options, the same seeded random stream consumed in the same order, so a
//! seed gives rough.js's own ops (checked against rough.js's output in
//! `tests/data/rough/oracle.json`, made by `scripts/rough-oracle`).
//!
//! Each shape call (rough.js's `RoughGenerator` methods) returns its sets in rough.js's order:
//! the fill first, then the outline (the outline's random numbers are drawn first). `dots`
//! fills jitter their dots with `Math.random()` in rough.js; here a stream of its own stands in
//! (seeded from the shape's seed), so they are reproducible but not rough.js's. Arcs are not
//! ported (Excalidraw draws none).

mod ellipse;
mod fill;
mod hachure;
mod lines;
mod options;
mod path;
mod random;

pub use options::{FillStyle, Op, OpSet, Options, SetKind};
pub use path::Seg;
pub use random::Random;

use lines::P;

/// The streams a shape call draws from: rough.js's seeded one, and the stand-in for
/// `Math.random()` (dots only).
struct Streams {
    main: Random,
    jitter: Random,
}

impl Streams {
    fn new(o: &Options) -> Self {
        Self {
            main: Random::new(o.seed),
            jitter: Random::new(o.jitter_seed.unwrap_or(o.seed + 7919.0)),
        }
    }
}

fn outline_set(ops: Vec<Op>) -> OpSet {
    OpSet {
        kind: SetKind::Path,
        ops,
    }
}

/// A shape's sets in rough.js's order: its fill (when it has one), then its outline when
/// stroked. (The outline's random numbers were drawn first.)
fn drawable(fill: Option<OpSet>, outline: Vec<Op>, o: &Options) -> Vec<OpSet> {
    fill.into_iter()
        .chain(o.stroke.then(|| outline_set(outline)))
        .collect()
}

/// The fill of polygons: solid, or the pattern of `fillStyle`.
fn polygon_fill(polygons: &mut [Vec<P>], o: &Options, s: &mut Streams) -> OpSet {
    if o.fill_style == FillStyle::Solid {
        fill::solid(polygons, o, &mut s.main)
    } else {
        fill::pattern(polygons, o, &mut s.main, &mut s.jitter)
    }
}

/// rough.js's `line`.
pub fn line(a: [f64; 2], b: [f64; 2], o: &Options) -> Vec<OpSet> {
    let mut s = Streams::new(o);
    vec![outline_set(lines::double_line(a, b, o, &mut s.main, false))]
}

/// rough.js's `rectangle`.
pub fn rectangle(x: f64, y: f64, w: f64, h: f64, o: &Options) -> Vec<OpSet> {
    let points = vec![[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
    polygon(&points, o)
}

/// rough.js's `polygon` (a closed polyline).
pub fn polygon(points: &[[f64; 2]], o: &Options) -> Vec<OpSet> {
    let mut s = Streams::new(o);
    let outline = lines::linear_path(points, true, o, &mut s.main);
    let fill = o
        .fill
        .then(|| polygon_fill(&mut [points.to_vec()], o, &mut s));
    drawable(fill, outline, o)
}

/// rough.js's `linearPath` (an open polyline).
pub fn linear_path(points: &[[f64; 2]], o: &Options) -> Vec<OpSet> {
    let mut s = Streams::new(o);
    vec![outline_set(lines::linear_path(
        points,
        false,
        o,
        &mut s.main,
    ))]
}

/// rough.js's `ellipse` about a centre.
pub fn ellipse(cx: f64, cy: f64, w: f64, h: f64, o: &Options) -> Vec<OpSet> {
    let mut s = Streams::new(o);
    let p = ellipse::params(w, h, o, &mut s.main);
    let (outline, ring) = ellipse::with_params([cx, cy], o, &mut s.main, p);
    let fill = o.fill.then(|| {
        if o.fill_style == FillStyle::Solid {
            // A second ring of its own random numbers, filled.
            let ops = ellipse::with_params([cx, cy], o, &mut s.main, p).0;
            OpSet {
                kind: SetKind::FillPath,
                ops,
            }
        } else {
            fill::pattern(&mut [ring], o, &mut s.main, &mut s.jitter)
        }
    });
    drawable(fill, outline, o)
}

/// rough.js's `curve` through points.
pub fn curve(points: &[[f64; 2]], o: &Options) -> Vec<OpSet> {
    let mut s = Streams::new(o);
    let outline = lines::curve(points, o, &mut s.main);
    let fill = (o.fill && points.len() >= 3).then(|| {
        if o.fill_style == FillStyle::Solid {
            let fo = solid_fill_options(o);
            OpSet {
                kind: SetKind::FillPath,
                ops: merged(lines::curve(points, &fo, &mut s.main)),
            }
        } else {
            let b = path::curve_to_bezier(points);
            let poly = path::points_on_beziers(&b, 10.0, (1.0 + o.roughness) / 2.0);
            fill::pattern(&mut [poly], o, &mut s.main, &mut s.jitter)
        }
    });
    drawable(fill, outline, o)
}

/// rough.js's `path`, of segments as an SVG path's `d` would give them.
pub fn path(segs: &[Seg], o: &Options) -> Vec<OpSet> {
    let mut s = Streams::new(o);
    let segs = path::normalize(segs);
    if segs.is_empty() {
        return Vec::new();
    }
    let mut polygons = path::point_sets(&segs, 1.0, (1.0 + o.roughness) / 2.0);
    let outline = path::outline(&segs, o, &mut s.main);
    let fill = o.fill.then(|| {
        if o.fill_style == FillStyle::Solid && polygons.len() == 1 {
            let fo = solid_fill_options(o);
            OpSet {
                kind: SetKind::FillPath,
                ops: merged(path::outline(&segs, &fo, &mut s.main)),
            }
        } else {
            polygon_fill(&mut polygons, o, &mut s)
        }
    });
    drawable(fill, outline, o)
}

/// Ramer-Douglas-Peucker simplification to `epsilon` (points-on-curve's `simplify`).
pub fn simplify(points: &[[f64; 2]], epsilon: f64) -> Vec<[f64; 2]> {
    path::simplify(points, 0, points.len(), epsilon)
}

/// The options of a solid fill's own sketchy shape: single-stroked, rougher.
fn solid_fill_options(o: &Options) -> Options {
    let roughness = if o.roughness != 0.0 {
        o.roughness + o.fill_shape_roughness_gain
    } else {
        0.0
    };
    Options {
        disable_multi_stroke: true,
        roughness,
        ..o.clone()
    }
}

/// `_mergedShape`: one sub-path (every move but the first dropped).
fn merged(ops: Vec<Op>) -> Vec<Op> {
    ops.into_iter()
        .enumerate()
        .filter(|(i, op)| *i == 0 || !matches!(op, Op::Move(_)))
        .map(|(_, op)| op)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
