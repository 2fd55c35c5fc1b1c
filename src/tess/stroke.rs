//! Lines: a pen stroke (or an unfilled shape's sub-paths) through lyon's stroke tessellator, with
//! pressure as lyon's variable line width and the time along the stroke as a second attribute.

use lyon::math::point;
use lyon::path::builder::Build;
use lyon::path::traits::PathBuilder;
use lyon::tessellation::{
    BuffersBuilder, LineCap as LyonCap, LineJoin as LyonJoin, StrokeOptions, StrokeTessellator,
    StrokeVertexConstructor, TessellationError, VertexBuffers,
};

use super::options::TessOptions;
use super::path_point::PathPoint;
use super::vertex::{StrokeVertex, FILL_FRINGE};
use crate::model::{LineCap, LineJoin, Point, Stroke, StrokeStyle, SubPath};

/// The smallest width factor given to lyon: its joins divide by the width (a zero width makes NaN
/// vertices), and a thousandth of the width is as invisible.
const MIN_WIDTH_FACTOR: f32 = 1e-3;

/// The sub-paths of a pen stroke (no [`Shape`](crate::model::Shape)): one open path through every point.
const PEN_STROKE: &[SubPath] = &[SubPath {
    start: 0,
    closed: false,
}];

/// Makes [`StrokeVertex`]es of lyon's stroke vertices: centre, normal, half-width (0 on a fill's
/// fringe) and time (lyon's interpolated attribute 1).
pub(super) struct Ctor {
    /// The stroke number, with [`FILL_FRINGE`] for a fill's outline.
    pub(super) stroke: u32,
}

impl StrokeVertexConstructor<StrokeVertex> for Ctor {
    fn new_vertex(&mut self, mut v: lyon::tessellation::StrokeVertex) -> StrokeVertex {
        let c = v.position_on_path();
        let n = v.normal();
        let hw = if self.stroke & FILL_FRINGE != 0 {
            0.0
        } else {
            v.line_width() * 0.5
        };
        let t = v.interpolated_attributes().get(1).copied().unwrap_or(0.0);
        StrokeVertex {
            center: [c.x, c.y],
            normal: [n.x, n.y],
            half_width: hw,
            t_ms: t,
            stroke: self.stroke,
        }
    }
}

/// A line along the stroke's points (or each of its sub-paths), pressure as width, into
/// `scratch` (`pts` holds one sub-path's points on the way).
pub(super) fn lines(
    lyon: &mut StrokeTessellator,
    pts: &mut Vec<PathPoint>,
    scratch: &mut VertexBuffers<StrokeVertex, u32>,
    index: u32,
    stroke: &Stroke,
    opts: &TessOptions,
) -> Result<(), TessellationError> {
    let style = &stroke.style;
    let max_w = opts.max_line_width();
    let mut width = style.width;
    if width <= 0.0 {
        return Ok(());
    }
    if width * style.width_factor(1.0) > max_w {
        log::warn!("stroke {index}: width {width} capped to {max_w} drawing units");
        width = max_w / style.width_factor(1.0).max(1e-3);
    }
    let tolerance = opts.tolerance.max(1e-4);
    let options = StrokeOptions::default()
        .with_tolerance(tolerance)
        .with_line_width(width)
        .with_variable_line_width(0)
        .with_line_cap(match style.cap {
            LineCap::Butt => LyonCap::Butt,
            LineCap::Round => LyonCap::Round,
            LineCap::Square => LyonCap::Square,
        })
        .with_line_join(match style.join {
            LineJoin::Miter => LyonJoin::Miter,
            LineJoin::MiterClip => LyonJoin::MiterClip,
            LineJoin::Round => LyonJoin::Round,
            LineJoin::Bevel => LyonJoin::Bevel,
        })
        // SVG's miter limit bounds the normal's length (miter length / width); lyon compares
        // it with half of that, so it gets half the limit (at least its minimum, 1).
        .with_miter_limit((style.miter_limit * 0.5).max(1.0));
    let t0 = stroke.start_ms();
    // A join's vertices carry lyon's miter/inner-join normals, which are not perpendicular to
    // the segments; interpolated along a long segment they would skew the analytic AA
    // distance (thin lines came out grey). Extra points one width from each end of a long
    // segment keep that confined to the join itself.
    let merge = PathPoint::lyon_merge_distance(tolerance, width);
    let straight = width * style.width_factor(1.0);
    let subpaths = stroke
        .shape
        .as_deref()
        .map_or(PEN_STROKE, |s| s.subpaths.as_slice());
    // Round joins that turn too little to differ from a miter by more than the tolerance (all
    // of them on most handwriting) are drawn as miters: two vertices a point instead of three.
    let half_width = 0.5 * width * style.width_factor(1.0);
    let smooth = style.join == LineJoin::Round
        && SubPath::ranges(subpaths, stroke.points.len()).all(|(range, closed)| {
            clean(pts, stroke.points.range(range), closed, style, t0, merge);
            PathPoint::joins_within(pts, closed, half_width, tolerance)
        });
    let options = if smooth {
        options.with_line_join(LyonJoin::Miter)
    } else {
        options
    };
    let mut out = BuffersBuilder::new(scratch, Ctor { stroke: index });
    let mut b = lyon.builder_with_attributes(2, &options, &mut out);
    for (range, closed) in SubPath::ranges(subpaths, stroke.points.len()) {
        clean(pts, stroke.points.range(range), closed, style, t0, merge);
        PathPoint::limit_width_slope(pts, width * 0.5, closed);
        let Some(&first) = pts.first() else { continue };
        b.begin(point(first.x, first.y), &first.attrs);
        for k in 1..pts.len() {
            for q in PathPoint::straighten(pts[k - 1], pts[k], straight, merge) {
                b.line_to(point(q.x, q.y), &q.attrs);
            }
        }
        if closed && pts.len() > 2 {
            if let Some(&last) = pts.last() {
                let (a, c) = PathPoint::near_ends(last, first, straight, merge);
                for q in a.into_iter().chain(c) {
                    b.line_to(point(q.x, q.y), &q.attrs);
                }
            }
        }
        // lyon draws a lone point as a dot (its "empty cap") only for a closed sub-path.
        b.end(closed || pts.len() == 1);
    }
    b.build()
}

