//! Shapes, lines and arrows drawn as Excalidraw draws them: rough.js with the element's options
//! (`options.rs`), the outline and then its fill (ending under it, `sketch.rs`), heads after the
//! line, each set placed by the element's rotation about its box's centre.

use super::arrowhead;
use super::element::Element;
use super::options::{self, dash, loop_fill, shape_fill};
use super::sketch::{self, Paint, Placement};
use crate::import::rough::{self, Op, OpSet, Options, Seg};
use crate::import::shapes;
use crate::import::timing::PenClock;
use crate::model::{BBox, Color, FillRule, Stroke};

type P = [f64; 2];

/// Excalidraw's corner radius for a side of length `x` (`getCornerRadius`).
pub(super) fn corner_radius(el: &Element, x: f64) -> f64 {
    let r = el.roundness.as_ref();
    let kind = r
        .and_then(|r| r.get("type"))
        .and_then(serde_json::Value::as_u64);
    let legacy = el.stroke_sharpness.as_deref() == Some("round");
    match kind {
        Some(3) => {
            let fixed = r
                .and_then(|r| r.get("value"))
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(32.0);
            if x <= fixed / 0.25 {
                x * 0.25
            } else {
                fixed
            }
        }
        Some(_) => x * 0.25,
        None if legacy => x * 0.25,
        None => 0.0,
    }
}

pub(super) fn rounded(el: &Element) -> bool {
    el.roundness.as_ref().is_some_and(|r| !r.is_null())
        || el.stroke_sharpness.as_deref() == Some("round")
}

fn rounded_rect(w: f64, h: f64, r: f64) -> Vec<Seg> {
    vec![
        Seg::Move([r, 0.0]),
        Seg::Line([w - r, 0.0]),
        Seg::Quad([w, 0.0], [w, r]),
        Seg::Line([w, h - r]),
        Seg::Quad([w, h], [w - r, h]),
        Seg::Line([r, h]),
        Seg::Quad([0.0, h], [0.0, h - r]),
        Seg::Line([0.0, r]),
        Seg::Quad([0.0, 0.0], [r, 0.0]),
    ]
}

/// `getDiamondPoints`: top, right, bottom, left (with Excalidraw's `+ 1`).
fn diamond_points(w: f64, h: f64) -> [P; 4] {
    let (tx, ry) = ((w / 2.0).floor() + 1.0, (h / 2.0).floor() + 1.0);
    [[tx, 0.0], [w, ry], [tx, h], [0.0, ry]]
}

fn rounded_diamond(el: &Element, p: [P; 4]) -> Vec<Seg> {
    let [t, r, b, l] = p;
    let vr = corner_radius(el, (t[0] - l[0]).abs());
    let hr = corner_radius(el, (r[1] - t[1]).abs());
    vec![
        Seg::Move([t[0] + vr, t[1] + hr]),
        Seg::Line([r[0] - vr, r[1] - hr]),
        Seg::Cubic(r, r, [r[0] - vr, r[1] + hr]),
        Seg::Line([b[0] + vr, b[1] - hr]),
        Seg::Cubic(b, b, [b[0] - vr, b[1] - hr]),
        Seg::Line([l[0] + vr, l[1] + hr]),
        Seg::Cubic(l, l, [l[0] + vr, l[1] - hr]),
        Seg::Line([t[0] - vr, t[1] + hr]),
        Seg::Cubic(t, t, [t[0] + vr, t[1] + hr]),
    ]
}

/// What one element draws: its rough sets, the options they were made with, how solid fills
/// fill, and its fill colour.
pub(super) struct Drawable {
    pub(super) sets: Vec<OpSet>,
    options: Options,
    rule: FillRule,
    fill: Option<Color>,
}

