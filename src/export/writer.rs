//! The writer thread: frames from the exporter, in order, to the format's [`Sink`].

use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use super::format::ExportFormat;
use super::schedule::Schedule;
use super::sink::ffmpeg::{self, FfmpegSink, SpawnError};
use super::sink::{apng::ApngSink, frames, gif::GifSink, Sink};
use super::{ExportError, ExportOptions};
use crate::headless::Headless;
use crate::output::Staged;
use crate::Error;

/// Frames waiting for the writer thread.
const QUEUED: usize = 2;

/// What the writer thread receives.
pub(super) enum Msg {
    /// A frame, premultiplied as rendered.
    Frame(Vec<u8>),
    /// The previous frame again.
    Repeat,
    /// Every frame was sent: complete the output. A channel closed without it (an error, an
    /// interruption) abandons the output instead (ffmpeg is killed, not left to finalize).
    End,
}

/// The writer thread and the channel to it.
pub(super) struct Writer {
    pub(super) tx: Option<SyncSender<Msg>>,
    thread: Option<JoinHandle<Result<(), String>>>,
}

impl Writer {
    /// Start the thread: frames arrive premultiplied (as rendered) and go to `sink` straight.
    pub(super) fn spawn(sink: Box<dyn Sink>) -> std::io::Result<Self> {
        let (tx, rx) = sync_channel::<Msg>(QUEUED);
        let thread = std::thread::Builder::new()
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
                        Msg::End => return sink.finish(),
                    };
                    sink.push(frame)?;
                }
                Err("abandoned".into())
            })?;
        Ok(Self {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Every frame was sent: let the writer complete the output and wait for it; its error, if
    /// it failed.
    pub(super) fn join(&mut self) -> Result<(), String> {
        if let Some(tx) = self.tx.take() {
            // A writer that already stopped has its error in the join below.
            let _ = tx.send(Msg::End);
        }
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err("the encoding thread panicked".into()),
            None => Err("the encoder stopped".into()),
        }
    }
}

impl Drop for Writer {
    /// Not joined: the export failed or was stopped. The writer abandons the output, and is
    /// waited for, so that nothing (ffmpeg) still writes once the temporary output is removed.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The writer for `opts.format`, writing into `staged`.
pub(super) fn make_sink(
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

/// The encoder failed writing `opts.output`.
pub(super) fn encode_error(opts: &ExportOptions, message: String) -> Error {
    Error::Export(ExportError::Encode {
        path: opts.output.clone(),
        message,
    })
}
