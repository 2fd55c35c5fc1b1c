//! Command-line definitions (clap) and the commands they run.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::gpu::{AntiAlias, RenderSettings};
use crate::headless::Headless;
use crate::import::{self, ImportLimits, Loaded};
use crate::model::Color;
use crate::playback::TimeSpec;
use crate::Error;

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
    Bench(BenchArgs),
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

impl From<PresetArg> for crate::governor::Preset {
    fn from(p: PresetArg) -> Self {
        match p {
            PresetArg::Default => Self::Default,
            PresetArg::Aggressive => Self::Aggressive,
            PresetArg::Conservative => Self::Conservative,
        }
    }
}

fn positive_f64(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("{s:?} is not a positive number")),
    }
}

const LIMITS: &str = "Import limits";

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

/// `inkplay bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    #[arg(help = FILE_HELP)]
    pub file: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Frames measured.
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub frames: u32,
    /// Warm-up frames before measuring (not in the figures).
    #[arg(long, default_value_t = 5)]
    pub warmup: u32,
    /// Render size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720")]
    pub size: Size,
    /// Antialiasing.
    #[arg(long, value_enum, default_value = "analytic")]
    pub aa: AaArg,
    /// What the frames show: playback, seek (random), load (while streaming in), static (finished
    /// drawing), rebuild (finished drawing, then a zoom and a backwards seek).
    #[arg(long, value_enum, default_value = "playback")]
    pub scenario: ScenarioArg,
    /// Frame-budget governor preset.
    #[arg(long, value_enum, default_value = "default")]
    pub profile_preset: PresetArg,
    /// Turn the governor off: every frame does all pending work at once.
    #[arg(long)]
    pub no_governor: bool,
    /// Playback speed in × real time at 60 fps (default: a step that covers the drawing in FRAMES).
    #[arg(long, value_parser = positive_f64)]
    pub speed: Option<f64>,
    /// Write the report as JSON (atomically).
    #[arg(long, value_name = "OUT.json")]
    pub json: Option<PathBuf>,
    /// Write one CSV row per measured frame (atomically).
    #[arg(long, value_name = "OUT.csv")]
    pub csv: Option<PathBuf>,
    /// Also draw the same frames with the peers: draw-all, epaint, tiny-skia.
    #[arg(long)]
    pub compare: bool,
    /// Exit with status 1 when an invariant fails (p99 over budget, RSS over the memory budget).
    #[arg(long)]
    pub check: bool,
    /// Frame budget in ms.
    #[arg(long, default_value_t = 16.7, value_parser = positive_f64)]
    pub budget_ms: f64,
    /// Memory budget for the resident set, in MB.
    #[arg(long, default_value_t = 100.0, value_parser = positive_f64)]
    pub memory_budget_mb: f64,
    /// No progress bar (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
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

const FILE_HELP: &str =
    "Drawing to load: a file (*.inkplay.json, Quick, Draw! *.ndjson, Excalidraw, tldraw .tldr, \
InkML, SVG, SVC, pointer-event JSON, Wacom CSV, GML, perfect-freehand JSON), FILE#N for drawing N of a \
multi-drawing file, or synthetic:N[:SEED]. Default: the bundled sample";

fn speed_arg(s: &str) -> Result<f64, String> {
    match s.trim_end_matches(['x', '×']).parse::<f64>() {
        Ok(v) if (0.1..=64.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?}: speed must be a number from 0.1 to 64")),
    }
}

fn non_negative_f64(s: &str) -> Result<f64, String> {
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
    #[arg(help = FILE_HELP)]
    pub file: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
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
    #[arg(long = "loop", default_value = "off", value_parser = |s: &str| s.parse::<crate::playback::LoopMode>())]
    pub loop_mode: crate::playback::LoopMode,
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
    /// Alert in the overlay when the process RSS exceeds this many MB.
    #[arg(long, value_parser = positive_f64)]
    pub memory_budget_mb: Option<f64>,
    /// With --no-governor: strokes tessellated and uploaded per frame while the drawing streams in.
    #[arg(long, default_value_t = crate::stream::DEFAULT_STREAM_BATCH as u32, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
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
    #[arg(help = FILE_HELP)]
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
}

