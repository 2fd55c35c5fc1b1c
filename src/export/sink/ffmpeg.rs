//! MP4 (H.264) and WebM (VP9) through the system `ffmpeg`: raw RGBA frames piped to its
//! standard input from the encoding thread.
//!
//! ffmpeg runs in its own process group, so a Ctrl-C at the terminal reaches inkplay alone,
//! which stops the export and kills ffmpeg (dropping the sink does). Its standard error is
//! collected on a thread and quoted when it fails.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::JoinHandle;

use super::super::format::ExportFormat;
use super::Sink;

/// How ffmpeg could not be started.
#[derive(Debug)]
pub(crate) enum SpawnError {
    /// No such program.
    Missing,
    /// It exists but would not start.
    Other(String),
}

/// The ffmpeg process.
#[derive(Debug)]
pub(crate) struct FfmpegSink {
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Option<JoinHandle<String>>,
}

/// ffmpeg's arguments for encoding `format` into `out`.
pub(crate) fn arguments(
    format: ExportFormat,
    (width, height): (u32, u32),
    fps: f64,
    alpha: bool,
    out: &Path,
) -> Vec<String> {
    let rate = if fps.fract() == 0.0 {
        format!("{fps:.0}")
    } else {
        format!("{fps}")
    };
    let mut a: Vec<String> = [
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgba",
        "-video_size",
        &format!("{width}x{height}"),
        "-framerate",
        &rate,
        "-i",
        "pipe:0",
        // sRGB in, BT.709 out, tagged so players convert back the same way.
        "-vf",
        "scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd+full_chroma_int",
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-color_range",
        "tv",
    ]
    .map(String::from)
    .to_vec();
    let codec: &[&str] = match format {
        ExportFormat::Webm => &[
            "-c:v",
            "libvpx-vp9",
            "-crf",
            "32",
            "-b:v",
            "0",
            "-row-mt",
            "1",
            "-deadline",
            "good",
            "-cpu-used",
            "4",
            "-pix_fmt",
            if alpha { "yuva420p" } else { "yuv420p" },
            "-f",
            "webm",
        ],
        _ => &[
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "18",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
        ],
    };
    a.extend(codec.iter().map(|s| s.to_string()));
    a.push("-y".into());
    a.push(out.to_string_lossy().into_owned());
    a
}

impl FfmpegSink {
    /// Start `program` with `args` (see [`arguments`]).
    pub fn spawn(program: &Path, args: &[String]) -> Result<Self, SpawnError> {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SpawnError::Missing,
            _ => SpawnError::Other(e.to_string()),
        })?;
        let stdin = child.stdin.take();
        let stderr = child.stderr.take().map(|mut s| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = s.read_to_string(&mut text);
                text
            })
        });
        Ok(Self {
            child,
            stdin,
            stderr,
        })
    }

    /// Wait for ffmpeg; its error output when it failed.
    fn wait(&mut self) -> Result<(), String> {
        self.stdin = None;
        let status = self.child.wait().map_err(|e| e.to_string())?;
        let text = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        if status.success() {
            return Ok(());
        }
        let tail: Vec<&str> = text.lines().rev().take(6).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!("ffmpeg exited with {status}: {}", tail.join(" / ")))
    }
}

impl Sink for FfmpegSink {
    fn push(&mut self, frame: Vec<u8>) -> Result<(), String> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err("ffmpeg's input is closed".into());
        };
        if let Err(e) = stdin.write_all(&frame) {
            // ffmpeg stopped reading: say why it did.
            return Err(self.wait().err().unwrap_or_else(|| e.to_string()));
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.wait()
    }
}

impl Drop for FfmpegSink {
    fn drop(&mut self) {
        if self.stdin.is_some() {
            // Not finished: an error or an interruption. Stop ffmpeg rather than let it finalize
            // a partial file.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
