//! Streaming a drawing onto the GPU: tessellate and upload a batch of strokes at a time, so frames
//! can be drawn (with what is ready) while the rest streams in.
//!
//! A [`Streamer`] is not tied to a target. It always reads an [`Incoming`] drawing: a complete
//! drawing is the finished case of one still being imported. The [`Replay`](crate::replay::Replay)
//! drives one, a budgeted step per frame or whole batches to load a drawing at once.
//!
//! Where strokes are made and tessellated is the [`Loader`]'s choice: on the frame thread, as much
//! as the step's budget allows, or on a loader thread (`worker.rs`) whose finished chunks the step
//! only uploads, in order, within the same budget.

mod worker;

use std::time::{Duration, Instant};

use worker::{Input, Worker};
pub use worker::{Loader, BATCH_POINTS, MIN_CORES, QUEUE_BATCHES};

use crate::gpu::{Gpu, GpuError, Renderer};
use crate::import::incoming::Incoming;
use crate::import::ImportError;
use crate::model::Drawing;
use crate::tess::{self, ChunkBuilder, ChunkLimits, CpuChunk, MeshCache, TessOptions};

/// Strokes tessellated and uploaded per frame while the player streams a drawing in.
pub const DEFAULT_STREAM_BATCH: usize = 256;

/// Strokes per batch when loading a whole drawing at once.
pub const LOAD_BATCH: usize = 4096;

/// Tolerance used for tessellation, in pixels at the scale the drawing is tessellated for.
pub const TOLERANCE_PX: f32 = 0.1;

/// What one budgeted streaming step did.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StepStats {
    /// Strokes tessellated and uploaded.
    pub strokes: usize,
    /// Their input points.
    pub points: u64,
    /// Bytes uploaded (vertices + indices).
    pub bytes: u64,
    /// Import wall time (strokes pulled from a drawing still arriving), ms.
    pub import_ms: f64,
    /// Tessellation wall time, ms.
    pub tessellate_ms: f64,
    /// Upload wall time, ms.
    pub upload_ms: f64,
}

/// Incremental loading of one drawing (see the module docs).
#[derive(Debug)]
pub struct Streamer {
    next: usize,
    /// Strokes the drawing will have (more than have arrived while it is still imported).
    total: usize,
    builder: Option<ChunkBuilder>,
    opts: TessOptions,
    px_per_unit: f32,
    drawing_id: u64,
    /// Bytes of the meshes made so far (what the whole drawing's meshes will take is estimated
    /// from them, to decide whether the mesh cache keeps them).
    mesh_bytes: u64,
    /// Time spent tessellating so far (on the loader thread, when there is one).
    pub tessellate: Duration,
    /// Time the loader thread spent making strokes of a drawing still being imported.
    pub import: Duration,
    /// Time spent uploading so far.
    pub upload: Duration,
    /// The loader thread, when strokes are made and tessellated off the frame thread (until
    /// every batch is taken).
    worker: Option<Worker>,
    /// Whether a loader thread was started for this drawing.
    threaded: bool,
}

impl Streamer {
    /// Start streaming a drawing into `renderer`: the strokes that have arrived go to the
    /// renderer now (all of them for a complete drawing, see [`Incoming::complete`]), later ones
    /// as [`Streamer::step`] pulls them; geometry follows with [`Streamer::step`]. Strokes are
    /// tessellated for `px_per_unit` pixels per drawing unit; `drawing_id` keys the mesh cache
    /// (unique among drawings sharing a cache). `loader` says where strokes are made and
    /// tessellated; with a loader thread, a drawing still being imported is made there
    /// ([`Incoming::take_feed`]) and the mesh cache is not used.
    pub fn begin(
        gpu: &Gpu,
        renderer: &mut Renderer,
        incoming: &mut Incoming,
        px_per_unit: f32,
        drawing_id: u64,
        loader: Loader,
    ) -> Self {
        renderer.begin_drawing(gpu, incoming.expected());
        renderer.extend_drawing(gpu, incoming.drawing());
        let limits = ChunkLimits::for_device(gpu.device.limits().max_buffer_size);
        let mut s = Self::new(limits, incoming.expected(), px_per_unit, drawing_id);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        if s.total > 0 && loader.threaded(gpu.summary.is_software(), cores) {
            let input = match incoming.take_feed() {
                Some(feed) => {
                    let arrived = !incoming.drawing().strokes.is_empty();
                    Input::Feed(arrived.then(|| incoming.shared()), feed)
                }
                None => Input::Complete(incoming.shared()),
            };
            s.worker = Some(Worker::spawn(input, s.total, s.opts, limits));
            s.threaded = true;
        }
        s
    }

