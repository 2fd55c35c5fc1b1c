//! The bench report: JSON (serde), a printed table with the same figures, and per-frame CSV.

use serde::Serialize;

use super::baseline::{Baseline, Machine};
use crate::gpu::{AdapterSummary, CheckpointStats};
use crate::tess::CacheStats;

/// The percentile summary the report uses (defined in [`crate::stats`], shared with the player).
pub use super::rows::{csv, FrameRow};
pub use crate::stats::Summary;

/// Load phase timings, ms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LoadMs {
    /// Reading and parsing the input (or generating it).
    pub import: f64,
    /// Tessellation, all threads, wall time.
    pub tessellate: f64,
    /// Uploading geometry (GPU finished).
    pub upload: f64,
}

/// Image size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SizeReport {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
}

/// Glyph tessellation in a run: text is drawn from one mesh per glyph outline, copied into
/// place for every glyph of the drawing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GlyphReport {
    /// Glyph strokes in the drawing.
    pub in_drawing: u64,
    /// Glyph meshes placed during the run (each glyph stroke tessellated, from a shared mesh).
    pub placed: u64,
    /// Glyph outlines tessellated during the run (once per distinct outline while the shared
    /// store has room; 0 when an earlier run of the process already made them).
    pub tessellated: u64,
}

impl GlyphReport {
    /// The report for `drawing`, from the counts taken over the run.
    pub fn of(drawing: &crate::model::Drawing, counts: crate::tess::GlyphCounts) -> Self {
        let in_drawing = drawing
            .strokes
            .iter()
            .filter(|s| s.shape.as_ref().is_some_and(|s| s.glyph.is_some()))
            .count() as u64;
        Self {
            in_drawing,
            placed: counts.placed,
            tessellated: counts.tessellated,
        }
    }
}

/// A pass/fail rule of the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Invariant {
    /// What is checked.
    pub name: String,
    /// Whether it held.
    pub ok: bool,
    /// The measured value.
    pub value: f64,
    /// The limit it is held to.
    pub limit: f64,
}

/// p50/p99 of a peer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PeerFrame {
    /// Median, ms.
    pub p50: f64,
    /// 99th percentile, ms.
    pub p99: f64,
}

/// An alternative renderer measured on the same frames.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerReport {
    /// `draw-all`, `epaint`, `tiny-skia`, `vello` or `vello_cpu`.
    pub name: String,
    /// Its frame times.
    pub frame_ms: PeerFrame,
    /// Peer p99 ÷ inkplay p99 (> 1 means inkplay is faster).
    pub ratio_p99: f64,
    /// How the peer draws and how it differs from inkplay.
    pub note: String,
    /// Its last frame against inkplay's (`None` when it could not be read back). A peer whose
    /// recall is under [`MIN_RECALL`](super::ink::MIN_RECALL) left ink out: its time is not
    /// compared.
    pub ink: Option<super::ink::InkAgreement>,
    /// Whether its time is compared with inkplay's: false when it left ink out.
    pub compared: bool,
}

impl PeerReport {
    /// The same with its last frame's agreement with inkplay's, which says whether its time is
    /// compared.
    pub fn with_ink(self, ink: Option<super::ink::InkAgreement>) -> Self {
        Self {
            compared: ink.is_none_or(|g| g.complete()),
            ink,
            ..self
        }
    }
}

/// A run against its baseline (see [`crate::bench::verdict`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The threshold, percent.
    pub max_regression_pct: f64,
    /// The baseline's commit, when it recorded one.
    pub baseline_commit: Option<String>,
    /// The baseline's inkplay version.
    pub baseline_inkplay: String,
    /// Every metric: baseline, now, delta, interval, verdict.
    pub metrics: Vec<crate::bench::verdict::MetricDelta>,
}

/// What the governor did during the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GovernorReport {
    /// Its configuration (preset, budget, headroom, thresholds).
    pub config: crate::governor::GovernorConfig,
    /// Quality level at the end.
    pub quality: crate::governor::Quality,
    /// Counters and learned costs.
    pub stats: crate::governor::GovernorStats,
    /// Alerts raised (jank, quality steps, memory).
    pub alerts: Vec<crate::governor::Alert>,
}

