//! The loader thread. On a hardware adapter with cores to spare ([`Loader::threaded`]), making the
//! strokes of a drawing still being imported and tessellating them happen here, on a rayon pool of
//! the spare cores, and finished chunks wait in a bounded queue ([`QUEUE_BATCHES`] batches of about
//! [`BATCH_POINTS`] points) until the frame thread uploads them within its budget. The queue bounds
//! how far the loader runs ahead, and so the memory it holds.
//!
//! On a software rasterizer the "GPU" is the same CPU cores, and a thread working beside the frame
//! took whole scheduler slices from the rasterizer (see [`crate::import::incoming`]): there the
//! frame thread makes and tessellates what its budget allows itself.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TryRecvError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::import::incoming::Feed;
use crate::model::{Drawing, Stroke};
use crate::tess::{
    strokes_within, tessellate_slice, ChunkBuilder, ChunkLimits, CpuChunk, TessOptions,
};

/// Input points the loader makes and tessellates per batch (one entry of the queue: a few MB of
/// geometry, uploaded in one piece).
pub const BATCH_POINTS: u64 = 1 << 16;

/// Batches the queue holds at most: how far the loader may run ahead of the uploads.
pub const QUEUE_BATCHES: usize = 8;

/// Where a drawing's strokes are made and tessellated while it streams onto the GPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Loader {
    /// A loader thread on a hardware adapter with at least [`MIN_CORES`] cores, the frame thread
    /// otherwise.
    #[default]
    Auto,
    /// The frame thread, within the governor's streaming grant.
    Frame,
    /// A loader thread (also on a software rasterizer: for tests and measurements).
    Thread,
}

/// Cores a machine needs before [`Loader::Auto`] uses a loader thread: one for the frame, one
/// for the driver, the rest for the loader.
pub const MIN_CORES: usize = 4;

impl Loader {
    /// Whether to load on a thread, given whether the adapter is a software rasterizer and how
    /// many cores the machine has.
    pub fn threaded(self, software: bool, cores: usize) -> bool {
        match self {
            Loader::Auto => !software && cores >= MIN_CORES,
            Loader::Frame => false,
            Loader::Thread => true,
        }
    }

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Loader::Auto => "auto",
            Loader::Frame => "frame",
            Loader::Thread => "thread",
        }
    }
}

/// What the loader reads: a complete drawing (shared), or the rest of one still being imported.
pub(super) enum Input {
    /// Every stroke is there.
    Complete(Arc<Drawing>),
    /// The strokes are made here, after those that had arrived when the loader started (a
    /// drawing opened again with what it had, after a lost device), if any.
    Feed(Option<Arc<Drawing>>, Feed),
}

/// One batch from the loader: the strokes it made (empty for a complete drawing) and the chunks
/// of their meshes, covering strokes up to `end`.
pub(super) struct Batch {
    pub(super) strokes: Vec<Stroke>,
    pub(super) chunks: Vec<CpuChunk>,
    pub(super) end: usize,
    pub(super) points: u64,
    /// Time the loader spent making the strokes and tessellating them.
    pub(super) make: Duration,
    pub(super) tessellate: Duration,
}

/// State the frame thread and the loader share.
#[derive(Debug, Default)]
struct Shared {
    stop: AtomicBool,
    /// `f32` bits of the tolerance for the next batch (the governor's quality level can change it).
    tolerance: AtomicU32,
    /// Strokes made and tessellated so far.
    made: AtomicUsize,
}

