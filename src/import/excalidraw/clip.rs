//! Strokes cut to a box, for two things Excalidraw clips on its canvas:
//! - the gap an arrow leaves for its label ([`Keep::Outside`]): Excalidraw draws a labelled arrow
//!   on a canvas of its own and clears the label's box there (`clearRect`, axis-aligned, the
//!   text's width and height about its centre) before putting it on the scene;
//! - a frame's children ([`Keep::Inside`]), clipped to the frame's rounded box (`frameClip`), and
//!   a rounded image to its corners.
//!
//! A [`Region`] is a convex polygon (a box, or a rounded box with its arcs as short edges).
//!
//! A line's sub-paths are cut where they cross the box's edge, the box grown (or shrunk) by half
//! the line's width so that a round cap ends at the edge as the cleared or clipped pixels do. A
//! fill is kept whole outside a gap, and cut to the box inside a frame (each sub-path clipped as
//! a polygon); a glyph cut that way is no longer its shared outline.

use crate::model::{BBox, Point, Shape, Stroke, SubPath};

/// Which side of the box is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    Inside,
    Outside,
}

/// A convex region: its edges, each a point on it and the normal pointing inside.
#[derive(Debug, Clone)]
pub(super) struct Region {
    edges: Vec<([f32; 2], [f32; 2])>,
    bounds: BBox,
}

impl Region {
    /// The region inside a convex polygon given by its corners in order (either way round).
    pub(super) fn convex(corners: &[[f32; 2]]) -> Option<Self> {
        let n = corners.len();
        if n < 3 {
            return None;
        }
        let area: f32 = (0..n)
            .map(|i| {
                let (a, b) = (corners[i], corners[(i + 1) % n]);
                a[0] * b[1] - b[0] * a[1]
            })
            .sum();
        let sign = if area >= 0.0 { 1.0 } else { -1.0 };
        let edges = (0..n)
            .filter_map(|i| {
                let (a, b) = (corners[i], corners[(i + 1) % n]);
                let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                let len = dx.hypot(dy);
                // y down: (-dy, dx) points inside a counter-clockwise (positive-area) polygon.
                (len > 0.0).then(|| (a, [-dy / len * sign, dx / len * sign]))
            })
            .collect();
        let bounds = BBox::from_points(corners.iter().map(|c| (c[0], c[1])))?;
        Some(Self { edges, bounds })
    }

    /// A box.
    pub(super) fn rect(b: BBox) -> Option<Self> {
        Self::rounded(b, 0.0, |p| p)
    }

    /// A box with corners rounded by `radius` (canvas `roundRect`: a radius past half a side
    /// shrinks to it), each point then placed by `place`.
    pub(super) fn rounded(
        b: BBox,
        radius: f32,
        place: impl Fn([f32; 2]) -> [f32; 2],
    ) -> Option<Self> {
        let (w, h) = (b.max_x - b.min_x, b.max_y - b.min_y);
        let r = radius.clamp(0.0, 0.5 * w.min(h));
        let corners: Vec<[f32; 2]> = if r <= 0.0 {
            vec![
                [b.min_x, b.min_y],
                [b.max_x, b.min_y],
                [b.max_x, b.max_y],
                [b.min_x, b.max_y],
            ]
        } else {
            crate::import::shapes::rectangle(w, h, r)
                .into_iter()
                .skip(1)
                .map(|(x, y)| [b.min_x + x, b.min_y + y])
                .collect()
        };
        let placed: Vec<[f32; 2]> = corners.into_iter().map(place).collect();
        Self::convex(&placed)
    }

    /// The region with every edge moved `d` inward (outward for a negative `d`).
    fn offset(&self, d: f32) -> Self {
        Self {
            edges: self
                .edges
                .iter()
                .map(|&(p, n)| ([p[0] + n[0] * d, p[1] + n[1] * d], n))
                .collect(),
            bounds: self.bounds.inflate(-d),
        }
    }

