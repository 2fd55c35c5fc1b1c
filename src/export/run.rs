//! The export pipeline: render, read back and encode, with frames in flight.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;
use std::time::Instant;

use super::format::ExportFormat;
use super::schedule::Schedule;
use super::sink::ffmpeg::{self, FfmpegSink, SpawnError};
use super::sink::{apng::ApngSink, frames, gif::GifSink, Sink};
use super::{ExportError, ExportOptions, ExportSummary};
use crate::gpu::{Gpu, Readback};
use crate::headless::Headless;
use crate::model::Drawing;
use crate::output::Staged;
use crate::playback::Timeline;
use crate::progress::Progress;
use crate::Error;

/// Frames rendered ahead of the one being read back.
const IN_FLIGHT: usize = 3;
/// Frames waiting for the writer thread.
const QUEUED: usize = 2;

/// What the writer thread receives.
enum Msg {
    /// A frame, premultiplied as rendered.
    Frame(Vec<u8>),
    /// The previous frame again.
    Repeat,
}

/// A frame on its way back from the GPU.
enum InFlight {
    /// In this readback slot.
    Slot(usize),
    /// The same image as the frame before.
    Repeat,
}

/// An export in progress: [`Exporter::step`] renders frames until the schedule is done, then
/// [`Exporter::finish`] completes the file and moves it into place.
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
    tx: Option<SyncSender<Msg>>,
    writer: Option<JoinHandle<Result<(), String>>>,
    staged: Option<Staged>,
    started: Instant,
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
    let mut ex = Exporter::new(ctx.gpu, drawing, opts.clone())?;
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
    /// Check the options, lay out the frames, load the drawing onto `gpu` and start the writer
    /// (ffmpeg, for video). Bad options are [`Error::Usage`] naming the option.
    pub fn new(gpu: Gpu, drawing: Drawing, opts: ExportOptions) -> Result<Self, Error> {
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
        let timeline = Timeline::new(&drawing);
        let schedule = Schedule::new(&timeline, &opts.timing).map_err(Error::Usage)?;
        let staged = match format {
            ExportFormat::Frames => Staged::dir(&opts.output, frames::is_frame_name),
            _ => Staged::file(&opts.output, &format!(".{}", format.name())),
        }
        .map_err(|e| Error::Usage(format!("-o {}: {}", opts.output.display(), e.message)))?;
        let mut headless = Headless::with_gpu(gpu, w, h, opts.settings)?;
        let view = opts.framing.view(&drawing, w, h);
        headless.load_with_view(drawing, view)?;
        let sink = make_sink(&mut headless, &opts, &schedule, (w, h), &staged)?;
        let (tx, rx) = sync_channel::<Msg>(QUEUED);
        let writer = std::thread::Builder::new()
            .name("inkplay-export".into())
            .spawn(move || {
                let mut sink = sink;
                let mut last: Option<Vec<u8>> = None;
                for msg in rx {
                    let frame = match msg {
                        Msg::Frame(mut px) => {
                            crate::output::unpremultiply(&mut px);
                            last = Some(px.clone());
                            px
                        }
                        Msg::Repeat => last.clone().ok_or("a repeat before any frame")?,
                    };
                    sink.push(frame)?;
                }
                sink.finish()
            })
            .map_err(|e| encode_error(&opts, e.to_string()))?;
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
            tx: Some(tx),
            writer: Some(writer),
            staged: Some(staged),
            started,
            opts,
        })
    }

    /// Frames in all.
    pub fn total(&self) -> usize {
        self.schedule.frames.len()
    }

    /// Frames handed to the writer.
    pub fn done(&self) -> usize {
        self.next - self.in_flight.len()
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
        let end = (self.next + frames).min(self.total());
        while self.next < end {
            if cancel.load(Ordering::Relaxed) {
                return Err(self.interrupted());
            }
            let t = self.schedule.frames[self.next];
            let repeat = self.next > 0 && self.schedule.frames[self.next - 1] == t;
            if repeat {
                self.in_flight.push_back(InFlight::Repeat);
            } else {
                // Hand frames over (holds included) until a readback buffer is free.
                while self.free.is_empty() && !self.in_flight.is_empty() {
                    self.hand_over_one()?;
                }
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
            while !self.in_flight.is_empty() {
                self.hand_over_one()?;
            }
        }
        Ok(())
    }

    /// Wait for the oldest frame in flight and send it to the writer.
    fn hand_over_one(&mut self) -> Result<(), Error> {
        let Some(f) = self.in_flight.pop_front() else {
            return Ok(());
        };
        let msg = match f {
            InFlight::Repeat => Msg::Repeat,
            InFlight::Slot(slot) => {
                let px = self.readbacks[slot].finish(&self.headless.gpu)?;
                self.free.push(slot);
                Msg::Frame(px)
            }
        };
        let sent = self.tx.as_ref().map(|tx| tx.send(msg).is_ok());
        if sent != Some(true) {
            // The writer stopped: its error says why.
            return Err(self.writer_error());
        }
        Ok(())
    }

    fn writer_error(&mut self) -> Error {
        self.tx = None;
        let msg = match self.writer.take().map(JoinHandle::join) {
            Some(Ok(Err(e))) => e,
            Some(Err(_)) => "the encoding thread panicked".into(),
            _ => "the encoder stopped".into(),
        };
        encode_error(&self.opts, msg)
    }

    fn interrupted(&mut self) -> Error {
        self.tx = None;
        self.staged = None;
        Error::Export(ExportError::Interrupted {
            path: self.opts.output.clone(),
        })
    }

    /// Wait for the writer, move the output into place and say what was written.
    pub fn finish(mut self) -> Result<ExportSummary, Error> {
        if !self.is_done() {
            return Err(encode_error(
                &self.opts,
                "finished before every frame was rendered".into(),
            ));
        }
        self.tx = None;
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(Ok(()))) => {}
            Some(Ok(Err(e))) => return Err(encode_error(&self.opts, e)),
            _ => {
                return Err(encode_error(
                    &self.opts,
                    "the encoding thread panicked".into(),
                ))
            }
        }
        let staged = self
            .staged
            .take()
            .ok_or_else(|| encode_error(&self.opts, "the output is gone".into()))?;
        let bytes = staged.commit(&self.opts.output)?;
        let elapsed_s = self.started.elapsed().as_secs_f64();
        let frames = self.total();
        let duration_s = self.schedule.duration_s();
        Ok(ExportSummary {
            output: self.opts.output.clone(),
            format: self.opts.format.name().into(),
            frames,
            rendered_frames: self.rendered,
            fps: self.schedule.fps,
            duration_s,
            width: self.size.0,
            height: self.size.1,
            bytes,
            elapsed_s,
            export_fps: frames as f64 / elapsed_s.max(1e-9),
            realtime_factor: duration_s / elapsed_s.max(1e-9),
            notes: std::mem::take(&mut self.notes),
        })
    }
}