/// One sub-path's points as lyon gets them, into `pts`: width factor and time as attributes,
/// points within lyon's merge distance `merge` of the one before merged into it (and, `closed`,
/// last points that close on the first), so lyon keeps every point the width slope is limited on.
fn clean(
    pts: &mut Vec<PathPoint>,
    points: impl Iterator<Item = Point>,
    closed: bool,
    style: &StrokeStyle,
    t0: f64,
    merge: f32,
) {
    pts.clear();
    for p in points {
        let q = PathPoint {
            x: p.x,
            y: p.y,
            attrs: [
                style.width_factor(p.pressure).max(MIN_WIDTH_FACTOR),
                (p.t_ms - t0) as f32,
            ],
        };
        if pts.last().is_none_or(|l| !l.coincides(&q, merge)) {
            pts.push(q);
        }
    }
    if closed {
        while pts.len() > 1 && pts[0].coincides(&pts[pts.len() - 1], merge) {
            pts.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// lyon's merge threshold at tolerance 0.1 and width 2.5 (squared): it drops a point closer
    /// than this to the one before.
    const LYON_MERGE_SQ: f32 = 0.1 * 0.1 * 0.5;

    fn prepared(points: &[(f32, f32, f32)], closed: bool) -> Vec<PathPoint> {
        let style = StrokeStyle {
            width: 2.5,
            ..StrokeStyle::default()
        };
        let merge = PathPoint::lyon_merge_distance(0.1, 2.5);
        let mut pts = Vec::new();
        let points = points
            .iter()
            .enumerate()
            .map(|(i, &(x, y, p))| Point::new(x, y, i as f64 * 10.0).with_pressure(p));
        clean(&mut pts, points, closed, &style, 0.0, merge);
        PathPoint::limit_width_slope(&mut pts, 1.25, closed);
        pts
    }

    /// The input the `pointer_events` fuzz target found: the pen goes back 0.05 px and forward
    /// again, getting wider. lyon dropped the point 0.05 px back as too close, which joined two
    /// segments whose width changes added up to as much as their length, and its join came out
    /// NaN. Every point kept must be one lyon keeps, with the width slope limited between them.
    #[test]
    fn lyon_keeps_every_point_the_width_slope_is_limited_on() {
        let pts = prepared(
            &[
                (749.203_1, 749.585_94, 0.371_252),
                (749.148_44, 749.585_94, 0.415_686),
                (749.312_5, 749.585_94, 0.604_532),
                (752.921_9, 749.203_1, 0.538_857),
            ],
            false,
        );
        assert_eq!(pts.len(), 3, "{pts:?}");
        for w in pts.windows(2) {
            let d2 = (w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2);
            assert!(d2 >= LYON_MERGE_SQ, "{pts:?}");
            let slope = (w[1].attrs[0] - w[0].attrs[0]).abs() * 1.25 / d2.sqrt();
            assert!(slope <= 0.5 + 1e-4, "slope {slope}: {pts:?}");
        }
    }

    /// A closed path's last point within lyon's merge distance of its first is merged into it,
    /// so the closing segment lyon draws is the one whose width slope was limited.
    #[test]
    fn a_closed_path_drops_last_points_on_its_first() {
        let pts = prepared(
            &[
                (0.0, 0.0, 0.2),
                (10.0, 0.0, 0.5),
                (10.0, 10.0, 0.5),
                (0.03, 0.02, 1.0),
            ],
            true,
        );
        assert_eq!(pts.len(), 3, "{pts:?}");
        let open = prepared(
            &[(0.0, 0.0, 0.2), (10.0, 0.0, 0.5), (0.03, 0.02, 1.0)],
            false,
        );
        assert_eq!(open.len(), 3, "an open path keeps its end: {open:?}");
    }
}