    /// How far `p` is inside edge `e` (negative: outside).
    fn inside(e: &([f32; 2], [f32; 2]), p: &Point) -> f32 {
        let (o, n) = e;
        n[0] * (p.x - o[0]) + n[1] * (p.y - o[1])
    }

    fn contains(&self, b: BBox) -> bool {
        [
            (b.min_x, b.min_y),
            (b.max_x, b.min_y),
            (b.max_x, b.max_y),
            (b.min_x, b.max_y),
        ]
        .iter()
        .all(|&(x, y)| {
            let p = Point::new(x, y, 0.0);
            self.edges.iter().all(|e| Self::inside(e, &p) >= 0.0)
        })
    }

    fn apart(&self, b: BBox) -> bool {
        let r = self.bounds;
        b.max_x <= r.min_x || b.min_x >= r.max_x || b.max_y <= r.min_y || b.min_y >= r.max_y
    }
}

/// `strokes` cut to the `keep` side of `region`; strokes left empty are dropped.
pub(super) fn cut(strokes: Vec<Stroke>, region: &Region, keep: Keep) -> Vec<Stroke> {
    strokes
        .into_iter()
        .filter_map(|s| {
            let b = s.bbox()?;
            match (keep, s.is_fill()) {
                (Keep::Inside, _) if region.contains(b) => Some(s),
                (Keep::Inside, _) if region.apart(b) => None,
                (Keep::Outside, true) => Some(s),
                (Keep::Outside, false) if region.apart(b.inflate(s.style.width)) => Some(s),
                (Keep::Inside, true) => clip_fill(&s, region),
                _ => {
                    let hw = s.style.width / 2.0;
                    let r = match keep {
                        Keep::Inside => region.offset(hw),
                        Keep::Outside => region.offset(-hw),
                    };
                    cut_line(&s, &r, keep)
                }
            }
        })
        .collect()
}

/// A stroke's sub-paths as point lists (a closed one repeats its first point at the end).
fn paths(s: &Stroke) -> Vec<Vec<Point>> {
    let pts: Vec<Point> = s.points.iter().collect();
    let subpaths = s.shape.as_ref().map_or_else(
        || {
            vec![SubPath {
                start: 0,
                closed: false,
            }]
        },
        |sh| sh.subpaths.clone(),
    );
    SubPath::ranges(&subpaths, pts.len())
        .map(|(range, closed)| {
            let mut path: Vec<Point> = pts[range].to_vec();
            if closed {
                if let Some(&first) = path.first() {
                    path.push(first);
                }
            }
            path
        })
        .collect()
}

/// A stroke made of `parts` as sub-paths (all open for a line, closed for a fill).
fn rebuilt(s: &Stroke, parts: Vec<Vec<Point>>, fill: bool) -> Option<Stroke> {
    let parts: Vec<Vec<Point>> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    let mut starts = Vec::with_capacity(parts.len());
    let mut all = Vec::new();
    for p in parts {
        starts.push(SubPath {
            start: u32::try_from(all.len()).ok()?,
            closed: fill,
        });
        all.extend(p);
    }
    Some(Stroke {
        points: all.into(),
        style: s.style,
        shape: Some(Box::new(Shape {
            subpaths: starts,
            fill: s.shape.as_ref().and_then(|sh| sh.fill),
            glyph: None,
            image: s.shape.as_ref().and_then(|sh| sh.image.clone()),
        })),
    })
}

/// One line's sub-paths on the `keep` side of `region`.
fn cut_line(s: &Stroke, region: &Region, keep: Keep) -> Option<Stroke> {
    let mut out = Vec::new();
    for path in paths(s) {
        pieces(&path, region, keep, &mut out);
    }
    rebuilt(s, out, false)
}

