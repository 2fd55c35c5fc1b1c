//! inkplay strokes as the kurbo paths a Vello user would draw, for the Vello peers: the part of
//! each stroke drawn by the playhead, in pixels.
//!
//! - A pen stroke of one width (no thinning) is a Vello stroke with the style's width, caps and
//!   joins.
//! - A pen stroke whose width follows the pressure is its filled outline: each sample offset by
//!   half its width along the averaged normal (the offset held within twice the half-width at
//!   sharp turns), round caps as half-circles, filled by the non-zero rule.
//! - A vector shape is its sub-paths: filled by its rule when it is a filled region, otherwise
//!   stroked like a pen stroke of one width.
//! - Glyph and image strokes are not drawn (the peers do not have inkplay's glyph meshes or
//!   atlas); the peers' ink agreement shows what that leaves out.

use vello::kurbo::{BezPath, Cap, Join, Point, Stroke as KStroke, Vec2};
use vello::peniko::{Color, Fill};

use crate::model::{FillRule, LineCap, LineJoin, Stroke};
use crate::view::View;

/// How an [`Item`]'s path is painted.
#[derive(Debug, Clone)]
pub(crate) enum Paint {
    Stroke(KStroke),
    Fill(Fill),
}

/// One stroke as a path, its paint and its colour.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) path: BezPath,
    pub(crate) paint: Paint,
    pub(crate) color: Color,
}

/// Sampled points of a pen stroke drawn by a playhead: pixels and half-widths (reused buffers).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pts: Vec<Point>,
    half: Vec<f64>,
    starts: Vec<(usize, bool)>,
}

/// The part of `stroke` drawn by `t` as an [`Item`] (`None`: nothing drawn yet, or a glyph or
/// image stroke).
pub(crate) fn item(stroke: &Stroke, view: &View, t: f64, scratch: &mut Scratch) -> Option<Item> {
    let shape = stroke.shape.as_deref();
    if shape.is_some_and(|s| s.glyph.is_some() || s.image.is_some()) {
        return None;
    }
    let c = stroke.style.color;
    let color = Color::from_rgba8(c.r, c.g, c.b, c.a);
    visible(stroke, view, t, scratch);
    if scratch.pts.is_empty() {
        return None;
    }
    let width = f64::from(stroke.style.width * view.scale);
    match shape {
        Some(s) => {
            scratch.starts.clear();
            let starts = s.subpaths.iter().map(|p| (p.start as usize, p.closed));
            scratch.starts.extend(starts);
            let path = subpaths(&scratch.pts, &scratch.starts, s.fill.is_some());
            let paint = match s.fill {
                Some(FillRule::EvenOdd) => Paint::Fill(Fill::EvenOdd),
                Some(FillRule::NonZero) => Paint::Fill(Fill::NonZero),
                None => Paint::Stroke(kurbo_stroke(stroke, width)),
            };
            Some(Item { path, paint, color })
        }
        None if stroke.style.thinning == 0.0 || scratch.pts.len() == 1 => {
            // Samples all at one place (a tap, a stroke's first instant): kurbo strokes nothing
            // there, inkplay draws a dot.
            if scratch.pts.iter().all(|&p| p == scratch.pts[0]) {
                let r = scratch.half[0].max(0.01);
                let path = circle(scratch.pts[0], r);
                return Some(Item {
                    path,
                    paint: Paint::Fill(Fill::NonZero),
                    color,
                });
            }
            let path = subpaths(&scratch.pts, &[(0, false)], false);
            let paint = Paint::Stroke(kurbo_stroke(stroke, width));
            Some(Item { path, paint, color })
        }
        None => Some(Item {
            path: outline(&scratch.pts, &scratch.half),
            paint: Paint::Fill(Fill::NonZero),
            color,
        }),
    }
}