/// `inkplay info`.
#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    #[arg(help = FILE_HELP)]
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
    #[arg(help = FILE_HELP)]
    pub file: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Output file (*.inkplay.json), written atomically.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// What a command prints on standard output.
pub type Output = String;

/// Run a parsed command; returns what to print.
pub fn run(cli: &Cli) -> Result<Output, Error> {
    match &cli.command {
        None => match Cli::parse_from(["inkplay", "play"]).command {
            Some(Command::Play(a)) => play(&a),
            _ => Err(Error::Usage("no command given".into())),
        },
        Some(Command::Play(a)) => play(a),
        Some(Command::Render(a)) => render(a),
        Some(Command::Info(a)) => info(a),
        Some(Command::Convert(a)) => convert(a),
        Some(Command::Bench(a)) => bench(a),
    }
}

fn render(a: &RenderArgs) -> Result<Output, Error> {
    let (loaded, name) = import::load_source(a.file.as_deref(), &a.limits.limits())?;
    let settings = RenderSettings {
        aa: a.aa.into(),
        background: a.background,
    };
    let mut h = Headless::new(a.size.width, a.size.height, settings)?;
    let timings = h.load(&loaded.drawing)?;
    let t = a.at.resolve(loaded.drawing.duration_ms());
    let report = if a.direct {
        h.render_direct(t)?
    } else {
        h.render(t)?
    };
    let px = h.read_rgba()?;
    crate::output::write_png(&a.output, &px, a.size.width, a.size.height)?;
    let list = h.renderer.draw_list(t);
    log::info!(
        "tessellated {} vertices in {:.1} ms, uploaded in {:.1} ms; {report:?}",
        timings.vertices,
        timings.tessellate.as_secs_f64() * 1e3,
        timings.upload.as_secs_f64() * 1e3
    );
    Ok(format!(
        "{}: {} at {:.0} ms of {:.0} ms ({} of {} strokes started) -> {} ({}x{}, {})\n",
        name,
        loaded.format,
        t,
        loaded.drawing.duration_ms(),
        list.started().len(),
        loaded.drawing.strokes.len(),
        a.output.display(),
        a.size.width,
        a.size.height,
        AntiAlias::from(a.aa).name(),
    ))
}

/// The `info --json` document.
#[derive(Debug, serde::Serialize)]
pub struct InfoReport {
    /// The file as given.
    pub file: String,
    /// Detected format.
    pub format: String,
    /// Drawings in the file.
    pub drawings: usize,
    /// Which drawing was read.
    pub drawing_index: usize,
    /// Drawing name.
    pub name: String,
    /// Strokes (after dropping empty ones).
    pub strokes: usize,
    /// Points.
    pub points: usize,
    /// Duration in ms.
    pub duration_ms: f64,
    /// Bounding box of the points, or null for an empty drawing.
    pub bbox: Option<crate::model::BBox>,
    /// Whether the source recorded timing.
    pub has_timing: bool,
    /// Whether the source recorded pressure.
    pub has_pressure: bool,
    /// Whether, with none recorded, the importer simulated pressure (from pen speed, as
    /// Excalidraw and tldraw do for mouse strokes): the pressures are not all the 0.5 default.
    pub pressure_simulated: bool,
    /// What validation fixed.
    pub warnings: Vec<String>,
    /// Source elements that are not drawn, by kind (e.g. `{"text": 3}`).
    pub skipped: std::collections::BTreeMap<String, usize>,
}

