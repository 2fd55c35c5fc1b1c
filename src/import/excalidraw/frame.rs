//! Frames as Excalidraw's export draws them (`renderElement.ts`, `staticScene.ts`,
//! `scene/export.ts`, 0.18): the name above the frame (Helvetica 14 px, `#999999`, at the frame's
//! left, 3 units above it, cut to the frame's width with "..."), then the frame's own outline
//! (a rounded rectangle, radius 8, 2 units wide, `#bbb`; a magic frame's `#7affd7`; never rough,
//! never rotated, its own style ignored). Its children (elements whose `frameId` names it) take
//! its opacity and are clipped to its rounded box where they cross its edge, contain it, or are grouped
//! and not wholly inside; a child wholly outside and in no group is drawn in full, as in
//! Excalidraw. A child whose frame is missing is an ordinary element.

use std::collections::HashMap;

use super::bounds;
use super::element::Element;
use crate::import::shapes;
use crate::import::timing::PenClock;
use crate::model::{BBox, Color, Point, Shape, Stroke, SubPath};

/// `FRAME_STYLE.radius`: the outline's corner radius.
const RADIUS: f32 = 8.0;
/// `FRAME_STYLE.strokeWidth`.
const WIDTH: f32 = 2.0;
/// The name's size, line height and gap above the frame (`nameFontSize`, `nameLineHeight`,
/// `nameOffsetY`).
const NAME_SIZE: f64 = 14.0;
const NAME_LINE_HEIGHT: f64 = 1.25;
const NAME_OFFSET: f64 = 3.0;

/// Whether an element is a frame.
pub(super) fn is_frame(el: &Element) -> bool {
    matches!(el.kind.as_str(), "frame" | "magicframe")
}

/// The scene's frames by id.
pub(super) struct Frames<'a> {
    by_id: HashMap<&'a str, &'a Element>,
}

impl<'a> Frames<'a> {
    pub(super) fn new(elements: &'a [Element]) -> Self {
        let by_id = elements
            .iter()
            .filter(|e| !e.is_deleted && is_frame(e) && !e.id.is_empty())
            .map(|e| (e.id.as_str(), e))
            .collect();
        Self { by_id }
    }

    /// The frame `el` is in, if it is in the scene.
    pub(super) fn of(&self, el: &Element) -> Option<&'a Element> {
        self.by_id.get(el.frame_id.as_deref()?).copied()
    }
}

/// A frame's box (`angle` is ignored, as Excalidraw's outline and clip ignore it).
fn frame_box(frame: &Element) -> Option<BBox> {
    let (x, y) = (frame.x as f32, frame.y as f32);
    BBox::from_points([(x, y), (x + frame.width as f32, y + frame.height as f32)])
}

/// The text element Excalidraw adds above a frame for its name (`addFrameLabelsAsTextElements`):
/// `name`, or "Frame" ("AI Frame" for a magic frame) when it has none, cut with "..." to the
/// frame's width as `truncateText` does, measured in `width_of` units.
pub(super) fn label(frame: &Element, width_of: impl Fn(&str) -> f64) -> Option<Element> {
    let name = match frame.name.as_deref() {
        Some(n) => n.to_string(),
        None if frame.kind == "magicframe" => "AI Frame".to_string(),
        None => "Frame".to_string(),
    };
    let name = name.replace("\r\n", "\n").replace('\t', "        ");
    let lines = name.split('\n').count().max(1);
    let height = NAME_SIZE * NAME_LINE_HEIGHT * lines as f64;
    let mut width = name.split('\n').map(&width_of).fold(0.0, f64::max);
    let mut text = name.clone();
    if width > frame.width {
        let chars: Vec<char> = name.chars().collect();
        if let Some(fit) = (1..=chars.len())
            .rev()
            .map(|i| format!("{}...", chars[..i].iter().collect::<String>()))
            .find(|c| width_of(c) <= frame.width)
        {
            text = fit;
        }
        width = frame.width;
    }
    serde_json::from_value(serde_json::json!({
        "type": "text",
        "x": frame.x,
        "y": frame.y - NAME_OFFSET - height,
        "width": width,
        "height": height,
        "text": text,
        "fontSize": NAME_SIZE,
        "fontFamily": 2,
        "lineHeight": NAME_LINE_HEIGHT,
        "strokeColor": "#999999",
    }))
    .ok()
}

/// A frame's outline, drawn at the pen's pace.
pub(super) fn outline(frame: &Element, clock: &mut PenClock) -> Result<Vec<Stroke>, String> {
    let (x, y) = (shapes::usable(frame.x, "x")?, shapes::usable(frame.y, "y")?);
    let (w, h) = (
        shapes::usable(frame.width, "width")?,
        shapes::usable(frame.height, "height")?,
    );
    let color: Color = if frame.kind == "magicframe" {
        Color::rgba(0x7a, 0xff, 0xd7, 255)
    } else {
        Color::rgba(0xbb, 0xbb, 0xbb, 255)
    };
    let color = color.with_opacity((frame.opacity / 100.0) as f32);
    let path: Vec<(f32, f32, f32)> = shapes::rectangle(w, h, RADIUS)
        .into_iter()
        .map(|(px, py)| (x + px, y + py, Point::DEFAULT_PRESSURE))
        .collect();
    let points = clock.stroke(path);
    let mut style = shapes::outline_style(color, WIDTH);
    style.cap = crate::model::LineCap::Butt;
    Ok(vec![Stroke {
        points: points.into(),
        style,
        shape: Some(Box::new(Shape {
            subpaths: vec![SubPath {
                start: 0,
                closed: true,
            }],
            fill: None,
            glyph: None,
            image: None,
        })),
    }])
}

/// A child's strokes as its frame shows them: with the frame's opacity, and clipped to it when
/// Excalidraw clips it (`shouldApplyFrameClip`).
pub(super) fn child(strokes: Vec<Stroke>, el: &Element, frame: &Element) -> Vec<Stroke> {
    let opacity = (frame.opacity / 100.0) as f32;
    let strokes = strokes.into_iter().map(|mut s| {
        s.style.color = s.style.color.with_opacity(opacity);
        if let Some(image) = s.shape.as_mut().and_then(|sh| sh.image.as_mut()) {
            image.opacity *= opacity;
        }
        s
    });
    let (Some(f), Some(b)) = (frame_box(frame), bounds::element_bounds(el)) else {
        return strokes.collect();
    };
    let inside =
        b.min_x >= f.min_x && b.max_x <= f.max_x && b.min_y >= f.min_y && b.max_y <= f.max_y;
    let overlaps = b.min_x < f.max_x && b.max_x > f.min_x && b.min_y < f.max_y && b.max_y > f.min_y;
    let grouped = !el.group_ids.is_empty();
    let clipped = !inside && (overlaps || grouped);
    let region = super::clip::Region::rounded(f, RADIUS, |p| p);
    if let (true, Some(region)) = (clipped, region) {
        super::clip::cut(strokes.collect(), &region, super::clip::Keep::Inside)
    } else {
        strokes.collect()
    }
}