/// The stroke's samples drawn by `t` (plus the point interpolated at `t`), in pixels, with their
/// half-widths.
fn visible(stroke: &Stroke, view: &View, t: f64, out: &mut Scratch) {
    out.pts.clear();
    out.half.clear();
    let style = &stroke.style;
    let half = |p: f32| f64::from(0.5 * style.width * style.width_factor(p) * view.scale);
    let mut prev: Option<crate::model::Point> = None;
    for p in &stroke.points {
        let (x, y, pressure) = if p.t_ms <= t {
            (p.x, p.y, p.pressure)
        } else if let Some(a) = prev {
            let span = p.t_ms - a.t_ms;
            let f = if span > 0.0 {
                ((t - a.t_ms) / span) as f32
            } else {
                0.0
            };
            let mix = |a: f32, b: f32| a + (b - a) * f;
            (mix(a.x, p.x), mix(a.y, p.y), mix(a.pressure, p.pressure))
        } else {
            break;
        };
        let q = view.to_px(glam::Vec2::new(x, y));
        out.pts.push(Point::new(f64::from(q.x), f64::from(q.y)));
        out.half.push(half(pressure));
        if p.t_ms > t {
            break;
        }
        prev = Some(p);
    }
}

fn kurbo_stroke(stroke: &Stroke, width: f64) -> KStroke {
    let s = &stroke.style;
    let cap = match s.cap {
        LineCap::Butt => Cap::Butt,
        LineCap::Round => Cap::Round,
        LineCap::Square => Cap::Square,
    };
    let join = match s.join {
        LineJoin::Miter | LineJoin::MiterClip => Join::Miter,
        LineJoin::Round => Join::Round,
        LineJoin::Bevel => Join::Bevel,
    };
    KStroke::new(width)
        .with_caps(cap)
        .with_join(join)
        .with_miter_limit(f64::from(s.miter_limit))
}

/// `pts` split at the sub-path `starts` (index, closed), closed where marked or `close_all`.
fn subpaths(pts: &[Point], starts: &[(usize, bool)], close_all: bool) -> BezPath {
    let mut path = BezPath::new();
    let ends = starts.iter().skip(1).map(|s| s.0).chain([usize::MAX]);
    for (&(start, closed), end) in starts.iter().zip(ends) {
        let Some(sub) = pts.get(start..end.min(pts.len())) else {
            break;
        };
        let Some((first, rest)) = sub.split_first() else {
            continue;
        };
        path.move_to(*first);
        for p in rest {
            path.line_to(*p);
        }
        if closed || close_all {
            path.close_path();
        }
    }
    path
}

fn circle(c: Point, r: f64) -> BezPath {
    use vello::kurbo::Shape;
    vello::kurbo::Circle::new(c, r).to_path(0.1)
}

/// Segments a half-circle cap is drawn with.
const CAP_STEPS: usize = 8;

/// The filled outline of a polyline whose half-width varies along it, with round caps.
fn outline(pts: &[Point], half: &[f64]) -> BezPath {
    let n = pts.len();
    let p = |i: usize| pts[i];
    // Unit normals of the segments (a zero-length segment takes its neighbour's).
    let mut seg: Vec<Vec2> = (0..n - 1)
        .map(|i| {
            let d = p(i + 1) - p(i);
            let l = d.hypot();
            if l > 0.0 {
                Vec2::new(-d.y / l, d.x / l)
            } else {
                Vec2::ZERO
            }
        })
        .collect();
    for i in 1..seg.len() {
        if seg[i] == Vec2::ZERO {
            seg[i] = seg[i - 1];
        }
    }
    for i in (0..seg.len().saturating_sub(1)).rev() {
        if seg[i] == Vec2::ZERO {
            seg[i] = seg[i + 1];
        }
    }
    if seg[0] == Vec2::ZERO {
        // Every sample at one place: a dot, as inkplay's round caps draw it.
        return circle(p(0), half[0].max(0.01));
    }
    let offset = |i: usize| {
        let (a, b) = (seg[i.saturating_sub(1)], seg[i.min(n - 2)]);
        let m = a + b;
        let l = m.hypot();
        if l == 0.0 {
            return b * half[i];
        }
        let m = m / l;
        // The miter's length, held to twice the half-width.
        m * (half[i] / m.dot(b).max(0.5))
    };
    let mut path = BezPath::new();
    path.move_to(p(0) + offset(0));
    for i in 1..n {
        path.line_to(p(i) + offset(i));
    }
    cap(&mut path, p(n - 1), seg[n - 2], half[n - 1]);
    for i in (0..n).rev() {
        path.line_to(p(i) - offset(i));
    }
    cap(&mut path, p(0), -seg[0], half[0]);
    path.close_path();
    path
}