/// A rectangle, diamond or ellipse `w`×`h` in local coordinates.
pub(super) fn closed_shape(el: &Element, w: f64, h: f64) -> Drawable {
    let fill = shape_fill(el);
    let round = rounded(el) && el.kind != "ellipse";
    let o = options::rough(el, round, fill.is_some());
    let (sets, rule) = match el.kind.as_str() {
        "ellipse" => (
            rough::ellipse(w / 2.0, h / 2.0, w, h, &o),
            FillRule::NonZero,
        ),
        "diamond" if round => (
            rough::path(&rounded_diamond(el, diamond_points(w, h)), &o),
            FillRule::EvenOdd,
        ),
        "diamond" => (rough::polygon(&diamond_points(w, h), &o), FillRule::EvenOdd),
        _ if round => {
            let r = corner_radius(el, w.min(h));
            (rough::path(&rounded_rect(w, h, r), &o), FillRule::EvenOdd)
        }
        _ => (rough::rectangle(0.0, 0.0, w, h, &o), FillRule::NonZero),
    };
    Drawable {
        sets,
        options: o,
        rule,
        fill,
    }
}

/// Excalidraw's corner radius for elbow arrows (`generateElbowArrowShape`).
const ELBOW_RADIUS: f64 = 16.0;

/// Whether a point's heading from `from` is horizontal (`vectorToHeading`: right when
/// `x > |y|`, left when `x <= -|y|`; a zero vector is left).
fn horizontal(to: P, from: P) -> bool {
    let (x, y) = (to[0] - from[0], to[1] - from[1]);
    x > y.abs() || x <= -y.abs()
}

/// An elbow arrow's route as Excalidraw draws it (`generateElbowArrowShape`): the stored points,
/// each inner corner rounded by a quadratic through the vertex, its ends at most 16 units (and
/// half of either leg) from it.
fn elbow_path(points: &[P]) -> Vec<Seg> {
    let mut out = vec![Seg::Move(points[0])];
    for w in points.windows(3) {
        let (prev, pt, next) = (w[0], w[1], w[2]);
        let dist = |a: P, b: P| (a[0] - b[0]).hypot(a[1] - b[1]);
        let corner = ELBOW_RADIUS
            .min(dist(pt, next) / 2.0)
            .min(dist(pt, prev) / 2.0);
        let toward = |other: P, along_x: bool| {
            if along_x {
                let dx = if other[0] < pt[0] { -corner } else { corner };
                [pt[0] + dx, pt[1]]
            } else {
                let dy = if other[1] < pt[1] { -corner } else { corner };
                [pt[0], pt[1] + dy]
            }
        };
        let a = toward(prev, horizontal(pt, prev));
        let b = toward(next, horizontal(next, pt));
        out.push(Seg::Line(a));
        out.push(Seg::Quad(pt, b));
    }
    if let Some(&last) = points.last().filter(|_| points.len() > 1) {
        out.push(Seg::Line(last));
    }
    out
}

fn linear(el: &Element, points: &[P]) -> Drawable {
    if el.kind == "arrow" && el.elbowed && points.len() > 1 {
        let o = options::rough(el, true, false);
        // Excalidraw draws nothing of an elbow arrow with a coordinate past ±1e6.
        let sane = points.iter().flatten().all(|v| v.abs() <= 1e6);
        let sets = if sane {
            rough::path(&elbow_path(points), &o)
        } else {
            Vec::new()
        };
        return Drawable {
            sets,
            options: o,
            rule: FillRule::EvenOdd,
            fill: None,
        };
    }
    let fill = if el.kind == "line" {
        loop_fill(el, points)
    } else {
        None
    };
    let mut o = options::rough(el, false, fill.is_some());
    // The points, not the stored box, say how large a closed line's fill is.
    options::bounded_gap(&mut o, options::extent(points));
    let pts: Vec<P> = if points.is_empty() {
        vec![[0.0, 0.0]]
    } else {
        points.to_vec()
    };
    let (sets, rule) = if rounded(el) {
        (rough::curve(&pts, &o), FillRule::EvenOdd)
    } else if fill.is_some() {
        (rough::polygon(&pts, &o), FillRule::EvenOdd)
    } else {
        (rough::linear_path(&pts, &o), FillRule::EvenOdd)
    };
    Drawable {
        sets,
        options: o,
        rule,
        fill,
    }
}

