//! The bundled fonts: each [`Family`] is a list of font files (a family split by Unicode range,
//! as Excalidraw serves it, is several), compiled into the library from `assets/fonts/` and
//! decoded on first use. Fonts are never read from a drawing.

use std::sync::OnceLock;

use super::face::Face;

/// A typeface inkplay bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Family {
    /// Excalidraw's first hand-drawn font (`fontFamily` 1).
    Virgil,
    /// Excalidraw's default hand-drawn font (5).
    Excalifont,
    /// Nunito (6).
    Nunito,
    /// Lilita One (7).
    LilitaOne,
    /// Comic Shanns (8).
    ComicShanns,
    /// Cascadia Code (3).
    Cascadia,
    /// Liberation Sans 2 (9, and Helvetica's stand-in: its metrics are Helvetica's and Arial's).
    LiberationSans,
    /// Assistant (10 in Excalidraw since 0.18's successor).
    Assistant,
    /// Noto Emoji: monochrome outlines of every emoji, drawn in the text's colour (the
    /// fallback where a browser would take the system's emoji font).
    NotoEmoji,
}

/// One bundled font file.
struct FaceFile {
    name: &'static str,
    bytes: &'static [u8],
    family: Family,
}

macro_rules! face {
    ($family:ident, $file:literal) => {
        FaceFile {
            name: $file,
            bytes: include_bytes!(concat!("../../assets/fonts/", $file)),
            family: Family::$family,
        }
    };
}

/// Every bundled file; a family's files in the order glyphs are looked up (Latin first).
static FILES: [FaceFile; 23] = [
    face!(Virgil, "virgil.woff2"),
    face!(Excalifont, "excalifont-latin.woff2"),
    face!(Excalifont, "excalifont-latin-ext.woff2"),
    face!(Excalifont, "excalifont-cyrillic.woff2"),
    face!(Excalifont, "excalifont-cyrillic-ext.woff2"),
    face!(Excalifont, "excalifont-greek.woff2"),
    face!(Excalifont, "excalifont-diacritics.woff2"),
    face!(Excalifont, "excalifont-modifiers.woff2"),
    face!(Nunito, "nunito-latin.woff2"),
    face!(Nunito, "nunito-latin-ext.woff2"),
    face!(Nunito, "nunito-cyrillic.woff2"),
    face!(Nunito, "nunito-cyrillic-ext.woff2"),
    face!(Nunito, "nunito-vietnamese.woff2"),
    face!(LilitaOne, "lilita-latin.woff2"),
    face!(LilitaOne, "lilita-latin-ext.woff2"),
    face!(ComicShanns, "comic-shanns-latin.woff2"),
    face!(ComicShanns, "comic-shanns-latin-ext.woff2"),
    face!(ComicShanns, "comic-shanns-symbols.woff2"),
    face!(ComicShanns, "comic-shanns-greek.woff2"),
    face!(Cascadia, "cascadia-code.woff2"),
    face!(LiberationSans, "liberation-sans.ttf"),
    face!(Assistant, "assistant.woff2"),
    face!(NotoEmoji, "noto-emoji.woff2"),
];

/// A bundled font file, by its place in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct FaceId(pub(crate) u8);

static DECODED: [OnceLock<Option<Face>>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];

impl Family {
    /// The family's files, in lookup order.
    pub(crate) fn faces(self) -> impl Iterator<Item = FaceId> {
        FILES
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.family == self)
            .map(|(i, _)| FaceId(i as u8))
    }
}

impl FaceId {
    /// The decoded font; `None` (logged once) if a bundled file does not decode, which a test
    /// rules out for every file.
    pub(crate) fn face(self) -> Option<&'static Face> {
        let Some(file) = FILES.get(usize::from(self.0)) else {
            return super::system::face(usize::from(self.0) - FILES.len());
        };
        DECODED[usize::from(self.0)]
            .get_or_init(|| match decode(file) {
                Ok(face) => Some(face),
                Err(e) => {
                    log::error!("bundled font {}: {e}", file.name);
                    None
                }
            })
            .as_ref()
    }
}

/// Decode a bundled file (woff2 to sfnt; a TTF as it is). The decoded bytes live as long as
/// the process, like the bundled ones: each file is decoded once.
fn decode(file: &FaceFile) -> Result<Face, String> {
    let bytes: &'static [u8] = if file.name.ends_with(".woff2") {
        let sfnt = wuff::decompress_woff2(file.bytes).map_err(|e| format!("woff2: {e:?}"))?;
        Box::leak(sfnt.into_boxed_slice())
    } else {
        file.bytes
    };
    let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or("not a font")?;
    let units_per_em = shaper.units_per_em() as f32;
    Ok(Face {
        shaper,
        units_per_em,
    })
}

impl FaceId {
    /// The id of the system face `k` (see `system.rs`), if ids are left for it.
    pub(crate) fn system(k: usize) -> Option<Self> {
        u8::try_from(FILES.len() + k).ok().map(FaceId)
    }
}

/// Every bundled file's id, for tests and the size report.
#[cfg(test)]
pub(crate) fn all() -> impl Iterator<Item = FaceId> {
    (0..FILES.len()).map(|i| FaceId(i as u8))
}