    /// Whether a loader thread makes and tessellates the strokes (or did, once all are loaded).
    pub fn threaded(&self) -> bool {
        self.threaded
    }

    /// Strokes the loader thread has made and tessellated (at most [`QUEUE_BATCHES`] + 1
    /// batches ahead of what was uploaded); `None` without one.
    pub fn loader_made(&self) -> Option<usize> {
        self.worker.as_ref().map(Worker::made)
    }

    fn new(limits: ChunkLimits, total: usize, px_per_unit: f32, drawing_id: u64) -> Self {
        Self {
            next: 0,
            total,
            builder: Some(ChunkBuilder::new(limits)),
            opts: TessOptions::for_scale(TOLERANCE_PX, px_per_unit),
            px_per_unit,
            drawing_id,
            mesh_bytes: 0,
            tessellate: Duration::ZERO,
            import: Duration::ZERO,
            upload: Duration::ZERO,
            worker: None,
            threaded: false,
        }
    }

    /// Make sure the strokes the next step takes have arrived: pull from `incoming` (see
    /// [`Incoming::pull`]) until the strokes not yet tessellated number `max_strokes` or have
    /// `max_points` points, and hand the new ones to the renderer. Returns how many arrived. An
    /// import error ends the drawing with the strokes that arrived, and is returned.
    fn pull(
        &mut self,
        gpu: &Gpu,
        renderer: &mut Renderer,
        incoming: &mut Incoming,
        max_strokes: usize,
        max_points: u64,
    ) -> Result<usize, ImportError> {
        puffin::profile_function!();
        let mut got = Ok(0);
        if !incoming.is_complete() {
            let strokes = &incoming.drawing().strokes;
            let (mut n, mut points) = (0usize, 0u64);
            for s in strokes[self.next.min(strokes.len())..]
                .iter()
                .take(max_strokes)
            {
                if points >= max_points {
                    break;
                }
                n += 1;
                points += s.points.len() as u64;
            }
            if n < max_strokes && points < max_points {
                got = incoming.pull(self.next.saturating_add(max_strokes), max_points - points);
            }
        }
        // Also when nothing was pulled: a drawing completed elsewhere still reaches the renderer
        // here (a cheap no-op when nothing is new).
        renderer.extend_drawing(gpu, incoming.drawing());
        self.total = incoming.expected();
        if self.next >= self.total {
            self.builder = None;
        }
        got
    }

    /// Pull what the step needs from `incoming` (strokes still being imported are made now, see
    /// [`Incoming::pull`]), then tessellate and upload up to `max_strokes` strokes with up to
    /// `max_points` points (at least one stroke) as their own chunk, so they are drawable right
    /// away. An import error is returned beside the step's figures: the drawing ends where it is.
    pub fn step(
        &mut self,
        gpu: &Gpu,
        renderer: &mut Renderer,
        cache: &mut MeshCache,
        incoming: &mut Incoming,
        max_strokes: usize,
        max_points: u64,
    ) -> Result<(StepStats, Option<ImportError>), GpuError> {
        let budget = (max_strokes, max_points);
        self.step_or_wait(gpu, renderer, cache, incoming, budget, None)
    }

    /// [`Streamer::step`]; with a loader thread, waiting up to `wait` for its next batch when
    /// none is ready.
    fn step_or_wait(
        &mut self,
        gpu: &Gpu,
        renderer: &mut Renderer,
        cache: &mut MeshCache,
        incoming: &mut Incoming,
        (max_strokes, max_points): (usize, u64),
        wait: Option<Duration>,
    ) -> Result<(StepStats, Option<ImportError>), GpuError> {
        if self.worker.is_some() {
            let st = self.take_batches(gpu, renderer, incoming, max_strokes, max_points, wait)?;
            return Ok((st, None));
        }
        let t0 = Instant::now();
        let err = self
            .pull(gpu, renderer, incoming, max_strokes, max_points)
            .err();
        let import_ms = t0.elapsed().as_secs_f64() * 1e3;
        let st = self.step_within(
            gpu,
            renderer,
            cache,
            incoming.drawing(),
            max_strokes,
            max_points,
        )?;
        Ok((StepStats { import_ms, ..st }, err))
    }

