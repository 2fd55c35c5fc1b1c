//! The [`Format`]s inkplay reads. What each one is (its name, extensions, detection and parser) is
//! its row in the table of formats (`formats.rs`).

/// The formats inkplay reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// inkplay's own `*.inkplay.json` (see `docs/FORMAT.md`).
    Native,
    /// Quick, Draw! raw ndjson: `[[x…],[y…],[t…]]` strokes with real timing.
    QuickDrawRaw,
    /// Quick, Draw! simplified ndjson: `[[x…],[y…]]` strokes, timing synthesized.
    QuickDrawSimplified,
    /// Quick, Draw! binary (`.bin`): packed simplified drawings, timing synthesized.
    QuickDrawBinary,
    /// sketch-rnn stroke-3 (`.npz`): NumPy arrays of pen offsets, timing synthesized.
    SketchRnn,
    /// A generated drawing (`synthetic:N[:SEED]`).
    Synthetic,
    /// Excalidraw scene (`.excalidraw`) or library (`.excalidrawlib`).
    Excalidraw,
    /// tldraw document (`.tldr`, v1 and v2).
    Tldraw,
    /// W3C InkML (`.inkml`, Wacom `.paper`).
    InkMl,
    /// SVC tablet capture (`.svc`).
    Svc,
    /// Browser pointer-event log (JSON of parallel arrays).
    PointerEvents,
    /// Wacom Universal Ink sensor CSV.
    WacomCsv,
    /// Graffiti Markup Language (`.gml`).
    Gml,
    /// perfect-freehand stroke JSON (named point lists).
    FreehandJson,
    /// SVG (`.svg`), through usvg: painted paths in document order.
    Svg,
}