fn encode_error(opts: &ExportOptions, message: String) -> Error {
    Error::Export(ExportError::Encode {
        path: opts.output.clone(),
        message,
    })
}

/// The writer for `opts.format`, writing into `staged`.
fn make_sink(
    headless: &mut Headless,
    opts: &ExportOptions,
    schedule: &Schedule,
    size: (u32, u32),
    staged: &Staged,
) -> Result<Box<dyn Sink>, Error> {
    let opaque = opts.settings.background.a == 255;
    let file = || match staged {
        Staged::File(f) => f
            .as_file()
            .try_clone()
            .map_err(|e| encode_error(opts, e.to_string())),
        Staged::Dir(_) => Err(encode_error(opts, "not a file".into())),
    };
    let sink: Box<dyn Sink> = match opts.format {
        ExportFormat::Frames => Box::new(frames::FramesSink::new(
            staged.path().to_path_buf(),
            size,
            opaque,
        )),
        ExportFormat::Apng => Box::new(
            ApngSink::new(
                file()?,
                size,
                schedule.frames.len(),
                schedule.apng_delay(),
                opts.plays,
                opaque,
            )
            .map_err(|e| encode_error(opts, e))?,
        ),
        ExportFormat::Gif => {
            // The global palette comes from the finished replay (every colour it will show).
            let end = schedule.range_ms.1;
            headless.render(end)?;
            let palette_from = headless.read_rgba()?;
            let delays = (0..schedule.frames.len())
                .map(|i| schedule.gif_delay_cs(i))
                .collect();
            Box::new(
                GifSink::new(file()?, size, opts.gif, delays, &palette_from, opts.plays)
                    .map_err(|e| encode_error(opts, e))?,
            )
        }
        ExportFormat::Mp4 | ExportFormat::Webm => {
            let args = ffmpeg::arguments(opts.format, size, schedule.fps, !opaque, staged.path());
            Box::new(FfmpegSink::spawn(&opts.ffmpeg, &args).map_err(|e| match e {
                SpawnError::Missing => Error::Export(ExportError::FfmpegMissing {
                    program: opts.ffmpeg.display().to_string(),
                    format: opts.format,
                }),
                SpawnError::Other(m) => {
                    encode_error(opts, format!("cannot start {}: {m}", opts.ffmpeg.display()))
                }
            })?)
        }
    };
    Ok(sink)
}
