//! Excalidraw's arrowheads (`getArrowheadPoints`, `getArrowheadShapes`): each head points along
//! the rough curve's end (the tip, and the curve at 70 % of its last cubic as the reference),
//! at most half the last segment long (a quarter for diamonds), drawn with rough.js like the
//! arrow (rougness at most 1; circles at most 0.5).

use crate::import::rough::{self, Op, OpSet, Options, SetKind};

/// A head's drawables with the colour their fill takes.
pub(super) struct HeadSets {
    pub sets: Vec<OpSet>,
    /// Whether a fill is the background colour (the `_outline` kinds) rather than the stroke's.
    pub background_fill: bool,
}

fn size(kind: &str) -> f64 {
    match kind {
        "arrow" => 25.0,
        "diamond" | "diamond_outline" => 12.0,
        "cardinality_many" | "cardinality_one_or_many" | "cardinality_zero_or_many" => 15.0,
        "cardinality_one" | "cardinality_exactly_one" | "cardinality_zero_or_one" => 20.0,
        _ => 15.0,
    }
}

fn angle(kind: &str) -> f64 {
    match kind {
        "bar" => 90f64.to_radians(),
        "arrow" => 20f64.to_radians(),
        _ => 25f64.to_radians(),
    }
}

/// Legacy names as Excalidraw restores them.
pub(super) fn normalize(kind: &str) -> &str {
    match kind {
        "dot" => "circle",
        "crowfoot_one" => "cardinality_one",
        "crowfoot_many" => "cardinality_many",
        "crowfoot_one_or_many" => "cardinality_one_or_many",
        k => k,
    }
}

type P = [f64; 2];

fn rot(p: P, c: P, a: f64) -> P {
    let (s, k) = a.sin_cos();
    let (dx, dy) = (p[0] - c[0], p[1] - c[1]);
    [c[0] + dx * k - dy * s, c[1] + dx * s + dy * k]
}

/// The points a head of `kind` is made of (`getArrowheadPoints`): `[tip, …]`, or `[centre,
/// (diameter, 0)]` for circles.
fn head_points(
    outline: &[Op],
    points: &[P],
    start: bool,
    kind: &str,
    offset_mult: f64,
    sw: f64,
) -> Option<Vec<P>> {
    let idx = if start {
        1
    } else {
        outline.len().checked_sub(1)?
    };
    let Some(Op::BCurveTo([c1x, c1y, c2x, c2y, ex, ey])) = outline.get(idx).copied() else {
        return None;
    };
    let p0 = match outline.get(idx.checked_sub(1)?) {
        Some(Op::Move(p)) | Some(Op::LineTo(p)) => *p,
        Some(Op::BCurveTo(d)) => [d[4], d[5]],
        None => [0.0, 0.0],
    };
    let (p1, p2, p3) = ([c1x, c1y], [c2x, c2y], [ex, ey]);
    let b = |i: usize| 0.027 * p0[i] + 0.189 * p1[i] + 0.441 * p2[i] + 0.343 * p3[i];
    let reference = [b(0), b(1)];
    let tip = if start { p0 } else { p3 };
    let (dx, dy) = (tip[0] - reference[0], tip[1] - reference[1]);
    let len = dx.hypot(dy);
    let n = if len > 0.0 {
        [dx / len, dy / len]
    } else {
        [0.0, 0.0]
    };
    let n_pts = points.len();
    let zero = [0.0, 0.0];
    let seg = if start {
        let (a, b) = (
            points.first().copied().unwrap_or(zero),
            points.get(1).copied().unwrap_or(zero),
        );
        (a[0] - b[0]).hypot(a[1] - b[1])
    } else {
        let a = points.last().copied().unwrap_or(zero);
        let b = if n_pts >= 2 { points[n_pts - 2] } else { zero };
        (a[0] - b[0]).hypot(a[1] - b[1])
    };
    let mult = if kind.starts_with("diamond") {
        0.25
    } else {
        0.5
    };
    let min = size(kind).min(seg * mult);
    let t = [
        tip[0] - n[0] * min * offset_mult,
        tip[1] - n[1] * min * offset_mult,
    ];
    let s = [t[0] - n[0] * min, t[1] - n[1] * min];
    if kind.starts_with("circle") {
        let d = (s[0] - t[0]).hypot(s[1] - t[1]) + sw - 2.0;
        return Some(vec![t, [d, 0.0]]);
    }
    let a = angle(kind);
    if matches!(kind, "cardinality_many" | "cardinality_one_or_many") {
        return Some(vec![s, rot(t, s, -a), rot(t, s, a)]);
    }
    let (q3, q4) = (rot(s, t, -a), rot(s, t, a));
    if kind.starts_with("diamond") {
        let far = if start {
            let p = if n_pts > 1 { points[1] } else { zero };
            rot(
                [t[0] + 2.0 * min, t[1]],
                t,
                (p[1] - t[1]).atan2(p[0] - t[0]),
            )
        } else {
            let p = if n_pts > 1 { points[n_pts - 2] } else { zero };
            rot(
                [t[0] - 2.0 * min, t[1]],
                t,
                (t[1] - p[1]).atan2(t[0] - p[0]),
            )
        };
        return Some(vec![t, q3, far, q4]);
    }
    Some(vec![t, q3, q4])
}

