//! One frame orchestrator for every front end: [`Replay`].
//!
//! A replay owns what a frame needs besides its target: the drawing (an [`Incoming`] one, which
//! may still be arriving; a complete drawing is its finished case), the [`Streamer`] that
//! tessellates and uploads it, the [`Renderer`], the [`MeshCache`], the frame-budget
//! [`Governor`] when there is one, and the frames whose GPU time is still on its way back. The
//! player, the bench, [`Headless`](crate::headless::Headless) rendering and an embedding
//! application all run the same three steps:
//!
//! ```text
//! prepare(playhead)            quality level, layer budget, stream what fits → Prepared
//!   └▶ encode(encoder, target, shown)   retained layer + live strokes → FrameReport
//!        └▶ finish(report, cost)        what the frame cost, back to the governor
//! ```
//!
//! A frame never has to show ink that is not on the GPU yet: [`Replay::ready_until`] is the latest
//! playhead the next frame can show completely, and the caller chooses what to do past it (the
//! player holds its clock there, "buffering"). Nothing here reads a clock or owns a window: time
//! and targets are passed in.

mod governed;
mod late;
mod prepared;

use governed::Governed;
use late::AwaitingGpu;
pub use prepared::Prepared;

use crate::governor::{Governor, GovernorConfig};
use crate::gpu::{
    FrameReport, FrameTarget, Gpu, GpuError, GpuMemory, MemoryBudget, RenderSettings, Renderer,
    DEFAULT_MEMORY_BUDGET,
};
use crate::import::incoming::Incoming;
use crate::model::Drawing;
use crate::stream::{Loader, Streamer, DEFAULT_STREAM_BATCH, LOAD_BATCH};
use crate::tess::MeshCache;
use crate::view::View;

/// How much a frame cost, for [`Replay::finish`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FrameCost {
    /// The frame's time is known now (ms).
    Measured(f64),
    /// The frame's GPU time will come back later ([`Replay::gpu_timings`]) under `tag`; until
    /// then its CPU time is what is known.
    AwaitingGpu {
        /// The frame's tag (its index, say), as handed to the GPU timer.
        tag: u64,
        /// CPU time of the frame's work, ms.
        cpu_ms: f64,
    },
}

/// The drawing being replayed and how far it is on the GPU.
#[derive(Debug)]
struct Source {
    incoming: Incoming,
    streamer: Streamer,
    /// Points of the strokes that have arrived.
    points: usize,
    /// Heap the strokes that have arrived hold.
    heap: usize,
}

/// Heap bytes `strokes` hold (their records and their points).
fn strokes_heap(strokes: &[crate::model::Stroke]) -> usize {
    strokes
        .iter()
        .map(|s| std::mem::size_of::<crate::model::Stroke>() + s.points.heap_bytes())
        .sum()
}

/// The mesh cache keeps at most 1/`CACHE_SHARE` of the replay's memory budget.
pub const CACHE_SHARE: u64 = 4;

/// The mesh cache's budget within a replay's memory budget of `bytes`.
fn cache_budget(bytes: u64) -> usize {
    usize::try_from(bytes / CACHE_SHARE).unwrap_or(usize::MAX)
}

/// Exported frames per displayed frame when no governor runs.
pub const UNGOVERNED_EXPORT_FRAMES: u64 = 2;

/// The most exported frames one displayed frame is granted (a burst after idle frames).
pub const MAX_EXPORT_FRAMES: u64 = 4;

/// The frame orchestrator (see the module docs).
#[derive(Debug)]
pub struct Replay {
    renderer: Renderer,
    cache: MeshCache,
    source: Option<Source>,
    governed: Option<Governed>,
    /// Frames waiting for their GPU time.
    awaiting_gpu: AwaitingGpu,
    /// Strokes streamed per frame without a governor.
    stream_batch: usize,
    /// Where the next drawing's strokes are made and tessellated.
    loader: Loader,
    drawing_id: u64,
    /// Fractions of an exported frame granted and not yet spent (see [`Replay::grant_export`]).
    export_credit: f64,
    /// The whole replay's memory budget, heap and GPU (bytes).
    memory_budget: u64,
}

