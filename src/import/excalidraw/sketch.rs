//! rough.js op sets as inkplay strokes: each set becomes one stroke whose sub-paths are the
//! set's moves (both passes of a double-stroked line in one stroke, so a translucent outline does
//! not darken where its passes cross, as on Excalidraw's canvas), cubics flattened within
//! [`FLATTEN_TOLERANCE`], dashes cut (canvas `setLineDash`: the pattern restarts on each
//! sub-path), then placed in the scene by the element's transform.

use lyon::geom::{point, CubicBezierSegment};
use usvg::tiny_skia_path::{self, PathBuilder, PathSegment};

use super::element::Element;
use crate::import::rough::{Op, OpSet, SetKind};
use crate::import::shapes;
use crate::import::timing::PenClock;
use crate::model::{BBox, FillRule, Point, Shape, Stroke, StrokeStyle, SubPath};

/// Largest distance between a flattened cubic and the curve, in scene units.
pub(crate) const FLATTEN_TOLERANCE: f32 = 0.1;

/// The longest a set of fill lines takes to draw in a replay, in ms (hachure drawn at pen speed
/// would take tens of seconds on a large shape).
pub(crate) const FILL_SKETCH_MS: f64 = 900.0;

/// Where an element's local coordinates go: `scene = centre + R(angle)·(origin + p − centre)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    pub origin: (f32, f32),
    pub centre: (f32, f32),
    pub angle: f32,
}

impl Placement {
    /// The element's `x`, `y` and `angle` (checked), rotating about its origin until
    /// [`about`](Self::about) says otherwise.
    pub(crate) fn of(el: &Element) -> Result<Self, String> {
        let origin = (shapes::usable(el.x, "x")?, shapes::usable(el.y, "y")?);
        let angle = el.angle.unwrap_or(0.0);
        if !angle.is_finite() {
            return Err(format!("angle {angle} is not a number"));
        }
        Ok(Self {
            origin,
            centre: origin,
            angle: angle as f32,
        })
    }

    /// The same, rotating about the centre of `local` (a box in the element's coordinates; the
    /// origin when there is none).
    pub(crate) fn about(self, local: Option<BBox>) -> Self {
        let centre = local.map_or(self.origin, |b| {
            (
                self.origin.0 + 0.5 * (b.min_x + b.max_x),
                self.origin.1 + 0.5 * (b.min_y + b.max_y),
            )
        });
        Self { centre, ..self }
    }

    /// Where a local point goes in the scene.
    pub(crate) fn apply(&self, (x, y): (f32, f32)) -> (f32, f32) {
        shapes::rotate(
            (self.origin.0 + x, self.origin.1 + y),
            self.centre,
            self.angle,
        )
    }
}

/// How a set is painted.
#[derive(Debug, Clone)]
pub(crate) struct Paint {
    /// The outline's style (its colour and width); fills use `fill` and the fill weight.
    pub outline: StrokeStyle,
    /// The fill colour's style for fill sets (width = fill weight).
    pub fill: StrokeStyle,
    /// The outline's dash pattern (on, off), if any.
    pub dash: Option<[f32; 2]>,
    /// The rule a solid fill fills by.
    pub rule: FillRule,
}

/// The most points one set flattens to: 16 an op, at least 4,096. A set past it is flattened
/// coarser (and a dashed one drawn solid), so a small file cannot ask for millions of points.
fn point_budget(ops: &[Op]) -> usize {
    (16 * ops.len()).max(4096)
}

/// The ops as sub-paths of local points, dashed when asked, within the point budget.
fn subpaths(ops: &[Op], dash: Option<[f32; 2]>) -> Vec<Vec<(f32, f32)>> {
    let budget = point_budget(ops);
    let count = |p: &[Vec<(f32, f32)>]| p.iter().map(Vec::len).sum::<usize>();
    let mut out = flattened(ops, dash, FLATTEN_TOLERANCE);
    if dash.is_some() && count(&out) > budget {
        log::warn!("a dashed outline of {} points is drawn solid", count(&out));
        out = flattened(ops, None, FLATTEN_TOLERANCE);
    }
    let n = count(&out);
    if n > budget {
        // Flattened points grow as 1/√tolerance.
        let k = n as f32 / budget as f32;
        out = flattened(ops, None, FLATTEN_TOLERANCE * k * k);
    }
    out
}

