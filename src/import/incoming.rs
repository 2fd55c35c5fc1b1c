//! A drawing that is shown while it is still being imported.
//!
//! [`Incoming`] owns a [`Drawing`] that grows at its end. Sources that can produce strokes one at
//! a time (today `synthetic:N`, whose 100k-stroke drawings take most of a second to generate) run
//! on a loader thread and hand over batches through a bounded channel: small batches first, so the
//! first ink can be on screen within a frame or two, then larger ones. The channel holds a few
//! batches, so the loader works only a little ahead of the renderer and its memory stays bounded,
//! and the loader runs at the lowest priority, so it mostly uses time the frames leave over.
//! Files are parsed whole (their formats are not streamable) and arrive complete.
//!
//! The receiving side polls without blocking ([`Incoming::receive`]) once per frame; the
//! [`Streamer`](crate::stream::Streamer) then tessellates what has arrived. The expected stroke count
//! and the drawing's extent are known up front, so the stroke table is sized once and the view is
//! fitted before the last stroke exists.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::{synthetic, Format, ImportError, ImportLimits, Loaded, SourceSpec};
use crate::model::{BBox, Drawing, Stroke};

/// Strokes in the loader's first batch (later batches double, up to [`MAX_BATCH`]).
pub const FIRST_BATCH: usize = 16;
/// Largest batch the loader sends.
pub const MAX_BATCH: usize = 4096;
/// Batches the channel holds before the loader waits.
const CHANNEL_BATCHES: usize = 4;

type Batch = Result<Vec<Stroke>, ImportError>;

/// A drawing arriving in stroke order (see the module docs).
#[derive(Debug)]
pub struct Incoming {
    drawing: Drawing,
    expected: usize,
    extent: Option<BBox>,
    format: Format,
    rx: Option<Receiver<Batch>>,
}

impl Incoming {
    /// A drawing that is already complete.
    pub fn complete(drawing: Drawing, format: Format) -> Self {
        Self {
            expected: drawing.strokes.len(),
            extent: drawing.view_bbox(),
            drawing,
            format,
            rx: None,
        }
    }

