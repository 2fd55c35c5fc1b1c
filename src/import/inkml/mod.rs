//! W3C InkML (`.inkml`, and Wacom `.paper` files that wrap `<inkml:ink>` in a `<paper>` root).
//!
//! # Reading
//! - Elements are matched by local name, so the `inkml:` prefix and a default namespace both work.
//! - A trace's channels come from its context (`contextRef` on the trace or an enclosing
//!   `traceGroup`): the context's `inkSource/traceFormat` or `traceFormat`, else the `<traceFormat>`
//!   directly under `<ink>`, else `X Y`.
//! - Trace text: points separated by `,`, values by whitespace (newlines included). Values may carry
//!   the qualifiers `!` (explicit), `'` (first difference) and `"` (second difference); a qualifier
//!   persists for its channel. Numbers may be packed without spaces when a sign separates them
//!   (`'-93'37`, `7-19-27`). `*` repeats a channel's previous value, `T`/`F` are 1/0.
//! - `type="penUp"` traces (hover) are not drawn; they are counted in
//!   [`Loaded::skipped`](super::Loaded::skipped).
//!
//! # Mapping
//! - X/Y are converted to millimetres when the channel's `resolution` (`channelProperties`) or its
//!   `units` give a length, otherwise kept as they are. Brush widths (`brushProperty width`, in
//!   cm/mm/in/himetric) are converted to the same unit.
//! - Time: a `T` channel (ms or s) gives per-point time. Otherwise a trace starts at its
//!   `timeOffset` and its points are spaced by `duration`, the `sampleRate`, or
//!   [`DEFAULT_SAMPLE_MS`] (less where that would run into the next trace's `timeOffset`). The drawing starts at its first point. With recorded time, traces are
//!   replayed in time order (Office files store them in z-order, which is not always the order
//!   they were written).
//! - Pressure: `F` divided by the channel's `max` (or the largest value in the file when no max is
//!   given); brushes with `ignorePressure` draw at 0.5.
//! - Brush colour and `transparency` (0–255) give the colour.
//!
//! `context` reads trace formats, contexts and brushes; `trace` decodes a trace's text; this file
//! walks the document and maps traces to strokes.

mod context;
mod trace;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;

use roxmltree::Node;

use super::{Format, ImportError, Parsed, Place};
use crate::model::{Color, LineCap, LineJoin, Point, Stroke, StrokeStyle};
use context::{brush, context, local, reference, trace_format, xml_id, Brush, Channel, Context};
use trace::{trace_values, Points};

/// Point spacing assumed when a trace has neither a time channel, a duration nor a sample rate
/// (about the 133 Hz of common pen digitizers).
pub(crate) const DEFAULT_SAMPLE_MS: f64 = 7.5;
/// Pause assumed before a trace that has no `timeOffset`, after the previous trace.
pub(crate) const DEFAULT_PEN_UP_MS: f64 = 300.0;
/// Width of strokes without a brush, in mm (a fine pen).
pub(crate) const DEFAULT_WIDTH_MM: f64 = 0.5;
/// Width of strokes whose coordinates have no length unit, as a fraction of the drawing's larger
/// side.
pub(crate) const UNITLESS_WIDTH_FRACTION: f32 = 0.004;

/// Whether text looks like InkML.
pub(crate) fn sniff(head: &str) -> bool {
    head.contains("http://www.w3.org/2003/InkML")
        || head.contains("<ink") && head.contains("<trace")
}