/// Build the info report for a loaded drawing.
pub fn info_report(loaded: &Loaded, file: &str) -> InfoReport {
    let d = &loaded.drawing;
    InfoReport {
        file: file.to_string(),
        format: loaded.format.name().to_string(),
        drawings: loaded.drawings_in_file,
        drawing_index: loaded.index,
        name: d.meta.name.clone(),
        strokes: d.strokes.len(),
        points: d.point_count(),
        duration_ms: d.duration_ms(),
        bbox: d.bbox(),
        has_timing: d.meta.has_timing,
        has_pressure: d.meta.has_pressure,
        pressure_simulated: !d.meta.has_pressure
            && d.strokes
                .iter()
                .flat_map(|s| &s.points)
                .any(|p| p.pressure != crate::model::Point::DEFAULT_PRESSURE),
        warnings: loaded.warnings.iter().map(ToString::to_string).collect(),
        skipped: loaded.skipped.clone(),
    }
}

fn info(a: &InfoArgs) -> Result<Output, Error> {
    let (loaded, file) = import::load_source(a.file.as_deref(), &a.limits.limits())?;
    let r = info_report(&loaded, &file);
    if a.json {
        let mut s = serde_json::to_string_pretty(&r).map_err(|e| Error::Usage(e.to_string()))?;
        s.push('\n');
        return Ok(s);
    }
    let bbox = match r.bbox {
        Some(b) => format!(
            "x {:.1}..{:.1}, y {:.1}..{:.1} ({:.1} x {:.1})",
            b.min_x,
            b.max_x,
            b.min_y,
            b.max_y,
            b.width(),
            b.height()
        ),
        None => "empty".into(),
    };
    let mut s = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(s, "file:      {}", r.file);
    let _ = writeln!(s, "format:    {}", r.format);
    let _ = writeln!(
        s,
        "drawing:   #{} of {} in the file",
        r.drawing_index, r.drawings
    );
    let _ = writeln!(s, "name:      {}", r.name);
    let _ = writeln!(s, "strokes:   {}", r.strokes);
    let _ = writeln!(s, "points:    {}", r.points);
    let _ = writeln!(
        s,
        "duration:  {:.0} ms ({:.2} s)",
        r.duration_ms,
        r.duration_ms / 1000.0
    );
    let _ = writeln!(s, "bbox:      {bbox}");
    let _ = writeln!(
        s,
        "timing:    {}",
        if r.has_timing {
            "recorded"
        } else {
            "none (synthesized)"
        }
    );
    let _ = writeln!(
        s,
        "pressure:  {}",
        if r.has_pressure {
            "recorded"
        } else if r.pressure_simulated {
            "simulated from pen speed (none recorded)"
        } else {
            "none (0.5 used)"
        }
    );
    if !r.skipped.is_empty() {
        let list: Vec<String> = r.skipped.iter().map(|(k, n)| format!("{k} x{n}")).collect();
        let _ = writeln!(s, "not drawn: {}", list.join(", "));
    }
    for w in &r.warnings {
        let _ = writeln!(s, "warning:   {w}");
    }
    Ok(s)
}

fn convert(a: &ConvertArgs) -> Result<Output, Error> {
    let (loaded, file) = import::load_source(a.file.as_deref(), &a.limits.limits())?;
    let json = crate::import::native::to_json(&loaded.drawing);
    crate::output::write_atomic(&a.output, |w| w.write_all(json.as_bytes()))?;
    Ok(format!(
        "{file}: {} strokes, {} points -> {}\n",
        loaded.drawing.strokes.len(),
        loaded.drawing.point_count(),
        a.output.display()
    ))
}

