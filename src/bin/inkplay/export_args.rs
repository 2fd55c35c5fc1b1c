//! `inkplay export`'s flags and how they map onto [`inkplay::export::ExportOptions`].

use std::path::PathBuf;

use inkplay::export::{ExportFormat, ExportOptions, ExportTime, GifOptions, GifPalette, Timing};
use inkplay::gpu::RenderSettings;
use inkplay::model::Color;

use crate::args::{
    non_negative_f64, positive_f64, speed_arg, AaArg, FramingArgs, LimitArgs, PacingArg, Size,
};

const TIMING: &str = "Timing";
const LOOK: &str = "Look";
const FORMATS: &str = "Formats";

/// `--loop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plays {
    /// Forever.
    Forever,
    /// This many times in all.
    Times(u32),
}

impl std::str::FromStr for Plays {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.trim().eq_ignore_ascii_case("forever") {
            return Ok(Plays::Forever);
        }
        match s.trim().parse::<u32>() {
            Ok(n) if n >= 1 => Ok(Plays::Times(n)),
            _ => Err(format!(
                "invalid --loop {s:?}: expected how many times it plays (1, 2, …) or 'forever'"
            )),
        }
    }
}

/// `inkplay export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    inkplay export -o replay.mp4\n  \
    inkplay export drawing.ndjson -o sketch.gif --size 480x480 --duration 6\n  \
    inkplay export drawing.svg -o frames/ --fps 10 --from 25% --to stroke:40\n  \
    inkplay export -o timelapse.webm --speed 4 --background transparent --result-first 2")]
pub struct ExportArgs {
    #[arg(help = inkplay::import::file_help())]
    pub file: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Output: .mp4, .webm, .gif, .apng, or a directory (frames/) for numbered PNGs. Written
    /// under a temporary name and renamed when complete.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The format, when the extension does not say (e.g. apng for a .png name).
    #[arg(long, value_name = "mp4|webm|gif|apng|frames")]
    pub format: Option<ExportFormat>,
    /// Frames per second.
    #[arg(long, default_value_t = 30.0, help_heading = TIMING, value_parser = positive_f64)]
    pub fps: f64,
    /// Playback speed, 0.1 to 64 (× the pacing's time).
    #[arg(long, default_value = "1", help_heading = TIMING, value_parser = speed_arg, conflicts_with = "duration")]
    pub speed: f64,
    /// Fit the replay into this many seconds (instead of --speed).
    #[arg(long, help_heading = TIMING, value_parser = positive_f64, value_name = "S")]
    pub duration: Option<f64>,
    /// Start of the replay: ms (1500), percent (25%), or stroke:N (when stroke N starts).
    #[arg(long, help_heading = TIMING, value_name = "T")]
    pub from: Option<ExportTime>,
    /// End of the replay: ms, percent, 'end', or stroke:N (when stroke N ends).
    #[arg(long, help_heading = TIMING, value_name = "T")]
    pub to: Option<ExportTime>,
    /// Pacing: as recorded, or every stroke the same duration.
    #[arg(long, value_enum, default_value = "recorded", help_heading = TIMING)]
    pub pacing: PacingArg,
    /// Shorten pen-up pauses longer than this many ms.
    #[arg(long, help_heading = TIMING, value_parser = non_negative_f64, value_name = "MS")]
    pub max_pause: Option<f64>,
    /// With --pacing uniform: how long each stroke takes (ms).
    #[arg(long, default_value = "400", help_heading = TIMING, value_parser = positive_f64, value_name = "MS")]
    pub stroke_ms: f64,
    /// Seconds the first frame is held before the replay.
    #[arg(long, default_value_t = 0.0, help_heading = TIMING, value_parser = non_negative_f64, value_name = "S")]
    pub hold_start: f64,
    /// Seconds the finished drawing is held at the end.
    #[arg(long, default_value_t = 1.0, help_heading = TIMING, value_parser = non_negative_f64, value_name = "S")]
    pub hold_end: f64,
    /// Show the finished drawing for this many seconds first, then replay it.
    #[arg(long, default_value_t = 0.0, help_heading = TIMING, value_parser = non_negative_f64, value_name = "S")]
    pub result_first: f64,
    /// Image size, WIDTHxHEIGHT (rounded down to even for mp4 and webm).
    #[arg(long, default_value = "1280x720", help_heading = LOOK)]
    pub size: Size,
    /// Antialiasing.
    #[arg(long, value_enum, default_value = "analytic", help_heading = LOOK)]
    pub aa: AaArg,
    /// Background colour: #rrggbb, #rrggbbaa, a name, or 'transparent' (not for mp4).
    #[arg(long, default_value = "white", help_heading = LOOK)]
    pub background: Color,
    #[command(flatten)]
    pub framing: FramingArgs,
    /// GIF and APNG: how many times it plays, or 'forever'.
    #[arg(long = "loop", default_value = "forever", help_heading = FORMATS, value_name = "N|forever")]
    pub plays: Plays,
    /// GIF: one palette for the whole file (from the finished drawing), or one per frame.
    #[arg(long, default_value = "global", help_heading = FORMATS, value_name = "global|frame")]
    pub palette: GifPalette,
    /// GIF: Floyd–Steinberg dithering of colours outside the palette (off by default).
    #[arg(long, help_heading = FORMATS)]
    pub dither: bool,
    /// The ffmpeg program for mp4 and webm.
    #[arg(long, default_value = "ffmpeg", help_heading = FORMATS, value_name = "PATH")]
    pub ffmpeg: PathBuf,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
}

impl ExportArgs {
    /// The options these flags ask for; an unusable combination names the flag.
    pub fn options(&self) -> Result<ExportOptions, String> {
        let format = match self.format {
            Some(f) => f,
            None => ExportFormat::from_path(&self.output)?,
        };
        if matches!(self.plays, Plays::Times(_))
            && !matches!(format, ExportFormat::Gif | ExportFormat::Apng)
        {
            return Err(format!("--loop: only GIF and APNG loop, not {format}"));
        }
        Ok(ExportOptions {
            output: self.output.clone(),
            format,
            size: (self.size.width, self.size.height),
            settings: RenderSettings {
                aa: self.aa.into(),
                background: self.background,
            },
            framing: self.framing.framing(),
            timing: Timing {
                fps: self.fps,
                speed: self.speed,
                duration_s: self.duration,
                from: self.from,
                to: self.to,
                pacing: self.pacing.options(self.max_pause, self.stroke_ms),
                hold_start_s: self.hold_start,
                hold_end_s: self.hold_end,
                result_first_s: self.result_first,
            },
            gif: GifOptions {
                palette: self.palette,
                dither: self.dither,
            },
            plays: match self.plays {
                Plays::Forever => None,
                Plays::Times(n) => Some(n),
            },
            ffmpeg: self.ffmpeg.clone(),
        })
    }
}