/// Parse an InkML document.
pub(crate) fn parse(path: &Path, text: &str, index: usize) -> Result<Parsed, ImportError> {
    let doc = super::parse_xml(path, text)?;
    let at =
        |n: &Node, field: String, message: String| super::xml_error(path, &doc, n, field, message);
    let root = doc.root_element();
    let ink = if local(&root) == "ink" {
        root
    } else {
        root.descendants()
            .find(|n| local(n) == "ink")
            .ok_or_else(|| ImportError::UnsupportedFormat {
                path: path.to_path_buf(),
                reason: format!("no <ink> element (the root is <{}>)", local(&root)),
            })?
    };
    super::only_drawing(path, index)?;

    // Definitions, found anywhere inside <ink> by xml:id.
    let mut formats: HashMap<&str, Rc<[Channel]>> = HashMap::new();
    let mut contexts: HashMap<&str, Context> = HashMap::new();
    let mut brushes: HashMap<&str, Brush> = HashMap::new();
    let mut default_channels: Option<Rc<[Channel]>> = None;
    for n in ink.descendants().filter(Node::is_element) {
        match local(&n) {
            "traceFormat" => {
                let ch: Rc<[Channel]> = trace_format(&n, None)
                    .map_err(|m| at(&n, "traceFormat".into(), m))?
                    .into();
                if let Some(id) = xml_id(&n) {
                    formats.insert(id, ch.clone());
                }
                let parent = n.parent_element().map(|p| local(&p).to_string());
                if parent.as_deref() == Some("ink")
                    || (parent.as_deref() == Some("definitions") && default_channels.is_none())
                {
                    default_channels = Some(ch);
                }
            }
            "brush" => {
                if let Some(id) = xml_id(&n) {
                    brushes.insert(id, brush(&n));
                }
            }
            _ => {}
        }
    }
    // A context element written inline without an id applies to what follows; the first id-less
    // context is taken as the document default.
    let mut inline_default: Option<Context> = None;
    for n in ink.descendants().filter(|n| local(n) == "context") {
        let c = context(&n, &formats).map_err(|m| at(&n, "context".into(), m))?;
        match xml_id(&n) {
            Some(id) => {
                contexts.insert(id, c);
            }
            None => {
                inline_default.get_or_insert(c);
            }
        }
    }
    let default_ctx = Context {
        channels: inline_default
            .as_ref()
            .and_then(|c| c.channels.clone())
            .or(default_channels),
        brush: inline_default.as_ref().and_then(|c| c.brush.clone()),
        sample_ms: inline_default.and_then(|c| c.sample_ms),
    };

    // Traces in document order, with the context and brush inherited from trace groups.
    struct Raw {
        values: Points,
        // Shared with the context: a file of many traces holds one copy of its format.
        channels: Rc<[Channel]>,
        brush: Option<Brush>,
        offset_ms: Option<f64>,
        spacing_ms: Option<f64>,
    }
    let mut raws: Vec<Raw> = Vec::new();
    let xy: Rc<[Channel]> = ["X", "Y"]
        .map(|c| Channel {
            name: c.into(),
            length: false,
            scale: 1.0,
            max: None,
        })
        .into();
    let mut skipped = BTreeMap::new();
    let mut trace_no = 0usize;
    let mut stack: Vec<(Node, Option<&str>, Option<&str>)> = vec![(ink, None, None)];
    let mut order: Vec<(Node, Option<&str>, Option<&str>)> = Vec::new();
    while let Some((n, ctx, br)) = stack.pop() {
        let ctx = n.attribute("contextRef").map(reference).or(ctx);
        let br = n.attribute("brushRef").map(reference).or(br);
        if local(&n) == "trace" {
            order.push((n, ctx, br));
            continue;
        }
        if matches!(local(&n), "definitions" | "annotationXML" | "annotation") {
            continue;
        }
        let kids: Vec<Node> = n.children().filter(Node::is_element).collect();
        stack.extend(kids.into_iter().rev().map(|k| (k, ctx, br)));
    }
    for (n, ctx_id, brush_id) in order {
        trace_no += 1;
        let field = format!("trace {trace_no}");
        if n.attribute("type") == Some("penUp") {
            super::not_drawn(&mut skipped, "pen-up trace");
            continue;
        }
        let ctx = match ctx_id {
            Some(id) => contexts.get(id).ok_or_else(|| {
                at(
                    &n,
                    field.clone(),
                    format!("contextRef #{id} names no context"),
                )
            })?,
            None => &default_ctx,
        };
        let channels = ctx.channels.clone().unwrap_or_else(|| xy.clone());
        let brush_id = brush_id.or(ctx.brush.as_deref());
        let brush =
            match brush_id {
                Some(id) => Some(*brushes.get(id).ok_or_else(|| {
                    at(&n, field.clone(), format!("brushRef #{id} names no brush"))
                })?),
                None => None,
            };
        let text: String = n
            .children()
            .filter(Node::is_text)
            .filter_map(|t| t.text())
            .collect();
        let values = trace_values(&text, channels.len())
            .map_err(|(point, m)| at(&n, format!("{field}, point {point}"), m))?;
        let num = |a: &str| -> Result<Option<f64>, ImportError> {
            match n.attribute(a) {
                None => Ok(None),
                Some(v) => match v.trim().parse::<f64>() {
                    Ok(x) if x.is_finite() => Ok(Some(x)),
                    _ => Err(at(&n, field.clone(), format!("{a}={v:?} is not a number"))),
                },
            }
        };
        let offset_ms = num("timeOffset")?;
        let duration = num("duration")?;
        let spacing_ms = match duration {
            Some(d) if values.len() > 1 => Some(d / (values.len() - 1) as f64),
            _ => ctx.sample_ms,
        };
        raws.push(Raw {
            values,
            channels,
            brush,
            offset_ms,
            spacing_ms,
        });
    }

    // Pressure scale: the F channel's max, else the largest F in the file.
    let f_max_seen = raws
        .iter()
        .filter_map(|r| {
            let i = r.channels.iter().position(|c| c.name == "F")?;
            r.values
                .iter()
                .filter_map(|v| v.get(i).copied())
                .reduce(f64::max)
        })
        .fold(0.0f64, f64::max);
    let mut offsets: Vec<f64> = raws.iter().filter_map(|r| r.offset_ms).collect();
    offsets.sort_by(f64::total_cmp);
    let mut has_pressure = false;
    let mut has_timing = false;
    let mut strokes = Vec::with_capacity(raws.len());
    let mut t_end: Option<f64> = None;
    for r in &raws {
        let idx = |name: &str| r.channels.iter().position(|c| c.name == name);
        let (Some(ix), Some(iy)) = (idx("X"), idx("Y")) else {
            return Err(ImportError::Malformed {
                path: path.to_path_buf(),
                place: Place::Field("traceFormat".into()),
                message: "the trace format has no X and Y channels".into(),
            });
        };
        let it = idx("T");
        let ifo = idx("F").filter(|_| !r.brush.is_some_and(|b| b.ignore_pressure));
        let f_scale = ifo
            .and_then(|i| r.channels[i].max)
            .filter(|m| *m > 0.0)
            .unwrap_or(if f_max_seen > 1.0 { f_max_seen } else { 1.0 });
        has_timing |= it.is_some() || r.offset_ms.is_some();
        has_pressure |= ifo.is_some();
        let start = r
            .offset_ms
            .unwrap_or_else(|| t_end.map_or(0.0, |e| e + DEFAULT_PEN_UP_MS));
        // Assumed spacing never runs a trace into the next one's recorded start.
        let spacing = r.spacing_ms.unwrap_or_else(|| {
            let next = offsets
                .get(offsets.partition_point(|&n| n <= start))
                .map(|n| 0.9 * (n - start) / r.values.len().saturating_sub(1).max(1) as f64);
            next.map_or(DEFAULT_SAMPLE_MS, |n| n.min(DEFAULT_SAMPLE_MS))
        });
        let get = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0) * r.channels[i].scale;
        let points: Vec<Point> = r
            .values
            .iter()
            .enumerate()
            .map(|(k, v)| {
                let t = match it {
                    Some(i) => get(v, i),
                    None => start + spacing * k as f64,
                };
                let pressure = match ifo {
                    Some(i) => (v.get(i).copied().unwrap_or(0.0) / f_scale) as f32,
                    None => Point::DEFAULT_PRESSURE,
                };
                Point::new(get(v, ix) as f32, get(v, iy) as f32, t).with_pressure(pressure)
            })
            .collect();
        if let Some(p) = points.last() {
            t_end = Some(p.t_ms);
        }
        let style = StrokeStyle {
            color: r.brush.map_or(Color::BLACK, |b| b.color),
            // Brush widths are lengths: usable when the coordinates are mm, otherwise (0) the
            // width is set from the drawing's size below.
            width: if r.channels[ix].length {
                r.brush.and_then(|b| b.width_mm).unwrap_or(DEFAULT_WIDTH_MM) as f32
            } else {
                0.0
            },
            cap: LineCap::Round,
            join: LineJoin::Round,
            miter_limit: 4.0,
            thinning: if ifo.is_some() { 0.5 } else { 0.0 },
        };
        strokes.push(Stroke::styled(points, style));
    }
    // Replay in the order things were written: traces are stored in z-order, which Office files
    // do not keep in time order (a stable sort keeps document order for equal times).
    if has_timing {
        strokes.sort_by(|a, b| a.start_ms().total_cmp(&b.start_ms()));
    }
    // Strokes in unitless coordinates get a width relative to the drawing (as Quick, Draw! does).
    let extent = crate::model::BBox::from_points(
        strokes
            .iter()
            .flat_map(|s| s.points.iter().map(|p| (p.x, p.y))),
    )
    .map_or(1.0, |b| b.width().max(b.height()).max(1.0));
    for s in strokes.iter_mut().filter(|s| s.style.width == 0.0) {
        s.style.width = extent * UNITLESS_WIDTH_FRACTION;
    }
    // The drawing starts at its first point.
    if let Some(t0) = strokes
        .iter()
        .filter_map(|s| s.points.first())
        .map(|p| p.t_ms)
        .reduce(f64::min)
    {
        for s in &mut strokes {
            s.points.shift_time(-t0);
        }
    }
    Ok(Parsed::new(
        Format::InkMl,
        super::file_stem(path),
        strokes,
        has_timing,
        has_pressure,
    )
    .skipping(skipped))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
