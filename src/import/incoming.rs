//! A drawing that is shown while it is still being imported.
//!
//! [`Incoming`] owns a [`Drawing`] that grows at its end. Sources that can produce strokes one at
//! a time (today `synthetic:N`, whose 100k-stroke drawings take most of a second to generate) are
//! *pulled*: [`Incoming::pull`] makes the next strokes on the calling thread, as many as the
//! caller asks for. The [`Streamer`](crate::stream::Streamer) pulls only what it is about to
//! tessellate, inside the frame-budget governor's streaming grant, so importing is time-sliced
//! with the rest of the frame's work and its cost is measured with it.
//!
//! On a software rasterizer (lavapipe) the GPU work runs on the same CPU cores, and a background
//! thread, even at nice 19, took whole scheduler slices from the rasterizer's threads and made
//! single frames miss their budget: there a pulled source never runs while the frame is being
//! rasterized, and it never runs ahead of the renderer, so its memory stays bounded by what is
//! shown. On a hardware adapter with cores to spare, the stream's loader thread takes the source
//! instead ([`Incoming::take_feed`]): it makes the strokes there, and they come back in order
//! through [`Incoming::append`]. Files are parsed whole (their formats are not streamable) and
//! arrive complete; a loader thread reads them through [`Incoming::shared`].
//!
//! The expected stroke count and the drawing's extent are known up front, so the stroke table is
//! sized once and the view is fitted before the last stroke exists.

use std::path::PathBuf;
use std::sync::Arc;

use super::{synthetic, Format, ImportError, ImportLimits, Loaded, SourceSpec};
use crate::model::{BBox, Drawing, Stroke};

/// A drawing arriving in stroke order (see the module docs).
#[derive(Debug)]
pub struct Incoming {
    /// Shared with a loader thread while it reads it (see [`Incoming::shared`]).
    drawing: Arc<Drawing>,
    expected: usize,
    page: Option<BBox>,
    extent: Option<BBox>,
    format: Format,
    source: Option<Box<Generator>>,
    /// The rest arrives through [`Incoming::append`] from a [`Feed`] elsewhere.
    fed: bool,
}

/// The rest of a drawing still being imported, moved to another thread ([`Incoming::take_feed`]):
/// it makes the strokes there, in order, and they come back through [`Incoming::append`].
#[derive(Debug)]
pub struct Feed {
    strokes: synthetic::Strokes,
}

impl Feed {
    /// Make the next strokes: until they have `max_points` points (at least one stroke). Empty
    /// when the drawing has no more.
    pub fn make(&mut self, max_points: u64) -> Vec<Stroke> {
        if self.strokes.ready_len() == 0 {
            // Synthetic strokes average 60 points.
            let want = usize::try_from(max_points / 60).unwrap_or(usize::MAX);
            self.strokes.make(want.max(1));
        }
        let mut out = Vec::new();
        let mut points = 0u64;
        while points < max_points.max(1) {
            let Some(s) = self.strokes.next() else { break };
            points += s.points.len() as u64;
            out.push(s);
        }
        out
    }
}

/// The rest of a `synthetic:` drawing, made on demand. Only the stroke-count limit applies to it:
/// the limits guard against hostile files, and inkplay's own generator makes at most 100 points
/// a stroke.
#[derive(Debug)]
struct Generator {
    strokes: synthetic::Strokes,
}

impl From<Drawing> for Incoming {
    /// A complete drawing made in memory (its format is inkplay's own).
    fn from(drawing: Drawing) -> Self {
        Self::complete(drawing, Format::Native)
    }
}

impl Incoming {
    /// A drawing that is already complete.
    pub fn complete(drawing: Drawing, format: Format) -> Self {
        Self::complete_shared(Arc::new(drawing), format)
    }

    /// A complete drawing shared with its owner (the player exporting what it shows).
    pub fn complete_shared(drawing: Arc<Drawing>, format: Format) -> Self {
        Self {
            expected: drawing.strokes.len(),
            page: drawing.meta.canvas,
            extent: drawing.ink_bbox(),
            drawing,
            format,
            source: None,
            fed: false,
        }
    }

