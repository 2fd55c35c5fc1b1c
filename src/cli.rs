//! Command-line definitions (clap) and the commands they run.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::gpu::{AntiAlias, RenderSettings};
use crate::headless::Headless;
use crate::import::{self, Loaded};
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
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
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
}

fn positive_f64(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("{s:?} is not a positive number")),
    }
}

/// `inkplay bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    #[arg(help = FILE_HELP)]
    pub file: Option<String>,
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
    /// What the frames show: playback, seek (random), load (while streaming in), static (finished drawing).
    #[arg(long, value_enum, default_value = "playback")]
    pub scenario: ScenarioArg,
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
    "Drawing to load: a file (*.inkplay.json, Quick, Draw! *.ndjson), FILE#N for drawing N \
of a multi-drawing file, or synthetic:N[:SEED]. Default: the bundled sample";

/// `inkplay render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    #[arg(help = FILE_HELP)]
    pub file: Option<String>,
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
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `inkplay convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    #[arg(help = FILE_HELP)]
    pub file: Option<String>,
    /// Output file (*.inkplay.json), written atomically.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// What a command prints on standard output.
pub type Output = String;

/// Run a parsed command; returns what to print.
pub fn run(cli: &Cli) -> Result<Output, Error> {
    match &cli.command {
        Command::Render(a) => render(a),
        Command::Info(a) => info(a),
        Command::Convert(a) => convert(a),
        Command::Bench(a) => bench(a),
    }
}

fn render(a: &RenderArgs) -> Result<Output, Error> {
    let (loaded, name) = import::load_source(a.file.as_deref())?;
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
    /// What validation fixed.
    pub warnings: Vec<String>,
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
        warnings: loaded.warnings.iter().map(ToString::to_string).collect(),
    }
}

fn info(a: &InfoArgs) -> Result<Output, Error> {
    let (loaded, file) = import::load_source(a.file.as_deref())?;
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
        } else {
            "none (0.5 used)"
        }
    );
    for w in &r.warnings {
        let _ = writeln!(s, "warning:   {w}");
    }
    Ok(s)
}

fn convert(a: &ConvertArgs) -> Result<Output, Error> {
    let (loaded, file) = import::load_source(a.file.as_deref())?;
    let json = crate::import::native::to_json(&loaded.drawing);
    crate::output::write_atomic(&a.output, |w| w.write_all(json.as_bytes()))?;
    Ok(format!(
        "{file}: {} strokes, {} points -> {}\n",
        loaded.drawing.strokes.len(),
        loaded.drawing.point_count(),
        a.output.display()
    ))
}

fn bench(a: &BenchArgs) -> Result<Output, Error> {
    use crate::bench::{self, BenchConfig, Scenario};
    let cfg = BenchConfig {
        input: a.file.clone(),
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
        },
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
