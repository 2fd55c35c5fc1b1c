//! The table of formats, [`FORMATS`]: one row per [`Format`] with its name, its file extensions,
//! how its content is recognised, its parser and what help text calls it.
//!
//! Everything that lists formats is driven by it: [`detect`](super::detect) tries the rows in
//! order, [`load_as`](super::load_as) runs a row's parser, [`Format::name`] is a row's name, and the
//! FILE help ([`file_help`]) and the unsupported-format message list the rows' labels. Adding a
//! format is adding a row (and its [`Format`] variant).

use std::fmt;
use std::path::Path;

use super::{excalidraw, freehand, gml, inkml, native, quickdraw, samples, svg, tldraw};
use super::{Format, ImportError, ImportLimits, Parsed};

/// A format's parser: drawing `index` of `text`, the content of the file `path` (named in
/// messages), under `limits` (most parsers leave them to `finish`).
pub(crate) type Parser = fn(&Path, &str, usize, &ImportLimits) -> Result<Parsed, ImportError>;

/// What detection looks at in a file's text.
#[derive(Debug)]
pub(crate) struct Content<'t> {
    /// The whole text.
    pub(crate) text: &'t str,
    /// Its first 4096 characters.
    pub(crate) head: String,
    /// Its first line that is not blank (empty when there is none).
    pub(crate) first_line: &'t str,
}

impl<'t> Content<'t> {
    /// What detection looks at in `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        Self {
            text,
            head: text.chars().take(4096).collect(),
            first_line: text.lines().find(|l| !l.trim().is_empty()).unwrap_or(""),
        }
    }

    /// Whether the head starts with `c` after whitespace (`{` for JSON, `<` for markup).
    fn opens(&self, c: char) -> bool {
        self.head.trim_start().starts_with(c)
    }

    /// Whether the head starts with `<` after a byte-order mark and whitespace.
    fn xml(&self) -> bool {
        self.head
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<')
    }
}

/// One row of [`FORMATS`].
#[derive(Debug)]
pub(crate) struct FormatInfo {
    /// The format.
    pub(crate) format: Format,
    /// Its name, shown by `inkplay info` and stored in converted files ([`Format::name`]).
    pub(crate) name: &'static str,
    /// Endings of a lowercase file name that say a file is in this format (e.g. `.tldr`).
    pub(crate) extensions: &'static [&'static str],
    /// Whether content is in this format, tried when no extension matched; `None` for a format
    /// that is never recognised from content on its own.
    pub(crate) sniff: Option<fn(&Content) -> bool>,
    /// For a row that stands for a family of formats, which one the content is in (Quick, Draw!:
    /// raw or simplified); `None` when a match is this row's format.
    pub(crate) variant: Option<fn(&Content) -> Format>,
    /// Its parser.
    pub(crate) parse: Parser,
    /// What help and error messages call it; `None` for a row not listed on its own.
    pub(crate) label: Option<&'static str>,
}