    /// `synthetic:n:seed`, generated as it is pulled.
    pub fn synthetic(n: usize, seed: u64, limits: &ImportLimits) -> Result<Self, ImportError> {
        let path = PathBuf::from(format!("synthetic:{n}:{seed}"));
        if n > limits.max_strokes {
            return Err(ImportError::TooLarge {
                kind: super::Limit::Strokes,
                path,
                what: "stroke count".into(),
                limit: limits.max_strokes as u64,
            });
        }
        let (w, h) = synthetic::canvas(n);
        let hw = 0.5 * synthetic::MAX_WIDTH;
        let extent = (n > 0).then_some(BBox {
            min_x: -hw,
            min_y: -hw,
            max_x: w as f32 + hw,
            max_y: h as f32 + hw,
        });
        Ok(Self {
            drawing: Arc::new(Drawing {
                strokes: Vec::with_capacity(n),
                meta: synthetic::meta(n, seed),
            }),
            fed: false,
            expected: n,
            page: None,
            extent,
            format: Format::Synthetic,
            source: (n > 0).then(|| {
                Box::new(Generator {
                    strokes: synthetic::Strokes::new(n, seed),
                })
            }),
        })
    }

    /// Open a source spec: synthetic drawings are generated as they are pulled, files are parsed
    /// now.
    pub fn open(spec: &SourceSpec, limits: &ImportLimits) -> Result<Self, ImportError> {
        match spec {
            SourceSpec::Synthetic { strokes, seed } => Self::synthetic(*strokes, *seed, limits),
            SourceSpec::File { .. } => {
                let Loaded {
                    drawing, format, ..
                } = super::load_spec(spec, limits)?;
                Ok(Self::complete(drawing, format))
            }
        }
    }

    /// Open a command's FILE argument like [`super::load_source`] (the bundled sample when there
    /// is none). Returns the drawing and the name to show for it.
    pub fn open_source(
        spec: Option<&str>,
        limits: &ImportLimits,
    ) -> Result<(Self, String), ImportError> {
        match spec {
            Some(s) => Ok((Self::open(&SourceSpec::parse(s)?, limits)?, s.to_string())),
            None => {
                let (l, name) = super::load_source(None, limits)?;
                Ok((Self::complete(l.drawing, l.format), name))
            }
        }
    }

    /// The strokes that have arrived (in order; the drawing only ever grows at its end).
    pub fn drawing(&self) -> &Drawing {
        &self.drawing
    }

    /// Strokes the whole drawing has (exact once [`Incoming::is_complete`]).
    pub fn expected(&self) -> usize {
        self.expected
    }

    /// Whether every stroke has arrived.
    pub fn is_complete(&self) -> bool {
        self.source.is_none() && !self.fed
    }

    /// Whether the rest of the drawing can still come from this value: it is complete, or it
    /// still makes its own strokes (they are not being made on a loader thread).
    pub fn is_resumable(&self) -> bool {
        !self.fed
    }

    /// Move making the rest of the drawing to another thread: `None` when it is complete or
    /// already moved. From now on the strokes arrive only through [`Incoming::append`].
    pub fn take_feed(&mut self) -> Option<Feed> {
        let g = self.source.take()?;
        self.fed = true;
        Some(Feed { strokes: g.strokes })
    }

    /// Strokes a [`Feed`] made, the next ones in order. The drawing is complete once it has the
    /// strokes expected.
    pub fn append(&mut self, strokes: Vec<Stroke>) {
        let d = Arc::make_mut(&mut self.drawing);
        d.strokes.extend(strokes);
        if d.strokes.len() >= self.expected {
            self.fed = false;
        }
    }

    /// The drawing, shared: a loader thread reading a complete drawing holds it while it works,
    /// and one making the rest of a drawing holds the strokes that had arrived until it has read
    /// them (the first [`Incoming::append`] meanwhile copies them once).
    pub fn shared(&self) -> Arc<Drawing> {
        Arc::clone(&self.drawing)
    }

    /// The whole drawing's ink extent, known before its strokes arrive (`None` when empty); what
    /// [`Fit::Ink`](crate::view::Fit) fits.
    pub fn extent(&self) -> Option<BBox> {
        self.extent
    }

    /// The page the drawing was drawn on, when its source records one; what
    /// [`Fit::Page`](crate::view::Fit) fits.
    pub fn page(&self) -> Option<BBox> {
        self.page
    }

