//! The text engine: bundled fonts, shaping and glyph outlines.
//!
//! - `face`: a decoded font (rustybuzz's face and its units per em).
//! - `fonts`: the bundled [`Family`]s (Excalidraw's fonts, as the woff2 files it serves, and
//!   Liberation Sans), compiled in and decoded once, on first use. Fonts are never read from
//!   the drawing being imported.
//! - `shape`: a line shaped by rustybuzz into glyphs along a baseline ([`shape_line`]), each
//!   character from the first font of a [`chain`] that has it.
//! - `outline`: a glyph's contours flattened into polygons in ems ([`outline`]), once per glyph
//!   and flattening level.
//! - `system`: characters no bundled font has (CJK, other scripts) from the machine's fonts,
//!   found by fontdb on first need.
//!
//! Importers place glyphs and make each one a filled stroke that names its outline
//! ([`GlyphKey`]), so that `tess` tessellates a glyph once and copies the mesh to every place it
//! appears.

mod face;
mod fonts;
mod outline;
mod shape;
mod system;

pub(crate) use fonts::{FaceId, Family};
pub(crate) use outline::{level_for, outline, Outline};
pub(crate) use shape::shape_line;
#[cfg(test)]
use shape::Glyph;

/// A glyph's outline at one flattening level, as one number: what `model::GlyphRef::key` holds
/// for text, so that every stroke with the same key has the same shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct GlyphKey {
    pub(crate) face: FaceId,
    pub(crate) id: u16,
    pub(crate) level: u8,
}

impl GlyphKey {
    /// The key as a number (face, glyph and level in separate bytes).
    pub(crate) fn pack(self) -> u64 {
        (u64::from(self.face.0) << 24) | (u64::from(self.id) << 8) | u64::from(self.level)
    }
}

/// The fonts a family's text is drawn from, in order: its own files, then Liberation Sans,
/// Excalifont and Nunito for what they lack (Latin, Greek, Cyrillic, Vietnamese) and Noto Emoji
/// (where a browser would take a system font); what none has comes from the system's fonts
/// (`system.rs`), as in a browser.
pub(crate) fn chain(family: Family) -> Vec<FaceId> {
    let mut out: Vec<FaceId> = family.faces().collect();
    for fallback in [
        Family::LiberationSans,
        Family::Excalifont,
        Family::Nunito,
        Family::NotoEmoji,
    ] {
        if fallback != family {
            out.extend(fallback.faces());
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