impl Replay {
    /// A replay drawing into targets of `format` (a `*Unorm` format with `RENDER_ATTACHMENT |
    /// COPY_DST` usage, see [`FrameTarget`]), its GPU memory counted in `gpu_mem`. With `governor`,
    /// every frame's background work is fitted to its budget; without, each frame streams in
    /// [`DEFAULT_STREAM_BATCH`] strokes (see [`Replay::set_stream_batch`]) and the layer catches
    /// up at once.
    pub fn new(
        gpu: &Gpu,
        gpu_mem: &GpuMemory,
        format: wgpu::TextureFormat,
        settings: RenderSettings,
        governor: Option<GovernorConfig>,
    ) -> Self {
        let mut replay = Self {
            renderer: Renderer::new(gpu, gpu_mem, format, settings),
            cache: MeshCache::new(cache_budget(DEFAULT_MEMORY_BUDGET)),
            source: None,
            governed: None,
            awaiting_gpu: AwaitingGpu::default(),
            stream_batch: DEFAULT_STREAM_BATCH,
            loader: Loader::Auto,
            drawing_id: 0,
            export_credit: 0.0,
            memory_budget: DEFAULT_MEMORY_BUDGET,
        };
        replay.set_governor(governor);
        replay
    }

    /// Govern the frames from now on with a fresh governor (`None`: no governor, the layer
    /// budget is lifted).
    pub fn set_governor(&mut self, governor: Option<GovernorConfig>) {
        let aa = self.renderer.settings().aa;
        self.governed = governor.map(|cfg| Governed::new(cfg, aa));
        self.awaiting_gpu.clear();
        // Frames go through the layer until a governor chooses otherwise.
        self.renderer.set_direct(false);
        if self.governed.is_none() {
            self.renderer.set_layer_budget(None);
        }
    }

    /// Where the strokes of drawings opened from now on are made and tessellated (default
    /// [`Loader::Auto`]: a loader thread on a hardware adapter with cores to spare).
    pub fn set_loader(&mut self, loader: Loader) {
        self.loader = loader;
    }

    /// Whether the current drawing streams in from a loader thread.
    pub fn loads_on_thread(&self) -> bool {
        self.source.as_ref().is_some_and(|s| s.streamer.threaded())
    }

    /// Strokes streamed per frame when there is no governor.
    pub fn set_stream_batch(&mut self, strokes: usize) {
        self.stream_batch = strokes.max(1);
    }

    /// Start replaying a drawing, complete ([`Incoming::complete`]) or still arriving, shown with
    /// `view`; its strokes are tessellated for `px_per_unit` pixels per drawing unit (the view's
    /// scale, or more so that zooming in stays sharp). Geometry streams in with the frames
    /// ([`Replay::prepare`]) or at once ([`Replay::load_all`]).
    pub fn open(&mut self, gpu: &Gpu, mut incoming: Incoming, view: View, px_per_unit: f32) {
        self.drawing_id += 1;
        self.renderer.set_view(view);
        // A previous drawing's loader thread stops before the next one starts.
        self.source = None;
        let streamer = Streamer::begin(
            gpu,
            &mut self.renderer,
            &mut incoming,
            px_per_unit,
            self.drawing_id,
            self.loader,
        );
        self.source = Some(Source {
            points: incoming.drawing().point_count(),
            heap: strokes_heap(&incoming.drawing().strokes),
            incoming,
            streamer,
        });
    }

    /// Tessellate and upload the rest of the drawing now, [`LOAD_BATCH`] strokes at a time (at
    /// most one batch of meshes plus the cache is on the CPU at once). An import error ends the
    /// drawing where it stopped and is returned.
    pub fn load_all(&mut self, gpu: &Gpu) -> Result<(), crate::Error> {
        let Some(s) = self.source.as_mut() else {
            return Ok(());
        };
        while !s.streamer.done() {
            let (_, err) = s.streamer.step_waiting(
                gpu,
                &mut self.renderer,
                &mut self.cache,
                &mut s.incoming,
                LOAD_BATCH,
                u64::MAX,
            )?;
            if let Some(e) = err {
                return Err(e.into());
            }
        }
        Ok(())
    }