    /// Whether every stroke is on the GPU.
    pub fn done(&self) -> bool {
        self.builder.is_none()
    }

    /// Strokes tessellated so far.
    pub fn tessellated(&self) -> usize {
        self.next
    }

    /// [`Streamer::step`], but with a loader thread wait (up to a second) for its next batch
    /// when none is ready: for loading a whole drawing at once.
    pub fn step_waiting(
        &mut self,
        gpu: &Gpu,
        renderer: &mut Renderer,
        cache: &mut MeshCache,
        incoming: &mut Incoming,
        max_strokes: usize,
        max_points: u64,
    ) -> Result<(StepStats, Option<ImportError>), GpuError> {
        let wait = Some(Duration::from_secs(1));
        self.step_or_wait(
            gpu,
            renderer,
            cache,
            incoming,
            (max_strokes, max_points),
            wait,
        )
    }

    /// Tessellate strokes from now on at `factor` × the normal tolerance (the governor's coarse
    /// quality level; already tessellated strokes keep their meshes).
    pub fn set_tolerance_factor(&mut self, factor: f32) {
        self.opts = TessOptions::for_scale(TOLERANCE_PX * factor.max(1.0), self.px_per_unit);
        if let Some(w) = &self.worker {
            w.set_tolerance(self.opts.tolerance);
        }
    }

    /// Drawing time up to which ink is on the GPU: the start of the first stroke not yet uploaded
    /// (infinite once everything is). A playhead past it would show a wrong frame, so playback
    /// waits there ("buffering").
    pub fn ready_until(&self, timeline: &crate::playback::Timeline) -> f64 {
        if self.done() {
            return f64::INFINITY;
        }
        match timeline.start_of(self.next) {
            Some(t) => t,
            // Stroke `next` has not arrived yet: it starts no earlier than the last one ends.
            None => self
                .next
                .checked_sub(1)
                .and_then(|i| timeline.end_of(i))
                .unwrap_or(0.0),
        }
    }

    /// Tessellate and upload up to `max_strokes` strokes that fit in `max_points` input points
    /// (at least one).
    fn step_within(
        &mut self,
        gpu: &Gpu,
        renderer: &mut Renderer,
        cache: &mut MeshCache,
        drawing: &Drawing,
        max_strokes: usize,
        max_points: u64,
    ) -> Result<StepStats, GpuError> {
        let arrived = drawing.strokes.len().min(self.total);
        let (n, points) = tess::strokes_within(
            &drawing.strokes[self.next.min(arrived)..arrived],
            max_strokes,
            max_points,
        );
        if n == 0 {
            return Ok(StepStats::default());
        }
        let (t0, u0) = (self.tessellate, self.upload);
        let (_, bytes) = self.step_bytes(gpu, renderer, cache, drawing, n)?;
        Ok(StepStats {
            strokes: n,
            points,
            bytes,
            tessellate_ms: (self.tessellate - t0).as_secs_f64() * 1e3,
            upload_ms: (self.upload - u0).as_secs_f64() * 1e3,
            import_ms: 0.0,
        })
    }

    /// Tessellate up to `max_strokes` more strokes (at least one) and upload them as their own
    /// chunk. Returns whether the drawing is now completely on the GPU, and the bytes uploaded.
    fn step_bytes(
        &mut self,
        gpu: &Gpu,
        renderer: &mut Renderer,
        cache: &mut MeshCache,
        drawing: &Drawing,
        max_strokes: usize,
    ) -> Result<(bool, u64), GpuError> {
        puffin::profile_function!();
        let Some(builder) = self.builder.as_mut() else {
            return Ok((true, 0));
        };
        let end = (self.next + max_strokes.max(1))
            .min(drawing.strokes.len())
            .min(self.total);
        if self.next >= self.total {
            self.builder = None;
            return Ok((true, 0));
        }
        if end <= self.next {
            return Ok((false, 0)); // waiting for strokes still being imported
        }
        let t0 = Instant::now();
        // The cache keeps meshes only while the whole drawing's would fit in it: a larger
        // drawing is on the GPU, and keeping the last few of its meshes on the CPU helps nothing.
        let (budget, total) = (cache.budget_bytes() as u64, self.total as u64);
        let fits = move |made: u64, strokes: usize| {
            strokes == 0 || (made / strokes as u64).saturating_mul(total) <= budget
        };
        let keep = fits(self.mesh_bytes, self.next);
        let meshes = tess::tessellate_strokes_kept(
            drawing,
            self.drawing_id,
            self.next..end,
            &self.opts,
            cache,
            keep,
        );
        for m in &meshes {
            self.mesh_bytes += m.byte_size() as u64;
            builder.push(m);
        }
        if keep && !fits(self.mesh_bytes, end) {
            // The first step kept what it made before the drawing's size was known.
            cache.forget_drawing(self.drawing_id);
        }
        builder.flush();
        let chunks = builder.take_full();
        self.tessellate += t0.elapsed();
        self.next = end;
        let (bytes, _) = Self::upload_chunks(&mut self.upload, gpu, renderer, &chunks);
        if self.next >= self.total {
            self.builder = None;
        }
        gpu.check()?;
        Ok((self.builder.is_none(), bytes))
    }

