//! SVG through usvg: every painted path becomes strokes, in document order, with synthesized timing.
//!
//! usvg resolves the document (CSS, `<use>`, nested `<svg>` viewports, shapes to paths, units,
//! invalid values to their SVG fallbacks). Each visible path then gives, in its paint order:
//! - its **fill** as one filled stroke (a [`Shape`] with a [`FillRule`]): every sub-path closed,
//!   all points at one instant, so a fill appears at once, like a paint bucket;
//! - its **stroke** as one stroke whose sub-paths keep their closed flags, with width, caps, joins
//!   and miter limit; dashes are applied by cutting the path (tiny-skia's dasher) before it is
//!   transformed.
//!
//! Paths are transformed to the root viewport (so drawing units are the SVG's pixels and the
//! drawing's canvas is its `width`×`height`) and flattened with lyon at
//! [`FLATTEN_FRACTION`] of the canvas. A stroke's width is scaled by the transform's mean scale
//! (`sqrt |det|`); a skewing or non-uniform transform is approximated.
//!
//! Colours: plain colours as given, `opacity` of enclosing groups multiplied in. Gradients and
//! patterns are drawn in their average colour and counted (not exact, never lost). Not drawn and
//! counted by `info`: text, images, hidden paths; clip paths, masks and filters are ignored and
//! counted.
//!
//! Timing: a pen crossing the larger canvas side in [`SIDE_MS`], pausing [`PEN_UP_MS`] between
//! sub-paths; a drawing whose replay would last longer than [`MAX_REPLAY_MS`] is sped up to last
//! exactly that long.

use std::collections::BTreeMap;
use std::path::Path;

use lyon::geom::{point, CubicBezierSegment, QuadraticBezierSegment};
use usvg::tiny_skia_path::{self, PathSegment};

use super::timing::{PenClock, PenTiming};
use super::{Format, ImportError, ImportLimits, Parsed, Place};
use crate::model::{
    BBox, Color, FillRule, LineCap, LineJoin, Point, Shape, Stroke, StrokeStyle, SubPath,
};

/// Flattening tolerance as a fraction of the canvas's larger side.
pub(crate) const FLATTEN_FRACTION: f32 = 1.0 / 5000.0;
/// Time the synthesized pen takes to cross the canvas's larger side, in ms.
pub(crate) const SIDE_MS: f64 = 1000.0;
/// Pause between two sub-paths (and two paths), in ms.
pub(crate) const PEN_UP_MS: f64 = 100.0;
/// Longest synthesized replay, in ms; longer ones are sped up to it.
pub(crate) const MAX_REPLAY_MS: f64 = 60_000.0;

/// Whether text looks like SVG.
pub(crate) fn sniff(head: &str) -> bool {
    head.contains("<svg")
}

/// Parse an SVG file (one drawing).
pub(crate) fn parse(
    path: &Path,
    text: &str,
    index: usize,
    limits: &ImportLimits,
) -> Result<Parsed, ImportError> {
    super::only_drawing(path, index)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        ImportError::Malformed {
            path: path.to_path_buf(),
            place: Place::Line {
                line: e.pos().row as usize,
                column: e.pos().col as usize,
            },
            message: format!("not well-formed XML: {e}"),
        }
    })?;
    let tree =
        usvg::Tree::from_xmltree(&doc, &svg_options()).map_err(|e| ImportError::Malformed {
            path: path.to_path_buf(),
            place: Place::Field("svg".into()),
            message: format!("not a usable SVG document: {e}"),
        })?;
    let size = tree.size();
    let side = size.width().max(size.height());
    let mut w = Walker {
        path,
        limits,
        tolerance: (side * FLATTEN_FRACTION).max(1e-4),
        clock: PenClock::new(PenTiming {
            speed: f64::from(side) / SIDE_MS,
            pen_up_ms: PEN_UP_MS,
        }),
        strokes: Vec::new(),
        points: 0,
        skipped: BTreeMap::new(),
    };
    // usvg drops text without its (font-heavy) text feature; count it from the document instead.
    let texts = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "text")
        .count();
    if texts > 0 {
        w.skipped.insert("text".into(), texts);
    }
    w.group(tree.root(), 1.0)?;
    let Walker {
        mut strokes,
        skipped,
        ..
    } = w;
    let end = strokes.last().map_or(0.0, Stroke::end_ms);
    if end > MAX_REPLAY_MS {
        let k = MAX_REPLAY_MS / end;
        for s in &mut strokes {
            s.points.update(|p| p.t_ms *= k);
        }
    }
    let mut parsed =
        Parsed::new(Format::Svg, super::file_stem(path), strokes, false, false).skipping(skipped);
    parsed.drawing.meta.canvas = Some(BBox {
        min_x: 0.0,
        min_y: 0.0,
        max_x: size.width(),
        max_y: size.height(),
    });
    Ok(parsed)
}

