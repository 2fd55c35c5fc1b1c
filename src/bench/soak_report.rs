//! What a soak found ([`SoakReport`]): memory samples, their growth after the first minute, the
//! invariant that none grows by more than [`MAX_GROWTH_PCT`], the table and an SVG plot.
//!
//! # Growth
//! A figure's samples after the settling time are split in thirds; its **growth** is how much
//! the median of the last third exceeds the median of the first. A leak moves the median however
//! the samples scatter, while what a moment legitimately holds (memory the allocator has not
//! returned yet) lifts single samples, and a warm-up that ends just after the settling time
//! (the software rasterizer's first pipelines and pools) only the first few. The GPU figures
//! leave the layer's checkpoints out: how many there are follows the layer throughput the governor
//! measures, so their bytes are held to their budget instead. Below inkplay's own accounting,
//! wgpu's internal counters give the objects and device-memory blocks wgpu holds; they are held
//! too. The RSS is held on every adapter: on a software rasterizer it also holds what the "GPU"
//! holds (checkpoints included) and the driver's own memory, such as the triangles lavapipe has
//! binned for a frame, which the C allocator keeps at its high-water mark; a frame that draws
//! more than its budget raises that mark for good (BENCHMARKS.md, issue 17).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::config::BenchConfig;
use super::report::Invariant;
use crate::gpu::AdapterSummary;
use crate::stats::Summary;

/// Growth (percent) a sampled figure may show after the settling time.
pub const MAX_GROWTH_PCT: f64 = 1.0;

/// Seconds after which nothing may grow: a minute, or a third of a shorter soak.
pub fn settle_s(seconds: f64) -> f64 {
    60.0f64.min(seconds / 3.0)
}

/// One memory sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SoakSample {
    /// Seconds since the soak began.
    pub t_s: f64,
    /// Frames drawn so far.
    pub frames: u64,
    /// Process resident set, bytes.
    pub rss_bytes: u64,
    /// Heap live, bytes (with the counting allocator).
    pub heap_live_bytes: Option<u64>,
    /// GPU bytes held (buffers and textures inkplay created), checkpoints aside.
    pub gpu_bytes: u64,
    /// GPU buffers and textures alive, checkpoints aside.
    pub gpu_objects: u64,
    /// Objects wgpu holds for the device (views, bind groups, encoders… as well as buffers and
    /// textures), from its internal counters, checkpoints aside.
    pub wgpu_objects: u64,
    /// Blocks of device memory wgpu's allocator holds (checkpoints included: while their pool
    /// fills towards its budget, in a short soak, this can grow).
    pub wgpu_memory_blocks: u64,
    /// GPU bytes of the layer's checkpoints.
    pub checkpoint_bytes: u64,
    /// What the checkpoints' plan allowed them to hold then (bytes; it follows the memory the
    /// rest of the replay leaves).
    pub checkpoint_budget_bytes: u64,
    /// Bytes of meshes the mesh cache holds (part of the heap; bounded by its budget).
    pub mesh_cache_bytes: u64,
}

/// How much one figure grew after the settling time (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Growth {
    /// `rss_bytes`, `heap_live_bytes`, `gpu_bytes` or `gpu_objects`.
    pub name: &'static str,
    /// The first sample at or after the settling time.
    pub at_settle: f64,
    /// The median of the first third of the samples after it.
    pub median_first: f64,
    /// The median of the last third.
    pub median_last: f64,
    /// The largest sample after the settling time.
    pub max_after: f64,
    /// The last sample.
    pub last: f64,
    /// `(median_last − median_first) / median_first`, percent.
    pub growth_pct: f64,
}

