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

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use roxmltree::Node;

use super::{Format, ImportError, Parsed, Place};
use crate::model::{Color, LineCap, LineJoin, Point, Stroke, StrokeStyle};

/// Point spacing assumed when a trace has neither a time channel, a duration nor a sample rate
/// (about the 133 Hz of common pen digitizers).
pub const DEFAULT_SAMPLE_MS: f64 = 7.5;
/// Pause assumed before a trace that has no `timeOffset`, after the previous trace.
pub const DEFAULT_PEN_UP_MS: f64 = 300.0;
/// Width of strokes without a brush, in mm (a fine pen).
pub const DEFAULT_WIDTH_MM: f64 = 0.5;
/// Width of strokes whose coordinates have no length unit, as a fraction of the drawing's larger
/// side.
pub const UNITLESS_WIDTH_FRACTION: f32 = 0.004;
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Most channels a trace format may declare.
const MAX_CHANNELS: usize = 64;

/// Whether text looks like InkML.
pub(crate) fn sniff(head: &str) -> bool {
    head.contains("http://www.w3.org/2003/InkML")
        || head.contains("<ink") && head.contains("<trace")
}

#[derive(Debug, Clone, PartialEq)]
struct Channel {
    name: String,
    /// Whether `scale` converts to mm (X/Y with a known length unit).
    length: bool,
    /// Multiply a value by this to get the unit inkplay uses (mm for lengths, ms for time).
    scale: f64,
    max: Option<f64>,
}

#[derive(Debug, Clone, Default)]
struct Context {
    channels: Option<Vec<Channel>>,
    brush: Option<String>,
    /// Point spacing from `sampleRate` (ms).
    sample_ms: Option<f64>,
}

#[derive(Debug, Clone, Copy)]
struct Brush {
    color: Color,
    /// Width in mm.
    width_mm: Option<f64>,
    ignore_pressure: bool,
}

fn local<'a>(n: &Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

fn xml_id<'a>(n: &Node<'a, '_>) -> Option<&'a str> {
    n.attribute((XML_NS, "id")).or_else(|| n.attribute("id"))
}

fn reference(r: &str) -> &str {
    r.trim().trim_start_matches('#')
}

