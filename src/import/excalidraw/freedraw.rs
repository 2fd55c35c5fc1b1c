//! Freedraw elements: the pen's points as one stroke (perfect-freehand's width model, see
//! [`crate::import::freehand`]), and under it, for a closed loop with a background, the fill
//! Excalidraw draws with rough.js (a curve through the points simplified to 0.75 units, its
//! outline not drawn, filled by the even-odd rule).

use super::element::Element;
use super::options::{self, loop_fill};
use super::sketch::{self, Paint, Placement};
use super::{local_points, FREEDRAW_SIZE, FREEDRAW_THINNING};
use crate::import::freehand;
use crate::import::rough;
use crate::import::shapes::{self, usable};
use crate::import::timing::PenClock;
use crate::model::{BBox, Color, FillRule, Point, Stroke};

/// The fill (if any) and the pen stroke of a freedraw element, in drawing order.
pub(super) fn strokes(
    el: &Element,
    color: Color,
    clock: &mut PenClock,
    has_pressure: &mut bool,
) -> Result<Vec<Stroke>, String> {
    let sw = usable(el.stroke_width, "strokeWidth")?.max(0.0);
    let pts = local_points(el)?;
    let xy: Vec<(f32, f32)> = pts.iter().map(|p| (p[0] as f32, p[1] as f32)).collect();
    let at = Placement::of(el)?.about(BBox::from_points(xy.iter().copied()));
    let mut out = Vec::new();
    if let Some(bg) = loop_fill(el, &pts) {
        let simplified = rough::simplify(&pts, 0.75);
        let mut o = rough::Options {
            stroke: false,
            ..options::rough(el, false, true)
        };
        options::bounded_gap(&mut o, options::extent(&pts));
        let fill = bg.with_opacity((el.opacity / 100.0) as f32);
        let paint = Paint {
            outline: shapes::outline_style(color, sw),
            fill: shapes::outline_style(fill, o.fill_weight() as f32),
            dash: None,
            rule: FillRule::EvenOdd,
        };
        out.extend(sketch::strokes(
            &rough::curve(&simplified, &o),
            &paint,
            at,
            clock,
        ));
    }
    let mut style = shapes::outline_style(color, sw);
    let size = sw * FREEDRAW_SIZE;
    (style.width, style.thinning) = freehand::width(size, FREEDRAW_THINNING);
    let recorded = el.points.iter().any(|p| p.len() == 3);
    let simulate = el
        .simulate_pressure
        .unwrap_or(el.pressures.is_empty() && !recorded);
    let pressures: Vec<f32> = if simulate {
        freehand::simulated_pressures(&xy, size)
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
        let (sx, sy) = at.apply(p);
        (sx, sy, pr)
    }));
    out.push(Stroke::styled(points, style));
    Ok(out)
}