/// A soak's report.
#[derive(Debug, Clone, Serialize)]
pub struct SoakReport {
    /// The drawing.
    pub input: String,
    /// The adapter.
    pub adapter: AdapterSummary,
    /// Render size.
    pub size: (u32, u32),
    /// The governor preset (`None`: off).
    pub governor: Option<String>,
    /// Seconds it ran.
    pub seconds: f64,
    /// Seconds between samples.
    pub sample_s: f64,
    /// Seconds after which nothing may grow.
    pub settle_s: f64,
    /// The most the checkpoints' plans allowed them to hold, bytes.
    pub checkpoint_budget_bytes: u64,
    /// Frames drawn.
    pub frames: u64,
    /// Of them, frames drawn to reach the sampling state (see `soak.rs`).
    pub settle_frames: u32,
    /// Actions taken, by kind.
    pub actions: BTreeMap<&'static str, u64>,
    /// Frame times of the last (up to 20 000) frames, ms.
    pub frame_ms: Summary,
    /// The slowest frame of the whole soak, ms.
    pub frame_ms_max: f64,
    /// The governor's quality level at the end.
    pub quality: Option<String>,
    /// The memory samples.
    pub samples: Vec<SoakSample>,
    /// Growth after the settling time, per figure.
    pub growth: Vec<Growth>,
    /// `growth_pct <= 1` per figure.
    pub invariants: Vec<Invariant>,
}

impl SoakReport {
    pub(super) fn new(
        input: &str,
        cfg: &BenchConfig,
        (seconds, sample_s): (f64, f64),
        adapter: AdapterSummary,
    ) -> Self {
        Self {
            input: input.to_string(),
            adapter,
            size: (cfg.width, cfg.height),
            governor: cfg.governor.map(|p| p.name().to_string()),
            seconds,
            sample_s,
            settle_s: settle_s(seconds),
            checkpoint_budget_bytes: 0,
            frames: 0,
            settle_frames: 0,
            actions: BTreeMap::new(),
            frame_ms: Summary::default(),
            frame_ms_max: 0.0,
            quality: None,
            samples: Vec::with_capacity((seconds / sample_s.max(0.01)) as usize + 2),
            growth: Vec::new(),
            invariants: Vec::new(),
        }
    }

    /// The series sampled, by name.
    fn series(&self) -> Vec<(&'static str, Vec<(f64, f64)>)> {
        let s = |f: fn(&SoakSample) -> Option<f64>| {
            self.samples
                .iter()
                .filter_map(|x| f(x).map(|v| (x.t_s, v)))
                .collect::<Vec<_>>()
        };
        vec![
            ("rss_bytes", s(|x| Some(x.rss_bytes as f64))),
            (
                "heap_live_bytes",
                s(|x| x.heap_live_bytes.map(|b| b as f64)),
            ),
            ("gpu_bytes", s(|x| Some(x.gpu_bytes as f64))),
            ("gpu_objects", s(|x| Some(x.gpu_objects as f64))),
            ("wgpu_objects", s(|x| Some(x.wgpu_objects as f64))),
            (
                "wgpu_memory_blocks",
                s(|x| Some(x.wgpu_memory_blocks as f64)),
            ),
        ]
    }

    /// Compute the growth after the settling time and the invariants.
    pub(super) fn finish(&mut self) {
        self.growth.clear();
        for (name, points) in self.series() {
            let Some(i) = points.iter().position(|(t, _)| *t >= self.settle_s) else {
                continue;
            };
            let after = &points[i..];
            let at = after[0].1;
            let third = after.len().div_ceil(3);
            let median = |s: &[(f64, f64)]| {
                let mut v: Vec<f64> = s.iter().map(|p| p.1).collect();
                v.sort_unstable_by(f64::total_cmp);
                v[(v.len() - 1) / 2]
            };
            let median_first = median(&after[..third]);
            let median_last = median(&after[after.len() - third..]);
            let max_after = after.iter().map(|p| p.1).fold(at, f64::max);
            let last = after.last().map_or(at, |p| p.1);
            let growth_pct = if median_first > 0.0 {
                (median_last - median_first) / median_first * 100.0
            } else if median_last > 0.0 {
                f64::INFINITY
            } else {
                0.0
            };
            self.growth.push(Growth {
                name,
                at_settle: at,
                median_first,
                median_last,
                max_after,
                last,
                growth_pct,
            });
        }
        self.invariants = self
            .growth
            .iter()
            .map(|g| Invariant {
                name: format!(
                    "{} growth after {:.0} s <= {MAX_GROWTH_PCT} %",
                    g.name, self.settle_s
                ),
                ok: g.growth_pct <= MAX_GROWTH_PCT,
                value: g.growth_pct,
                limit: MAX_GROWTH_PCT,
            })
            .collect();
        // The sample furthest over (or least under) what its plan allowed.
        let worst = self
            .samples
            .iter()
            .max_by_key(|s| s.checkpoint_bytes as i128 - s.checkpoint_budget_bytes as i128);
        let (most, budget) = worst.map_or((0.0, 0.0), |s| {
            (s.checkpoint_bytes as f64, s.checkpoint_budget_bytes as f64)
        });
        self.invariants.push(Invariant {
            name: "checkpoint_bytes <= checkpoint budget".into(),
            ok: most <= budget,
            value: most,
            limit: budget,
        });
    }