/// Everything `inkplay bench` measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    /// The device.
    pub adapter: AdapterSummary,
    /// The input as given.
    pub input: String,
    /// `playback`, `seek`, `load` or `static`.
    pub scenario: String,
    /// Where the strokes were made and tessellated while streaming in: `frame` or `thread`.
    pub loader: String,
    /// Strokes in the drawing.
    pub strokes: usize,
    /// Points in the drawing.
    pub points: usize,
    /// Frames measured (after warm-up).
    pub frames: usize,
    /// Image size.
    pub size: SizeReport,
    /// Antialiasing mode.
    pub aa: String,
    /// Frame budget, ms.
    pub budget_ms: f64,
    /// Load phase.
    pub load_ms: LoadMs,
    /// From the start of loading onto the GPU (the drawing parsed) to the end of the first frame
    /// showing ink, ms.
    pub first_ink_ms: Option<f64>,
    /// The same from opening the input (import included), ms.
    pub first_ink_from_open_ms: Option<f64>,
    /// The frame-budget governor: preset, final quality, counters, alerts (`None`: off).
    pub governor: Option<GovernorReport>,
    /// Frames where the playhead waited for ink still streaming in.
    pub buffering_frames: usize,
    /// Frames where the previous layer stood in for one being rebuilt.
    pub standin_frames: usize,
    /// Wall time per frame, GPU finished.
    pub frame_ms: Summary,
    /// Main-thread CPU time per frame (encode + submit).
    pub cpu_ms: Summary,
    /// GPU time per frame from timestamp queries, or null where unavailable.
    pub gpu_ms: Option<Summary>,
    /// Frames longer than 1.5 × the budget.
    pub janky_frames: usize,
    /// Resident set size at the end (on a software adapter this includes "GPU" memory).
    pub rss_bytes: u64,
    /// Resident set size with the device open and the bundled sample drawn (pipelines warm), before
    /// the measured drawing is loaded: what the drawing adds is the difference.
    pub rss_baseline_bytes: u64,
    /// `seek` and `scrub`: frames drawn after the playhead stopped until the frame was exact (the
    /// whole retained layer for that moment, no stand-in, full resolution: what `render --at`
    /// shows); 0 when the stop frame itself was. `None` for other scenarios, or when it was not
    /// exact within the settle limit.
    pub frames_to_exact: Option<usize>,
    /// The same as wall time: the frames after the stop until the exact one, ms.
    pub ms_to_exact: Option<f64>,
    /// `seek` and `scrub` with a governor: the layer's checkpoints, built before the measured
    /// frames.
    pub checkpoints: Option<CheckpointReport>,
    /// Peak heap bytes during the run (`None`: not measured, the counting allocator is not
    /// installed; see [`crate::memory`]).
    pub heap_bytes_peak: Option<u64>,
    /// Heap bytes live at the end of the measured frames, with the drawing loaded and the mesh
    /// cache full (`None`: not measured, as for the peak).
    pub heap_bytes_live: Option<u64>,
    /// GPU bytes held (`GpuMemory` count).
    pub gpu_bytes: u64,
    /// The same bytes by what holds them (geometry, layer, checkpoints, targets, images …).
    pub gpu_by_kind: crate::gpu::GpuMemStats,
    /// GPU bytes ÷ input points.
    pub gpu_bytes_per_point: f64,
    /// Mesh cache counters.
    pub cache: CacheStats,
    /// Text: glyphs in the drawing, and how many outlines were tessellated for them.
    pub glyphs: GlyphReport,
    /// `load` with a governor and [`BenchConfig::versus_ungoverned`](super::BenchConfig): the
    /// frame times of the same run without the governor.
    pub no_governor_frame_ms: Option<Summary>,
    /// Rules and whether they held.
    pub invariants: Vec<Invariant>,
    /// Against a baseline (`--baseline`): a verdict per metric.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// Alternatives measured on the same frames (`--compare`).
    pub peers: Vec<PeerReport>,
}

