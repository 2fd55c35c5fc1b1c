//! One pen-down movement or painted path: [`Stroke`], and a vector path's [`Shape`].

use serde::{Deserialize, Serialize};

use super::{BBox, Points, StrokeStyle};

/// One pen-down movement, or (for vector sources such as SVG) one painted path.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// The samples, in time order, in a compact store (see [`Points`]).
    pub points: Points,
    /// How the stroke looks.
    pub style: StrokeStyle,
    /// Sub-path structure and fill, for vector sources; `None` for a pen stroke (one open path
    /// through every point). Boxed so that pen strokes pay one pointer for it.
    pub shape: Option<Box<Shape>>,
}

/// Where a [`Stroke`]'s points split into sub-paths, and whether it is a filled region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    /// The sub-paths, in order; the first starts at point 0 and each runs to the next one's start.
    pub subpaths: Vec<SubPath>,
    /// `Some`: the stroke is a region filled with its colour under this rule (its width is unused);
    /// `None`: the sub-paths are stroked.
    pub fill: Option<FillRule>,
    /// `Some` when the filled region is one placement of a shared outline (a font's glyph): the
    /// tessellator makes one mesh per [`GlyphRef::key`] and places a copy for each stroke.
    pub glyph: Option<GlyphRef>,
    /// `Some` when the filled region shows an image rather than its colour (the colour stays
    /// for what cannot show images: the image's mean colour).
    pub image: Option<Box<super::ImageFill>>,
}

/// A filled [`Shape`] that is a shared outline (a glyph) placed by a similarity transform: its
/// points are `offset + scale · R · q` for the outline's points `q`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphRef {
    /// Names the outline: every stroke with this key is the same outline, placed differently.
    pub key: u64,
    /// Drawing units per outline unit (a font's size, for a glyph in ems).
    pub scale: f32,
    /// The rotation's cosine and sine.
    pub rotation: [f32; 2],
    /// Where the outline's origin goes.
    pub offset: [f32; 2],
}

impl GlyphRef {
    /// Where an outline point goes in the drawing.
    pub fn apply(&self, [x, y]: [f32; 2]) -> [f32; 2] {
        let [c, s] = self.rotation;
        [
            self.offset[0] + self.scale * (c * x - s * y),
            self.offset[1] + self.scale * (s * x + c * y),
        ]
    }

    /// The direction a unit vector of the outline takes in the drawing (rotated, not scaled).
    pub fn rotate(&self, [x, y]: [f32; 2]) -> [f32; 2] {
        let [c, s] = self.rotation;
        [c * x - s * y, s * x + c * y]
    }

    /// The outline point a drawing point comes from.
    pub fn invert(&self, [x, y]: [f32; 2]) -> [f32; 2] {
        let [c, s] = self.rotation;
        let (dx, dy) = (x - self.offset[0], y - self.offset[1]);
        let k = 1.0 / self.scale;
        [k * (c * dx + s * dy), k * (-s * dx + c * dy)]
    }
}

/// One sub-path of a [`Shape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubPath {
    /// Index of its first point in [`Stroke::points`].
    pub start: u32,
    /// Whether its last point joins back to its first (a join there instead of two caps).
    pub closed: bool,
}

/// Which points are inside a filled [`Shape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FillRule {
    /// Inside where the winding number is not zero (SVG's default).
    #[default]
    NonZero,
    /// Inside where the winding number is odd.
    EvenOdd,
}

impl SubPath {
    /// The point ranges of `subpaths` in a stroke with `len` points, with their closed flags.
    pub fn ranges(
        subpaths: &[SubPath],
        len: usize,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, bool)> + '_ {
        let starts = subpaths.iter().map(|s| s.start as usize);
        let ends = starts.clone().skip(1).chain(std::iter::once(len));
        subpaths
            .iter()
            .zip(starts.zip(ends))
            .map(move |(s, (a, b))| (a.min(len)..b.clamp(a.min(len), len), s.closed))
    }
}

impl Stroke {
    /// A stroke with the default style.
    pub fn new(points: impl Into<Points>) -> Self {
        Self::styled(points, StrokeStyle::default())
    }

    /// A pen stroke with a style.
    pub fn styled(points: impl Into<Points>, style: StrokeStyle) -> Self {
        Self {
            points: points.into(),
            style,
            shape: None,
        }
    }

    /// Whether this stroke is a filled region rather than a line.
    pub fn is_fill(&self) -> bool {
        self.shape.as_ref().is_some_and(|s| s.fill.is_some())
    }

    /// Time of the first point (0 for an empty stroke).
    pub fn start_ms(&self) -> f64 {
        self.points.first().map_or(0.0, |p| p.t_ms)
    }

    /// Time of the last point (0 for an empty stroke).
    pub fn end_ms(&self) -> f64 {
        self.points.last().map_or(0.0, |p| p.t_ms)
    }

    /// Bounding box of the point positions (not including the width).
    pub fn bbox(&self) -> Option<BBox> {
        BBox::from_points(self.points.positions().iter().map(|&[x, y]| (x, y)))
    }
}
