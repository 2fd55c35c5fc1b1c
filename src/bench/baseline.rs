//! Baselines: a bench run kept to compare later runs with (`--save-baseline`, `--baseline`).
//!
//! A [`Baseline`] (made by [`BenchReport::baseline`](super::report::BenchReport::baseline)) holds what makes two runs comparable (adapter, size, scenario, drawing, AA,
//! frames) and what they are compared on: every measured frame's wall, CPU and GPU time (so a
//! comparison can estimate noise from the samples) and the single figures (load times, memory).
//! It also records the machine and the inkplay version and commit, for the reader.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::gpu::AdapterSummary;

/// The baseline file format's version.
pub const BASELINE_VERSION: u32 = 1;

/// What ran where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// `linux`, `macos`, …
    pub os: String,
    /// `x86_64`, `aarch64`, …
    pub arch: String,
    /// Logical CPUs.
    pub cpus: usize,
    /// The CPU's model name, where the OS tells.
    pub cpu_model: Option<String>,
}

impl Machine {
    /// This machine.
    pub fn this() -> Self {
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        });
        Self {
            os: std::env::consts::OS.into(),
            arch: std::env::consts::ARCH.into(),
            cpus: std::thread::available_parallelism().map_or(1, usize::from),
            cpu_model,
        }
    }
}

/// A baseline file: the runs of one `inkplay bench` (one, or a suite's rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineFile {
    /// [`BASELINE_VERSION`].
    pub version: u32,
    /// The runs.
    pub runs: Vec<Baseline>,
}

/// A bench run kept for comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// The suite row's name (empty for a single run).
    pub name: String,
    /// inkplay's version.
    pub inkplay: String,
    /// The git commit it was built from, when known (`INKPLAY_COMMIT` or `GITHUB_SHA`).
    pub commit: Option<String>,
    /// The machine.
    pub machine: Machine,
    /// The adapter.
    pub adapter: AdapterSummary,
    /// The drawing (`synthetic:N`, a file name).
    pub input: String,
    /// The scenario.
    pub scenario: String,
    /// Render size.
    pub width: u32,
    /// Render size.
    pub height: u32,
    /// Antialiasing.
    pub aa: String,
    /// Frames measured.
    pub frames: usize,
    /// Frame budget, ms.
    pub budget_ms: f64,
    /// Every measured frame's wall time, ms.
    pub frame_ms: Vec<f64>,
    /// Every measured frame's CPU time, ms.
    pub cpu_ms: Vec<f64>,
    /// Every measured frame's GPU time, ms (empty without timestamps).
    pub gpu_ms: Vec<f64>,
    /// Tessellation wall time of the load, ms.
    pub tessellate_ms: f64,
    /// Upload wall time of the load, ms.
    pub upload_ms: f64,
    /// Heap at the end, bytes (when measured).
    pub heap_bytes_live: Option<u64>,
    /// Heap peak, bytes (when measured).
    pub heap_bytes_peak: Option<u64>,
    /// GPU bytes allocated at the end.
    pub gpu_bytes: u64,
    /// GPU bytes of the drawing's geometry (vertices and indices).
    pub gpu_geometry_bytes: u64,
    /// A baseline of several runs (`--runs N`): each run's frames (the series above pool them).
    /// A frame statistic is then held to the worst of the runs, so that what moves between two
    /// runs of the same build is not taken for a change (see `verdict.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeats: Vec<Repeat>,
}

/// One run's frames in a baseline of several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repeat {
    /// Wall time per frame, ms.
    pub frame_ms: Vec<f64>,
    /// CPU time per frame, ms.
    pub cpu_ms: Vec<f64>,
    /// GPU time per frame, ms.
    pub gpu_ms: Vec<f64>,
    /// Tessellation wall time of the load, ms.
    #[serde(default)]
    pub tessellate_ms: f64,
    /// Upload wall time of the load, ms.
    #[serde(default)]
    pub upload_ms: f64,
}

impl Baseline {
    /// Several runs of the same configuration as one: their frames pooled (and kept per run in
    /// `repeats`), the load times their medians, the memory figures the last run's. `None` for
    /// no runs; one run is returned as it is.
    pub fn pool(mut runs: Vec<Baseline>) -> Option<Baseline> {
        if runs.len() < 2 {
            return runs.pop();
        }
        let median = |mut v: Vec<f64>| {
            v.sort_unstable_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let tessellate_ms = median(runs.iter().map(|r| r.tessellate_ms).collect());
        let upload_ms = median(runs.iter().map(|r| r.upload_ms).collect());
        let repeats: Vec<Repeat> = runs
            .iter()
            .map(|r| Repeat {
                frame_ms: r.frame_ms.clone(),
                cpu_ms: r.cpu_ms.clone(),
                gpu_ms: r.gpu_ms.clone(),
                tessellate_ms: r.tessellate_ms,
                upload_ms: r.upload_ms,
            })
            .collect();
        let mut pooled = runs.pop()?;
        let all = |f: fn(&Repeat) -> &Vec<f64>| repeats.iter().flat_map(f).copied().collect();
        pooled.frame_ms = all(|r| &r.frame_ms);
        pooled.cpu_ms = all(|r| &r.cpu_ms);
        pooled.gpu_ms = all(|r| &r.gpu_ms);
        pooled.frames = pooled.frame_ms.len();
        pooled.tessellate_ms = tessellate_ms;
        pooled.upload_ms = upload_ms;
        pooled.repeats = repeats;
        Some(pooled)
    }

    /// Why `self` (this run) is not comparable with `base`: the differences in adapter, size,
    /// scenario, drawing and antialiasing. Empty when it is.
    pub fn differences(&self, base: &Baseline) -> Vec<String> {
        let mut d = Vec::new();
        let mut check = |what: &str, a: String, b: String| {
            if a != b {
                d.push(format!("{what}: {b} in the baseline, {a} now"));
            }
        };
        check(
            "adapter",
            self.adapter.name.clone(),
            base.adapter.name.clone(),
        );
        check(
            "backend",
            self.adapter.backend.clone(),
            base.adapter.backend.clone(),
        );
        check(
            "size",
            format!("{}x{}", self.width, self.height),
            format!("{}x{}", base.width, base.height),
        );
        check("scenario", self.scenario.clone(), base.scenario.clone());
        check("drawing", self.input.clone(), base.input.clone());
        check("aa", self.aa.clone(), base.aa.clone());
        d
    }
}

impl BaselineFile {
    /// Read a baseline file; the error says what is wrong with it.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let b: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not an inkplay baseline: {e}", path.display()))?;
        if b.version != BASELINE_VERSION {
            return Err(format!(
                "{}: baseline format {} (this inkplay reads {BASELINE_VERSION}); save it again",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// The baseline for a run named `name` (a suite row), or the only one for a single run.
    pub fn find(&self, name: &str) -> Option<&Baseline> {
        self.runs
            .iter()
            .find(|b| b.name == name)
            .or_else(|| (name.is_empty() && self.runs.len() == 1).then(|| &self.runs[0]))
    }
}