/// The points of a half-circle between `at + normal·r` and `at − normal·r`, bulging forwards
/// (neither end: the outline's own points are those).
fn cap(path: &mut BezPath, at: Point, normal: Vec2, r: f64) {
    let forward = Vec2::new(normal.y, -normal.x);
    for k in 1..CAP_STEPS {
        let a = std::f64::consts::PI * k as f64 / CAP_STEPS as f64;
        path.line_to(at + (normal * a.cos() + forward * a.sin()) * r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Point as P;

    #[test]
    fn a_pressure_stroke_is_a_closed_outline_as_wide_as_its_samples() {
        let mut s = Stroke::new(vec![
            P::new(0.0, 0.0, 0.0).with_pressure(0.5),
            P::new(10.0, 0.0, 10.0).with_pressure(0.5),
            P::new(20.0, 0.0, 20.0).with_pressure(1.0),
        ]);
        s.style.width = 2.0;
        s.style.thinning = 0.5;
        let view = View::default();
        let it = item(&s, &view, 1e9, &mut Scratch::default()).expect("an item");
        assert!(matches!(it.paint, Paint::Fill(Fill::NonZero)));
        let b = vello::kurbo::Shape::bounding_box(&it.path);
        // Half-widths 1 at the start and 1.5 at the end (width factor 1.5), caps round.
        assert!(
            (b.x0 + 1.0).abs() < 1e-6 && (b.x1 - 21.5).abs() < 1e-6,
            "{b:?}"
        );
        assert!((b.y1 - 1.5).abs() < 1e-6, "{b:?}");
        // Drawn to the middle of its second segment: ends at x = 15.
        let it = item(&s, &view, 15.0, &mut Scratch::default()).expect("an item");
        let b = vello::kurbo::Shape::bounding_box(&it.path);
        assert!(b.x1 > 15.0 && b.x1 < 17.0, "{b:?}");
        assert!(item(&s, &view, -1.0, &mut Scratch::default()).is_none());
        // Samples all at one place: a dot of the half-width.
        let mut dot = Stroke::new(vec![P::new(5.0, 5.0, 0.0), P::new(5.0, 5.0, 1.0)]);
        dot.style.width = 2.0;
        dot.style.thinning = 0.5;
        let it = item(&dot, &view, 1e9, &mut Scratch::default()).expect("a dot");
        let b = vello::kurbo::Shape::bounding_box(&it.path);
        assert!(
            (b.x0 - 4.0).abs() < 1e-6 && (b.x1 - 6.0).abs() < 1e-6,
            "{b:?}"
        );
    }

    #[test]
    fn a_filled_shape_keeps_its_subpaths_and_rule() {
        let mut s = Stroke::new(
            [
                (0.0, 0.0),
                (4.0, 0.0),
                (4.0, 4.0),
                (10.0, 0.0),
                (14.0, 0.0),
                (14.0, 4.0),
            ]
            .iter()
            .map(|&(x, y)| P::new(x, y, 0.0))
            .collect::<Vec<_>>(),
        );
        s.shape = Some(Box::new(crate::model::Shape {
            subpaths: vec![
                crate::model::SubPath {
                    start: 0,
                    closed: true,
                },
                crate::model::SubPath {
                    start: 3,
                    closed: true,
                },
            ],
            fill: Some(FillRule::EvenOdd),
            ..Default::default()
        }));
        let it = item(&s, &View::default(), 0.0, &mut Scratch::default()).expect("an item");
        assert!(matches!(it.paint, Paint::Fill(Fill::EvenOdd)));
        let moves = it
            .path
            .elements()
            .iter()
            .filter(|e| matches!(e, vello::kurbo::PathEl::MoveTo(_)))
            .count();
        assert_eq!(moves, 2);
    }
}
