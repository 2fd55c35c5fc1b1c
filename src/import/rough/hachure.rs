//! Scan-line hachure (the hachure-fill package rough.js uses): the polygons are rotated by the
//! hachure angle, cut by horizontal lines every `gap` units, and the cuts rotated back.

use super::lines::P;
use super::random::js_round;
use std::cmp::Ordering;

struct Edge {
    ymin: f64,
    ymax: f64,
    x: f64,
    islope: f64,
}

/// Rotate points in place about the origin by `degrees` (rough.js rotates its polygon there and
/// back, and the round trip's rounding stays in the points).
fn rotate(points: &mut [P], degrees: f64) {
    let a = (std::f64::consts::PI / 180.0) * degrees;
    let (sin, cos) = (a.sin(), a.cos());
    for p in points {
        let [x, y] = *p;
        *p = [(x * cos) - (y * sin), (x * sin) + (y * cos)];
    }
}

fn sign(d: f64) -> Ordering {
    (d / d.abs()).partial_cmp(&0.0).unwrap_or(Ordering::Equal)
}

/// `hachureLines(polygons, gap, angle, step)`.
pub(crate) fn lines(polygons: &mut [Vec<P>], gap: f64, angle: f64, step: f64) -> Vec<[P; 2]> {
    let gap = gap.max(0.1);
    if angle != 0.0 {
        polygons.iter_mut().for_each(|p| rotate(p, angle));
    }
    let mut out = straight(polygons, gap, step);
    if angle != 0.0 {
        polygons.iter_mut().for_each(|p| rotate(p, -angle));
        for l in &mut out {
            rotate(l, -angle);
        }
    }
    out
}

fn edges(polygons: &[Vec<P>]) -> Vec<Edge> {
    let mut edges = Vec::new();
    for poly in polygons {
        let mut v = poly.clone();
        if let (Some(&a), Some(&b)) = (v.first(), v.last()) {
            if a != b {
                v.push(a);
            }
        }
        if v.len() <= 2 {
            continue;
        }
        for w in v.windows(2) {
            let (p1, p2) = (w[0], w[1]);
            if p1[1] != p2[1] {
                let ymin = p1[1].min(p2[1]);
                edges.push(Edge {
                    ymin,
                    ymax: p1[1].max(p2[1]),
                    x: if ymin == p1[1] { p1[0] } else { p2[0] },
                    islope: (p2[0] - p1[0]) / (p2[1] - p1[1]),
                });
            }
        }
    }
    edges.sort_by(|a, b| {
        if a.ymin != b.ymin {
            return a.ymin.partial_cmp(&b.ymin).unwrap_or(Ordering::Equal);
        }
        if a.x != b.x {
            return a.x.partial_cmp(&b.x).unwrap_or(Ordering::Equal);
        }
        if a.ymax == b.ymax {
            return Ordering::Equal;
        }
        sign(a.ymax - b.ymax)
    });
    edges
}

/// The most scan-line steps taken across the polygons. rough.js steps one unit at a time and
/// keeps every `gap`-th line (`step == 1`); across a shape millions of units tall that is
/// millions of steps for a few thousand lines, so past this many the scan steps by the gap
/// itself, keeping the same lines where the gap is whole.
const MAX_STEPS: f64 = 4.0e6;

fn straight(polygons: &[Vec<P>], gap: f64, step: f64) -> Vec<[P; 2]> {
    let mut pending = std::collections::VecDeque::from(edges(polygons));
    let mut out = Vec::new();
    let Some(first) = pending.front() else {
        return out;
    };
    let height = pending.iter().map(|e| e.ymax).fold(first.ymin, f64::max) - first.ymin;
    let step = if step == 1.0 && height / step > MAX_STEPS && gap > 1.0 {
        gap
    } else {
        step
    };
    let mut y = first.ymin;
    let mut active: Vec<Edge> = Vec::new();
    let mut iteration = 0u64;
    while !active.is_empty() || !pending.is_empty() {
        while pending.front().is_some_and(|e| e.ymin <= y) {
            active.extend(pending.pop_front());
        }
        active.retain(|e| e.ymax > y);
        active.sort_by(|a, b| {
            if a.x == b.x {
                Ordering::Equal
            } else {
                sign(a.x - b.x)
            }
        });
        if (step != 1.0 || (iteration as f64) % gap == 0.0) && active.len() > 1 {
            for pair in active.chunks_exact(2) {
                out.push([[js_round(pair[0].x), y], [js_round(pair[1].x), y]]);
            }
        }
        y += step;
        for e in &mut active {
            e.x += step * e.islope;
        }
        iteration += 1;
    }
    out
}
