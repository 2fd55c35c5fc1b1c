//! The export pipeline: render, read back and encode, with frames in flight.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::TrySendError;
use std::time::Instant;

use super::format::ExportFormat;
use super::schedule::Schedule;
use super::sink::frames;
use super::writer::{encode_error, make_sink, Msg, Writer};
use super::{ExportError, ExportOptions, ExportSummary};
use crate::gpu::{Gpu, Readback};
use crate::headless::Headless;
use crate::import::incoming::Incoming;
use crate::model::Drawing;
use crate::output::Staged;
use crate::playback::Timeline;
use crate::progress::Progress;
use crate::Error;

/// Frames rendered ahead of the one being read back.
const IN_FLIGHT: usize = 3;

/// A frame on its way back from the GPU.
#[derive(Clone, Copy)]
enum InFlight {
    /// In this readback slot.
    Slot(usize),
    /// The same image as the frame before.
    Repeat,
}

/// An export in progress. It streams its drawing in ([`Exporter::step`] while
/// [`Exporter::is_loading`], or [`Exporter::load_all`] at once), then renders frames until the
/// schedule is done; [`Exporter::finish`] (or [`Finisher::finish`] on another thread) completes
/// the file and moves it into place.
pub struct Exporter {
    headless: Headless,
    opts: ExportOptions,
    schedule: Schedule,
    size: (u32, u32),
    notes: Vec<String>,
    readbacks: Vec<Readback>,
    free: Vec<usize>,
    in_flight: VecDeque<InFlight>,
    next: usize,
    rendered: usize,
    /// `None` while the drawing loads.
    writer: Option<Writer>,
    /// Frames read back that the writer has not taken yet (when not blocking).
    unsent: VecDeque<Msg>,
    /// Whether `step` may wait for the GPU and the writer (the command line) or must never
    /// block (beside playback).
    blocking: bool,
    staged: Option<Staged>,
    started: Instant,
}

/// The end of an export, which can wait on another thread: the writer finishing (ffmpeg
/// finalizing a video) and the output moved into place.
pub struct Finisher {
    writer: Writer,
    staged: Staged,
    summary: ExportSummary,
    started: Instant,
}

impl std::fmt::Debug for Finisher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finisher")
            .field("output", &self.summary.output)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Exporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exporter")
            .field("output", &self.opts.output)
            .field("frames", &self.schedule.frames.len())
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// Export `drawing` as `opts` say, on a device of its own: the whole of `inkplay export`.
/// `cancel` (set by a Ctrl-C handler) stops it, leaving nothing under the output name.
pub fn export(
    drawing: Drawing,
    opts: &ExportOptions,
    progress: &mut dyn Progress,
    cancel: &AtomicBool,
) -> Result<ExportSummary, Error> {
    let ctx = crate::gpu::GpuContext::new_headless()?;
    let mut ex = Exporter::new(ctx.gpu, Incoming::from(drawing), opts.clone())?;
    ex.set_blocking(true);
    progress.stage("load");
    ex.load_all()?;
    progress.start(ex.total() as u64);
    progress.stage("export");
    while !ex.is_done() {
        let before = ex.done();
        ex.step(8, cancel)?;
        progress.advance((ex.done() - before) as u64);
    }
    let summary = ex.finish();
    progress.finish();
    summary
}

