//! Strokes cut to a box, for two things Excalidraw clips on its canvas:
//! - the gap an arrow leaves for its label ([`Keep::Outside`]): Excalidraw draws a labelled arrow
//!   on a canvas of its own and clears the label's box there (`clearRect`, axis-aligned, the
//!   text's width and height about its centre) before putting it on the scene;
//! - a frame's children ([`Keep::Inside`]), clipped to the frame's box (`frameClip`; its 8-unit
//!   corner rounding is not followed).
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

/// `strokes` cut to the `keep` side of `rect`; strokes left empty are dropped.
pub(super) fn cut(strokes: Vec<Stroke>, rect: BBox, keep: Keep) -> Vec<Stroke> {
    strokes
        .into_iter()
        .filter_map(|s| {
            let b = s.bbox()?;
            let inside = b.min_x >= rect.min_x
                && b.max_x <= rect.max_x
                && b.min_y >= rect.min_y
                && b.max_y <= rect.max_y;
            let apart = b.max_x <= rect.min_x
                || b.min_x >= rect.max_x
                || b.max_y <= rect.min_y
                || b.min_y >= rect.max_y;
            match (keep, s.is_fill()) {
                (Keep::Inside, _) if inside => Some(s),
                (Keep::Inside, _) if apart => None,
                (Keep::Outside, true) => Some(s),
                (Keep::Outside, false) if apart => Some(s),
                (Keep::Inside, true) => clip_fill(&s, rect),
                _ => {
                    let hw = s.style.width / 2.0;
                    let r = match keep {
                        Keep::Inside => rect.inflate(-hw),
                        Keep::Outside => rect.inflate(hw),
                    };
                    cut_line(&s, r, keep)
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

/// One line's sub-paths on the `keep` side of `rect`.
fn cut_line(s: &Stroke, rect: BBox, keep: Keep) -> Option<Stroke> {
    let mut out = Vec::new();
    for path in paths(s) {
        pieces(&path, rect, keep, &mut out);
    }
    rebuilt(s, out, false)
}

/// Append the pieces of polyline `path` on the `keep` side of `rect` to `out`.
fn pieces(path: &[Point], rect: BBox, keep: Keep, out: &mut Vec<Vec<Point>>) {
    let mut piece: Vec<Point> = Vec::new();
    if path.len() == 1 {
        let p = path[0];
        let inside = p.x > rect.min_x && p.x < rect.max_x && p.y > rect.min_y && p.y < rect.max_y;
        if inside == (keep == Keep::Inside) {
            out.push(vec![p]);
        }
        return;
    }
    for w in path.windows(2) {
        let (a, b) = (w[0], w[1]);
        let kept: Vec<(f32, f32)> = match (clip(a, b, rect), keep) {
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

/// A fill's sub-paths clipped to `rect` as polygons (Sutherland–Hodgman).
fn clip_fill(s: &Stroke, rect: BBox) -> Option<Stroke> {
    let parts = paths(s)
        .into_iter()
        .map(|mut p| {
            if p.len() > 1 && p.first() == p.last() {
                p.pop();
            }
            polygon(p, rect)
        })
        .filter(|p| p.len() >= 3)
        .collect();
    rebuilt(s, parts, true)
}

fn polygon(mut poly: Vec<Point>, rect: BBox) -> Vec<Point> {
    type Inside = fn(&Point, &BBox) -> f32;
    // Signed distance inside each edge: left, right, top, bottom.
    let edges: [Inside; 4] = [
        |p, r| p.x - r.min_x,
        |p, r| r.max_x - p.x,
        |p, r| p.y - r.min_y,
        |p, r| r.max_y - p.y,
    ];
    for inside in edges {
        let mut out = Vec::with_capacity(poly.len() + 4);
        for i in 0..poly.len() {
            let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
            let (da, db) = (inside(&a, &rect), inside(&b, &rect));
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

/// The part `[t0, t1]` of segment `a → b` inside `rect` (Liang–Barsky), if any of it is.
fn clip(a: Point, b: Point, rect: BBox) -> Option<(f32, f32)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.x - rect.min_x),
        (dx, rect.max_x - a.x),
        (-dy, a.y - rect.min_y),
        (dy, rect.max_y - a.y),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
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
        cut(s, gap, Keep::Outside)
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
        let frame = BBox::from_points([(0.0, 0.0), (50.0, 50.0)]).unwrap();
        let kept = cut(
            vec![line(&[(-50.0, 25.0), (100.0, 25.0)])],
            frame,
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
        let kept = cut(vec![square], frame, Keep::Inside);
        let b = kept[0].bbox().unwrap();
        assert_eq!(
            (b.min_x, b.min_y, b.max_x, b.max_y),
            (25.0, 25.0, 50.0, 50.0)
        );
        assert!(kept[0].is_fill());
        let away = line(&[(60.0, 60.0), (90.0, 90.0)]);
        assert!(cut(vec![away], frame, Keep::Inside).is_empty());
    }
}
