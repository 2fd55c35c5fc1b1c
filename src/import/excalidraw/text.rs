//! Text elements as Excalidraw's canvas draws them (`renderElement.ts`, 0.18): the stored,
//! already wrapped `text` split into lines, each drawn with `fillText` at `textAlign`'s anchor
//! (0, width/2 or width) on the baseline `i × lineHeightPx + verticalOffset`, where
//! `verticalOffset` comes from the font's own ascender and descender in Excalidraw's table, all
//! rotated by `angle` about the centre of the stored box. Every glyph is a filled stroke naming its
//! outline ([`GlyphRef`]), so it is tessellated once wherever it appears; in a replay the glyphs
//! are typed, one after another.

use super::element::Element;
use super::sketch::Placement;
use crate::import::shapes;
use crate::import::timing::PenClock;
use crate::model::{Color, FillRule, GlyphRef, Point, Shape, Stroke, SubPath};
use crate::text::{self, Family, GlyphKey};

/// The longest one text element takes to type in a replay, in ms.
pub(crate) const TYPE_MS: f64 = 1200.0;
/// Time between two typed characters, in ms (a fast typist; longer texts go faster so that
/// they take at most [`TYPE_MS`]).
pub(crate) const KEY_MS: f64 = 45.0;
/// Largest distance between a glyph's flattened outline and its curves, in scene units.
pub(crate) const GLYPH_TOLERANCE: f32 = 0.05;

/// One of Excalidraw's fonts: the bundled family its glyphs come from, and the metrics
/// Excalidraw places lines with (`FONT_METADATA`: units per em, ascender, descender, default
/// line height), which are its table's, not necessarily the drawing font's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    pub family: Family,
    pub units_per_em: f32,
    pub ascender: f32,
    pub descender: f32,
    pub line_height: f32,
}

const fn font(family: Family, metrics: [f32; 4]) -> Font {
    let [units_per_em, ascender, descender, line_height] = metrics;
    Font {
        family,
        units_per_em,
        ascender,
        descender,
        line_height,
    }
}

/// Excalidraw's font for `fontFamily` `id` (its 0.18 table; 10, Assistant, from its successor).
/// Helvetica (2), which Excalidraw leaves to the system, is drawn in Liberation Sans, which has
/// its metrics. An unknown id gets Virgil's metrics, as in Excalidraw, and Liberation Sans for
/// the browser's default font.
pub(crate) fn font_of(id: Option<i64>) -> Font {
    match id {
        Some(1) => font(Family::Virgil, [1000.0, 886.0, -374.0, 1.25]),
        Some(2) => font(Family::LiberationSans, [2048.0, 1577.0, -471.0, 1.15]),
        Some(3) => font(Family::Cascadia, [2048.0, 1900.0, -480.0, 1.2]),
        Some(5) => font(Family::Excalifont, [1000.0, 886.0, -374.0, 1.25]),
        Some(6) => font(Family::Nunito, [1000.0, 1011.0, -353.0, 1.35]),
        Some(7) => font(Family::LilitaOne, [1000.0, 923.0, -220.0, 1.15]),
        Some(8) => font(Family::ComicShanns, [1000.0, 750.0, -250.0, 1.25]),
        Some(9) => font(Family::LiberationSans, [2048.0, 1854.0, -434.0, 1.15]),
        Some(10) => font(Family::Assistant, [2048.0, 1021.0, -287.0, 1.25]),
        _ => font(Family::LiberationSans, [1000.0, 886.0, -374.0, 1.25]),
    }
}

/// The font id of a legacy `font` string's family name (`"20px Virgil"`), Excalifont when
/// unknown, as Excalidraw's restore does.
fn legacy_family(name: &str) -> i64 {
    match name.trim().trim_matches('"') {
        "Virgil" => 1,
        "Helvetica" => 2,
        "Cascadia" => 3,
        "Nunito" => 6,
        "Lilita One" => 7,
        "Comic Shanns" => 8,
        "Liberation Sans" => 9,
        _ => 5,
    }
}

/// A text element's size and font id, from `fontSize`/`fontFamily` or a legacy `font`.
fn size_and_family(el: &Element) -> Result<(f32, Option<i64>), String> {
    let legacy = el.font.as_deref().and_then(|f| f.split_once(' '));
    let size = match (el.font_size, legacy) {
        (Some(s), _) => s,
        (None, Some((px, _))) => px.trim_end_matches("px").parse().unwrap_or(20.0),
        (None, None) => 20.0,
    };
    let size = shapes::usable(size, "fontSize")?;
    if size <= 0.0 {
        return Err(format!("fontSize {size} is not positive"));
    }
    let id = match (&el.font_family, legacy) {
        (Some(v), _) => v.as_i64(),
        (None, Some((_, name))) => Some(legacy_family(name)),
        (None, None) => None,
    };
    Ok((size, id))
}

