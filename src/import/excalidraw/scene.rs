//! One scene's elements drawn in Excalidraw's order (`renderStaticScene`): each element where
//! the list has it, a bound text right after its container (an arrow cut for its label), a
//! frame's name before its outline and its children clipped to it, embeds last.

use std::collections::BTreeMap;
use std::path::Path;

use super::element::Element;
use super::{bound, clip, color, draw, embed_box, frame, freedraw, image, text};
use crate::import::shapes::usable;
use crate::import::timing::{PenClock, WHITEBOARD_TIMING};
use crate::import::{not_drawn, ImportError, Limit, Place};
use crate::model::{Color, Stroke};

/// A scene drawn: its strokes, what was not drawn, whether any had pressure, and the frames'
/// name labels (which Excalidraw's export bounds take in).
pub(super) struct Drawing {
    pub(super) strokes: Vec<Stroke>,
    pub(super) skipped: BTreeMap<String, usize>,
    pub(super) has_pressure: bool,
    pub(super) labels: Vec<Element>,
}

/// Draw `elements` (the list at `field` of `path`'s document) on a canvas of `background`,
/// stopping with an error once the strokes pass `max_points` points.
pub(super) fn draw(
    path: &Path,
    field: &str,
    elements: &[Element],
    background: Color,
    files: image::Files,
    max_points: usize,
) -> Result<Drawing, ImportError> {
    let mut scene = Drawn {
        background,
        clock: PenClock::new(WHITEBOARD_TIMING),
        skipped: BTreeMap::new(),
        has_pressure: false,
        missing_glyphs: 0,
        files,
        failed_images: Vec::new(),
    };
    let bound = bound::Scene::new(elements);
    let frames = frame::Frames::new(elements);
    let mut labels = Vec::new();
    let mut strokes: Vec<Stroke> = Vec::new();
    let (mut points, mut counted) = (0usize, 0usize);
    // Embeds are drawn after everything else, in their own order.
    let embeds = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| embed_box::is_embed(e));
    let order = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| !embed_box::is_embed(e))
        .chain(embeds);
    for (i, el) in order {
        if el.is_deleted {
            not_drawn(&mut scene.skipped, "deleted");
            continue;
        }
        if bound.drawn_with_container(el) {
            continue;
        }
        let place = |i: usize, el: &Element| {
            let id = if el.id.is_empty() {
                String::new()
            } else {
                format!(" (id {})", el.id)
            };
            Place::Field(format!("{field}[{i}]{id}"))
        };
        let fail = |i, el, message| ImportError::Malformed {
            path: path.to_path_buf(),
            place: place(i, el),
            message,
        };
        if frame::is_frame(el) {
            let name = frame::label(el, |t| f64::from(text::advance(t, Some(2), 14.0)));
            if let Some(name) = name {
                strokes.extend(scene.element(&name, None).map_err(|m| fail(i, el, m))?);
                labels.push(name);
            }
            strokes.extend(frame::outline(el, &mut scene.clock).map_err(|m| fail(i, el, m))?);
            continue;
        }
        let mut drawn = scene.element(el, None).map_err(|m| fail(i, el, m))?;
        let label = bound.bound_text(el);
        if let Some((k, text)) = label.filter(|_| el.kind == "arrow") {
            let gap = bound::label_box(text, el).map_err(|m| fail(k, text, m))?;
            if let Some(gap) = clip::Region::rect(gap) {
                drawn = clip::cut(drawn, &gap, clip::Keep::Outside);
            }
        }
        if let Some((k, text)) = label {
            let bound_text = scene
                .element(text, Some(el))
                .map_err(|m| fail(k, text, m))?;
            drawn.extend(bound_text);
        }
        if let Some(f) = frames.of(el) {
            drawn = frame::child(drawn, el, f);
        }
        strokes.extend(drawn);
        points += count_points(&strokes[counted..]);
        counted = strokes.len();
        if points > max_points {
            return Err(ImportError::TooLarge {
                path: path.to_path_buf(),
                kind: Limit::Points,
                what: format!("point count of the elements drawn up to {field}[{i}] ({points})"),
                limit: max_points as u64,
            });
        }
    }
    for why in std::mem::take(&mut scene.failed_images) {
        log::warn!(
            "{}: an image is drawn as a placeholder: {why}",
            path.display()
        );
        not_drawn(&mut scene.skipped, &format!("image ({why})"));
    }
    if scene.missing_glyphs > 0 {
        *scene
            .skipped
            .entry("text character no font has".into())
            .or_insert(0) += scene.missing_glyphs;
    }
    Ok(Drawing {
        strokes,
        skipped: scene.skipped,
        has_pressure: scene.has_pressure,
        labels,
    })
}

fn count_points(strokes: &[Stroke]) -> usize {
    strokes.iter().map(|s| s.points.len()).sum()
}

/// What drawing a scene's elements keeps between them.
struct Drawn {
    /// The canvas colour the `_outline` arrowheads are filled with.
    background: Color,
    clock: PenClock,
    skipped: BTreeMap<String, usize>,
    has_pressure: bool,
    /// Text characters no bundled font has.
    missing_glyphs: usize,
    /// The scene's image files, decoded as elements show them.
    files: image::Files,
    /// Why each image not drawn was not.
    failed_images: Vec<String>,
}

impl Drawn {
    /// The strokes of one element in drawing order (none, and counted, when it is not drawn);
    /// `container` is the shape or arrow a bound text is drawn with.
    fn element(
        &mut self,
        el: &Element,
        container: Option<&Element>,
    ) -> Result<Vec<Stroke>, String> {
        usable(el.stroke_width, "strokeWidth")?;
        let stroke = color(el.stroke_color.as_deref(), el.opacity);
        match el.kind.as_str() {
            "freedraw" => freedraw::strokes(el, stroke, &mut self.clock, &mut self.has_pressure),
            "line" | "arrow" | "rectangle" | "ellipse" | "diamond" => {
                draw::element(el, stroke, self.background, &mut self.clock)
            }
            "embeddable" | "iframe" => {
                let boxed = embed_box::frame(el);
                let outline = color(boxed.stroke_color.as_deref(), boxed.opacity);
                let mut out = draw::element(&boxed, outline, self.background, &mut self.clock)?;
                let width_of =
                    |t: &str, size: f64| f64::from(text::advance(t, Some(2), size as f32));
                if let Some(label) = embed_box::label(el, width_of) {
                    out.extend(self.element(&label, None)?);
                }
                Ok(out)
            }
            "image" => image::strokes(
                el,
                &mut self.files,
                &mut self.clock,
                &mut self.failed_images,
            ),
            "text" => {
                let origin = bound::text_origin(el, container)?;
                text::strokes(
                    el,
                    stroke,
                    origin,
                    &mut self.clock,
                    &mut self.missing_glyphs,
                )
            }
            other => {
                not_drawn(
                    &mut self.skipped,
                    if other.is_empty() {
                        "element without type"
                    } else {
                        other
                    },
                );
                Ok(Vec::new())
            }
        }
    }
}
