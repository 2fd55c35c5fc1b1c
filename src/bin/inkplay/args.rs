//! Command-line definitions (clap): the commands, their flags and how flags map onto the
//! library's types. The commands themselves are in `commands`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use inkplay::gpu::AntiAlias;
use inkplay::import::ImportLimits;
use inkplay::model::Color;
use inkplay::playback::TimeSpec;

/// inkplay: replay recorded drawings stroke by stroke on the GPU.
#[derive(Debug, Parser)]
#[command(name = "inkplay", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// More logging (-v info, -vv debug). RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// What to do (default: `play` the bundled sample).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a drawing in a window with transport controls, profiler and memory stats (the default).
    Play(Box<PlayArgs>),
    /// Render a drawing at a point in its playback to a PNG (headless).
    Render(RenderArgs),
    /// Describe a drawing file: format, drawings, strokes, points, duration, bounding box.
    Info(InfoArgs),
    /// Convert a drawing to inkplay's own format (*.inkplay.json).
    Convert(ConvertArgs),
    /// Headless render benchmark: frame times, CPU/GPU time, memory, peers, pass/fail checks.
    Bench(Box<crate::bench_args::BenchArgs>),
    /// Export the replay as MP4, WebM, GIF, animated PNG or numbered PNG frames (headless).
    Export(Box<crate::export_args::ExportArgs>),
    /// Compare two profile captures (.puffin files from key C, --capture or bench --trace) scope
    /// by scope: count and p50/p95/p99/max in each, the change, and whether it is above the noise.
    /// Exits 1 when a scope regressed beyond --max-regression.
    ProfileDiff(crate::profile_diff_args::ProfileDiffArgs),
}

/// Bench scenario on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScenarioArg {
    /// Play the whole drawing at a fixed step so the frames cover it.
    Playback,
    /// Random seeks (fixed seed).
    Seek,
    /// Play from the start while the drawing streams in.
    Load,
    /// Redraw the finished drawing.
    Static,
    /// The finished drawing, then a 1.5× zoom and a seek back to half-way (two layer rebuilds).
    Rebuild,
    /// Drag the timeline as a person does (sweeps both ways at changing speed, holds, jumps),
    /// then stop: the report says how soon the frame is exact.
    Scrub,
    /// --minutes of the player's mix of actions (play, speeds, reverse, seeks, scrubs, zooms,
    /// pans, loop ranges) with memory sampled every few seconds; --check fails when RSS, heap,
    /// GPU bytes, GPU objects or wgpu's objects and memory blocks grow by more than 1 % after the
    /// first minute (a third of a shorter soak), or the checkpoints exceed their budget.
    Soak,
}

/// `--profile-preset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    /// 15% headroom; degrade after 8 of 30 frames miss; recover after 120 good frames.
    Default,
    /// Tighter headroom (25%) and faster degradation (3 of 10 frames).
    Aggressive,
    /// 10% headroom, no degradation beyond dropping MSAA, 4× larger minimum batches.
    Conservative,
}

impl From<PresetArg> for inkplay::governor::Preset {
    fn from(p: PresetArg) -> Self {
        match p {
            PresetArg::Default => Self::Default,
            PresetArg::Aggressive => Self::Aggressive,
            PresetArg::Conservative => Self::Conservative,
        }
    }
}

pub(crate) fn positive_f64(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("{s:?} is not a positive number")),
    }
}

/// A profile capture's path: its extension names its format (`.puffin` or `.json`).
pub(crate) fn capture_path(s: &str) -> Result<std::path::PathBuf, String> {
    let p = std::path::PathBuf::from(s);
    inkplay::profile::CaptureFormat::of(&p)?;
    Ok(p)
}

const LIMITS: &str = "Import limits";
const FRAMING: &str = "Framing";

