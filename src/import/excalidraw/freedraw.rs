//! Freedraw elements: the pen's points as one stroke (perfect-freehand's width model, see
//! [`crate::import::freehand`]), and under it, for a closed loop with a background, the fill
//! Excalidraw draws with rough.js (a curve through the points simplified to 0.75 units, its
//! outline not drawn, filled by the even-odd rule), drawn after the line in a replay.

use super::element::Element;
use super::options::{self, loop_fill};
use super::sketch::{self, Paint, Placement};
use super::{local_points, FREEDRAW_SIZE, FREEDRAW_THINNING};
use crate::import::freehand;
use crate::import::rough;
use crate::import::shapes::{self, usable};
use crate::import::timing::PenClock;
use crate::model::{BBox, Color, FillRule, Point, Stroke};

/// The pen stroke of a freedraw element and, for a closed loop with a background, its fill: in a
/// replay the pen's line first and the fill after it, ending under the line
/// ([`sketch::fill_after_outline`]), or the fill first when the line is translucent.
pub(super) fn strokes(
    el: &Element,
    color: Color,
    clock: &mut PenClock,
    has_pressure: &mut bool,
) -> Result<Vec<Stroke>, String> {
    let width = usable(el.stroke_width, "strokeWidth")?.max(0.0);
    let pts = local_points(el)?;
    let xy: Vec<(f32, f32)> = pts.iter().map(|p| (p[0] as f32, p[1] as f32)).collect();
    let at = Placement::of(el)?.about(BBox::from_points(xy.iter().copied()));
    let look = Look {
        el,
        color,
        width,
        at,
    };
    let Some(bg) = loop_fill(el, &pts) else {
        return Ok(vec![look.pen(&xy, clock, has_pressure)]);
    };
    if color.a < 255 {
        let mut out = look.fill(&pts, bg, clock, false);
        out.push(look.pen(&xy, clock, has_pressure));
        return Ok(out);
    }
    let line = look.pen(&xy, clock, has_pressure);
    let under = look.fill(&pts, bg, clock, true);
    Ok(sketch::fill_after_outline(vec![line], under))
}

/// A freedraw element's pen: its colour, stroke width and placement.
struct Look<'a> {
    el: &'a Element,
    color: Color,
    width: f32,
    at: Placement,
}

impl Look<'_> {
    /// The fill Excalidraw draws in a closed loop's background `bg`, timed by `clock` (`joined`
    /// as in [`sketch::in_order`]).
    fn fill(&self, pts: &[[f64; 2]], bg: Color, clock: &mut PenClock, joined: bool) -> Vec<Stroke> {
        let simplified = rough::simplify(pts, 0.75);
        let mut o = rough::Options {
            stroke: false,
            ..options::rough(self.el, false, true)
        };
        options::bounded_gap(&mut o, options::extent(pts));
        let fill = bg.with_opacity((self.el.opacity / 100.0) as f32);
        let paint = Paint {
            outline: shapes::outline_style(self.color, self.width),
            fill: shapes::outline_style(fill, o.fill_weight() as f32),
            dash: None,
            rule: FillRule::EvenOdd,
        };
        let sets = rough::curve(&simplified, &o);
        sketch::in_order(sets.iter(), &paint, self.at, clock, joined)
    }

    /// The pen's line through the points `xy`, with perfect-freehand's width model.
    fn pen(&self, xy: &[(f32, f32)], clock: &mut PenClock, has_pressure: &mut bool) -> Stroke {
        let el = self.el;
        let mut style = shapes::outline_style(self.color, self.width);
        let size = self.width * FREEDRAW_SIZE;
        (style.width, style.thinning) = freehand::width(size, FREEDRAW_THINNING);
        let recorded = el.points.iter().any(|p| p.len() == 3);
        let simulate = el
            .simulate_pressure
            .unwrap_or(el.pressures.is_empty() && !recorded);
        let pressures: Vec<f32> = if simulate {
            freehand::simulated_pressures(xy, size)
        } else {
            *has_pressure = true;
            (0..xy.len())
                .map(|i| {
                    el.pressures
                        .get(i)
                        .map(|&v| v as f32)
                        .or_else(|| el.points[i].get(2).map(|&p| p as f32))
                        .unwrap_or(Point::DEFAULT_PRESSURE)
                })
                .collect()
        };
        let points = clock.stroke(xy.iter().zip(pressures).map(|(&p, pr)| {
            let (sx, sy) = self.at.apply(p);
            (sx, sy, pr)
        }));
        Stroke::styled(points, style)
    }
}