/// Every format, in detection order: the first row whose extension ends the file name, or whose
/// `sniff` accepts the content, names the format (the name is checked before the content row by
/// row, so a row's content test wins over a later row's extension).
pub(crate) static FORMATS: &[FormatInfo] = &[
    FormatInfo {
        format: Format::Native,
        name: "inkplay",
        extensions: &[".inkplay.json"],
        sniff: Some(|c| c.head.contains("\"format\"") && c.head.contains("\"inkplay\"")),
        variant: None,
        parse: |path, text, index, _| native::parse(path, text, index),
        label: Some("inkplay"),
    },
    FormatInfo {
        format: Format::Excalidraw,
        name: "excalidraw",
        extensions: &[".excalidraw", ".excalidrawlib", ".excalidraw.svg"],
        sniff: Some(|c| {
            (c.opens('{') && excalidraw::sniff(&c.head))
                || (c.xml() && excalidraw::sniff_svg(c.text))
        }),
        variant: None,
        parse: |path, text, index, limits| excalidraw::parse_text(path, text, index, limits),
        label: Some("Excalidraw"),
    },
    FormatInfo {
        format: Format::InkMl,
        name: "inkml",
        extensions: &[".inkml", ".paper"],
        sniff: Some(|c| c.opens('<') && inkml::sniff(&c.head)),
        variant: None,
        parse: |path, text, index, _| inkml::parse(path, text, index),
        label: Some("InkML"),
    },
    FormatInfo {
        format: Format::Tldraw,
        name: "tldraw",
        extensions: &[".tldr"],
        sniff: Some(|c| c.opens('{') && tldraw::sniff(&c.head)),
        variant: None,
        parse: |path, text, index, _| tldraw::parse(path, text, index),
        label: Some("tldraw"),
    },
    FormatInfo {
        format: Format::QuickDrawRaw,
        name: "quickdraw-raw",
        extensions: &[".ndjson"],
        sniff: Some(|c| c.first_line.contains("\"drawing\"")),
        variant: Some(|c| quickdraw::detect_variant(c.first_line)),
        parse: |path, text, index, _| quickdraw::parse(path, text, index),
        label: Some("Quick, Draw!"),
    },
    // Recognised through the raw row (its `variant`), and listed with it.
    FormatInfo {
        format: Format::QuickDrawSimplified,
        name: "quickdraw-simplified",
        extensions: &[],
        sniff: None,
        variant: None,
        parse: |path, text, index, _| quickdraw::parse(path, text, index),
        label: None,
    },
    // Read as bytes (`binary.rs`), before any text row: this row names it and lists it in help.
    FormatInfo {
        format: Format::QuickDrawBinary,
        name: "quickdraw-binary",
        extensions: &[".bin"],
        sniff: None,
        variant: None,
        parse: |path, _, _, _| {
            Err(ImportError::UnsupportedFormat {
                path: path.to_path_buf(),
                reason: "a Quick, Draw! .bin file is read as bytes, not text".into(),
            })
        },
        label: Some("Quick, Draw! binary (.bin)"),
    },
    // Read as bytes too: a zip archive of NumPy arrays.
    FormatInfo {
        format: Format::SketchRnn,
        name: "sketch-rnn",
        extensions: &[".npz"],
        sniff: None,
        variant: None,
        parse: |path, _, _, _| {
            Err(ImportError::UnsupportedFormat {
                path: path.to_path_buf(),
                reason: "a sketch-rnn .npz archive is read as bytes, not text".into(),
            })
        },
        label: Some("sketch-rnn stroke-3 (.npz)"),
    },
    FormatInfo {
        format: Format::Gml,
        name: "gml",
        extensions: &[".gml"],
        sniff: Some(|c| c.xml() && gml::sniff(&c.head)),
        variant: None,
        parse: |path, text, index, _| gml::parse(path, text, index),
        label: Some("GML"),
    },
    FormatInfo {
        format: Format::Svg,
        name: "svg",
        extensions: &[".svg"],
        sniff: Some(|c| c.xml() && svg::sniff(&c.head)),
        variant: None,
        parse: svg::parse,
        label: Some("SVG"),
    },
    FormatInfo {
        format: Format::Svc,
        name: "svc",
        extensions: &[".svc"],
        sniff: Some(|c| samples::sniff_svc(&c.head)),
        variant: None,
        parse: |path, text, index, _| samples::parse_svc(path, text, index),
        label: Some("SVC"),
    },
    FormatInfo {
        format: Format::WacomCsv,
        name: "wacom-csv",
        extensions: &[],
        sniff: Some(|c| samples::sniff_wacom_csv(c.first_line)),
        variant: None,
        parse: |path, text, index, _| samples::parse_wacom_csv(path, text, index),
        label: Some("Wacom CSV"),
    },
    FormatInfo {
        format: Format::PointerEvents,
        name: "pointer-events",
        extensions: &[],
        sniff: Some(|c| c.opens('{') && samples::sniff_pointer(c.text)),
        variant: None,
        parse: |path, text, index, _| samples::parse_pointer(path, text, index),
        label: Some("pointer-event JSON"),
    },
    FormatInfo {
        format: Format::FreehandJson,
        name: "perfect-freehand-json",
        extensions: &[],
        sniff: Some(|c| {
            (c.opens('{') && freehand::sniff_json(&c.head)) || freehand::sniff_points(&c.head)
        }),
        variant: None,
        parse: |path, text, index, _| freehand::parse_json(path, text, index),
        label: Some("perfect-freehand JSON"),
    },
    // Not a file format: `synthetic:` specs are generated by `load_spec`.
    FormatInfo {
        format: Format::Synthetic,
        name: "synthetic",
        extensions: &[],
        sniff: None,
        variant: None,
        parse: |path, _, _, _| {
            Err(ImportError::UnsupportedFormat {
                path: path.to_path_buf(),
                reason: "synthetic drawings are not files".into(),
            })
        },
        label: None,
    },
];