    /// The detected format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Make more of the drawing, on this thread: strokes until the drawing has `strokes` of them
    /// or the new ones have at least `points` input points (at least one stroke unless complete).
    /// Returns how many were added. An import error (a limit reached) ends the drawing where it
    /// is (what arrived stays) and is returned.
    pub fn pull(&mut self, strokes: usize, points: u64) -> Result<usize, ImportError> {
        if self.source.is_none() {
            return Ok(0);
        }
        let drawing = Arc::make_mut(&mut self.drawing);
        let before = drawing.strokes.len();
        let mut made = 0u64;
        while let Some(g) = self.source.as_mut() {
            let have = drawing.strokes.len();
            if have > before && (have >= strokes || made >= points) {
                break;
            }
            // Make what this pull asks for in one parallel block (synthetic strokes average 60
            // points).
            let want = strokes
                .saturating_sub(have)
                .min(usize::try_from(points.saturating_sub(made) / 60).unwrap_or(usize::MAX));
            if g.strokes.ready_len() == 0 {
                g.strokes.make(want.max(1));
            }
            let Some(s) = g.strokes.next() else {
                self.source = None;
                self.expected = drawing.strokes.len();
                break;
            };
            let last = g.strokes.len() == 0;
            made += s.points.len() as u64;
            drawing.strokes.push(s);
            if last {
                self.source = None;
                self.expected = drawing.strokes.len();
            }
        }
        Ok(drawing.strokes.len() - before)
    }

    /// Make the rest of the drawing and return it.
    pub fn finish(mut self) -> Result<Drawing, ImportError> {
        self.pull(usize::MAX, u64::MAX)?;
        Ok(Arc::try_unwrap(self.drawing).unwrap_or_else(|d| (*d).clone()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_arrives_as_pulled_and_equals_the_generated_drawing() {
        let limits = ImportLimits::default();
        let mut inc = Incoming::synthetic(5000, 7, &limits).unwrap();
        assert_eq!(inc.expected(), 5000);
        assert!(
            inc.drawing().strokes.is_empty(),
            "nothing is made before it is pulled"
        );
        // At least one stroke, even for a zero point budget.
        assert_eq!(inc.pull(usize::MAX, 0).unwrap(), 1);
        // Up to a stroke count.
        assert_eq!(inc.pull(10, u64::MAX).unwrap(), 9);
        assert_eq!(inc.drawing().strokes.len(), 10);
        // Up to a point budget: the strokes added reach it, and one fewer would not.
        let got = inc.pull(usize::MAX, 500).unwrap();
        let added: Vec<usize> = inc.drawing().strokes[10..]
            .iter()
            .map(|s| s.points.len())
            .collect();
        assert_eq!(added.len(), got);
        assert!(added.iter().sum::<usize>() >= 500);
        assert!(added[..got - 1].iter().sum::<usize>() < 500);
        assert!(!inc.is_complete());
        let extent = inc.extent().unwrap();
        let whole = inc.finish().unwrap();
        assert_eq!(whole, synthetic::generate(5000, 7));
        let ink = whole.ink_bbox().unwrap();
        assert!(extent.min_x <= ink.min_x && extent.max_x >= ink.max_x);
        assert!(extent.min_y <= ink.min_y && extent.max_y >= ink.max_y);
        // The drawing is valid as generated: validation changes nothing.
        let (valid, warnings) = whole.clone().validated().unwrap();
        assert!(warnings.is_empty());
        assert_eq!(valid, whole);
    }

    #[test]
    fn a_complete_drawing_pulls_nothing() {
        let mut inc = Incoming::synthetic(3, 1, &ImportLimits::default()).unwrap();
        assert_eq!(inc.pull(usize::MAX, u64::MAX).unwrap(), 3);
        assert!(inc.is_complete());
        assert_eq!(inc.pull(usize::MAX, u64::MAX).unwrap(), 0);
        let empty = Incoming::synthetic(0, 1, &ImportLimits::default()).unwrap();
        assert!(empty.is_complete());
        assert_eq!(empty.extent(), None);
    }

    #[test]
    fn only_the_stroke_limit_applies_to_the_generator() {
        // The point limit guards against hostile files; inkplay's own drawings are not bound by
        // it (synthetic:1000000 has 60 M points).
        let limits = ImportLimits {
            max_points: 1000,
            ..ImportLimits::default()
        };
        let inc = Incoming::synthetic(500, 1, &limits).unwrap();
        let d = inc.finish().unwrap();
        assert_eq!(d.strokes.len(), 500);
        assert!(d.point_count() > 1000);
        let big = ImportLimits {
            max_strokes: 10,
            ..ImportLimits::default()
        };
        let msg = Incoming::synthetic(11, 1, &big).unwrap_err().to_string();
        assert!(
            msg.contains("synthetic:11:1") && msg.contains("stroke count"),
            "{msg}"
        );
    }

    #[test]
    fn files_arrive_complete() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/quickdraw/cat.ndjson");
        let inc =
            Incoming::open(&SourceSpec::parse(path).unwrap(), &ImportLimits::default()).unwrap();
        assert!(inc.is_complete());
        assert_eq!(inc.format(), Format::QuickDrawRaw);
        assert!(inc.expected() > 0);
        assert_eq!(inc.expected(), inc.drawing().strokes.len());
    }
}