    /// Before encoding a frame at `playhead_ms`: apply the governor's quality level and layer
    /// budget, stream in what fits (or a fixed batch without a governor), and say how far the
    /// frame can show ([`Replay::ready_until`]).
    pub fn prepare(&mut self, gpu: &Gpu, playhead_ms: f64) -> Result<Prepared, GpuError> {
        puffin::profile_function!();
        self.renderer.set_memory_budget(MemoryBudget {
            total_bytes: self.memory_budget,
            heap_bytes: self.heap_bytes(),
        });
        let arrived = self.arrived();
        let mut prepared = match (self.governed.as_mut(), self.source.as_mut()) {
            (Some(gov), source) => gov.before_encode(
                gpu,
                &mut self.renderer,
                &mut self.cache,
                source.map(|s| (&mut s.streamer, &mut s.incoming)),
                playhead_ms,
            )?,
            (None, Some(s)) if !s.streamer.done() => {
                let (stream, import_error) = s.streamer.step(
                    gpu,
                    &mut self.renderer,
                    &mut self.cache,
                    &mut s.incoming,
                    self.stream_batch,
                    u64::MAX,
                )?;
                Prepared {
                    stream,
                    import_error,
                    ..Prepared::default()
                }
            }
            _ => Prepared::default(),
        };
        let now = self.arrived();
        if now != arrived {
            // Count only the new strokes' points (not the whole drawing every frame while it
            // streams in).
            if let Some(s) = self.source.as_mut() {
                let before = arrived.map_or(0, |(n, _)| n);
                let strokes = &s.incoming.drawing().strokes;
                let new = &strokes[before.min(strokes.len())..];
                s.points += new.iter().map(|st| st.points.len()).sum::<usize>();
                s.heap += strokes_heap(new);
            }
            prepared.timeline_changed = true;
        }
        Ok(prepared)
    }

    /// The latest playhead (at most `playhead_ms`) that the next frame can show completely: its
    /// ink is on the GPU and the retained layer can draw it within its budget (infinite when
    /// nothing holds the playhead back). Asked after [`Replay::prepare`]; a playhead beyond it
    /// waits there ("buffering").
    pub fn ready_until(&self, playhead_ms: f64) -> f64 {
        crate::stream::showable_until(
            &self.renderer,
            self.source.as_ref().map(|s| &s.streamer),
            playhead_ms,
        )
    }

    /// Strokes arrived and strokes expected, if a drawing is open.
    fn arrived(&self) -> Option<(usize, usize)> {
        self.source
            .as_ref()
            .map(|s| (s.incoming.drawing().strokes.len(), s.incoming.expected()))
    }

    /// Encode the frame at `shown_ms` (usually `playhead.min(replay.ready_until(playhead))`) into
    /// `target`: newly finished ink into the retained layer, then layer and live strokes into the
    /// target.
    pub fn encode(
        &mut self,
        gpu: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        shown_ms: f64,
    ) -> FrameReport {
        self.renderer.encode_frame(gpu, encoder, target, shown_ms)
    }

    /// Encode the frame at `shown_ms` drawing every started stroke directly (no retained layer):
    /// the reference picture and the benchmark baseline.
    pub fn encode_direct(
        &mut self,
        gpu: &Gpu,
        encoder: &mut wgpu::CommandEncoder,
        target: FrameTarget<'_>,
        shown_ms: f64,
    ) -> FrameReport {
        self.renderer.encode_direct(gpu, encoder, target, shown_ms)
    }

    /// Exported frames this frame can afford beside the replay (between [`Replay::prepare`] and
    /// [`Replay::finish`]): what the governor's plan has left at the learned cost per exported
    /// frame, in fractions that add up over frames (so an export moves even when one of its frames
    /// costs more than a frame has left), at most [`MAX_EXPORT_FRAMES`]. Without a governor,
    /// [`UNGOVERNED_EXPORT_FRAMES`].
    pub fn grant_export(&mut self) -> u64 {
        let Some(gov) = self.governed.as_ref() else {
            return UNGOVERNED_EXPORT_FRAMES;
        };
        let share = gov
            .grant_extra(crate::governor::Work::Export)
            .unwrap_or(0.0);
        let credit = (self.export_credit + share).min(MAX_EXPORT_FRAMES as f64);
        let frames = credit.floor();
        self.export_credit = credit - frames;
        frames as u64
    }

    /// `frames` exported frames took `ms` of this frame (the governor learns their cost).
    pub fn spent_export(&mut self, frames: u64, ms: f64) {
        if let Some(gov) = self.governed.as_mut() {
            gov.spent_extra(crate::governor::Work::Export, frames, ms);
        }
    }

    /// After the frame was submitted: tell the governor what it cost (nothing to do without one).
    pub fn finish(&mut self, report: &FrameReport, cost: FrameCost) {
        let Some(gov) = self.governed.as_mut() else {
            return;
        };
        match cost {
            FrameCost::Measured(ms) => gov.after_frame(report, ms),
            FrameCost::AwaitingGpu { tag, cpu_ms } => {
                let sample = gov.finish_frame(report);
                self.awaiting_gpu.push(tag, sample, cpu_ms);
            }
        }
    }