/// What the image shows of the drawing (`render`, `export`, the player's first view).
#[derive(Debug, Clone, clap::Args)]
pub struct FramingArgs {
    /// page: the drawing's canvas (an SVG's viewBox) mapped exactly onto the image; ink: the ink's
    /// bounding box with --margin; none: one drawing unit per pixel from the top left. Default:
    /// page when the drawing has one, else ink.
    #[arg(long, help_heading = FRAMING, value_name = "page|ink|none")]
    pub fit: Option<inkplay::view::Fit>,
    /// Space around the fitted box: pixels (16) or percent of the smaller side (5%). Default: none
    /// for a page or --view, 5% (at least 8 px) for ink.
    #[arg(long, help_heading = FRAMING, value_name = "PX|P%")]
    pub margin: Option<inkplay::view::Margin>,
    /// Show exactly this rectangle of the drawing, in drawing units: X,Y,WIDTH,HEIGHT.
    #[arg(long = "view", help_heading = FRAMING, value_name = "X,Y,W,H", conflicts_with = "fit", allow_hyphen_values = true)]
    pub view_rect: Option<inkplay::view::ViewRect>,
}

impl FramingArgs {
    /// The framing these flags ask for.
    pub fn framing(&self) -> inkplay::view::Framing {
        inkplay::view::Framing {
            fit: self.fit.unwrap_or_default(),
            margin: self.margin,
            rect: self.view_rect.map(|r| r.0),
        }
    }
}

/// Import limits: what a file may hold before it is refused (protection against hostile or
/// accidental huge inputs). Shared by every command that reads a drawing.
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Largest file read, in MiB.
    #[arg(long, help_heading = LIMITS, value_name = "MIB", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
    pub max_file_mb: u64,
    /// Most points in one drawing.
    #[arg(long, help_heading = LIMITS, value_name = "N", default_value_t = ImportLimits::default().max_points)]
    pub max_points: usize,
    /// Most points in one stroke.
    #[arg(long, help_heading = LIMITS, value_name = "N", default_value_t = ImportLimits::default().max_stroke_points)]
    pub max_stroke_points: usize,
    /// Most strokes in one drawing (also the largest synthetic:N).
    #[arg(long, help_heading = LIMITS, value_name = "N", default_value_t = ImportLimits::default().max_strokes)]
    pub max_strokes: usize,
}

impl LimitArgs {
    /// The limits these flags set.
    pub fn limits(&self) -> ImportLimits {
        ImportLimits {
            max_file_bytes: self.max_file_mb << 20,
            max_points: self.max_points,
            max_strokes: self.max_strokes,
            max_stroke_points: self.max_stroke_points,
        }
    }
}

/// Where strokes are made and tessellated while a drawing streams in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LoaderArg {
    /// A loader thread on a hardware adapter with at least 4 cores, the frame thread otherwise.
    Auto,
    /// The frame thread, within the governor's streaming grant.
    Frame,
    /// A loader thread, whatever the adapter (a software rasterizer shares its cores with it).
    Thread,
}

impl From<LoaderArg> for inkplay::stream::Loader {
    fn from(l: LoaderArg) -> Self {
        match l {
            LoaderArg::Auto => Self::Auto,
            LoaderArg::Frame => Self::Frame,
            LoaderArg::Thread => Self::Thread,
        }
    }
}

/// Antialiasing choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AaArg {
    /// 4x multisampling.
    Msaa4,
    /// 1 sample, analytic feathered edges.
    Analytic,
    /// 1 sample, hard edges.
    None,
}

impl From<AaArg> for AntiAlias {
    fn from(a: AaArg) -> Self {
        match a {
            AaArg::Msaa4 => AntiAlias::Msaa4,
            AaArg::Analytic => AntiAlias::Analytic,
            AaArg::None => AntiAlias::None,
        }
    }
}

/// `WxH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl std::str::FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let err =
            || format!("invalid size {s:?}: expected WIDTHxHEIGHT, e.g. 800x600 (1..=16384 each)");
        let (w, h) = s.split_once(['x', 'X']).ok_or_else(err)?;
        let width: u32 = w.trim().parse().map_err(|_| err())?;
        let height: u32 = h.trim().parse().map_err(|_| err())?;
        if !(1..=16384).contains(&width) || !(1..=16384).contains(&height) {
            return Err(err());
        }
        Ok(Size { width, height })
    }
}

