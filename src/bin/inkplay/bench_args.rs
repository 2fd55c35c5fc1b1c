//! `inkplay bench`'s flags.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::args::{positive_f64, AaArg, LimitArgs, LoaderArg, PresetArg, ScenarioArg, Size};

const BASELINES: &str = "Baselines";

/// `inkplay bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    #[arg(help = inkplay::import::file_help())]
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
    /// drawing), rebuild (finished drawing, then a zoom and a backwards seek), scrub (the timeline
    /// dragged as a person does), soak (--minutes of the player's mix of actions).
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
    /// Where strokes are made and tessellated while the drawing streams in.
    #[arg(long, value_enum, default_value = "auto")]
    pub loader: LoaderArg,
    /// The replay's memory budget, heap and GPU together, in MB: the layer's checkpoints and the
    /// mesh cache take what the rest leaves (checkpoints never fewer than keep a seek within 4
    /// frames), and --check fails when the replay holds more. The resident set is reported beside
    /// it (on a software rasterizer it also holds the driver).
    #[arg(long, default_value_t = 100.0, value_parser = positive_f64)]
    pub memory_budget_mb: f64,
    /// `--scenario soak`: how long, in minutes (fractions allowed).
    #[arg(long, default_value_t = 30.0, value_parser = positive_f64, value_name = "N")]
    pub minutes: f64,
    /// `--scenario soak`: also write the memory samples as an SVG plot.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// No progress bar (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
    /// Run the rows of a suite (TOML: `[defaults]` and `[[row]]`s of name, drawing, scenario, size,
    /// aa, frames, warmup, governor, speed, budget_ms) in one process, into one report; the flags
    /// here are the rows' defaults.
    #[arg(long, value_name = "FILE.toml", conflicts_with = "file")]
    pub suite: Option<PathBuf>,
    /// Keep this run as a baseline (JSON, written atomically): every frame's times, the load times
    /// and memory, the machine, adapter, size, scenario, drawing and inkplay version.
    #[arg(long, value_name = "FILE", help_heading = BASELINES)]
    pub save_baseline: Option<PathBuf>,
    /// Compare with a baseline: a delta, this run's noise interval and a verdict per metric; exit 1
    /// when one regressed.
    #[arg(long, value_name = "FILE", help_heading = BASELINES)]
    pub baseline: Option<PathBuf>,
    /// Measure N times (fresh each time) and pool the frames: a baseline of N runs holds each
    /// frame statistic to the worst of its runs, so what moves between runs of the same build
    /// is not taken for a change; a comparison pools this run's N too.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=20), help_heading = BASELINES)]
    pub runs: u32,
    /// Measure a row that regressed against --baseline again, up to N times: it fails only when
    /// every measurement regressed (a busy machine slows a whole row for a while; a slower build
    /// stays slower). 0: the first measurement decides.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10), help_heading = BASELINES)]
    pub confirm: u32,
    /// How much worse (percent) a metric may be before it can regress.
    #[arg(long, default_value_t = 10.0, value_parser = positive_f64, value_name = "PCT", help_heading = BASELINES)]
    pub max_regression: f64,
    /// Compare with a baseline from another adapter, size, scenario, drawing or antialiasing.
    #[arg(long, requires = "baseline", help_heading = BASELINES)]
    pub force: bool,
    /// Record the measured frames as a profile capture, in the format FILE's extension names:
    /// FILE.puffin (puffin's format, puffin_viewer and `inkplay profile-diff` read it) with
    /// FILE.trace.json beside it, or FILE.json alone (a Chrome/Perfetto trace with the CPU scopes,
    /// GPU passes and per-frame counters). A suite's rows follow one another.
    #[arg(long, value_name = "FILE.puffin|FILE.json", value_parser = crate::args::capture_path)]
    pub trace: Option<PathBuf>,
    /// What to print: the table, inkplay's JSON report, github-action-benchmark's
    /// customSmallerIsBetter array, or Bencher's metric format (BMF).
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The table (and the comparison with --baseline).
    Table,
    /// inkplay's report (with the comparison under `comparison`).
    Json,
    /// github-action-benchmark's `customSmallerIsBetter` array.
    Github,
    /// Bencher's metric format.
    Bencher,
}