/// The row of `format`.
pub(crate) fn row(format: Format) -> &'static FormatInfo {
    FORMATS
        .iter()
        .find(|r| r.format == format)
        .expect("every format has a row (checked by the unit tests)")
}

impl Format {
    /// The name shown by `inkplay info` and stored in converted files.
    pub fn name(self) -> &'static str {
        row(self).name
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The formats inkplay reads, as listed in messages: each listed row's label, followed by its
/// file extensions when `extensions` is set (`tldraw *.tldr`).
pub(crate) fn listed(extensions: bool) -> String {
    FORMATS
        .iter()
        .filter_map(|r| {
            let label = r.label?;
            Some(if extensions && !r.extensions.is_empty() {
                let globs: Vec<String> = r.extensions.iter().map(|e| format!("*{e}")).collect();
                format!("{label} {}", globs.join("/"))
            } else {
                label.to_string()
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The help of a command's FILE argument, the formats listed from the table of formats.
pub fn file_help() -> String {
    format!(
        "Drawing to load: a file ({}), FILE#N for drawing N of a multi-drawing file, or \
         synthetic:N[:SEED]. Default: the bundled sample",
        listed(true)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant, by an exhaustive match (a new variant does not compile until it is here).
    fn all() -> Vec<Format> {
        let every = [
            Format::Native,
            Format::QuickDrawRaw,
            Format::QuickDrawSimplified,
            Format::QuickDrawBinary,
            Format::SketchRnn,
            Format::Synthetic,
            Format::Excalidraw,
            Format::Tldraw,
            Format::InkMl,
            Format::Svc,
            Format::PointerEvents,
            Format::WacomCsv,
            Format::Gml,
            Format::FreehandJson,
            Format::Svg,
        ];
        for f in every {
            match f {
                Format::Native
                | Format::QuickDrawRaw
                | Format::QuickDrawSimplified
                | Format::QuickDrawBinary
                | Format::SketchRnn
                | Format::Synthetic
                | Format::Excalidraw
                | Format::Tldraw
                | Format::InkMl
                | Format::Svc
                | Format::PointerEvents
                | Format::WacomCsv
                | Format::Gml
                | Format::FreehandJson
                | Format::Svg => {}
            }
        }
        every.to_vec()
    }

    #[test]
    fn every_format_has_one_row_and_a_unique_name() {
        let all = all();
        assert_eq!(FORMATS.len(), all.len());
        for f in all {
            assert_eq!(FORMATS.iter().filter(|r| r.format == f).count(), 1, "{f:?}");
            assert_eq!(
                FORMATS.iter().filter(|r| r.name == f.name()).count(),
                1,
                "{f:?}"
            );
        }
    }

    #[test]
    fn the_module_docs_name_every_format() {
        let docs = include_str!("mod.rs");
        for r in FORMATS {
            assert!(docs.contains(&format!("`{}`", r.name)), "{}", r.name);
        }
    }

    #[test]
    fn help_lists_labels_and_extensions() {
        let help = file_help();
        assert!(help.contains(
            "Excalidraw *.excalidraw/*.excalidrawlib/*.excalidraw.svg, InkML *.inkml/*.paper"
        ));
        assert!(help.contains("Wacom CSV, pointer-event JSON, perfect-freehand JSON)"));
        assert!(!listed(false).contains('*'));
    }
}