pub(crate) fn speed_arg(s: &str) -> Result<f64, String> {
    match s.trim_end_matches(['x', '×']).parse::<f64>() {
        Ok(v) if (0.1..=64.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?}: speed must be a number from 0.1 to 64")),
    }
}

pub(crate) fn non_negative_f64(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("{s:?} is not a non-negative number")),
    }
}

/// `--vsync`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    /// On.
    On,
    /// Off.
    Off,
}

/// `--pacing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PacingArg {
    /// As recorded (pauses optionally capped with --max-pause).
    Recorded,
    /// Every stroke the same duration (--stroke-ms).
    Uniform,
}

impl PacingArg {
    /// The pacing with `--max-pause` and `--stroke-ms`.
    pub fn options(
        self,
        max_pause: Option<f64>,
        stroke_ms: f64,
    ) -> inkplay::playback::PacingOptions {
        inkplay::playback::PacingOptions {
            pacing: match self {
                PacingArg::Recorded => inkplay::playback::Pacing::AsRecorded,
                PacingArg::Uniform => inkplay::playback::Pacing::Uniform,
            },
            max_gap_ms: max_pause,
            uniform_stroke_ms: stroke_ms,
        }
    }
}

/// `--panel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PanelArg {
    /// Memory: RSS, heap, GPU bytes by category, mesh cache, history.
    Memory,
    /// Frame times against the budget.
    Frames,
    /// Keyboard shortcuts.
    Help,
}