/// A running loader thread; dropping it stops the thread and waits for it.
#[derive(Debug)]
pub(super) struct Worker {
    rx: Option<Receiver<Batch>>,
    shared: Arc<Shared>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    /// Start loading `total` strokes from `input` (from stroke 0) at `opts`, into chunks within
    /// `limits`.
    pub(super) fn spawn(
        input: Input,
        total: usize,
        opts: TessOptions,
        limits: ChunkLimits,
    ) -> Self {
        let shared = Arc::new(Shared::default());
        shared
            .tolerance
            .store(opts.tolerance.to_bits(), Ordering::Relaxed);
        let (tx, rx) = sync_channel(QUEUE_BATCHES);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cores.saturating_sub(2).max(1))
            .thread_name(|i| format!("inkplay-loader-{i}"))
            .build()
            .ok();
        let s = Arc::clone(&shared);
        let handle = std::thread::Builder::new()
            .name("inkplay-loader".into())
            .spawn(move || {
                let work = || run(input, total, limits, &tx, &s);
                match pool {
                    Some(p) => p.install(work),
                    None => work(),
                }
            })
            .ok();
        Self {
            rx: Some(rx),
            shared,
            handle,
        }
    }

    /// The next batch if one is ready: `Ok(None)` when none is yet, `Err(())` when the loader has
    /// finished and every batch was taken.
    pub(super) fn try_next(&self) -> Result<Option<Batch>, ()> {
        match self.rx.as_ref().map(Receiver::try_recv) {
            Some(Ok(b)) => Ok(Some(b)),
            Some(Err(TryRecvError::Empty)) => Ok(None),
            _ => Err(()),
        }
    }

    /// The next batch, waiting up to `timeout` for it (`Err(())` as in [`Worker::try_next`]).
    pub(super) fn next_within(&self, timeout: Duration) -> Result<Option<Batch>, ()> {
        match self.rx.as_ref().map(|r| r.recv_timeout(timeout)) {
            Some(Ok(b)) => Ok(Some(b)),
            Some(Err(RecvTimeoutError::Timeout)) => Ok(None),
            _ => Err(()),
        }
    }

    /// Tessellate the next batches at this tolerance (drawing units).
    pub(super) fn set_tolerance(&self, tolerance: f32) {
        self.shared
            .tolerance
            .store(tolerance.to_bits(), Ordering::Relaxed);
    }

    /// Strokes made and tessellated so far (at most [`QUEUE_BATCHES`] + 1 batches ahead of what
    /// was taken).
    pub(super) fn made(&self) -> usize {
        self.shared.made.load(Ordering::Relaxed)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // A loader blocked on a full queue wakes up when the receiver is gone.
        drop(self.rx.take());
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// The loader's loop: make (or read) a batch of strokes, tessellate them, chunk them, queue them.
fn run(mut input: Input, total: usize, limits: ChunkLimits, tx: &SyncSender<Batch>, s: &Shared) {
    let mut builder = ChunkBuilder::new(limits);
    let mut next = 0usize;
    while next < total && !s.stop.load(Ordering::Relaxed) {
        let t0 = Instant::now();
        if let Input::Feed(arrived, _) = &mut input {
            if arrived.as_ref().is_some_and(|d| next >= d.strokes.len()) {
                *arrived = None; // its strokes are all read
            }
        }
        let (made, shared) = match &mut input {
            Input::Feed(None, f) => (f.make(BATCH_POINTS), None),
            Input::Feed(Some(d), _) | Input::Complete(d) => (Vec::new(), Some(Arc::clone(d))),
        };
        let make = t0.elapsed();
        let t0 = Instant::now();
        let opts = TessOptions {
            tolerance: f32::from_bits(s.tolerance.load(Ordering::Relaxed)),
        };
        let (meshes, end, points) = match shared {
            None => {
                let points = made.iter().map(|st| st.points.len() as u64).sum();
                (
                    tessellate_slice(&made, next, &opts),
                    next + made.len(),
                    points,
                )
            }
            Some(d) => {
                let strokes = &d.strokes[next.min(d.strokes.len())..total.min(d.strokes.len())];
                let (n, points) = strokes_within(strokes, usize::MAX, BATCH_POINTS);
                (
                    tessellate_slice(&strokes[..n], next, &opts),
                    next + n,
                    points,
                )
            }
        };
        if end == next {
            break; // the source ended early
        }
        for m in &meshes {
            builder.push(m);
        }
        builder.flush();
        let batch = Batch {
            strokes: made,
            chunks: builder.take_full(),
            end,
            points,
            make,
            tessellate: t0.elapsed(),
        };
        next = end;
        s.made.store(next, Ordering::Relaxed);
        if tx.send(batch).is_err() {
            break; // the stream was dropped
        }
    }
}