struct Walker<'a> {
    path: &'a Path,
    limits: &'a ImportLimits,
    tolerance: f32,
    clock: PenClock,
    strokes: Vec<Stroke>,
    points: usize,
    skipped: BTreeMap<String, usize>,
}

impl Walker<'_> {
    fn count(&mut self, what: &str) {
        *self.skipped.entry(what.to_string()).or_default() += 1;
    }

    fn group(&mut self, g: &usvg::Group, opacity: f32) -> Result<(), ImportError> {
        if g.clip_path().is_some() {
            self.count("clip-path (ignored)");
        }
        if g.mask().is_some() {
            self.count("mask (ignored)");
        }
        if !g.filters().is_empty() {
            self.count("filter (ignored)");
        }
        let opacity = opacity * g.opacity().get();
        for node in g.children() {
            match node {
                usvg::Node::Group(child) => self.group(child, opacity)?,
                usvg::Node::Path(p) => self.path(p, opacity)?,
                usvg::Node::Image(_) => self.count("image"),
                // Only produced with usvg's text feature; counted from the document instead.
                usvg::Node::Text(_) => {}
            }
        }
        Ok(())
    }

    fn path(&mut self, p: &usvg::Path, opacity: f32) -> Result<(), ImportError> {
        if !p.is_visible() {
            self.count("hidden path");
            return Ok(());
        }
        let ts = p.abs_transform();
        let fill_first = p.paint_order() == usvg::PaintOrder::FillAndStroke;
        if fill_first {
            self.fill(p, ts, opacity)?;
        }
        self.line(p, ts, opacity)?;
        if !fill_first {
            self.fill(p, ts, opacity)?;
        }
        Ok(())
    }

    /// The path's stroke, if it has one: dashes cut in user space, then transformed and
    /// flattened, timed at the pen's speed.
    fn line(
        &mut self,
        p: &usvg::Path,
        ts: tiny_skia_path::Transform,
        opacity: f32,
    ) -> Result<(), ImportError> {
        let Some(s) = p.stroke() else { return Ok(()) };
        let color = self.paint(s.paint(), s.opacity().get() * opacity);
        let data = match s.dasharray() {
            Some(dashes) => tiny_skia_path::StrokeDash::new(dashes.to_vec(), s.dashoffset())
                .and_then(|d| p.data().dash(&d, 1.0)),
            None => Some(p.data().clone()),
        };
        let Some(data) = data.and_then(|d| d.transform(ts)) else {
            return Ok(());
        };
        let (sx, ky, kx, sy) = (ts.sx, ts.ky, ts.kx, ts.sy);
        let scale = (sx * sy - kx * ky).abs().sqrt();
        let style = StrokeStyle {
            color,
            width: s.width().get() * scale,
            cap: match s.linecap() {
                usvg::LineCap::Butt => LineCap::Butt,
                usvg::LineCap::Round => LineCap::Round,
                usvg::LineCap::Square => LineCap::Square,
            },
            join: match s.linejoin() {
                usvg::LineJoin::Miter => LineJoin::Miter,
                usvg::LineJoin::MiterClip => LineJoin::MiterClip,
                usvg::LineJoin::Round => LineJoin::Round,
                usvg::LineJoin::Bevel => LineJoin::Bevel,
            },
            miter_limit: s.miterlimit().get(),
            thinning: 0.0,
        };
        let subpaths = self.flatten(&data, p.id())?;
        let mut points = Vec::new();
        let mut starts = Vec::new();
        for (pts, closed) in subpaths {
            starts.push(SubPath {
                start: points.len() as u32,
                closed,
            });
            points.extend(
                self.clock.stroke(
                    pts.into_iter()
                        .map(|(x, y)| (x, y, Point::DEFAULT_PRESSURE)),
                ),
            );
        }
        self.push(points, style, starts, None);
        Ok(())
    }

    fn fill(
        &mut self,
        p: &usvg::Path,
        ts: tiny_skia_path::Transform,
        opacity: f32,
    ) -> Result<(), ImportError> {
        let Some(f) = p.fill() else { return Ok(()) };
        let Some(data) = p.data().clone().transform(ts) else {
            return Ok(());
        };
        let color = self.paint(f.paint(), f.opacity().get() * opacity);
        let rule = match f.rule() {
            usvg::FillRule::NonZero => FillRule::NonZero,
            usvg::FillRule::EvenOdd => FillRule::EvenOdd,
        };
        let mut points = Vec::new();
        let mut starts = Vec::new();
        let subpaths = self.flatten(&data, p.id())?;
        let t = self.clock.instant();
        for (pts, _) in subpaths {
            // A fill needs an area: one or two points enclose none.
            if pts.len() < 3 {
                continue;
            }
            starts.push(SubPath {
                start: points.len() as u32,
                closed: true,
            });
            points.extend(pts.into_iter().map(|(x, y)| Point::new(x, y, t)));
        }
        let style = StrokeStyle {
            color,
            width: 0.0,
            thinning: 0.0,
            ..StrokeStyle::default()
        };
        self.push(points, style, starts, Some(rule));
        Ok(())
    }

    fn push(
        &mut self,
        points: Vec<Point>,
        style: StrokeStyle,
        subpaths: Vec<SubPath>,
        fill: Option<FillRule>,
    ) {
        if points.is_empty() {
            return;
        }
        let shape = (fill.is_some() || subpaths.len() > 1 || subpaths.iter().any(|s| s.closed))
            .then(|| {
                Box::new(Shape {
                    subpaths,
                    fill,
                    glyph: None,
                    image: None,
                })
            });
        self.strokes.push(Stroke {
            points: points.into(),
            style,
            shape,
        });
    }

    /// The colour a paint is drawn in: gradients and patterns are approximated (and counted).
    fn paint(&mut self, paint: &usvg::Paint, opacity: f32) -> Color {
        let stops_average = |stops: &[usvg::Stop]| {
            let n = stops.len().max(1) as f32;
            let sum = stops.iter().fold([0.0f32; 4], |a, s| {
                let c = s.color();
                [
                    a[0] + f32::from(c.red),
                    a[1] + f32::from(c.green),
                    a[2] + f32::from(c.blue),
                    a[3] + s.opacity().get(),
                ]
            });
            let c = |v: f32| (v / n).round().clamp(0.0, 255.0) as u8;
            (c(sum[0]), c(sum[1]), c(sum[2]), sum[3] / n)
        };
        let (r, g, b, a) = match paint {
            usvg::Paint::Color(c) => (c.red, c.green, c.blue, 1.0),
            usvg::Paint::LinearGradient(lg) => {
                self.count("gradient (drawn in its average colour)");
                stops_average(lg.stops())
            }
            usvg::Paint::RadialGradient(rg) => {
                self.count("gradient (drawn in its average colour)");
                stops_average(rg.stops())
            }
            usvg::Paint::Pattern(_) => {
                self.count("pattern (drawn in grey)");
                (128, 128, 128, 1.0)
            }
        };
        Color::rgb(r, g, b).with_opacity(a * opacity)
    }

    /// Flatten a path into sub-paths of points, with their closed flags.
    #[allow(clippy::type_complexity)]
    fn flatten(
        &mut self,
        data: &tiny_skia_path::Path,
        id: &str,
    ) -> Result<Vec<(Vec<(f32, f32)>, bool)>, ImportError> {
        let b = data.bounds();
        let limit = super::shapes::MAX_COORD as f32;
        if [b.left(), b.top(), b.right(), b.bottom()]
            .iter()
            .any(|v| !v.is_finite() || v.abs() > limit)
        {
            return Err(ImportError::Malformed {
                path: self.path.to_path_buf(),
                place: Place::Field(path_field(id)),
                message: format!("coordinates beyond ±{limit:e} after transforms"),
            });
        }
        let tol = self.tolerance;
        let mut out: Vec<(Vec<(f32, f32)>, bool)> = Vec::new();
        let mut cur: Vec<(f32, f32)> = Vec::new();
        let mut start = (0.0f32, 0.0f32);
        let mut closed = false;
        // Points in the finished sub-paths, counted as they finish (a dashed line has millions).
        let (mut finished, mut counted) = (0usize, 0usize);
        let finish = |cur: &mut Vec<(f32, f32)>, closed: bool, out: &mut Vec<_>| {
            if closed && cur.len() > 1 && cur.first() == cur.last() {
                cur.pop();
            }
            if !cur.is_empty() {
                out.push((std::mem::take(cur), closed));
            }
        };
        for seg in data.segments() {
            // A drawing segment right after a close starts a new sub-path where that one began.
            if cur.is_empty() && !matches!(seg, PathSegment::MoveTo(_) | PathSegment::Close) {
                cur.push(start);
                closed = false;
            }
            let last = cur.last().copied().unwrap_or(start);
            match seg {
                PathSegment::MoveTo(p) => {
                    finish(&mut cur, closed, &mut out);
                    closed = false;
                    start = (p.x, p.y);
                    cur.push(start);
                }
                PathSegment::LineTo(p) => {
                    cur.push((p.x, p.y));
                }
                PathSegment::QuadTo(c, p) => {
                    QuadraticBezierSegment {
                        from: point(last.0, last.1),
                        ctrl: point(c.x, c.y),
                        to: point(p.x, p.y),
                    }
                    .for_each_flattened(tol, &mut |l| cur.push((l.to.x, l.to.y)));
                }
                PathSegment::CubicTo(c1, c2, p) => {
                    CubicBezierSegment {
                        from: point(last.0, last.1),
                        ctrl1: point(c1.x, c1.y),
                        ctrl2: point(c2.x, c2.y),
                        to: point(p.x, p.y),
                    }
                    .for_each_flattened(tol, &mut |l| cur.push((l.to.x, l.to.y)));
                }
                PathSegment::Close => {
                    closed = true;
                    finish(&mut cur, closed, &mut out);
                }
            }
            for (p, _) in &out[counted..] {
                finished += p.len();
            }
            counted = out.len();
            let flattened = finished + cur.len();
            if self.points + flattened > self.limits.max_points {
                return Err(ImportError::TooLarge {
                    kind: super::Limit::Points,
                    path: self.path.to_path_buf(),
                    what: "point count after flattening curves".into(),
                    limit: self.limits.max_points as u64,
                });
            }
        }
        finish(&mut cur, closed, &mut out);
        self.points += out.iter().map(|(p, _)| p.len()).sum::<usize>();
        Ok(out)
    }
}

/// usvg's options: images are never drawn, so none is resolved. usvg's default resolver would
/// read any local path an `<image>` names (`/dev/zero`, a FIFO, a huge file) and decode embedded
/// ones, nested SVG documents included.
pub(crate) fn svg_options() -> usvg::Options<'static> {
    usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// How an error names a path: its id when it has one.
fn path_field(id: &str) -> String {
    if id.is_empty() {
        "path (without id)".into()
    } else {
        format!("path id={id:?}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "svg_tests.rs"]
mod tests;