#[cfg(feature = "ui")]
fn play(a: &PlayArgs) -> Result<Output, Error> {
    use crate::player::{self, Panels, PlayOptions};
    let script = match &a.script {
        Some(s) => {
            let text = match s.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| Error::Usage(format!("--script {path}: {e}")))?,
                None => s.clone(),
            };
            player::parse_script(&text).map_err(|e| Error::Usage(format!("--script: {e}")))?
        }
        None => Vec::new(),
    };
    let mut panels = Panels {
        overlay: !a.no_overlay,
        profiler: a.profile,
        ..Panels::default()
    };
    for p in &a.panels {
        match p {
            PanelArg::Memory => panels.memory = true,
            PanelArg::Frames => panels.frames = true,
            PanelArg::Help => panels.help = true,
        }
    }
    let opts = PlayOptions {
        source: a.file.clone(),
        limits: a.limits.limits(),
        size: (a.size.width, a.size.height),
        settings: RenderSettings {
            aa: a.aa.into(),
            background: a.background,
        },
        vsync: a.vsync == OnOff::On,
        pacing: crate::playback::PacingOptions {
            pacing: match a.pacing {
                PacingArg::Recorded => crate::playback::Pacing::AsRecorded,
                PacingArg::Uniform => crate::playback::Pacing::Uniform,
            },
            max_gap_ms: a.max_pause,
            uniform_stroke_ms: a.stroke_ms,
        },
        speed: a.speed,
        reverse: a.reverse,
        loop_mode: a.loop_mode,
        start_at: a.at,
        paused: a.paused,
        panels,
        puffin_http: a.puffin_http.clone(),
        frames: a.frames,
        step_ms: a.step_ms,
        screenshot: a.screenshot.clone(),
        script,
        report: a.report.clone(),
        target_fps: a.target_fps,
        stream_batch: a.stream_batch as usize,
        governor: (!a.no_governor).then(|| a.profile_preset.into()),
        memory_budget_mb: a.memory_budget_mb,
    };
    let r = player::run(opts)?;
    let mut out = String::new();
    if a.frames.is_some() {
        use std::fmt::Write as _;
        let _ = writeln!(
            out,
            "played {} frames of {} ({} strokes) on {}: playhead {:.0} ms, frame work p50 {:.2} ms p99 {:.2} ms",
            r.frames,
            r.name,
            r.strokes,
            r.adapter.as_ref().map_or("?", |x| x.name.as_str()),
            r.drawing_ms,
            r.frame_times.work.p50,
            r.frame_times.work.p99,
        );
        for s in &r.screenshots {
            let _ = writeln!(out, "saved {s}");
        }
    }
    Ok(out)
}

#[cfg(not(feature = "ui"))]
fn play(_a: &PlayArgs) -> Result<Output, Error> {
    Err(Error::Usage(
        "this inkplay was built without the `ui` feature, so it has no player; use `render` or \
         `bench`, or build with default features"
            .into(),
    ))
}

fn bench(a: &BenchArgs) -> Result<Output, Error> {
    use crate::bench::{self, BenchConfig, Scenario};
    let cfg = BenchConfig {
        input: a.file.clone(),
        limits: a.limits.limits(),
        frames: a.frames as usize,
        warmup: a.warmup as usize,
        width: a.size.width,
        height: a.size.height,
        aa: a.aa.into(),
        scenario: match a.scenario {
            ScenarioArg::Playback => Scenario::Playback,
            ScenarioArg::Seek => Scenario::Seek,
            ScenarioArg::Load => Scenario::Load,
            ScenarioArg::Static => Scenario::Static,
            ScenarioArg::Rebuild => Scenario::Rebuild,
        },
        governor: (!a.no_governor).then(|| a.profile_preset.into()),
        speed: a.speed,
        budget_ms: a.budget_ms,
        memory_budget_mb: a.memory_budget_mb,
        compare: a.compare,
        progress: !a.no_progress,
    };
    let (report, rows) = bench::run(&cfg)?;
    if let Some(p) = &a.json {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| Error::Usage(e.to_string()))?;
        crate::output::write_atomic(p, |w| w.write_all(json.as_bytes()))?;
    }
    if let Some(p) = &a.csv {
        let csv = bench::report::csv(&rows);
        crate::output::write_atomic(p, |w| w.write_all(csv.as_bytes()))?;
    }
    let table = report.table();
    if a.check && !report.ok() {
        let failed = report
            .invariants
            .iter()
            .filter(|i| !i.ok)
            .map(|i| format!("{} ({:.2} > {:.2})", i.name, i.value, i.limit))
            .collect();
        return Err(Error::CheckFailed {
            output: table,
            failed,
        });
    }
    Ok(table)
}
