//! rough.js's options ([`Options`], with its defaults) and what a shape call returns ([`OpSet`]).

use serde::Deserialize;

/// How a closed shape is filled (rough.js's `fillStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FillStyle {
    /// One filled region.
    Solid,
    /// Zig-zag lines.
    Zigzag,
    /// Hachure twice, the second at 90° to the first.
    CrossHatch,
    /// Small sketchy circles along hachure lines.
    Dots,
    /// Dashed hachure lines.
    Dashed,
    /// Hachure lines drawn as zig-zags.
    ZigzagLine,
    /// Parallel sketchy lines (the default; also what an unknown name means).
    #[default]
    #[serde(other)]
    Hachure,
}

/// The options of a shape call. Missing fields take rough.js 4.6's defaults; `fill` is whether
/// a fill colour was given (the colour itself is the caller's).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Options {
    pub max_randomness_offset: f64,
    pub roughness: f64,
    pub bowing: f64,
    pub stroke_width: f64,
    pub curve_tightness: f64,
    pub curve_fitting: f64,
    pub curve_step_count: f64,
    pub fill_style: FillStyle,
    pub fill_weight: f64,
    pub hachure_angle: f64,
    pub hachure_gap: f64,
    pub dash_offset: f64,
    pub dash_gap: f64,
    pub zigzag_offset: f64,
    pub seed: f64,
    pub disable_multi_stroke: bool,
    pub disable_multi_stroke_fill: bool,
    pub preserve_vertices: bool,
    pub fill_shape_roughness_gain: f64,
    /// Whether the shape is filled (rough.js: a truthy `fill`).
    #[serde(deserialize_with = "fill_given")]
    pub fill: bool,
    /// Whether the outline is drawn (rough.js: `stroke` other than `"none"`).
    #[serde(rename = "stroke", deserialize_with = "stroke_given")]
    pub stroke: bool,
    /// The seed of the stream that stands in for rough.js's unseeded `Math.random()` (dots);
    /// `None`: derived from `seed`.
    #[serde(skip)]
    pub jitter_seed: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            max_randomness_offset: 2.0,
            roughness: 1.0,
            bowing: 1.0,
            stroke_width: 1.0,
            curve_tightness: 0.0,
            curve_fitting: 0.95,
            curve_step_count: 9.0,
            fill_style: FillStyle::Hachure,
            fill_weight: -1.0,
            hachure_angle: -41.0,
            hachure_gap: -1.0,
            dash_offset: -1.0,
            dash_gap: -1.0,
            zigzag_offset: -1.0,
            seed: 0.0,
            disable_multi_stroke: false,
            disable_multi_stroke_fill: false,
            preserve_vertices: false,
            fill_shape_roughness_gain: 0.8,
            fill: false,
            stroke: true,
            jitter_seed: None,
        }
    }
}

fn fill_given<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v = Option::<String>::deserialize(d)?;
    Ok(v.is_some_and(|s| !s.is_empty()))
}

fn stroke_given<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v = Option::<String>::deserialize(d)?;
    Ok(v.as_deref() != Some("none"))
}

/// One drawing operation, in the shape's coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Start a sub-path.
    Move([f64; 2]),
    /// A straight segment.
    LineTo([f64; 2]),
    /// A cubic Bézier: two control points, then the end.
    BCurveTo([f64; 6]),
}

/// What a set of ops is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// An outline, stroked with the shape's stroke width.
    Path,
    /// A region filled with the fill colour.
    FillPath,
    /// Fill lines, stroked in the fill colour with the fill weight.
    FillSketch,
}

/// A set of ops (rough.js's `OpSet`).
#[derive(Debug, Clone, PartialEq)]
pub struct OpSet {
    /// What it is for.
    pub kind: SetKind,
    /// The ops.
    pub ops: Vec<Op>,
}

impl Options {
    /// The hachure gap: `hachureGap`, or four stroke widths when it is negative.
    pub(crate) fn gap(&self) -> f64 {
        if self.hachure_gap < 0.0 {
            self.stroke_width * 4.0
        } else {
            self.hachure_gap
        }
    }

    /// The width fill lines are stroked with: `fillWeight`, or half the stroke width.
    pub fn fill_weight(&self) -> f64 {
        if self.fill_weight < 0.0 {
            self.stroke_width / 2.0
        } else {
            self.fill_weight
        }
    }
}