/// The bounds of a drawable's outline ops (Excalidraw rotates a line about their centre).
fn ops_bounds(ops: &[Op]) -> Option<BBox> {
    let mut pts = Vec::new();
    let mut last = [0.0, 0.0];
    for op in ops {
        match *op {
            Op::Move(p) | Op::LineTo(p) => {
                pts.push(p);
                last = p;
            }
            Op::BCurveTo([a, b, c, d, x, y]) => {
                let seg = lyon::geom::CubicBezierSegment {
                    from: lyon::geom::point(last[0], last[1]),
                    ctrl1: lyon::geom::point(a, b),
                    ctrl2: lyon::geom::point(c, d),
                    to: lyon::geom::point(x, y),
                };
                let bb = seg.bounding_box();
                pts.extend([[bb.min.x, bb.min.y], [bb.max.x, bb.max.y]]);
                last = [x, y];
            }
        }
    }
    BBox::from_points(pts.iter().map(|p| (p[0] as f32, p[1] as f32)))
}

/// The strokes of a rectangle, diamond, ellipse, line or arrow, in drawing order.
pub(super) fn element(
    el: &Element,
    stroke: Color,
    background: Color,
    clock: &mut PenClock,
) -> Result<Vec<Stroke>, String> {
    let at = Placement::of(el)?;
    let (w, h) = (
        shapes::usable(el.width, "width")?,
        shapes::usable(el.height, "height")?,
    );
    let linear_kind = matches!(el.kind.as_str(), "line" | "arrow");
    let points = if linear_kind {
        super::local_points(el)?
    } else {
        Vec::new()
    };
    let (d, local_box) = if linear_kind {
        let d = linear(el, &points);
        let b = ops_bounds(arrowhead::outline_ops(&d.sets));
        (d, b)
    } else {
        let b = BBox::from_points([(0.0, 0.0), (w, h)]);
        (closed_shape(el, f64::from(w), f64::from(h)), b)
    };
    let at = at.about(local_box);
    let width = d.options.stroke_width as f32;
    let opacity = (el.opacity / 100.0) as f32;
    let fill_color = d.fill.unwrap_or(Color::BLACK).with_opacity(opacity);
    let paint = Paint {
        outline: shapes::outline_style(stroke, width),
        fill: shapes::outline_style(fill_color, d.options.fill_weight() as f32),
        dash: dash(el),
        rule: d.rule,
    };
    let mut strokes = sketch::strokes(&d.sets, &paint, at, clock);
    if el.kind == "arrow" {
        let heads = HeadPaint {
            stroke,
            background,
            paint,
        };
        strokes.extend(head_strokes(el, &d, &points, &heads, at, clock));
    }
    Ok(strokes)
}

/// The colours an arrow's heads take, and the arrow's paint they start from.
struct HeadPaint {
    stroke: Color,
    background: Color,
    paint: Paint,
}

/// The strokes of an arrow's heads, start then end, drawn with the arrow's options (no fill).
fn head_strokes(
    el: &Element,
    d: &Drawable,
    points: &[P],
    heads: &HeadPaint,
    at: Placement,
    clock: &mut PenClock,
) -> Vec<Stroke> {
    // An absent `endArrowhead` is Excalidraw's default arrow; `null` is none.
    let end = el
        .end_arrowhead
        .as_ref()
        .map_or(Some("arrow"), |k| k.as_deref());
    let ends = [(true, el.start_arrowhead.as_deref()), (false, end)];
    let o = Options {
        fill: false,
        ..d.options.clone()
    };
    let width = heads.paint.outline.width;
    let head_dash = (el.stroke_style.as_deref() == Some("dotted"))
        .then_some([1.5, 4.0 + el.stroke_width as f32]);
    let mut strokes = Vec::new();
    for (start, kind) in ends {
        let Some(kind) = kind else { continue };
        let outline = arrowhead::outline_ops(&d.sets);
        let head = arrowhead::sets(kind, outline, points, start, &o, el.stroke_width);
        let fill = if head.background_fill {
            heads.background
        } else {
            heads.stroke
        };
        // A head's solid fill (a circle's two passes overlap) fills by the non-zero rule.
        let paint = Paint {
            fill: shapes::outline_style(fill, width),
            dash: head_dash,
            rule: FillRule::NonZero,
            ..heads.paint.clone()
        };
        strokes.extend(sketch::strokes(&head.sets, &paint, at, clock));
    }
    strokes
}