/// Append the pieces of polyline `path` on the `keep` side of `region` to `out`.
fn pieces(path: &[Point], region: &Region, keep: Keep, out: &mut Vec<Vec<Point>>) {
    let mut piece: Vec<Point> = Vec::new();
    if path.len() == 1 {
        let p = path[0];
        let inside = region.edges.iter().all(|e| Region::inside(e, &p) > 0.0);
        if inside == (keep == Keep::Inside) {
            out.push(vec![p]);
        }
        return;
    }
    for w in path.windows(2) {
        let (a, b) = (w[0], w[1]);
        let kept: Vec<(f32, f32)> = match (clip(a, b, region), keep) {
            (None, Keep::Inside) => vec![],
            (None, Keep::Outside) => vec![(0.0, 1.0)],
            (Some(t), Keep::Inside) => vec![t],
            (Some((t0, t1)), Keep::Outside) => [(0.0, t0), (t1, 1.0)]
                .into_iter()
                .filter(|(u, v)| v > u)
                .collect(),
        };
        let mut continues = true;
        for (u, v) in kept {
            if u > 0.0 || !continues || piece.is_empty() {
                if !piece.is_empty() {
                    out.push(std::mem::take(&mut piece));
                }
                piece.push(lerp(a, b, u));
            }
            piece.push(lerp(a, b, v));
            continues = v >= 1.0;
        }
        if (!continues || piece.last().is_some_and(|p| *p != b)) && !piece.is_empty() {
            out.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        out.push(piece);
    }
}

/// A fill's sub-paths clipped to `region` as polygons (Sutherland–Hodgman).
fn clip_fill(s: &Stroke, region: &Region) -> Option<Stroke> {
    let parts = paths(s)
        .into_iter()
        .map(|mut p| {
            if p.len() > 1 && p.first() == p.last() {
                p.pop();
            }
            polygon(p, region)
        })
        .filter(|p| p.len() >= 3)
        .collect();
    rebuilt(s, parts, true)
}

fn polygon(mut poly: Vec<Point>, region: &Region) -> Vec<Point> {
    for edge in &region.edges {
        let mut out = Vec::with_capacity(poly.len() + 4);
        for i in 0..poly.len() {
            let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
            let (da, db) = (Region::inside(edge, &a), Region::inside(edge, &b));
            if da >= 0.0 {
                out.push(a);
            }
            if (da >= 0.0) != (db >= 0.0) {
                out.push(lerp(a, b, da / (da - db)));
            }
        }
        poly = out;
        if poly.is_empty() {
            break;
        }
    }
    poly
}

/// The part `[t0, t1]` of segment `a → b` inside `region` (Cyrus–Beck), if any of it is.
fn clip(a: Point, b: Point, region: &Region) -> Option<(f32, f32)> {
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for e in &region.edges {
        let (_, n) = e;
        let q = Region::inside(e, &a);
        let p = n[0] * (b.x - a.x) + n[1] * (b.y - a.y);
        if p == 0.0 {
            if q <= 0.0 {
                return None;
            }
        } else {
            let r = -q / p;
            if p > 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 < t1).then_some((t0, t1))
}

fn lerp(a: Point, b: Point, t: f32) -> Point {
    Point::new(
        a.x + (b.x - a.x) * t,
        a.y + (b.y - a.y) * t,
        a.t_ms + (b.t_ms - a.t_ms) * f64::from(t),
    )
    .with_pressure(a.pressure + (b.pressure - a.pressure) * t)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cut_outside(s: Vec<Stroke>, gap: BBox) -> Vec<Stroke> {
        cut(s, &Region::rect(gap).unwrap(), Keep::Outside)
    }

    fn line(pts: &[(f32, f32)]) -> Stroke {
        let mut s = Stroke::new(
            pts.iter()
                .enumerate()
                .map(|(i, &(x, y))| Point::new(x, y, i as f64))
                .collect::<Vec<_>>(),
        );
        s.style.width = 2.0;
        s
    }

    #[test]
    fn a_line_through_the_label_stops_at_its_edges() {
        let gap = BBox::from_points([(40.0, -10.0), (60.0, 10.0)]).unwrap();
        let cut = cut_outside(vec![line(&[(0.0, 0.0), (100.0, 0.0)])], gap);
        assert_eq!(cut.len(), 1);
        let shape = cut[0].shape.as_ref().unwrap();
        assert_eq!(shape.subpaths.len(), 2);
        let xs: Vec<f32> = cut[0].points.iter().map(|p| p.x).collect();
        assert_eq!(xs, [0.0, 39.0, 61.0, 100.0], "grown by half the width");
        let t: Vec<f64> = cut[0].points.iter().map(|p| p.t_ms).collect();
        assert!((t[1] - 0.39).abs() < 1e-6 && (t[2] - 0.61).abs() < 1e-6);
    }

    #[test]
    fn lines_that_miss_the_label_or_end_in_it_are_kept_or_shortened() {
        let gap = BBox::from_points([(40.0, -10.0), (60.0, 10.0)]).unwrap();
        let miss = line(&[(0.0, 50.0), (100.0, 50.0)]);
        assert_eq!(cut_outside(vec![miss.clone()], gap)[0].points, miss.points);
        let into = cut_outside(vec![line(&[(0.0, 0.0), (50.0, 0.0), (50.0, 5.0)])], gap);
        let xs: Vec<f32> = into[0].points.iter().map(|p| p.x).collect();
        assert_eq!(xs, [0.0, 39.0]);
        assert!(cut_outside(vec![line(&[(45.0, 0.0), (55.0, 0.0)])], gap).is_empty());
    }

    #[test]
    fn a_frame_keeps_the_inside_of_lines_and_fills() {
        let frame = Region::rect(BBox::from_points([(0.0, 0.0), (50.0, 50.0)]).unwrap()).unwrap();
        let kept = cut(
            vec![line(&[(-50.0, 25.0), (100.0, 25.0)])],
            &frame,
            Keep::Inside,
        );
        let xs: Vec<f32> = kept[0].points.iter().map(|p| p.x).collect();
        assert!(
            xs.len() == 2 && (xs[0] - 1.0).abs() < 1e-4 && (xs[1] - 49.0).abs() < 1e-4,
            "shrunk by half the width: {xs:?}"
        );
        let mut square = line(&[(25.0, 25.0), (75.0, 25.0), (75.0, 75.0), (25.0, 75.0)]);
        square.shape = Some(Box::new(Shape {
            subpaths: vec![SubPath {
                start: 0,
                closed: true,
            }],
            fill: Some(crate::model::FillRule::NonZero),
            glyph: None,
            image: None,
        }));
        let kept = cut(vec![square], &frame, Keep::Inside);
        let b = kept[0].bbox().unwrap();
        assert_eq!(
            (b.min_x, b.min_y, b.max_x, b.max_y),
            (25.0, 25.0, 50.0, 50.0)
        );
        assert!(kept[0].is_fill());
        let away = line(&[(60.0, 60.0), (90.0, 90.0)]);
        assert!(cut(vec![away], &frame, Keep::Inside).is_empty());
    }

    #[test]
    fn a_rounded_region_cuts_its_corners() {
        let b = BBox::from_points([(0.0, 0.0), (100.0, 100.0)]).unwrap();
        let round = Region::rounded(b, 20.0, |p| p).unwrap();
        // A thin diagonal line through the top-left corner: the square keeps it from (0, 0),
        // the rounded box only from about 20·(1 − 1/√2) = 5.9 in.
        let mut diag = line(&[(-10.0, -10.0), (50.0, 50.0)]);
        diag.style.width = 0.0;
        let kept = cut(vec![diag.clone()], &round, Keep::Inside);
        let start = kept[0].points.at(0);
        assert!(
            (start.x - 5.86).abs() < 0.2 && (start.y - 5.86).abs() < 0.2,
            "{start:?}"
        );
        let square = Region::rect(b).unwrap();
        let kept = cut(vec![diag], &square, Keep::Inside);
        assert!(kept[0].points.at(0).x.abs() < 1e-4);
    }
}
