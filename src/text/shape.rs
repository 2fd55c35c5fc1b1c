//! One line of text shaped with rustybuzz into glyphs placed along a baseline, each character
//! taken from the first font of a chain that has it.

use super::fonts::FaceId;

/// One shaped glyph: which font, which glyph, and where its origin sits on the line (in units of
/// the font size, x right from the line's start, y down from the baseline).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    pub(crate) face: FaceId,
    pub(crate) id: u16,
    pub(crate) x: f32,
    pub(crate) y: f32,
}

/// A shaped line: its glyphs in visual order, its advance width (in ems) and the characters no
/// font of the chain has (not drawn).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Line {
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) width: f32,
    pub(crate) missing: usize,
}

/// Shape `text` (one line) with the fonts of `chain`, in ems. ASCII whitespace is a space, as on
/// a canvas; a character no font of the chain has comes from a system font that has it, and one
/// that none has is counted in [`Line::missing`] and takes no room. Each run of characters from one font is shaped on its own (kerning and ligatures
/// within it), and runs follow each other left to right.
pub(crate) fn shape_line(text: &str, chain: &[FaceId]) -> Line {
    let text: String = text
        .chars()
        .map(|c| if c.is_ascii_whitespace() { ' ' } else { c })
        .collect();
    let mut line = Line::default();
    for (face, range) in runs(&text, chain) {
        match face {
            Some(face) => shape_run(&text[range], face, &mut line),
            None => line.missing += text[range].chars().count(),
        }
    }
    line
}

/// Split `text` into runs of one font each (`None`: no font has the characters). Spaces and
/// combining marks stay with the run before them when its font has them.
fn runs(text: &str, chain: &[FaceId]) -> Vec<(Option<FaceId>, std::ops::Range<usize>)> {
    let has = |f: FaceId, c: char| {
        f.face()
            .is_some_and(|face| face.shaper.glyph_index(c).is_some())
    };
    let mut out: Vec<(Option<FaceId>, std::ops::Range<usize>)> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if let Some((Some(f), r)) = out.last_mut() {
            if has(*f, c) {
                r.end = end;
                continue;
            }
        }
        let face = chain
            .iter()
            .copied()
            .find(|&f| has(f, c))
            .or_else(|| (!c.is_whitespace()).then(|| system_face(c)).flatten());
        match out.last_mut() {
            Some((last, r)) if *last == face => r.end = end,
            _ => out.push((face, i..end)),
        }
    }
    out
}

/// A system font's face for a character no font of the chain has.
fn system_face(c: char) -> Option<FaceId> {
    FaceId::system(super::system::face_for(c)?)
}

/// Shape one run in one font and append its glyphs at the line's pen position.
fn shape_run(text: &str, face_id: FaceId, line: &mut Line) {
    let Some(face) = face_id.face() else {
        line.missing += text.chars().count();
        return;
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    let em = 1.0 / face.units_per_em;
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        let Ok(id) = u16::try_from(info.glyph_id) else {
            continue;
        };
        if id == 0 {
            line.missing += 1;
        } else {
            line.glyphs.push(Glyph {
                face: face_id,
                id,
                x: line.width + pos.x_offset as f32 * em,
                y: -(pos.y_offset as f32) * em,
            });
        }
        line.width += pos.x_advance as f32 * em;
    }
}
