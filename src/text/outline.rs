//! Glyph outlines as polygons: a glyph's quadratic and cubic contours flattened, in ems (x right,
//! y down, the origin on the baseline), cached once per glyph and flattening level.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use lyon::geom::{point, CubicBezierSegment, QuadraticBezierSegment};

use super::fonts::FaceId;

/// A glyph's contours, each a closed polygon in ems.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Outline {
    pub(crate) contours: Vec<Vec<[f32; 2]>>,
}

/// Largest distance between a flattened contour and the curve at flattening level 0, in ems;
/// each level halves it.
const LEVEL0_TOLERANCE_EM: f32 = 1.0 / 160.0;
/// The finest level (a tolerance of 1/160/2¹⁰ em, well under a pixel at 5,000 px type).
pub(crate) const MAX_LEVEL: u8 = 10;

/// The flattening level that keeps the outline of text `size` units tall within `tolerance`
/// units of its curves.
pub(crate) fn level_for(size: f32, tolerance: f32) -> u8 {
    let ratio = size * LEVEL0_TOLERANCE_EM / tolerance.max(1e-6);
    if ratio.is_finite() && ratio > 1.0 {
        (ratio.log2().ceil() as u8).min(MAX_LEVEL)
    } else {
        0
    }
}

type Key = (FaceId, u16, u8);

/// The most outline points the cache holds (8 bytes each: 32 MB); past it, the cache starts
/// again empty (a drawing of a few fonts at a few sizes stays far below it; a system CJK font
/// at many sizes could not).
pub(crate) const MAX_CACHED_POINTS: usize = 4 << 20;

#[derive(Default)]
struct Cache {
    outlines: HashMap<Key, Option<Arc<Outline>>>,
    points: usize,
}

static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();

/// The outline of glyph `id` of `face` flattened at `level` (`None`: a glyph without contours,
/// such as a space). Each is made once per process, while the cache has room
/// ([`MAX_CACHED_POINTS`]).
pub(crate) fn outline(face: FaceId, id: u16, level: u8) -> Option<Arc<Outline>> {
    let key = (face, id, level.min(MAX_LEVEL));
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok()?.outlines.get(&key) {
        return hit.clone();
    }
    let made = build(key).map(Arc::new);
    let points = made
        .as_ref()
        .map_or(0, |o| o.contours.iter().map(Vec::len).sum::<usize>());
    let mut c = cache.lock().ok()?;
    if c.points + points > MAX_CACHED_POINTS {
        c.outlines.clear();
        c.points = 0;
    }
    c.points += points;
    c.outlines.insert(key, made.clone());
    made
}

fn build((face, id, level): Key) -> Option<Outline> {
    let face = face.face()?;
    let mut b = Builder {
        scale: 1.0 / face.units_per_em,
        tolerance: LEVEL0_TOLERANCE_EM / f32::from(1u16 << level),
        contours: Vec::new(),
        last: [0.0, 0.0],
    };
    face.shaper.outline_glyph(ttf_parser::GlyphId(id), &mut b)?;
    b.contours.retain(|c| c.len() >= 3);
    (!b.contours.is_empty()).then_some(Outline {
        contours: b.contours,
    })
}

use rustybuzz::ttf_parser;

struct Builder {
    scale: f32,
    tolerance: f32,
    contours: Vec<Vec<[f32; 2]>>,
    last: [f32; 2],
}

impl Builder {
    /// Font units (y up) to ems (y down).
    fn em(&self, x: f32, y: f32) -> [f32; 2] {
        [x * self.scale, -y * self.scale]
    }

    fn push(&mut self, p: [f32; 2]) {
        if let Some(c) = self.contours.last_mut() {
            c.push(p);
        }
        self.last = p;
    }
}

impl ttf_parser::OutlineBuilder for Builder {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.em(x, y);
        self.contours.push(vec![p]);
        self.last = p;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.em(x, y);
        self.push(p);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let [c, to] = [self.em(x1, y1), self.em(x, y)];
        let q = QuadraticBezierSegment {
            from: point(self.last[0], self.last[1]),
            ctrl: point(c[0], c[1]),
            to: point(to[0], to[1]),
        };
        q.for_each_flattened(self.tolerance, &mut |l| self.push([l.to.x, l.to.y]));
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let [c1, c2, to] = [self.em(x1, y1), self.em(x2, y2), self.em(x, y)];
        let c = CubicBezierSegment {
            from: point(self.last[0], self.last[1]),
            ctrl1: point(c1[0], c1[1]),
            ctrl2: point(c2[0], c2[1]),
            to: point(to[0], to[1]),
        };
        c.for_each_flattened(self.tolerance, &mut |l| self.push([l.to.x, l.to.y]));
    }

    fn close(&mut self) {
        // Contours are closed polygons already; drop a last point that repeats the first.
        if let Some(c) = self.contours.last_mut() {
            if c.len() > 1 && c.first() == c.last() {
                c.pop();
            }
        }
    }
}