/// `inkplay play`.
#[derive(Debug, clap::Args)]
pub struct PlayArgs {
    #[arg(help = inkplay::import::file_help())]
    pub file: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub framing: FramingArgs,
    /// Window size in logical pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720")]
    pub size: Size,
    /// Antialiasing.
    #[arg(long, value_enum, default_value = "analytic")]
    pub aa: AaArg,
    /// Background colour (#rrggbb, #rrggbbaa or a CSS name).
    #[arg(long, default_value = "white")]
    pub background: Color,
    /// Wait for the display's vertical blank (on), or present as fast as possible (off).
    #[arg(long, value_enum, default_value = "on")]
    pub vsync: OnOff,
    /// Playback speed, 0.1 to 64.
    #[arg(long, default_value = "1", value_parser = speed_arg)]
    pub speed: f64,
    /// Play backwards (from the end).
    #[arg(long)]
    pub reverse: bool,
    /// Loop: off, all, or a drawing-time range in ms (e.g. 1000..2500).
    #[arg(long = "loop", default_value = "off", value_parser = |s: &str| s.parse::<inkplay::playback::LoopMode>())]
    pub loop_mode: inkplay::playback::LoopMode,
    /// Pacing: as recorded, or every stroke the same duration.
    #[arg(long, value_enum, default_value = "recorded")]
    pub pacing: PacingArg,
    /// Shorten pen-up pauses longer than this many ms.
    #[arg(long, value_parser = non_negative_f64)]
    pub max_pause: Option<f64>,
    /// With --pacing uniform: how long each stroke takes (ms).
    #[arg(long, default_value = "400", value_parser = positive_f64)]
    pub stroke_ms: f64,
    /// Start at: ms (1500), percent (50%) or 'end'.
    #[arg(long)]
    pub at: Option<TimeSpec>,
    /// Start paused.
    #[arg(long)]
    pub paused: bool,
    /// Open the puffin profiler window at start (toggle with P).
    #[arg(long)]
    pub profile: bool,
    /// Serve profiler frames to puffin_viewer on this address (loopback by default).
    #[arg(long, num_args = 0..=1, default_missing_value = "127.0.0.1:8585", value_name = "ADDR")]
    pub puffin_http: Option<String>,
    /// Open a panel at start (repeatable).
    #[arg(long = "panel", value_enum)]
    pub panels: Vec<PanelArg>,
    /// Start with the overlay hidden (toggle with O).
    #[arg(long)]
    pub no_overlay: bool,
    /// Frame budget from this rate instead of the monitor's refresh rate.
    #[arg(long, value_parser = positive_f64)]
    pub target_fps: Option<f64>,
    /// Frame-budget governor preset.
    #[arg(long, value_enum, default_value = "default")]
    pub profile_preset: PresetArg,
    /// Turn the governor off (a fixed --stream-batch per frame; the layer catches up at once).
    #[arg(long)]
    pub no_governor: bool,
    /// The replay's memory budget, heap and GPU together, in MB: the layer's checkpoints and the
    /// mesh cache take what the rest leaves, and the overlay alerts when the replay holds more
    /// (without it: 100 MB, no alert).
    #[arg(long, value_parser = positive_f64)]
    pub memory_budget_mb: Option<f64>,
    /// Keep the last N frames' profile and write it when the player exits, as NAME-capture.puffin
    /// (puffin_viewer opens it) and NAME-capture.trace.json (Chrome trace: Perfetto,
    /// chrome://tracing) beside the input. Key C writes one at any time.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub capture: Option<u64>,
    /// Where --capture writes, in the format the extension names: FILE.puffin with the trace
    /// beside it, or FILE.json (the Chrome trace alone).
    #[arg(long, value_name = "FILE.puffin|FILE.json", requires = "capture", value_parser = capture_path)]
    pub capture_out: Option<std::path::PathBuf>,
    /// Where strokes are made and tessellated while the drawing streams in.
    #[arg(long, value_enum, default_value = "auto")]
    pub loader: LoaderArg,
    /// With --no-governor: strokes tessellated and uploaded per frame while the drawing streams in.
    #[arg(long, default_value_t = inkplay::stream::DEFAULT_STREAM_BATCH as u32, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub stream_batch: u32,
    /// Automation: play this many frames at a fixed step, then exit 0.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub frames: Option<u64>,
    /// Automation: the fixed step per frame, ms.
    #[arg(long, default_value = "16.666666666666668", value_parser = positive_f64)]
    pub step_ms: f64,
    /// Automation: save the last frame (overlay included) as PNG. Needs --frames.
    #[arg(long, requires = "frames")]
    pub screenshot: Option<PathBuf>,
    /// Automation: actions at frames, e.g. "10:pause 20:seek=50% 30:zoom=2 40:screenshot=a.png"
    /// (or @FILE to read them from a file). See README for the list.
    #[arg(long)]
    pub script: Option<String>,
    /// Write what the player did (frames, playhead, GPU bytes, profiler scopes, …) as JSON on exit.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

/// `inkplay render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    #[arg(help = inkplay::import::file_help())]
    pub file: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// When: milliseconds (1500), a percentage of the duration (50%) or 'end'.
    #[arg(long, default_value = "end")]
    pub at: TimeSpec,
    /// Output PNG (written atomically).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Image size, WIDTHxHEIGHT.
    #[arg(long, default_value = "800x600")]
    pub size: Size,
    /// Antialiasing.
    #[arg(long, value_enum, default_value = "analytic")]
    pub aa: AaArg,
    /// Background colour: #rrggbb, #rrggbbaa, a name, or 'transparent'.
    #[arg(long, default_value = "white")]
    pub background: Color,
    /// Draw all geometry directly instead of through the retained layer (the reference path).
    #[arg(long)]
    pub direct: bool,
    #[command(flatten)]
    pub framing: FramingArgs,
}

/// `inkplay info`.
#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    #[arg(help = inkplay::import::file_help())]
    pub file: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `inkplay convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    #[arg(help = inkplay::import::file_help())]
    pub file: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Output file (*.inkplay.json), written atomically.
    #[arg(short, long)]
    pub output: PathBuf,
}