    /// Whether every invariant held.
    pub fn ok(&self) -> bool {
        self.invariants.iter().all(|i| i.ok)
    }

    /// The report as a table.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "adapter   {} ({}, {})",
            self.adapter.name, self.adapter.backend, self.adapter.device_type
        );
        let _ = writeln!(
            s,
            "input     {}; soak {:.0} s at {}x{}, governor {}, {} frames, memory every {:.2} s",
            self.input,
            self.seconds,
            self.size.0,
            self.size.1,
            self.governor.as_deref().unwrap_or("off"),
            self.frames,
            self.sample_s
        );
        let actions: Vec<String> = self
            .actions
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(s, "actions   {}", actions.join(", "));
        let f = &self.frame_ms;
        let _ = writeln!(
            s,
            "frames    p50 {:.2} p95 {:.2} p99 {:.2} ms (last {} frames), slowest {:.1} ms; quality at the end {}",
            f.p50,
            f.p95,
            f.p99,
            self.frames.min(20_000),
            self.frame_ms_max,
            self.quality.as_deref().unwrap_or("-")
        );
        let _ = writeln!(
            s,
            "memory    {:<16}{:>14}{:>14}{:>14}{:>14}{:>14}{:>9}",
            "after settling", "at settle", "median first", "median last", "max", "last", "growth"
        );
        for g in &self.growth {
            let _ = writeln!(
                s,
                "          {:<16}{:>14.0}{:>14.0}{:>14.0}{:>14.0}{:>14.0}{:>8.2}%",
                g.name,
                g.at_settle,
                g.median_first,
                g.median_last,
                g.max_after,
                g.last,
                g.growth_pct
            );
        }
        for i in &self.invariants {
            let _ = writeln!(
                s,
                "check     {} {} = {:.2} (limit {:.2})",
                if i.ok { "ok  " } else { "FAIL" },
                i.name,
                i.value,
                i.limit
            );
        }
        s
    }

    /// The samples as an SVG plot: each figure relative to its value at the settling time (%),
    /// over minutes, the ±1 % band shaded.
    pub fn plot_svg(&self) -> String {
        const W: f64 = 720.0;
        const H: f64 = 360.0;
        const L: f64 = 70.0;
        const R: f64 = 160.0;
        const T: f64 = 30.0;
        const B: f64 = 45.0;
        let colours = [
            "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        ];
        let series: Vec<(&str, Vec<(f64, f64)>)> = self
            .series()
            .into_iter()
            .filter_map(|(name, points)| {
                let at = self.growth.iter().find(|g| g.name == name)?.at_settle;
                (at > 0.0).then(|| {
                    let rel = points
                        .iter()
                        .map(|&(t, v)| (t / 60.0, v / at * 100.0))
                        .collect();
                    (name, rel)
                })
            })
            .collect();
        let all = series.iter().flat_map(|(_, p)| p.iter().map(|x| x.1));
        let (lo, hi) = all.fold((98.0f64, 102.0f64), |(l, h), v| (l.min(v), h.max(v)));
        let (lo, hi) = (lo.max(0.0).floor(), hi.ceil());
        let t_max = (self.seconds / 60.0).max(1e-6);
        let x = |t: f64| L + t / t_max * (W - L - R);
        let y = |v: f64| T + (hi - v) / (hi - lo).max(1e-9) * (H - T - B);
        let mut s = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">
<rect width="{W}" height="{H}" fill="white"/>
<text x="{L}" y="18" font-size="14">inkplay soak: {} ({:.0} min), memory relative to {:.0} s</text>
"##,
            xml(&self.input),
            self.seconds / 60.0,
            self.settle_s
        );
        let _ = writeln!(
            s,
            r##"<rect x="{L}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#eeeeee"/>"##,
            y(101.0),
            W - L - R,
            (y(99.0) - y(101.0)).max(0.0)
        );
        let _ = writeln!(
            s,
            r##"<line x1="{:.1}" y1="{T}" x2="{:.1}" y2="{:.1}" stroke="#999" stroke-dasharray="4 3"/>"##,
            x(self.settle_s / 60.0),
            x(self.settle_s / 60.0),
            H - B
        );
        for k in 0..=4 {
            let v = lo + (hi - lo) * f64::from(k) / 4.0;
            let _ = writeln!(
                s,
                r##"<line x1="{L}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}" stroke="#ddd"/><text x="{2}" y="{3:.1}" text-anchor="end">{v:.1} %</text>"##,
                y(v),
                W - R,
                L - 6.0,
                y(v) + 4.0
            );
            let t = t_max * f64::from(k) / 4.0;
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{t:.1} min</text>"##,
                x(t),
                H - B + 18.0
            );
        }
        for (i, (name, points)) in series.iter().enumerate() {
            let c = colours[i % colours.len()];
            let path: Vec<String> = points
                .iter()
                .map(|&(t, v)| format!("{:.1},{:.1}", x(t), y(v)))
                .collect();
            let _ = writeln!(
                s,
                r##"<polyline fill="none" stroke="{c}" stroke-width="1.5" points="{}"/>"##,
                path.join(" ")
            );
            let ly = T + 20.0 + i as f64 * 20.0;
            let _ = writeln!(
                s,
                r##"<line x1="{0:.1}" y1="{ly:.1}" x2="{1:.1}" y2="{ly:.1}" stroke="{c}" stroke-width="3"/><text x="{2:.1}" y="{3:.1}">{name}</text>"##,
                W - R + 10.0,
                W - R + 30.0,
                W - R + 36.0,
                ly + 4.0
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(samples: &[(f64, u64)]) -> SoakReport {
        report_on("DiscreteGpu", samples)
    }

    fn report_on(device_type: &str, samples: &[(f64, u64)]) -> SoakReport {
        let cfg = BenchConfig::default();
        let adapter = AdapterSummary {
            name: "a".into(),
            backend: "Vulkan".into(),
            device_type: device_type.into(),
            driver: "d".into(),
        };
        let mut r = SoakReport::new("synthetic:10", &cfg, (300.0, 5.0), adapter);
        r.samples = samples
            .iter()
            .map(|&(t_s, rss)| SoakSample {
                t_s,
                frames: 0,
                rss_bytes: rss,
                heap_live_bytes: Some(1000),
                gpu_bytes: 5000,
                gpu_objects: 40,
                wgpu_objects: 120,
                wgpu_memory_blocks: 30,
                checkpoint_bytes: 0,
                checkpoint_budget_bytes: 0,
                mesh_cache_bytes: 0,
            })
            .collect();
        r.finish();
        r
    }

    #[test]
    fn growth_counts_only_after_the_first_minute() {
        // Growing while it loads, flat after (a spike aside): ok.
        let r = report(&[
            (0.0, 100),
            (30.0, 500),
            (60.0, 1000),
            (100.0, 1000),
            (150.0, 1800),
            (200.0, 1005),
            (250.0, 1000),
            (300.0, 1000),
        ]);
        assert!(r.ok(), "{}", r.table());
        let rss = r
            .growth
            .iter()
            .find(|g| g.name == "rss_bytes")
            .expect("rss");
        assert_eq!((rss.at_settle, rss.max_after), (1000.0, 1800.0));
        assert_eq!((rss.median_first, rss.median_last), (1000.0, 1000.0));
        // A level creeping up 2 % after it: the invariant fails, naming the figure.
        let r = report(&[
            (0.0, 100),
            (60.0, 1000),
            (120.0, 1002),
            (200.0, 1010),
            (250.0, 1020),
            (300.0, 1020),
        ]);
        assert!(!r.ok());
        assert!(r.table().contains("FAIL rss_bytes growth"), "{}", r.table());
        let svg = r.plot_svg();
        assert!(svg.starts_with("<svg") && svg.contains("polyline") && svg.contains("rss_bytes"));
        // On a software rasterizer too: the RSS is held there as well.
        let r = report_on(
            "Cpu",
            &[(0.0, 100), (60.0, 1000), (200.0, 1010), (300.0, 1020)],
        );
        assert!(!r.ok());
        assert!(r.table().contains("FAIL rss_bytes growth"), "{}", r.table());
    }
}
