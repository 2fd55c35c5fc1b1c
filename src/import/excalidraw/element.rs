//! One element of an Excalidraw scene as its JSON holds it (the fields inkplay reads).

use serde::Deserialize;

use crate::import::rough::FillStyle;

fn default_stroke_width() -> f64 {
    1.0
}
fn default_opacity() -> f64 {
    100.0
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
/// An element; missing fields take Excalidraw's defaults (`restoreElements`).
pub(super) struct Element {
    #[serde(rename = "type", default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) id: String,
    #[serde(default)]
    pub(super) x: f64,
    #[serde(default)]
    pub(super) y: f64,
    #[serde(default)]
    pub(super) width: f64,
    #[serde(default)]
    pub(super) height: f64,
    #[serde(default)]
    pub(super) angle: Option<f64>,
    #[serde(default)]
    pub(super) stroke_color: Option<String>,
    #[serde(default)]
    pub(super) background_color: Option<String>,
    #[serde(default = "default_stroke_width")]
    pub(super) stroke_width: f64,
    #[serde(default = "default_opacity")]
    pub(super) opacity: f64,
    #[serde(default)]
    pub(super) is_deleted: bool,
    #[serde(default)]
    pub(super) points: Vec<Vec<f64>>,
    #[serde(default)]
    pub(super) pressures: Vec<f64>,
    #[serde(default)]
    pub(super) simulate_pressure: Option<bool>,
    #[serde(default)]
    pub(super) roundness: Option<serde_json::Value>,
    #[serde(default)]
    pub(super) stroke_sharpness: Option<String>,
    #[serde(default)]
    pub(super) start_arrowhead: Option<String>,
    /// `None` when absent (Excalidraw then draws an arrow), `Some(None)` for `null`.
    #[serde(default, deserialize_with = "present")]
    pub(super) end_arrowhead: Option<Option<String>>,
    /// rough.js's seed (Excalidraw's `randomInteger()`: 0 ≤ seed < 2³¹).
    #[serde(default)]
    pub(super) seed: Option<f64>,
    /// rough.js's roughness: 0 architect, 1 artist (the default), 2 cartoonist.
    #[serde(default)]
    pub(super) roughness: Option<f64>,
    /// `hachure` (the default, and what an unknown name means), `cross-hatch`, `zigzag`,
    /// `solid` and rough.js's others.
    #[serde(default)]
    pub(super) fill_style: Option<FillStyle>,
    /// The element a text is bound to (a shape it sits in, or an arrow it labels).
    #[serde(default)]
    pub(super) container_id: Option<String>,
    /// `solid` (the default), `dashed` or `dotted`.
    #[serde(default)]
    pub(super) stroke_style: Option<String>,
    /// A text's lines as Excalidraw wrapped them (what it draws; `originalText` is unwrapped).
    #[serde(default)]
    pub(super) text: Option<String>,
    /// A text's size in scene units.
    #[serde(default)]
    pub(super) font_size: Option<f64>,
    /// A text's font by Excalidraw's number (1 Virgil, 2 Helvetica, 3 Cascadia, 5 Excalifont,
    /// …); anything else (a string too: Excalidraw compares with `===`) is an unknown font.
    #[serde(default)]
    pub(super) font_family: Option<serde_json::Value>,
    /// A legacy text's `"20px Virgil"`, read when `fontSize` and `fontFamily` are absent.
    #[serde(default)]
    pub(super) font: Option<String>,
    /// `left` (the default), `center` or `right`.
    #[serde(default)]
    pub(super) text_align: Option<String>,
    /// Line height as a multiple of the font size.
    #[serde(default)]
    pub(super) line_height: Option<f64>,
    /// The frame an element is in.
    #[serde(default, deserialize_with = "lenient_string")]
    pub(super) frame_id: Option<String>,
    /// A frame's name (`null`: Excalidraw's default name).
    #[serde(default, deserialize_with = "lenient_string")]
    pub(super) name: Option<String>,
    /// The groups an element is in, innermost first (their ids; only whether there are any
    /// matters here).
    #[serde(default, deserialize_with = "lenient_list")]
    pub(super) group_ids: Vec<serde_json::Value>,
    /// An embed's address.
    #[serde(default, deserialize_with = "lenient_string")]
    pub(super) link: Option<String>,
    /// An image's file (a key of the scene's `files`).
    #[serde(default, deserialize_with = "lenient_string")]
    pub(super) file_id: Option<String>,
    /// An image's state in the app (`pending`, `saved`, `error`): only which placeholder icon it
    /// gets.
    #[serde(default, deserialize_with = "lenient_string")]
    pub(super) status: Option<String>,
    /// An image's flip: `[sx, sy]`, each 1 or -1.
    #[serde(default)]
    pub(super) scale: Option<Vec<f64>>,
    /// The part of an image's pixels shown (`{x, y, width, height}` in them), or `null`.
    #[serde(default)]
    pub(super) crop: Option<serde_json::Value>,
    /// An arrow routed in right angles (its `points` are the route).
    #[serde(default)]
    pub(super) elbowed: bool,
    /// What is bound to a shape: arrows, and the text it holds.
    #[serde(default)]
    pub(super) bound_elements: Option<Vec<Bound>>,
}

/// One entry of an element's `boundElements`.
#[derive(Deserialize, Clone)]
pub(super) struct Bound {
    #[serde(default)]
    pub(super) id: String,
    #[serde(rename = "type", default)]
    pub(super) kind: String,
}

/// A field that is present: `null` is `Some(None)`, absence (the serde default) `None`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A string field that may be `null` or, in a file some other tool wrote, not a string (read as
/// absent).
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    })
}

/// A list field that may be `null` (read as empty).
fn lenient_list<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<serde_json::Value>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(v) => v,
        _ => Vec::new(),
    })
}