/// The advance width of one line of text in font `id` at `size` (what canvas `measureText`
/// gives, for frame names).
pub(super) fn advance(line: &str, id: Option<i64>, size: f32) -> f32 {
    text::shape_line(line, &text::chain(font_of(id).family)).width * size
}

/// How a text is laid out: what [`strokes`] needs besides the element's box.
struct Layout {
    size: f32,
    font: Font,
    /// Line height in scene units.
    line: f32,
    /// The first baseline below the box's top.
    baseline: f32,
}

fn layout(el: &Element, lines: usize) -> Result<Layout, String> {
    let (size, id) = size_and_family(el)?;
    let font = font_of(id);
    // Excalidraw's restore: the stored line height, else the one the box implies, else the
    // font's.
    let implied = (el.height > 0.0).then(|| el.height / lines.max(1) as f64 / f64::from(size));
    let ratio = el
        .line_height
        .filter(|v| *v > 0.0)
        .or(implied)
        .map_or(font.line_height, |v| v as f32);
    let line = shapes::usable(f64::from(size * ratio), "lineHeight")?;
    let em = size / font.units_per_em;
    let baseline = (line + em * font.ascender + em * font.descender) / 2.0;
    Ok(Layout {
        size,
        font,
        line,
        baseline,
    })
}

/// A text element's glyphs as filled strokes, in reading order, typed at the pen clock's pace;
/// `origin` is where its box's top-left corner is drawn (an arrow's label moves to the arrow).
/// Characters no bundled font has are counted in `glyphs.missing`.
pub(super) fn strokes(
    el: &Element,
    color: Color,
    origin: (f32, f32),
    clock: &mut PenClock,
    glyphs_out: &mut Glyphs<'_>,
) -> Result<Vec<Stroke>, String> {
    let source = el.text.as_deref().unwrap_or("").replace("\r\n", "\n");
    let source = source.replace('\r', "\n");
    let lines: Vec<&str> = source.split('\n').collect();
    let layout = layout(el, lines.len())?;
    let (w, h) = (
        shapes::usable(el.width, "width")?,
        shapes::usable(el.height, "height")?,
    );
    let anchor = match el.text_align.as_deref() {
        Some("center") => 0.5,
        Some("right") => 1.0,
        _ => 0.0,
    };
    let at = Placement::of(el)?;
    let at = Placement {
        origin,
        centre: (origin.0 + w / 2.0, origin.1 + h / 2.0),
        ..at
    };
    let (sin, cos) = at.angle.sin_cos();
    let level = text::level_for(layout.size, GLYPH_TOLERANCE);
    let chain = text::chain(layout.font.family);
    let mut glyphs = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let shaped = text::shape_line(line, &chain);
        *glyphs_out.missing += shaped.missing;
        let x0 = anchor * (w - shaped.width * layout.size);
        let y = i as f32 * layout.line + layout.baseline;
        for g in &shaped.glyphs {
            let local = (x0 + g.x * layout.size, y + g.y * layout.size);
            let (ox, oy) = at.apply(local);
            let key = GlyphKey {
                face: g.face,
                id: g.id,
                level,
            };
            glyphs.push((
                key,
                GlyphRef {
                    key: key.pack(),
                    scale: layout.size,
                    rotation: [cos, sin],
                    offset: [ox, oy],
                },
            ));
        }
    }
    let times = clock.typed(glyphs.len(), KEY_MS, TYPE_MS);
    let style = shapes::outline_style(color, 1.0);
    let mut out = Vec::new();
    let mut points = 0usize;
    for ((key, place), t) in glyphs.into_iter().zip(times) {
        if points > glyphs_out.points_left {
            // Past the drawing's point limit: the caller reports it.
            break;
        }
        let Some(stroke) = text::outline(key.face, key.id, key.level)
            .and_then(|outline| glyph_stroke(&outline, place, t, style))
        else {
            continue;
        };
        points += stroke.points.len();
        out.push(stroke);
    }
    Ok(out)
}

/// What drawing a text counts, and how far it may go.
pub(super) struct Glyphs<'a> {
    /// Characters no bundled font has.
    pub(super) missing: &'a mut usize,
    /// Points the drawing may still have: the text stops just past them.
    pub(super) points_left: usize,
}

/// One placed glyph as a filled stroke at time `t`.
fn glyph_stroke(
    outline: &text::Outline,
    place: GlyphRef,
    t: f64,
    style: crate::model::StrokeStyle,
) -> Option<Stroke> {
    let mut subpaths = Vec::with_capacity(outline.contours.len());
    let mut points = Vec::new();
    for contour in &outline.contours {
        subpaths.push(SubPath {
            start: u32::try_from(points.len()).ok()?,
            closed: true,
        });
        points.extend(contour.iter().map(|&q| {
            let [x, y] = place.apply(q);
            Point::new(x, y, t)
        }));
    }
    Some(Stroke {
        points: points.into(),
        style,
        shape: Some(Box::new(Shape {
            subpaths,
            fill: Some(FillRule::NonZero),
            glyph: Some(place),
            image: None,
        })),
    })
}