    /// GPU times that came back (`(tag, gpu ms)`) for frames finished with
    /// [`FrameCost::AwaitingGpu`]: each such frame cost the larger of its CPU and GPU time.
    /// Frames more than 16 frames older than `now_tag` are counted by their CPU time. Returns
    /// how many frames got their GPU time.
    pub fn gpu_timings(
        &mut self,
        now_tag: u64,
        timed: impl IntoIterator<Item = (u64, f64)>,
    ) -> u64 {
        match self.governed.as_mut() {
            Some(gov) => self.awaiting_gpu.resolve(&mut gov.governor, now_tag, timed),
            None => 0,
        }
    }

    /// Tell the governor how much memory is in use against a budget (bytes); see
    /// [`Governor::check_memory`]. Returns whether it is over.
    pub fn check_memory(&mut self, used_bytes: u64, budget_bytes: u64) -> bool {
        self.governed
            .as_mut()
            .is_some_and(|g| g.governor.check_memory(used_bytes, budget_bytes))
    }

    /// The renderer.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// The renderer, to change its view, settings or layer budget.
    pub fn renderer_mut(&mut self) -> &mut Renderer {
        &mut self.renderer
    }

    /// Set the whole replay's memory budget, heap and GPU together (bytes; default
    /// [`DEFAULT_MEMORY_BUDGET`]): the mesh cache keeps at most 1/[`CACHE_SHARE`] of it (it keeps
    /// a drawing's meshes only when all of them fit), and the layer's checkpoints take what the
    /// rest of the replay leaves, though never fewer than seeks need to stay within a few frames
    /// (see [`MemoryBudget`]). A drawing whose geometry alone is over the budget is still drawn;
    /// [`Replay::check_memory`] tells the governor's alerts.
    pub fn set_memory_budget(&mut self, bytes: u64) {
        self.memory_budget = bytes;
        self.cache.set_budget(cache_budget(bytes));
    }

    /// The whole replay's memory budget (bytes).
    pub fn memory_budget(&self) -> u64 {
        self.memory_budget
    }

    /// Heap the replay holds in its largest parts: the drawing's strokes and points, and the
    /// mesh cache (bytes).
    pub fn heap_bytes(&self) -> u64 {
        let drawing = self.source.as_ref().map_or(0, |s| s.heap);
        (drawing + self.cache.stats().bytes) as u64
    }

    /// Memory the replay holds against its budget: its GPU bytes, and the process's heap when the
    /// counting allocator is installed ([`crate::memory`]), else the replay's own
    /// ([`Replay::heap_bytes`]).
    pub fn memory_used(&self) -> u64 {
        let heap = crate::memory::heap_live_bytes().unwrap_or_else(|| self.heap_bytes());
        heap + self.renderer.gpu_stats().total()
    }

    /// The mesh cache.
    pub fn cache(&self) -> &MeshCache {
        &self.cache
    }

    /// Replace the mesh cache (a fresh one starts its counters from zero).
    pub fn set_cache(&mut self, cache: MeshCache) {
        self.cache = cache;
    }

    /// The governor, if frames are governed.
    pub fn governor(&self) -> Option<&Governor> {
        self.governed.as_ref().map(|g| &g.governor)
    }

    /// The drawing as far as it has arrived.
    pub fn drawing(&self) -> Option<&Drawing> {
        self.source.as_ref().map(|s| s.incoming.drawing())
    }

    /// The open drawing's source.
    pub fn incoming(&self) -> Option<&Incoming> {
        self.source.as_ref().map(|s| &s.incoming)
    }

    /// Take the open drawing out (the renderer keeps what it uploaded).
    pub fn close(&mut self) -> Option<Incoming> {
        self.source.take().map(|s| s.incoming)
    }

    /// Points of the strokes that have arrived.
    pub fn points(&self) -> usize {
        self.source.as_ref().map_or(0, |s| s.points)
    }

    /// Whether the whole drawing is on the GPU (true with none open).
    pub fn is_loaded(&self) -> bool {
        self.source.as_ref().is_none_or(|s| s.streamer.done())
    }

    /// The streamer of the open drawing (its timings, what is tessellated).
    pub fn streamer(&self) -> Option<&Streamer> {
        self.source.as_ref().map(|s| &s.streamer)
    }
}