fn line_opts(o: &Options) -> Options {
    Options {
        roughness: o.roughness.min(1.0),
        ..o.clone()
    }
}

fn to_tip(p: &[P], o: &Options) -> Vec<OpSet> {
    let lo = line_opts(o);
    let mut sets = rough::line(p[1], p[0], &lo);
    sets.extend(rough::line(p[2], p[0], &lo));
    sets
}

fn card_one(p: &[P], o: &Options) -> Vec<OpSet> {
    rough::line(p[1], p[2], &line_opts(o))
}

/// A circle head (`[centre, (diameter, 0)]`).
fn circle(p: &[P], o: &Options) -> Vec<OpSet> {
    scaled_circle(p, o, 1.0)
}

/// The smaller circle of the `cardinality_zero_*` heads.
fn small_circle(p: &[P], o: &Options) -> Vec<OpSet> {
    scaled_circle(p, o, 0.8)
}

fn scaled_circle(p: &[P], o: &Options, scale: f64) -> Vec<OpSet> {
    let co = Options {
        fill: true,
        fill_style: rough::FillStyle::Solid,
        roughness: o.roughness.min(0.5),
        ..o.clone()
    };
    rough::ellipse(p[0][0], p[0][1], p[1][0] * scale, p[1][0] * scale, &co)
}

fn polygon(p: &[P], o: &Options) -> Vec<OpSet> {
    let po = Options {
        fill: true,
        fill_style: rough::FillStyle::Solid,
        roughness: o.roughness.min(1.0),
        ..o.clone()
    };
    let mut closed = p.to_vec();
    closed.push(p[0]);
    rough::polygon(&closed, &po)
}

/// The drawables of the head `kind` at one end of an arrow whose curve (`shape[0]`'s outline)
/// is `outline`; `points` are the arrow's own points and `o` its rough options (no fill).
pub(super) fn sets(
    kind: &str,
    outline: &[Op],
    points: &[P],
    start: bool,
    o: &Options,
    sw: f64,
) -> HeadSets {
    let kind = normalize(kind);
    let pts = |k: &str, off: f64| head_points(outline, points, start, k, off, sw);
    let background_fill = kind.ends_with("_outline") || kind.starts_with("cardinality_zero");
    // Each head is one or more drawings: (the kind whose points it takes, their offset along
    // the line in head sizes, how they are drawn).
    type Draw = fn(&[P], &Options) -> Vec<OpSet>;
    let steps: Vec<(&str, f64, Draw)> = match kind {
        "circle" | "circle_outline" => vec![(kind, 0.0, circle)],
        "triangle" | "triangle_outline" | "diamond" | "diamond_outline" => {
            vec![(kind, 0.0, polygon)]
        }
        "cardinality_one" => vec![(kind, 0.0, card_one)],
        "cardinality_one_or_many" => vec![
            ("cardinality_many", 0.0, to_tip),
            ("cardinality_one", -0.25, card_one),
        ],
        "cardinality_exactly_one" => vec![
            ("cardinality_one", -0.5, card_one),
            ("cardinality_one", 0.0, card_one),
        ],
        "cardinality_zero_or_one" => vec![
            ("circle_outline", 1.5, small_circle),
            ("cardinality_one", -0.5, card_one),
        ],
        "cardinality_zero_or_many" => vec![
            ("cardinality_many", 0.0, to_tip),
            ("circle_outline", 1.5, small_circle),
        ],
        // arrow, bar, cardinality_many and unknown kinds: lines to the tip.
        _ => vec![(kind, 0.0, to_tip)],
    };
    let sets = steps
        .into_iter()
        .filter_map(|(k, offset, draw)| pts(k, offset).map(|p| draw(&p, o)))
        .flatten()
        .collect();
    HeadSets {
        sets,
        background_fill,
    }
}

/// The outline ops of a drawable (its first `path` set), where heads take their direction.
pub(super) fn outline_ops(sets: &[OpSet]) -> &[Op] {
    sets.iter()
        .find(|s| s.kind == SetKind::Path)
        .or_else(|| sets.first())
        .map_or(&[], |s| s.ops.as_slice())
}