impl Exporter {
    /// Check the options, lay out the frames and open the (complete) drawing on `gpu`, to be
    /// loaded by [`Exporter::step`] or [`Exporter::load_all`]. Bad options are [`Error::Usage`]
    /// naming the option.
    pub fn new(gpu: Gpu, incoming: Incoming, opts: ExportOptions) -> Result<Self, Error> {
        let started = Instant::now();
        let format = opts.format;
        if !format.has_alpha() && opts.settings.background.a < 255 {
            return Err(Error::Usage(format!(
                "--background: {} has no alpha channel, so the background cannot be transparent; \
                 give an opaque colour, or export .webm, .gif, .apng or frames",
                format.name().to_uppercase()
            )));
        }
        let mut notes = Vec::new();
        let (mut w, mut h) = opts.size;
        if format.needs_even_size() && (w % 2 == 1 || h % 2 == 1) {
            let even = ((w & !1).max(2), (h & !1).max(2));
            notes.push(format!(
                "size {w}x{h} rounded to {}x{} ({} needs even sizes)",
                even.0,
                even.1,
                format.name()
            ));
            (w, h) = even;
        }
        if format != ExportFormat::Frames && opts.output.is_dir() {
            return Err(Error::Usage(format!(
                "-o {}: is a directory; name a file, or use --format frames for numbered PNGs",
                opts.output.display()
            )));
        }
        let timeline = Timeline::new(incoming.drawing());
        let schedule = Schedule::new(&timeline, &opts.timing).map_err(Error::Usage)?;
        let staged = match format {
            ExportFormat::Frames => Staged::dir(&opts.output, frames::is_frame_name),
            _ => Staged::file(&opts.output, &format!(".{}", format.name())),
        }
        .map_err(|e| Error::Usage(format!("-o {}: {}", opts.output.display(), e.message)))?;
        let mut headless = Headless::with_gpu(gpu, w, h, opts.settings)?;
        let view = opts
            .framing
            .view_for(incoming.page(), incoming.extent(), w, h);
        headless.open(incoming, view);
        let readbacks: Vec<Readback> = (0..IN_FLIGHT).map(|_| headless.readback()).collect();
        Ok(Self {
            headless,
            schedule,
            size: (w, h),
            notes,
            free: (0..readbacks.len()).rev().collect(),
            readbacks,
            in_flight: VecDeque::new(),
            next: 0,
            rendered: 0,
            writer: None,
            unsent: VecDeque::new(),
            blocking: false,
            staged: Some(staged),
            started,
            opts,
        })
    }

    /// Let [`Exporter::step`] wait for the GPU and for the writer (a command-line export, where
    /// nothing else runs). By default it never blocks: a step stops early where it would wait,
    /// so an export beside playback cannot stall a frame.
    pub fn set_blocking(&mut self, blocking: bool) {
        self.blocking = blocking;
    }

    /// Whether the drawing is still being loaded (tessellated and uploaded).
    pub fn is_loading(&self) -> bool {
        self.writer.is_none()
    }

    /// Load the whole drawing now (the command line's export), and start the writer.
    pub fn load_all(&mut self) -> Result<(), Error> {
        self.headless.replay.load_all(&self.headless.gpu)?;
        self.start_writer()
    }

    /// The drawing is loaded: make the format's writer (ffmpeg, for video) and its thread.
    fn start_writer(&mut self) -> Result<(), Error> {
        let staged = self
            .staged
            .as_ref()
            .ok_or_else(|| encode_error(&self.opts, "the output is gone".into()))?;
        let sink = make_sink(
            &mut self.headless,
            &self.opts,
            &self.schedule,
            self.size,
            staged,
        )?;
        let writer = Writer::spawn(sink).map_err(|e| encode_error(&self.opts, e.to_string()))?;
        self.writer = Some(writer);
        Ok(())
    }

    /// Where it writes.
    pub fn output(&self) -> &std::path::Path {
        &self.opts.output
    }

    /// Frames in all.
    pub fn total(&self) -> usize {
        self.schedule.frames.len()
    }

    /// Frames submitted for rendering (or repeated) so far.
    pub fn submitted(&self) -> usize {
        self.next
    }

    /// Frames handed to the writer.
    pub fn done(&self) -> usize {
        self.next - self.in_flight.len() - self.unsent.len()
    }

    /// Whether every frame has been handed to the writer.
    pub fn is_done(&self) -> bool {
        self.done() == self.total()
    }