    /// `synthetic:n:seed`, generated on a loader thread.
    pub fn synthetic(n: usize, seed: u64, limits: &ImportLimits) -> Result<Self, ImportError> {
        let path = move || PathBuf::from(format!("synthetic:{n}:{seed}"));
        if n > limits.max_strokes {
            return Err(ImportError::TooLarge {
                kind: super::Limit::Strokes,
                path: path(),
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
        let (tx, rx) = mpsc::sync_channel::<Batch>(CHANNEL_BATCHES);
        let max_points = limits.max_points;
        let spawned = std::thread::Builder::new()
            .name("inkplay-loader".into())
            .spawn(move || {
                set_loader_priority();
                let mut strokes = synthetic::Strokes::new(n, seed);
                let mut batch = FIRST_BATCH;
                let mut points = 0usize;
                loop {
                    let v: Vec<Stroke> = strokes.by_ref().take(batch).collect();
                    if v.is_empty() {
                        break;
                    }
                    points += v.iter().map(|s| s.points.len()).sum::<usize>();
                    let msg = if points > max_points {
                        Err(ImportError::TooLarge {
                            kind: super::Limit::Points,
                            path: path(),
                            what: format!("point count (over {points})"),
                            limit: max_points as u64,
                        })
                    } else {
                        Ok(v)
                    };
                    let stop = msg.is_err();
                    if tx.send(msg).is_err() || stop {
                        break; // the receiver is gone (another drawing was opened), or failed
                    }
                    batch = (batch * 2).min(MAX_BATCH);
                }
            });
        match spawned {
            Ok(_) => Ok(Self {
                drawing: Drawing {
                    strokes: Vec::with_capacity(n),
                    meta: synthetic::meta(n, seed),
                },
                expected: n,
                extent,
                format: Format::Synthetic,
                rx: Some(rx),
            }),
            // No thread to be had: generate here.
            Err(e) => {
                log::warn!("no loader thread ({e}); generating synthetic:{n} up front");
                let loaded = super::load_spec(&SourceSpec::Synthetic { strokes: n, seed }, limits)?;
                Ok(Self::complete(loaded.drawing, loaded.format))
            }
        }
    }

    /// Open a source spec: synthetic drawings arrive from a loader thread, files are parsed now.
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
        self.rx.is_none()
    }

    /// What a view fits: the page or the whole drawing's ink extent (known before its strokes
    /// arrive; `None` when empty).
    pub fn extent(&self) -> Option<BBox> {
        self.extent
    }

    /// The detected format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Take the batches that have arrived, without waiting. Returns how many strokes were added.
    /// A loader error ends the drawing where it is (what arrived stays) and is returned.
    pub fn receive(&mut self) -> Result<usize, ImportError> {
        self.take(false)
    }

    /// Like [`Incoming::receive`], but waits for at least one batch unless complete.
    pub fn receive_wait(&mut self) -> Result<usize, ImportError> {
        self.take(true)
    }

    /// Wait for the rest of the drawing and return it.
    pub fn finish(mut self) -> Result<Drawing, ImportError> {
        while !self.is_complete() {
            self.receive_wait()?;
        }
        Ok(self.drawing)
    }

    fn take(&mut self, mut wait: bool) -> Result<usize, ImportError> {
        let before = self.drawing.strokes.len();
        while let Some(rx) = &self.rx {
            let msg = if wait {
                wait = false;
                rx.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                rx.try_recv()
            };
            match msg {
                Ok(Ok(batch)) => self.drawing.strokes.extend(batch),
                Ok(Err(e)) => {
                    self.end();
                    return Err(e);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => self.end(),
            }
        }
        Ok(self.drawing.strokes.len() - before)
    }

    fn end(&mut self) {
        self.rx = None;
        self.expected = self.drawing.strokes.len();
    }
}

/// Run the calling (loader) thread at the lowest normal priority: nice 19 under `SCHED_BATCH` on
/// Linux (never preempts a waking thread), the lowest priority elsewhere. A loader must not take time
/// from the frame being drawn, which on a software rasterizer shares the same cores, yet it must
/// still progress on a busy machine: an idle-only policy (`SCHED_IDLE`) could starve it there, and
/// an unprivileged thread could not raise its priority again when the renderer waits for it.
fn set_loader_priority() {
    use thread_priority::ThreadPriority;
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let r = thread_priority::set_thread_priority_and_policy(
        thread_priority::thread_native_id(),
        ThreadPriority::Min,
        thread_priority::ThreadSchedulePolicy::Normal(
            thread_priority::NormalThreadSchedulePolicy::Batch,
        ),
    );
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let r = ThreadPriority::Min.set_for_current();
    if let Err(e) = r {
        log::debug!("loader thread keeps its priority: {e:?}");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_arrives_in_growing_batches_and_equals_the_generated_drawing() {
        let limits = ImportLimits::default();
        let mut inc = Incoming::synthetic(5000, 7, &limits).unwrap();
        assert_eq!(inc.expected(), 5000);
        // Take single batches off the channel (`receive` drains all that have arrived, which
        // depends on how far ahead the loader got) to see their sizes.
        for size in [FIRST_BATCH, 2 * FIRST_BATCH, 4 * FIRST_BATCH] {
            let batch = inc.rx.as_ref().unwrap().recv().unwrap().unwrap();
            assert_eq!(batch.len(), size);
            inc.drawing.strokes.extend(batch);
        }
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
    fn limits_apply_while_streaming() {
        let limits = ImportLimits {
            max_points: 1000,
            ..ImportLimits::default()
        };
        let mut inc = Incoming::synthetic(500, 1, &limits).unwrap();
        let mut err = None;
        while !inc.is_complete() {
            if let Err(e) = inc.receive_wait() {
                err = Some(e);
            }
        }
        let msg = err.expect("point limit").to_string();
        assert!(
            msg.contains("synthetic:500:1") && msg.contains("point count"),
            "{msg}"
        );
        assert!(inc.drawing().strokes.len() < 500);
        assert_eq!(inc.expected(), inc.drawing().strokes.len());
        let big = ImportLimits {
            max_strokes: 10,
            ..ImportLimits::default()
        };
        assert!(Incoming::synthetic(11, 1, &big).is_err());
    }

    #[test]
    fn dropping_it_stops_the_loader() {
        let mut inc = Incoming::synthetic(1_000_000, 1, &ImportLimits::default()).unwrap();
        inc.receive_wait().unwrap();
        drop(inc); // must not hang or generate the remaining million strokes into a channel
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