fn flattened(ops: &[Op], dash: Option<[f32; 2]>, tolerance: f32) -> Vec<Vec<(f32, f32)>> {
    let mut b = PathBuilder::new();
    for op in ops {
        match *op {
            Op::Move([x, y]) => b.move_to(x as f32, y as f32),
            Op::LineTo([x, y]) => b.line_to(x as f32, y as f32),
            Op::BCurveTo([a, c, d, e, x, y]) => {
                b.cubic_to(a as f32, c as f32, d as f32, e as f32, x as f32, y as f32)
            }
        }
    }
    let Some(mut path) = b.finish() else {
        return Vec::new();
    };
    if let Some([on, off]) = dash {
        match tiny_skia_path::StrokeDash::new(vec![on, off], 0.0).and_then(|d| path.dash(&d, 1.0)) {
            Some(p) => path = p,
            None => return Vec::new(),
        }
    }
    let mut out: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut last = (0.0, 0.0);
    for seg in path.segments() {
        match seg {
            PathSegment::MoveTo(p) => {
                out.push(vec![(p.x, p.y)]);
                last = (p.x, p.y);
            }
            PathSegment::LineTo(p) => {
                push(&mut out, last, (p.x, p.y));
                last = (p.x, p.y);
            }
            PathSegment::QuadTo(c, p) => {
                let q = lyon::geom::QuadraticBezierSegment {
                    from: point(last.0, last.1),
                    ctrl: point(c.x, c.y),
                    to: point(p.x, p.y),
                };
                q.for_each_flattened(tolerance, &mut |l| push(&mut out, last, (l.to.x, l.to.y)));
                last = (p.x, p.y);
            }
            PathSegment::CubicTo(c1, c2, p) => {
                let c = CubicBezierSegment {
                    from: point(last.0, last.1),
                    ctrl1: point(c1.x, c1.y),
                    ctrl2: point(c2.x, c2.y),
                    to: point(p.x, p.y),
                };
                c.for_each_flattened(tolerance, &mut |l| push(&mut out, last, (l.to.x, l.to.y)));
                last = (p.x, p.y);
            }
            PathSegment::Close => {
                if let Some(&first) = out.last().and_then(|s| s.first()) {
                    push(&mut out, last, first);
                    last = first;
                }
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn push(out: &mut Vec<Vec<(f32, f32)>>, from: (f32, f32), p: (f32, f32)) {
    if out.is_empty() {
        out.push(vec![from]);
    }
    if let Some(s) = out.last_mut() {
        s.push(p);
    }
}

/// The strokes of an element's op sets. Excalidraw paints an element's fill before its outline;
/// a replay draws the outline first and the fill after it (see [`fill_after_outline`]), except
/// when the outline is translucent, when the sets keep their order.
pub(crate) fn strokes(
    sets: &[OpSet],
    paint: &Paint,
    at: Placement,
    clock: &mut PenClock,
) -> Vec<Stroke> {
    let is_fill = |s: &&OpSet| s.kind != SetKind::Path;
    if paint.outline.color.a < 255 || !sets.iter().any(|s| is_fill(&s)) {
        return in_order(sets.iter(), paint, at, clock, false);
    }
    let outline = in_order(sets.iter().filter(|s| !is_fill(s)), paint, at, clock, false);
    let joined = !outline.is_empty();
    let fill = in_order(sets.iter().filter(is_fill), paint, at, clock, joined);
    fill_after_outline(outline, fill)
}

/// The strokes of `sets` in their order, timed by `clock`; `joined`: a solid fill appears the
/// moment the stroke before it ends (its outline closing) rather than after a pause.
pub(crate) fn in_order<'a>(
    sets: impl Iterator<Item = &'a OpSet>,
    paint: &Paint,
    at: Placement,
    clock: &mut PenClock,
    joined: bool,
) -> Vec<Stroke> {
    sets.filter_map(|s| set_stroke(s, paint, at, clock, joined))
        .collect()
}

/// An element's strokes for a replay that draws its opaque `outline` first and then its `fill`
/// (both already timed in that order), with the fill ending under the outline as Excalidraw
/// paints it: the outline is drawn once more, all at once, the moment the fill is done. The
/// outline is opaque, so drawing it again over itself changes only its antialiased edge, a little
/// darker where its coverage is partial.
pub(crate) fn fill_after_outline(mut outline: Vec<Stroke>, fill: Vec<Stroke>) -> Vec<Stroke> {
    let Some(done) = fill.last().and_then(|s| s.points.last()).map(|p| p.t_ms) else {
        return outline;
    };
    let again: Vec<Stroke> = outline
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.points.update(|p| p.t_ms = done);
            s
        })
        .collect();
    outline.extend(fill);
    outline.extend(again);
    outline
}

/// One op set as a stroke, timed by `clock` (`None` when it has no points), `joined` as in
/// [`in_order`].
fn set_stroke(
    set: &OpSet,
    paint: &Paint,
    at: Placement,
    clock: &mut PenClock,
    joined: bool,
) -> Option<Stroke> {
    let (style, dash) = match set.kind {
        SetKind::Path => (paint.outline, paint.dash),
        SetKind::FillPath | SetKind::FillSketch => (paint.fill, None),
    };
    let paths = subpaths(&set.ops, dash);
    let mut starts = Vec::with_capacity(paths.len());
    let mut local = Vec::new();
    for p in &paths {
        starts.push(SubPath {
            start: local.len() as u32,
            closed: false,
        });
        local.extend(p.iter().map(|&q| at.apply(q)));
    }
    if local.is_empty() {
        return None;
    }
    let pressured: Vec<(f32, f32, f32)> = local
        .iter()
        .map(|&(x, y)| (x, y, Point::DEFAULT_PRESSURE))
        .collect();
    let (points, fill) = match set.kind {
        SetKind::FillPath => {
            let t = if joined {
                clock.joined()
            } else {
                clock.instant()
            };
            let pts: Vec<_> = local.iter().map(|&(x, y)| Point::new(x, y, t)).collect();
            (pts, Some(paint.rule))
        }
        SetKind::FillSketch => (clock.stroke_within(&pressured, FILL_SKETCH_MS), None),
        SetKind::Path => (clock.stroke(pressured), None),
    };
    let shape = Some(Box::new(Shape {
        subpaths: starts,
        fill,
        glyph: None,
        image: None,
    }));
    Some(Stroke {
        points: points.into(),
        style,
        shape,
    })
}