    /// The frame layout.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// Render up to `frames` more frames (and hand over those that came back). `cancel` set
    /// stops the export with [`ExportError::Interrupted`].
    pub fn step(&mut self, frames: usize, cancel: &AtomicBool) -> Result<(), Error> {
        if cancel.load(Ordering::Relaxed) {
            return Err(self.interrupted());
        }
        if self.writer.is_none() {
            // Loading: one batch of strokes per step (a frame's worth of work), nothing drawn.
            if !self.headless.replay.is_loaded() {
                self.headless.prepare(-1.0)?;
            }
            if self.headless.replay.is_loaded() {
                self.start_writer()?;
            }
            return Ok(());
        }
        let end = (self.next + frames).min(self.total());
        while self.next < end {
            if !self.make_room()? {
                return Ok(());
            }
            let t = self.schedule.frames[self.next];
            let repeat = self.next > 0 && self.schedule.frames[self.next - 1] == t;
            if repeat {
                self.in_flight.push_back(InFlight::Repeat);
            } else {
                let Some(slot) = self.free.pop() else {
                    return Err(encode_error(&self.opts, "no readback buffer free".into()));
                };
                self.headless.submit_frame(t, &mut self.readbacks[slot])?;
                self.in_flight.push_back(InFlight::Slot(slot));
                self.rendered += 1;
            }
            self.next += 1;
        }
        if self.next == self.total() {
            while !self.in_flight.is_empty() || !self.unsent.is_empty() {
                if !self.hand_over()? {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Hand frames over until a readback buffer is free; `false` when that would wait (not
    /// blocking).
    fn make_room(&mut self) -> Result<bool, Error> {
        while self.free.is_empty() {
            if !self.hand_over()? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Move the oldest frame on: from the GPU to the unsent queue, or from there to the writer.
    /// `false` when nothing could move without waiting (not blocking).
    fn hand_over(&mut self) -> Result<bool, Error> {
        // The writer first: frames already read back go to it in order.
        if let Some(msg) = self.unsent.pop_front() {
            return match self.send(msg)? {
                None => Ok(true),
                Some(msg) => {
                    self.unsent.push_front(msg);
                    Ok(false)
                }
            };
        }
        let Some(&f) = self.in_flight.front() else {
            return Ok(false);
        };
        if let InFlight::Slot(slot) = f {
            if !self.blocking && !self.readbacks[slot].is_ready(&self.headless.gpu) {
                return Ok(false);
            }
        }
        self.in_flight.pop_front();
        let msg = match f {
            InFlight::Repeat => Msg::Repeat,
            InFlight::Slot(slot) => {
                let px = self.readbacks[slot].finish(&self.headless.gpu)?;
                self.free.push(slot);
                Msg::Frame(px)
            }
        };
        if let Some(msg) = self.send(msg)? {
            self.unsent.push_back(msg);
        }
        Ok(true)
    }

    /// Give the writer a frame: `Some(msg)` back when its queue is full (not blocking).
    fn send(&mut self, msg: Msg) -> Result<Option<Msg>, Error> {
        let tx = self.writer.as_ref().and_then(|w| w.tx.as_ref());
        let result = match tx {
            Some(tx) if self.blocking => tx.send(msg).map_err(|_| ()),
            Some(tx) => match tx.try_send(msg) {
                Ok(()) => Ok(()),
                Err(TrySendError::Full(msg)) => return Ok(Some(msg)),
                Err(TrySendError::Disconnected(_)) => Err(()),
            },
            None => Err(()),
        };
        if result.is_err() {
            // The writer stopped: its error says why.
            let why = match self.writer.as_mut().map(Writer::join) {
                Some(Err(e)) => e,
                _ => "the encoder stopped".into(),
            };
            return Err(encode_error(&self.opts, why));
        }
        Ok(None)
    }

    fn interrupted(&mut self) -> Error {
        self.writer = None;
        self.staged = None;
        Error::Export(ExportError::Interrupted {
            path: self.opts.output.clone(),
        })
    }

    /// Wait for the writer, move the output into place and say what was written.
    pub fn finish(self) -> Result<ExportSummary, Error> {
        self.into_finisher()?.finish()
    }

    /// Every frame is handed over: the rest (the writer finishing, the rename) can wait on
    /// another thread, without the renderer.
    pub fn into_finisher(mut self) -> Result<Finisher, Error> {
        if !self.is_done() {
            return Err(encode_error(
                &self.opts,
                "finished before every frame was rendered".into(),
            ));
        }
        let (Some(writer), Some(staged)) = (self.writer.take(), self.staged.take()) else {
            return Err(encode_error(&self.opts, "the export never started".into()));
        };
        let frames = self.total();
        Ok(Finisher {
            writer,
            staged,
            started: self.started,
            summary: ExportSummary {
                output: self.opts.output.clone(),
                format: self.opts.format.name().into(),
                frames,
                rendered_frames: self.rendered,
                fps: self.schedule.fps,
                duration_s: self.schedule.duration_s(),
                width: self.size.0,
                height: self.size.1,
                bytes: 0,
                elapsed_s: 0.0,
                export_fps: 0.0,
                realtime_factor: 0.0,
                notes: std::mem::take(&mut self.notes),
            },
        })
    }
}

impl Finisher {
    /// Wait for the writer, move the output into place and say what was written.
    pub fn finish(mut self) -> Result<ExportSummary, Error> {
        let path = self.summary.output.clone();
        self.writer.join().map_err(|message| {
            Error::Export(ExportError::Encode {
                path: path.clone(),
                message,
            })
        })?;
        let mut s = self.summary;
        s.bytes = self.staged.commit(&path)?;
        s.elapsed_s = self.started.elapsed().as_secs_f64();
        s.export_fps = s.frames as f64 / s.elapsed_s.max(1e-9);
        s.realtime_factor = s.duration_s / s.elapsed_s.max(1e-9);
        Ok(s)
    }
}
