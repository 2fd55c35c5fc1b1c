//! Embeds (`embeddable`, `iframe`) as Excalidraw's export draws them (`staticScene.ts`,
//! `Shape.ts`, `embeddable.ts`, 0.18): after every other element, a box (flat `#d3d3d3` when its
//! stroke and background are both transparent, as new embeds are; an iframe's black outline on
//! `#f4f4f6` otherwise, an embeddable its own style) with a label centred on it: its link
//! ("IFrame element" for an iframe, "Empty Web-Embed" without a link) in Helvetica, sized
//! `max(min(w/2, w/len), w/30)` and wrapped to the box's width less 20. The page itself is never
//! fetched.

use super::element::Element;
use crate::import::rough::FillStyle;

/// Whether an element is an embed.
pub(super) fn is_embed(el: &Element) -> bool {
    matches!(el.kind.as_str(), "embeddable" | "iframe")
}

fn transparent(c: Option<&str>) -> bool {
    matches!(c, None | Some("transparent") | Some(""))
}

/// The rectangle Excalidraw draws for an embed (`modifyIframeLikeForRoughOptions`).
pub(super) fn frame(el: &Element) -> Element {
    let mut e = el.clone();
    e.kind = "rectangle".into();
    let (stroke, bg) = (el.stroke_color.as_deref(), el.background_color.as_deref());
    if transparent(stroke) && transparent(bg) {
        e.roughness = Some(0.0);
        e.background_color = Some("#d3d3d3".into());
        e.fill_style = Some(FillStyle::Solid);
    } else if el.kind == "iframe" {
        if transparent(stroke) {
            e.stroke_color = Some("#000000".into());
        }
        if transparent(bg) {
            e.background_color = Some("#f4f4f6".into());
        }
    }
    e
}

/// The label Excalidraw puts on an embed (`createPlaceholderEmbeddableLabel`), lines wrapped by
/// `width_of(text, size)`.
pub(super) fn label(el: &Element, width_of: impl Fn(&str, f64) -> f64) -> Option<Element> {
    let (w, h) = (el.width, el.height);
    if !(w > 0.0 && h > 0.0) {
        return None;
    }
    let text = match (el.kind.as_str(), el.link.as_deref()) {
        ("iframe", _) => "IFrame element".to_string(),
        (_, Some(l)) if !l.is_empty() => l.to_string(),
        _ => "Empty Web-Embed".to_string(),
    };
    let len = text.chars().count().max(1) as f64;
    let size = (w / 2.0).min(w / len).max(w / 30.0);
    let lines = wrap(&text, (w - 20.0).max(0.0), |t| width_of(t, size));
    let line_height = 1.15;
    let height = size * line_height * lines.len() as f64;
    let width = lines.iter().map(|l| width_of(l, size)).fold(0.0, f64::max);
    let color = el
        .stroke_color
        .as_deref()
        .filter(|c| *c != "transparent")
        .unwrap_or("black");
    serde_json::from_value(serde_json::json!({
        "type": "text",
        "x": el.x + w / 2.0 - width / 2.0,
        "y": el.y + h / 2.0 - height / 2.0,
        "width": width,
        "height": height,
        "angle": el.angle.unwrap_or(0.0),
        "text": lines.join("\n"),
        "fontSize": size,
        "fontFamily": 2,
        "lineHeight": line_height,
        "textAlign": "center",
        "strokeColor": color,
    }))
    .ok()
}

/// Greedy wrapping at spaces within `max` (a word longer than a line is broken by characters),
/// as Excalidraw's `wrapText` does for a single paragraph.
fn wrap(text: &str, max: f64, width_of: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width_of(&candidate) <= max || line.is_empty() && width_of(word) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            let next = format!("{line}{c}");
            if !line.is_empty() && width_of(&next) > max {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_within_the_width_and_long_ones_break() {
        let w = |t: &str| t.chars().count() as f64;
        assert_eq!(wrap("ab cd ef", 5.0, w), ["ab cd", "ef"]);
        assert_eq!(wrap("abcdefgh", 3.0, w), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 3.0, w), [""]);
    }
}
