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
        points_left: max_points,
    };
    let list = List {
        path,
        field,
        bound: bound::Scene::new(elements),
        frames: frame::Frames::new(elements),
    };
    let mut labels = Vec::new();
    let mut strokes: Vec<Stroke> = Vec::new();
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
        if list.bound.drawn_with_container(el) {
            continue;
        }
        let drawn = if frame::is_frame(el) {
            let (drawn, label) = list.frame(&mut scene, i, el)?;
            labels.extend(label);
            drawn
        } else {
            list.element(&mut scene, i, el)?
        };
        let points = count_points(&drawn);
        if points > scene.points_left {
            return Err(ImportError::TooLarge {
                path: path.to_path_buf(),
                kind: Limit::Points,
                what: format!("the point count of the elements drawn up to {field}[{i}]"),
                limit: max_points as u64,
            });
        }
        scene.points_left -= points;
        strokes.extend(drawn);
    }
    Ok(scene.finish(path, strokes, labels))
}

fn count_points(strokes: &[Stroke]) -> usize {
    strokes.iter().map(|s| s.points.len()).sum()
}

/// The element list being drawn: where it is, and how its elements relate.
struct List<'a> {
    path: &'a Path,
    field: &'a str,
    bound: bound::Scene<'a>,
    frames: frame::Frames<'a>,
}

impl List<'_> {
    /// An error at element `i`.
    fn fail(&self, i: usize, el: &Element, message: String) -> ImportError {
        let id = if el.id.is_empty() {
            String::new()
        } else {
            format!(" (id {})", el.id)
        };
        ImportError::Malformed {
            path: self.path.to_path_buf(),
            place: Place::Field(format!("{}[{i}]{id}", self.field)),
            message,
        }
    }

    /// A frame's name label (returned, for the export bounds) and outline.
    fn frame(
        &self,
        scene: &mut Drawn,
        i: usize,
        el: &Element,
    ) -> Result<(Vec<Stroke>, Option<Element>), ImportError> {
        let mut out = Vec::new();
        let name = frame::label(el, |t| f64::from(text::advance(t, Some(2), 14.0)));
        if let Some(name) = &name {
            out.extend(scene.element(name, None).map_err(|m| self.fail(i, el, m))?);
        }
        out.extend(frame::outline(el, &mut scene.clock).map_err(|m| self.fail(i, el, m))?);
        Ok((out, name))
    }

    /// An element with its bound text (an arrow cut for its label), clipped to its frame.
    fn element(
        &self,
        scene: &mut Drawn,
        i: usize,
        el: &Element,
    ) -> Result<Vec<Stroke>, ImportError> {
        let mut drawn = scene.element(el, None).map_err(|m| self.fail(i, el, m))?;
        let label = self.bound.bound_text(el);
        if let Some((k, text)) = label.filter(|_| el.kind == "arrow") {
            let gap = bound::label_box(text, el).map_err(|m| self.fail(k, text, m))?;
            if let Some(gap) = clip::Region::rect(gap) {
                drawn = clip::cut(drawn, &gap, clip::Keep::Outside);
            }
        }
        if let Some((k, text)) = label {
            // The text may have what its container left of the budget.
            let left = scene.points_left;
            scene.points_left = left.saturating_sub(count_points(&drawn));
            let bound_text = scene.element(text, Some(el));
            scene.points_left = left;
            drawn.extend(bound_text.map_err(|m| self.fail(k, text, m))?);
        }
        if let Some(f) = self.frames.of(el) {
            drawn = frame::child(drawn, el, f);
        }
        Ok(drawn)
    }
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
    /// Points the drawing may still have (a text stops drawing just past it).
    points_left: usize,
}

impl Drawn {
    /// The drawing: its strokes and labels, with what was not drawn counted (and warned of).
    fn finish(mut self, path: &Path, strokes: Vec<Stroke>, labels: Vec<Element>) -> Drawing {
        for why in std::mem::take(&mut self.failed_images) {
            log::warn!(
                "{}: an image is drawn as a placeholder: {why}",
                path.display()
            );
            not_drawn(&mut self.skipped, &format!("image ({why})"));
        }
        if self.missing_glyphs > 0 {
            *self
                .skipped
                .entry("text character no font has".into())
                .or_insert(0) += self.missing_glyphs;
        }
        Drawing {
            strokes,
            skipped: self.skipped,
            has_pressure: self.has_pressure,
            labels,
        }
    }

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
                let mut glyphs = text::Glyphs {
                    missing: &mut self.missing_glyphs,
                    points_left: self.points_left,
                };
                text::strokes(el, stroke, origin, &mut self.clock, &mut glyphs)
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
