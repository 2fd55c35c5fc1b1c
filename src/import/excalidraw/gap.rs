//! The gap an arrow leaves for its label: Excalidraw draws a labelled arrow on a canvas of its
//! own and clears the label's box there (`clearRect`, axis-aligned, the text's width and height
//! about its centre) before putting it on the scene, so the arrow's lines stop at the label's
//! edges. Here each line's sub-paths are cut where they enter the box (grown by half the line's
//! width, so a round cap ends at the edge as the cleared pixels do).

use crate::model::{BBox, Point, Shape, Stroke, SubPath};

/// `strokes` with their lines cut out of `gap`; fills are kept whole.
pub(super) fn cut(strokes: Vec<Stroke>, gap: BBox) -> Vec<Stroke> {
    strokes
        .into_iter()
        .filter_map(|s| {
            if s.is_fill() {
                return Some(s);
            }
            let rect = gap.inflate(s.style.width / 2.0);
            cut_stroke(&s, rect)
        })
        .collect()
}

/// One line's sub-paths outside `rect` (`None` when nothing is left).
fn cut_stroke(s: &Stroke, rect: BBox) -> Option<Stroke> {
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
    let mut out: Vec<Vec<Point>> = Vec::new();
    for (range, closed) in SubPath::ranges(&subpaths, pts.len()) {
        let mut path: Vec<Point> = pts[range].to_vec();
        if closed {
            if let Some(&first) = path.first() {
                path.push(first);
            }
        }
        outside(&path, rect, &mut out);
    }
    out.retain(|p| !p.is_empty());
    if out.is_empty() {
        return None;
    }
    let mut starts = Vec::with_capacity(out.len());
    let mut all = Vec::new();
    for p in out {
        starts.push(SubPath {
            start: u32::try_from(all.len()).ok()?,
            closed: false,
        });
        all.extend(p);
    }
    Some(Stroke {
        points: all.into(),
        style: s.style,
        shape: Some(Box::new(Shape {
            subpaths: starts,
            fill: None,
            glyph: None,
        })),
    })
}

/// Append the pieces of polyline `path` that lie outside `rect` to `out`.
fn outside(path: &[Point], rect: BBox, out: &mut Vec<Vec<Point>>) {
    let mut piece: Vec<Point> = Vec::new();
    let inside =
        |p: &Point| p.x > rect.min_x && p.x < rect.max_x && p.y > rect.min_y && p.y < rect.max_y;
    if let Some(first) = path.first().filter(|p| !inside(p)) {
        piece.push(*first);
    }
    for w in path.windows(2) {
        let (a, b) = (w[0], w[1]);
        match clip(a, b, rect) {
            None => {
                if piece.is_empty() {
                    piece.push(a);
                }
                piece.push(b);
            }
            Some((t0, t1)) => {
                if t0 > 0.0 {
                    if piece.is_empty() {
                        piece.push(a);
                    }
                    piece.push(lerp(a, b, t0));
                }
                if !piece.is_empty() {
                    out.push(std::mem::take(&mut piece));
                }
                if t1 < 1.0 {
                    piece.push(lerp(a, b, t1));
                    piece.push(b);
                }
            }
        }
    }
    if !piece.is_empty() {
        out.push(piece);
    }
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
        let cut = cut(vec![line(&[(0.0, 0.0), (100.0, 0.0)])], gap);
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
        assert_eq!(cut(vec![miss.clone()], gap)[0].points, miss.points);
        let into = cut(vec![line(&[(0.0, 0.0), (50.0, 0.0), (50.0, 5.0)])], gap);
        let xs: Vec<f32> = into[0].points.iter().map(|p| p.x).collect();
        assert_eq!(xs, [0.0, 39.0]);
        assert!(cut(vec![line(&[(45.0, 0.0), (55.0, 0.0)])], gap).is_empty());
    }
}
