//! rough.js's pattern fills (hachure, cross-hatch, zigzag, dots, dashed, zigzag-line) and its
//! solid fill of polygons.

use super::ellipse;
use super::hachure;
use super::lines::{double_line, offset_opt, P};
use super::options::{FillStyle, Op, OpSet, Options, SetKind};
use super::random::Random;

/// `solidFillPolygon`: each polygon with its vertices jittered by the randomness offset.
pub(crate) fn solid(polygons: &[Vec<P>], o: &Options, r: &mut Random) -> OpSet {
    let off = o.max_randomness_offset;
    let mut ops = Vec::new();
    for poly in polygons.iter().filter(|p| p.len() > 2) {
        for (i, p) in poly.iter().enumerate() {
            let x = p[0] + offset_opt(off, o, r, 1.0);
            let q = [x, p[1] + offset_opt(off, o, r, 1.0)];
            ops.push(if i == 0 { Op::Move(q) } else { Op::LineTo(q) });
        }
    }
    OpSet {
        kind: SetKind::FillPath,
        ops,
    }
}

/// `patternFillPolygons`: the fill lines of `fillStyle` (the polygons go through rough.js's
/// rotation round trip in place). `jitter` stands in for the `Math.random()` the dots use.
pub(crate) fn pattern(
    polygons: &mut [Vec<P>],
    o: &Options,
    r: &mut Random,
    jitter: &mut Random,
) -> OpSet {
    let ops = match o.fill_style {
        FillStyle::Hachure | FillStyle::Solid => render(&hachure_lines(polygons, o, r), o, r),
        FillStyle::CrossHatch => {
            let mut ops = render(&hachure_lines(polygons, o, r), o, r);
            let o2 = Options {
                hachure_angle: o.hachure_angle + 90.0,
                ..o.clone()
            };
            ops.extend(render(&hachure_lines(polygons, &o2, r), &o2, r));
            ops
        }
        FillStyle::Zigzag => zigzag(polygons, o, r),
        FillStyle::Dots => dots(polygons, o, r, jitter),
        FillStyle::Dashed => dashed(polygons, o, r),
        FillStyle::ZigzagLine => zigzag_line(polygons, o, r),
    };
    OpSet {
        kind: SetKind::FillSketch,
        ops,
    }
}

/// `polygonHachureLines`: at roughness ≥ 1 one random number picks (3 in 10) whether the scan
/// steps a whole gap at a time.
fn hachure_lines(polygons: &mut [Vec<P>], o: &Options, r: &mut Random) -> Vec<[P; 2]> {
    let gap = o.gap().max(0.1);
    let mut step = 1.0;
    if o.roughness >= 1.0 && r.next_f64() > 0.7 {
        step = gap;
    }
    hachure::lines(polygons, gap, o.hachure_angle + 90.0, step)
}

fn render(lines: &[[P; 2]], o: &Options, r: &mut Random) -> Vec<Op> {
    lines
        .iter()
        .flat_map(|l| double_line(l[0], l[1], o, r, true))
        .collect()
}

fn length(l: &[P; 2]) -> f64 {
    ((l[0][0] - l[1][0]) * (l[0][0] - l[1][0]) + (l[0][1] - l[1][1]) * (l[0][1] - l[1][1])).sqrt()
}

fn zigzag(polygons: &mut [Vec<P>], o: &Options, r: &mut Random) -> Vec<Op> {
    let gap = o.gap().max(0.1);
    let o2 = Options {
        hachure_gap: gap,
        ..o.clone()
    };
    let lines = hachure_lines(polygons, &o2, r);
    let a = (std::f64::consts::PI / 180.0) * o.hachure_angle;
    let (dgx, dgy) = (gap * 0.5 * a.cos(), gap * 0.5 * a.sin());
    let zz: Vec<[P; 2]> = lines
        .iter()
        .filter(|l| length(l) != 0.0)
        .flat_map(|&[p1, p2]| {
            [
                [[p1[0] - dgx, p1[1] + dgy], p2],
                [[p1[0] + dgx, p1[1] - dgy], p2],
            ]
        })
        .collect();
    render(&zz, o, r)
}