impl BenchReport {
    /// This run, named `name` (a suite row; empty for a single run), as a baseline with its
    /// frames.
    pub fn baseline(&self, name: &str, rows: &[FrameRow]) -> Baseline {
        let commit = ["INKPLAY_COMMIT", "GITHUB_SHA"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        Baseline {
            name: name.into(),
            inkplay: env!("CARGO_PKG_VERSION").into(),
            commit,
            machine: Machine::this(),
            adapter: self.adapter.clone(),
            input: self.input.clone(),
            scenario: self.scenario.clone(),
            width: self.size.width,
            height: self.size.height,
            aa: self.aa.clone(),
            frames: self.frames,
            budget_ms: self.budget_ms,
            frame_ms: rows.iter().map(|r| r.frame_ms).collect(),
            cpu_ms: rows.iter().map(|r| r.cpu_ms).collect(),
            gpu_ms: rows.iter().filter_map(|r| r.gpu_ms).collect(),
            tessellate_ms: self.load_ms.tessellate,
            upload_ms: self.load_ms.upload,
            heap_bytes_live: self.heap_bytes_live,
            heap_bytes_peak: self.heap_bytes_peak,
            gpu_bytes: self.gpu_bytes,
            gpu_geometry_bytes: (self.gpu_bytes_per_point * self.points as f64).round() as u64,
            repeats: Vec::new(),
        }
    }

    /// Whether every invariant held.
    pub fn ok(&self) -> bool {
        self.invariants.iter().all(|i| i.ok)
    }

    /// The same figures as a text table.
    pub fn table(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let f = |x: &Summary| {
            format!(
                "{:8.2} {:8.2} {:8.2} {:8.2} {:8.2}",
                x.p50, x.p95, x.p99, x.max, x.mean
            )
        };
        let _ = writeln!(
            s,
            "adapter   {} ({}, {}, {})",
            self.adapter.name, self.adapter.backend, self.adapter.device_type, self.adapter.driver
        );
        let _ = writeln!(
            s,
            "input     {}: {} strokes, {} points; scenario {}, {} frames, {}x{}, aa {}, budget {} ms",
            self.input, self.strokes, self.points, self.scenario, self.frames, self.size.width, self.size.height, self.aa, self.budget_ms
        );
        let _ = writeln!(
            s,
            "load      import {:.1} ms, tessellate {:.1} ms, upload {:.1} ms; first ink {} after import ({} after open)",
            self.load_ms.import,
            self.load_ms.tessellate,
            self.load_ms.upload,
            self.first_ink_ms
                .map_or("-".into(), |v| format!("{v:.1} ms")),
            self.first_ink_from_open_ms
                .map_or("-".into(), |v| format!("{v:.1} ms"))
        );
        if let Some(g) = &self.governor {
            let _ = writeln!(
                s,
                "governor  {} preset, quality {:?} at the end ({} steps down, {} up), {} buffering and {} stand-in frames, {} alert(s)",
                g.config.preset.name(),
                g.quality,
                g.stats.steps_down,
                g.stats.steps_up,
                self.buffering_frames,
                self.standin_frames,
                g.alerts.len()
            );
        }
        let _ = writeln!(
            s,
            "               p50      p95      p99      max     mean   (ms)"
        );
        let _ = writeln!(s, "frame     {}", f(&self.frame_ms));
        if let Some(n) = &self.no_governor_frame_ms {
            let _ = writeln!(
                s,
                "no-gov    {}   (the same run without the governor)",
                f(n)
            );
        }
        let _ = writeln!(s, "cpu       {}", f(&self.cpu_ms));
        match &self.gpu_ms {
            Some(g) => {
                let _ = writeln!(s, "gpu       {}", f(g));
            }
            None => {
                let _ = writeln!(s, "gpu       (no timestamp queries on this adapter)");
            }
        }
        if let Some(c) = &self.checkpoints {
            let _ = writeln!(
                s,
                "checkpts  {} of {} filled, {} for seeks exact at once ({:.1} MB, plan allows {:.0} MB), built in {:.0} ms over {} frames before measuring",
                c.stats.filled,
                c.stats.planned,
                c.stats.needed,
                c.stats.filled as f64 * (self.size.width as f64 * self.size.height as f64 * 4.0) / 1e6,
                c.stats.budget_bytes as f64 / 1e6,
                c.build_ms,
                c.build_frames
            );
        }
        if let (Some(n), Some(ms)) = (self.frames_to_exact, self.ms_to_exact) {
            let _ = writeln!(
                s,
                "exact     {n} frame(s), {ms:.1} ms after the playhead stopped"
            );
        }
        let _ = writeln!(
            s,
            "janky     {} frame(s) over {:.1} ms",
            self.janky_frames,
            self.budget_ms * 1.5
        );
        let _ = writeln!(
            s,
            "memory    rss {:.1} MB (baseline {:.1} MB), heap peak {} live {}, gpu {:.1} MB (geometry {:.1} B/point)",
            self.rss_bytes as f64 / 1e6,
            self.rss_baseline_bytes as f64 / 1e6,
            self.heap_bytes_peak
                .map_or("not measured".into(), |b| format!("{:.1} MB", b as f64 / 1e6)),
            self.heap_bytes_live.map_or("not measured".into(), |b| format!(
                "{:.1} MB ({:.1} B/point)",
                b as f64 / 1e6,
                b as f64 / self.points.max(1) as f64
            )),
            self.gpu_bytes as f64 / 1e6,
            self.gpu_bytes_per_point
        );
        let g = &self.gpu_by_kind;
        let mb = |b: u64| b as f64 / 1e6;
        let _ = writeln!(
            s,
            "gpu mem   geometry {:.1} MB, layer {:.1} MB, checkpoints {:.1} MB, targets {:.1} MB, \
             staging {:.1} MB, images {:.1} MB, uniforms {:.1} MB",
            mb(g.vertices + g.indices),
            mb(g.layer),
            mb(g.checkpoints),
            mb(g.target),
            mb(g.staging),
            mb(g.images),
            mb(g.uniforms)
        );
        let c = &self.cache;
        let _ = writeln!(
            s,
            "cache     {} entries, {:.1} MB, {} hits, {} misses, {} evictions",
            c.entries,
            c.bytes as f64 / 1e6,
            c.hits,
            c.misses,
            c.evictions
        );
        let g = &self.glyphs;
        if g.in_drawing > 0 {
            let _ = writeln!(
                s,
                "glyphs    {} in the drawing, {} placed from {} tessellated outlines",
                g.in_drawing, g.placed, g.tessellated
            );
        }
        for p in &self.peers {
            let ink = p.ink.map_or(String::new(), |g| {
                format!("  ink recall {:.3} precision {:.3}", g.recall, g.precision)
            });
            let ratio = if !p.compared {
                "left ink out, not compared".to_string()
            } else {
                format!("ratio p99 {:8.1}x", p.ratio_p99)
            };
            let _ = writeln!(
                s,
                "peer      {:<10} p50 {:9.2} ms  p99 {:9.2} ms  {ratio}{ink}",
                p.name, p.frame_ms.p50, p.frame_ms.p99
            );
        }
        for i in &self.invariants {
            let _ = writeln!(
                s,
                "check     {:<4} {} = {:.2} (limit {:.2})",
                if i.ok { "ok" } else { "FAIL" },
                i.name,
                i.value,
                i.limit
            );
        }
        s
    }
}

/// The layer's checkpoints in a seek or scrub run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CheckpointReport {
    /// Budget, planned and filled when measuring started.
    pub stats: CheckpointStats,
    /// Wall time of the governed frames that built them (ms).
    pub build_ms: f64,
    /// How many frames that took.
    pub build_frames: usize,
}