/// Millimetres per unit of a length unit name (`cm`, `mm`, `in`, `himetric`, `pt`, `px`).
fn mm_per(unit: &str) -> Option<f64> {
    Some(match unit.trim() {
        "mm" => 1.0,
        "cm" => 10.0,
        "m" => 1000.0,
        "in" => 25.4,
        "himetric" => 0.01,
        "pt" => 25.4 / 72.0,
        "pc" => 25.4 / 6.0,
        "px" => 25.4 / 96.0,
        _ => return None,
    })
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
    let mut formats: HashMap<&str, Vec<Channel>> = HashMap::new();
    let mut contexts: HashMap<&str, Context> = HashMap::new();
    let mut brushes: HashMap<&str, Brush> = HashMap::new();
    let mut default_channels: Option<Vec<Channel>> = None;
    for n in ink.descendants().filter(Node::is_element) {
        match local(&n) {
            "traceFormat" => {
                let ch = trace_format(&n, None).map_err(|m| at(&n, "traceFormat".into(), m))?;
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
        values: Vec<Vec<f64>>,
        channels: Vec<Channel>,
        brush: Option<Brush>,
        offset_ms: Option<f64>,
        spacing_ms: Option<f64>,
    }
    let mut raws: Vec<Raw> = Vec::new();
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
        let channels = ctx.channels.clone().unwrap_or_else(|| {
            ["X", "Y"]
                .map(|c| Channel {
                    name: c.into(),
                    length: false,
                    scale: 1.0,
                    max: None,
                })
                .to_vec()
        });
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
                .iter()
                .copied()
                .find(|&n| n > start)
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
        for p in strokes.iter_mut().flat_map(|s| s.points.iter_mut()) {
            p.t_ms -= t0;
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

/// The channels of a `<traceFormat>`, with X/Y scaled to mm and T to ms where units allow.
fn trace_format(
    n: &Node,
    props: Option<&HashMap<String, (f64, String)>>,
) -> Result<Vec<Channel>, String> {
    let mut out = Vec::new();
    for c in n.descendants().filter(|c| local(c) == "channel") {
        if out.len() >= MAX_CHANNELS {
            return Err(format!("more than {MAX_CHANNELS} channels"));
        }
        let name = c.attribute("name").unwrap_or_default().to_string();
        let units = c.attribute("units").unwrap_or_default();
        let max = c
            .attribute("max")
            .and_then(|m| m.trim().parse::<f64>().ok());
        let mut scale = 1.0;
        let mut length = false;
        if name == "X" || name == "Y" {
            let res = props
                .and_then(|p| p.get(&name))
                .and_then(|(res, res_units)| {
                    // resolution `value` per `1/unit`: one coordinate unit is 1/value unit.
                    let unit = res_units.trim().trim_start_matches("1/");
                    Some(mm_per(unit)? / *res).filter(|s| s.is_finite() && *s > 0.0)
                });
            if let Some(s) = res.or_else(|| mm_per(units)) {
                scale = s;
                length = true;
            }
        } else if name == "T" && units.trim() == "s" {
            scale = 1000.0;
        }
        out.push(Channel {
            name,
            length,
            scale,
            max,
        });
    }
    if out.is_empty() {
        return Err("a traceFormat without channels".into());
    }
    Ok(out)
}

fn context(n: &Node, formats: &HashMap<&str, Vec<Channel>>) -> Result<Context, String> {
    // Resolutions from channelProperties: channel -> (value, units).
    let mut props: HashMap<String, (f64, String)> = HashMap::new();
    for p in n.descendants().filter(|p| local(p) == "channelProperty") {
        if p.attribute("name") == Some("resolution") {
            if let (Some(ch), Some(v)) = (
                p.attribute("channel"),
                p.attribute("value")
                    .and_then(|v| v.trim().parse::<f64>().ok()),
            ) {
                props.insert(
                    ch.to_string(),
                    (v, p.attribute("units").unwrap_or_default().to_string()),
                );
            }
        }
    }
    let direct = n
        .descendants()
        .find(|c| local(c) == "traceFormat")
        .map(|f| trace_format(&f, Some(&props)))
        .transpose()?;
    let by_ref = n
        .attribute("traceFormatRef")
        .and_then(|r| formats.get(reference(r)).cloned());
    let sample_ms = n
        .descendants()
        .find(|c| local(c) == "sampleRate")
        .and_then(|s| s.attribute("value")?.trim().parse::<f64>().ok())
        .filter(|hz| *hz > 0.0 && hz.is_finite())
        .map(|hz| 1000.0 / hz);
    Ok(Context {
        channels: direct.or(by_ref),
        brush: n.attribute("brushRef").map(|b| reference(b).to_string()),
        sample_ms,
    })
}

fn brush(n: &Node) -> Brush {
    let mut b = Brush {
        color: Color::BLACK,
        width_mm: None,
        ignore_pressure: false,
    };
    let mut transparency = 0.0;
    for p in n.descendants().filter(|p| local(p) == "brushProperty") {
        let value = p.attribute("value").unwrap_or_default().trim();
        match p.attribute("name").unwrap_or_default() {
            "color" => {
                b.color = value.parse().unwrap_or_else(|e| {
                    log::warn!("{e}; drawn black");
                    Color::BLACK
                });
            }
            "width" => {
                let units = p.attribute("units").unwrap_or("cm");
                b.width_mm = value
                    .parse::<f64>()
                    .ok()
                    .filter(|w| w.is_finite() && *w > 0.0)
                    .and_then(|w| Some(w * mm_per(units)?));
            }
            "transparency" => transparency = value.parse::<f64>().unwrap_or(0.0).clamp(0.0, 255.0),
            "ignorePressure" => b.ignore_pressure = matches!(value, "1" | "true"),
            _ => {}
        }
    }
    b.color = b.color.with_opacity(1.0 - (transparency / 255.0) as f32);
    b
}

/// Decode a trace's text into points of `channels` values each (see the module docs). Errors carry
/// the 1-based point number.
fn trace_values(text: &str, channels: usize) -> Result<Vec<Vec<f64>>, (usize, String)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Explicit,
        First,
        Second,
    }
    let mut mode = vec![Mode::Explicit; channels];
    let mut value = vec![0.0f64; channels];
    let mut diff = vec![0.0f64; channels];
    let mut seen = vec![false; channels];
    let mut out: Vec<Vec<f64>> = Vec::new();
    let mut point: Vec<f64> = Vec::with_capacity(channels);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut pending: Option<Mode> = None;
    let mut push =
        |point: &mut Vec<f64>, raw: Option<f64>, q: Option<Mode>| -> Result<(), String> {
            let c = point.len();
            if c >= channels {
                return Err(format!(
                    "more than the {channels} values the trace format declares"
                ));
            }
            if let Some(q) = q {
                mode[c] = q;
            }
            let v = match raw {
                None => value[c], // `*`: same as before
                Some(x) => match mode[c] {
                    Mode::Explicit => {
                        diff[c] = if seen[c] { x - value[c] } else { 0.0 };
                        x
                    }
                    Mode::First => {
                        diff[c] = x;
                        value[c] + x
                    }
                    Mode::Second => {
                        diff[c] += x;
                        value[c] + diff[c]
                    }
                },
            };
            if !v.is_finite() || v.abs() > 1e15 {
                return Err(format!("value {v} is out of range"));
            }
            value[c] = v;
            seen[c] = true;
            point.push(v);
            Ok(())
        };
    let finish = |point: &mut Vec<f64>, out: &mut Vec<Vec<f64>>| {
        if !point.is_empty() {
            out.push(std::mem::take(point));
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        let at = out.len() + 1;
        match b {
            b',' => {
                finish(&mut point, &mut out);
                i += 1;
            }
            b'!' | b'\'' | b'"' => {
                pending = Some(match b {
                    b'!' => Mode::Explicit,
                    b'\'' => Mode::First,
                    _ => Mode::Second,
                });
                i += 1;
            }
            b'*' | b'?' => {
                push(&mut point, None, pending.take()).map_err(|m| (at, m))?;
                i += 1;
            }
            b'T' | b'F' => {
                push(
                    &mut point,
                    Some(f64::from(u8::from(b == b'T'))),
                    pending.take(),
                )
                .map_err(|m| (at, m))?;
                i += 1;
            }
            b'-' | b'+' | b'.' | b'0'..=b'9' => {
                let start = i;
                i += 1;
                while i < bytes.len() {
                    let c = bytes[i];
                    let prev = bytes[i - 1];
                    let ok = c.is_ascii_digit()
                        || c == b'.'
                        || c == b'e'
                        || c == b'E'
                        || ((c == b'-' || c == b'+') && (prev == b'e' || prev == b'E'));
                    if !ok {
                        break;
                    }
                    i += 1;
                }
                let s = &text[start..i];
                let x: f64 = s
                    .parse()
                    .map_err(|_| (at, format!("{s:?} is not a number")))?;
                push(&mut point, Some(x), pending.take()).map_err(|m| (at, m))?;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let c = text[i..].chars().next().unwrap_or('?');
                return Err((at, format!("unexpected character {c:?}")));
            }
        }
    }
    finish(&mut point, &mut out);
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_and_packed_numbers_decode() {
        // Explicit, then first differences, then second differences (the Office encoding).
        let v = trace_values("10 20, '1'-2, \"1\"0, 5-3", 2).unwrap();
        assert_eq!(
            v,
            vec![
                vec![10.0, 20.0],
                vec![11.0, 18.0],
                vec![13.0, 16.0], // velocity 1+1=2, -2+0=-2
                vec![20.0, 11.0], // the qualifier persists: 2+5=7, -2-3=-5
            ]
        );
        assert_eq!(
            trace_values("'-93'37 1.5e1,*\n2", 3).unwrap(),
            vec![vec![-93.0, 37.0, 15.0], vec![-93.0, 39.0]], // the qualifier persists
        );
        assert_eq!(trace_values("T F", 2).unwrap(), vec![vec![1.0, 0.0]]);
        let (point, msg) = trace_values("1 2, 3 4 5", 2).unwrap_err();
        assert_eq!(point, 2, "{msg}");
        assert!(trace_values("1 2, 3 x", 2).is_err());
    }

    const DOC: &str = r##"<?xml version="1.0"?>
<ink xmlns="http://www.w3.org/2003/InkML">
  <definitions>
    <context xml:id="c1">
      <inkSource><traceFormat>
        <channel name="X" type="decimal" units="cm"/><channel name="Y" type="decimal" units="cm"/>
        <channel name="F" type="integer" max="100"/><channel name="T" type="integer" units="ms"/>
      </traceFormat></inkSource>
    </context>
    <brush xml:id="b1"><brushProperty name="width" value="0.1" units="cm"/>
      <brushProperty name="color" value="#ff0000"/><brushProperty name="transparency" value="51"/></brush>
  </definitions>
  <traceGroup contextRef="#c1" brushRef="#b1">
    <trace>1 1 50 1000, 2 1
      60 1010</trace>
    <trace type="penUp">3 3 0 1100</trace>
    <trace>3 3 100 1200</trace>
  </traceGroup>
</ink>"##;

    #[test]
    fn contexts_brushes_and_pen_up_traces() {
        let p = parse(Path::new("t.inkml"), DOC, 0).unwrap();
        let s = &p.drawing.strokes;
        assert_eq!(s.len(), 2);
        assert_eq!(p.skipped.get("pen-up trace"), Some(&1));
        // cm -> mm, time from 0, pressure F/max.
        let q = s[0].points[1];
        assert_eq!((q.x, q.y, q.t_ms, q.pressure), (20.0, 10.0, 10.0, 0.6));
        assert_eq!(s[1].points[0].t_ms, 200.0);
        assert_eq!(s[0].style.width, 1.0);
        assert_eq!(s[0].style.color, Color::rgba(255, 0, 0, 204));
        assert!(p.drawing.meta.has_timing && p.drawing.meta.has_pressure);
    }

    #[test]
    fn errors_name_the_trace_and_line() {
        let bad = DOC.replace("3 3 100 1200", "3 3 100 1200 7");
        let e = parse(Path::new("t.inkml"), &bad, 0)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("trace 3, point 1") && e.contains("line 17"),
            "{e}"
        );
        let e = parse(Path::new("t.inkml"), "<ink><trace>1 2", 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1"), "{e}");
        let bad = DOC.replace("#c1", "#nope");
        let e = parse(Path::new("t.inkml"), &bad, 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("#nope"), "{e}");
    }
}