/// A line's ends ordered left to right, and its angle.
fn left_to_right(l: &[P; 2]) -> (P, f64) {
    let (p1, p2) = if l[0][0] > l[1][0] {
        (l[1], l[0])
    } else {
        (l[0], l[1])
    };
    (p1, ((p2[1] - p1[1]) / (p2[0] - p1[0])).atan())
}

fn dashed(polygons: &mut [Vec<P>], o: &Options, r: &mut Random) -> Vec<Op> {
    let lines = hachure_lines(polygons, o, r);
    let dash_or_gap = |v: f64| if v < 0.0 { o.gap() } else { v };
    let (dash, gap) = (dash_or_gap(o.dash_offset), dash_or_gap(o.dash_gap));
    let mut ops = Vec::new();
    for l in &lines {
        let len = length(l);
        let count = (len / (dash + gap)).floor();
        let start_off = (len + gap - (count * (dash + gap))) / 2.0;
        let (p1, alpha) = left_to_right(l);
        let (cos, sin) = (alpha.cos(), alpha.sin());
        for i in 0..count.max(0.0) as u64 {
            let ls = i as f64 * (dash + gap);
            let le = ls + dash;
            let s = [
                p1[0] + (ls * cos) + (start_off * cos),
                p1[1] + ls * sin + (start_off * sin),
            ];
            let e = [
                p1[0] + (le * cos) + (start_off * cos),
                p1[1] + (le * sin) + (start_off * sin),
            ];
            ops.extend(double_line(s, e, o, r, true));
        }
    }
    ops
}

fn zigzag_line(polygons: &mut [Vec<P>], o: &Options, r: &mut Random) -> Vec<Op> {
    let gap = o.gap();
    let zo = if o.zigzag_offset < 0.0 {
        gap
    } else {
        o.zigzag_offset
    };
    let o = Options {
        hachure_gap: gap + zo,
        ..o.clone()
    };
    let lines = hachure_lines(polygons, &o, r);
    let mut ops = Vec::new();
    for l in &lines {
        let count = super::random::js_round(length(l) / (2.0 * zo));
        let (p1, alpha) = left_to_right(l);
        for i in 0..count.max(0.0) as u64 {
            let ls = i as f64 * 2.0 * zo;
            let le = (i + 1) as f64 * 2.0 * zo;
            let dz = (2.0 * zo * zo).sqrt();
            let s = [p1[0] + (ls * alpha.cos()), p1[1] + ls * alpha.sin()];
            let e = [p1[0] + (le * alpha.cos()), p1[1] + (le * alpha.sin())];
            let m = [
                s[0] + dz * (alpha + std::f64::consts::FRAC_PI_4).cos(),
                s[1] + dz * (alpha + std::f64::consts::FRAC_PI_4).sin(),
            ];
            ops.extend(double_line(s, m, &o, r, true));
            ops.extend(double_line(m, e, &o, r, true));
        }
    }
    ops
}

fn dots(polygons: &mut [Vec<P>], o: &Options, r: &mut Random, jitter: &mut Random) -> Vec<Op> {
    let o = Options {
        hachure_angle: 0.0,
        ..o.clone()
    };
    let lines = hachure_lines(polygons, &o, r);
    let gap = o.gap().max(0.1);
    let fw = o.fill_weight();
    let ro = gap / 4.0;
    let mut ops = Vec::new();
    for l in &lines {
        let len = length(l);
        let count = (len / gap).ceil() - 1.0;
        let off = len - (count * gap);
        let x = ((l[0][0] + l[1][0]) / 2.0) - (gap / 4.0);
        let min_y = l[0][1].min(l[1][1]);
        for i in 0..count.max(0.0) as u64 {
            let y = min_y + off + (i as f64 * gap);
            let cx = (x - ro) + jitter.next_f64() * 2.0 * ro;
            let cy = (y - ro) + jitter.next_f64() * 2.0 * ro;
            let p = ellipse::params(fw, fw, &o, r);
            ops.extend(ellipse::with_params([cx, cy], &o, r, p).0);
        }
    }
    ops
}
