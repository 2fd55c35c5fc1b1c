//! What gives an InkML trace its meaning: trace formats (channels, their units and resolutions),
//! contexts and brushes, and the element helpers they share (see the [parent module](super)).

use std::collections::HashMap;
use std::rc::Rc;

use roxmltree::Node;

use crate::model::Color;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Most channels a trace format may declare.
const MAX_CHANNELS: usize = 64;

/// A channel of a trace format: a value every point carries.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Channel {
    /// Its name (`X`, `Y`, `T`, `F`, …).
    pub(super) name: String,
    /// Whether `scale` converts to mm (X/Y with a known length unit).
    pub(super) length: bool,
    /// Multiply a value by this to get the unit inkplay uses (mm for lengths, ms for time).
    pub(super) scale: f64,
    /// The `max` it declares.
    pub(super) max: Option<f64>,
}

/// A `<context>`: a trace format, a brush and a sample rate, each optional.
#[derive(Debug, Clone, Default)]
pub(super) struct Context {
    /// Its channels, when it gives a trace format (shared with the traces that use it).
    pub(super) channels: Option<Rc<[Channel]>>,
    /// The id of its brush.
    pub(super) brush: Option<String>,
    /// Point spacing from `sampleRate` (ms).
    pub(super) sample_ms: Option<f64>,
}

/// A `<brush>`: what strokes drawn with it look like.
#[derive(Debug, Clone, Copy)]
pub(super) struct Brush {
    /// Colour, `transparency` applied.
    pub(super) color: Color,
    /// Width in mm.
    pub(super) width_mm: Option<f64>,
    /// `ignorePressure`: draw at 0.5 whatever the `F` channel says.
    pub(super) ignore_pressure: bool,
}

/// An element's name without its namespace prefix.
pub(super) fn local<'a>(n: &Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

/// An element's `xml:id` (or plain `id`).
pub(super) fn xml_id<'a>(n: &Node<'a, '_>) -> Option<&'a str> {
    n.attribute((XML_NS, "id")).or_else(|| n.attribute("id"))
}

/// The id a `#id` reference names.
pub(super) fn reference(r: &str) -> &str {
    r.trim().trim_start_matches('#')
}

/// The elements at most `depth` levels below `n`, in document order. Definitions are read this
/// near their element (the InkML schema nests them at most three deep: a context's
/// `inkSource/channelProperties/channelProperty`), so nested definitions cost no more than their
/// own elements; searching every descendant made `D` nested contexts cost `D²`.
pub(super) fn near<'a, 'i>(n: &Node<'a, 'i>, depth: usize) -> impl Iterator<Item = Node<'a, 'i>> {
    let mut stack: Vec<(Node<'a, 'i>, usize)> = n
        .children()
        .filter(Node::is_element)
        .map(|c| (c, 1))
        .collect();
    stack.reverse();
    std::iter::from_fn(move || {
        let (c, d) = stack.pop()?;
        if d < depth {
            let at = stack.len();
            stack.extend(c.children().filter(Node::is_element).map(|k| (k, d + 1)));
            stack[at..].reverse();
        }
        Some(c)
    })
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

/// The channels of a `<traceFormat>`, with X/Y scaled to mm and T to ms where units allow.
pub(super) fn trace_format(
    n: &Node,
    props: Option<&HashMap<String, (f64, String)>>,
) -> Result<Vec<Channel>, String> {
    let mut out = Vec::new();
    for c in near(n, 2).filter(|c| local(c) == "channel") {
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

/// A `<context>`: its trace format (inline, with `channelProperties` resolutions, or by
/// `traceFormatRef`), brush and sample rate.
pub(super) fn context(n: &Node, formats: &HashMap<&str, Rc<[Channel]>>) -> Result<Context, String> {
    // Resolutions from channelProperties: channel -> (value, units).
    let mut props: HashMap<String, (f64, String)> = HashMap::new();
    for p in near(n, 3).filter(|p| local(p) == "channelProperty") {
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
    let direct = near(n, 2)
        .find(|c| local(c) == "traceFormat")
        .map(|f| trace_format(&f, Some(&props)).map(Rc::from))
        .transpose()?;
    let by_ref = n
        .attribute("traceFormatRef")
        .and_then(|r| formats.get(reference(r)).cloned());
    let sample_ms = near(n, 2)
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

/// A `<brush>` from its `brushProperty`s.
pub(super) fn brush(n: &Node) -> Brush {
    let mut b = Brush {
        color: Color::BLACK,
        width_mm: None,
        ignore_pressure: false,
    };
    let mut transparency = 0.0;
    for p in near(n, 2).filter(|p| local(p) == "brushProperty") {
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