    /// Take the loader thread's finished batches, in order, until they hold `max_strokes` strokes
    /// or `max_points` points (at least one batch when one is ready, waiting up to `wait` for it):
    /// strokes it made join `incoming` and the renderer, and their chunks are uploaded. The
    /// figures are the frame thread's own work: the uploads, and handing the strokes over
    /// (as `tessellate_ms`, which is what the governor charges per point).
    fn take_batches(
        &mut self,
        gpu: &Gpu,
        renderer: &mut Renderer,
        incoming: &mut Incoming,
        max_strokes: usize,
        max_points: u64,
        wait: Option<Duration>,
    ) -> Result<StepStats, GpuError> {
        puffin::profile_function!();
        let Some(worker) = self.worker.as_ref() else {
            return Ok(StepStats::default());
        };
        let t0 = Instant::now();
        let mut st = StepStats::default();
        let mut upload = Duration::ZERO;
        let mut finished = false;
        while st.strokes == 0 || (st.strokes < max_strokes && st.points < max_points) {
            let next = match wait.filter(|_| st.strokes == 0) {
                Some(w) => worker.next_within(w),
                None => worker.try_next(),
            };
            let batch = match next {
                Ok(Some(b)) => b,
                Ok(None) => break,
                Err(()) => {
                    finished = true;
                    break;
                }
            };
            self.tessellate += batch.tessellate;
            self.import += batch.make;
            if !batch.strokes.is_empty() {
                incoming.append(batch.strokes);
            }
            renderer.extend_drawing(gpu, incoming.drawing());
            let (bytes, took) = Self::upload_chunks(&mut self.upload, gpu, renderer, &batch.chunks);
            st.bytes += bytes;
            upload += took;
            st.strokes += batch.end.saturating_sub(self.next);
            st.points += batch.points;
            self.next = batch.end;
        }
        st.upload_ms = upload.as_secs_f64() * 1e3;
        st.tessellate_ms = (t0.elapsed() - upload).as_secs_f64() * 1e3;
        if finished || self.next >= self.total {
            // Every batch is taken (a source that ended early ends the drawing there).
            self.total = self.next.min(self.total);
            self.builder = None;
            self.worker = None;
        }
        gpu.check()?;
        Ok(st)
    }

    /// Upload `chunks` in order, the time added to `total` (the streamer's
    /// [`Streamer::upload`]); returns their bytes and the time it took.
    fn upload_chunks(
        total: &mut Duration,
        gpu: &Gpu,
        renderer: &mut Renderer,
        chunks: &[CpuChunk],
    ) -> (u64, Duration) {
        puffin::profile_scope!("upload");
        let t0 = Instant::now();
        let mut bytes = 0;
        for c in chunks {
            bytes += c.byte_size() as u64;
            renderer.upload_chunk(gpu, c);
        }
        let took = t0.elapsed();
        *total += took;
        (bytes, took)
    }
}

/// The latest playhead (at most `playhead_ms`) the next frame can show completely: the ink up to
/// it is on the GPU (`streamer`, when a drawing is streaming in) and the retained layer can draw
/// it within its budget. A playhead beyond it waits there ("buffering").
pub(crate) fn showable_until(
    renderer: &Renderer,
    streamer: Option<&Streamer>,
    playhead_ms: f64,
) -> f64 {
    let streamed = streamer.map_or(f64::INFINITY, |s| s.ready_until(renderer.timeline()));
    streamed.min(renderer.layer_ready_until(playhead_ms.min(streamed)))
}
