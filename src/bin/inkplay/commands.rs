//! The commands: each takes its parsed arguments and returns what to print.

use clap::Parser;

use inkplay::gpu::{AntiAlias, RenderSettings};
use inkplay::headless::Headless;
use inkplay::import::{self, Loaded};
use inkplay::Error;

use crate::args::*;

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
    let (duration, strokes) = (loaded.drawing.duration_ms(), loaded.drawing.strokes.len());
    let timings = h.load(loaded.drawing)?;
    let t = a.at.resolve(duration);
    let report = if a.direct {
        h.render_direct(t)?
    } else {
        h.render(t)?
    };
    let px = h.read_rgba()?;
    inkplay::output::write_png(&a.output, &px, a.size.width, a.size.height)?;
    let list = h.renderer().draw_list(t);
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
        duration,
        list.started().len(),
        strokes,
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
    pub bbox: Option<inkplay::model::BBox>,
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
                .any(|p| p.pressure != inkplay::model::Point::DEFAULT_PRESSURE),
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
    let json = inkplay::import::to_native_json(&loaded.drawing);
    inkplay::output::write_atomic(&a.output, |w| w.write_all(json.as_bytes()))?;
    Ok(format!(
        "{file}: {} strokes, {} points -> {}\n",
        loaded.drawing.strokes.len(),
        loaded.drawing.point_count(),
        a.output.display()
    ))
}

#[cfg(feature = "ui")]
fn play(a: &PlayArgs) -> Result<Output, Error> {
    use inkplay::player::{self, Panels, PlayOptions};
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
        pacing: inkplay::playback::PacingOptions {
            pacing: match a.pacing {
                PacingArg::Recorded => inkplay::playback::Pacing::AsRecorded,
                PacingArg::Uniform => inkplay::playback::Pacing::Uniform,
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
    use inkplay::bench::{self, BenchConfig, Scenario};
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
    };
    let mut bar = crate::progress::Bar::new(!a.no_progress);
    let (report, rows) = bench::run(&cfg, &mut bar)?;
    if let Some(p) = &a.json {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| Error::Usage(e.to_string()))?;
        inkplay::output::write_atomic(p, |w| w.write_all(json.as_bytes()))?;
    }
    if let Some(p) = &a.csv {
        let csv = bench::report::csv(&rows);
        inkplay::output::write_atomic(p, |w| w.write_all(csv.as_bytes()))?;
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
