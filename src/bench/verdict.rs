//! Comparing a run with its [`Baseline`]: a delta, a noise interval and a verdict per metric.
//!
//! # The rule
//! Frame statistics (wall, CPU and GPU time: p50, p95, p99, max) are compared with a two-sample
//! bootstrap: both runs' frames are resampled with replacement ([`BOOTSTRAP_ROUNDS`] times, fixed
//! seeds, so the same samples give the same answer) and the statistic's difference (this run −
//! the baseline) taken each time. A statistic **regresses** when it is worse than the baseline's
//! by more than `max_regression` *and* the difference's 95 % interval lies above zero (it is not
//! noise in either run); it **improves** in the mirror case; otherwise it is **unchanged**. The
//! report also gives this run's own 95 % interval of the statistic. A difference must also be at
//! least [`FRAME_FLOOR`] of the frame budget (well under a millisecond in a 16.7 ms budget is
//! what a busy machine moves a cheap frame by). A maximum is one frame of each run, which the machine alone can
//! move (an OS hiccup): it is held to three times `max_regression` and [`MAX_FLOOR`] of the
//! budget, and it only matters across the budget: it regresses only when it is now over the frame
//! budget, and improves only when the baseline's was.
//!
//! Single figures have no samples. Load times (one measurement each) regress beyond three times
//! `max_regression` and at least [`TIMING_FLOOR_MS`] worse; the GPU geometry's bytes (the same
//! for the same drawing and build) beyond `max_regression`. Heap figures are reported but given no
//! verdict, and neither is the GPU's total (its checkpoints are filled as the frames have time).
//!
//! A baseline of several runs (`--runs N`) pools their frames and keeps each run's: a frame
//! statistic or a load time is then held to the *worst* of the runs (regressed only beyond the
//! slowest run by the threshold, and improved only beyond the fastest), since consecutive runs of
//! the same build on a busy machine differ by more than any one run's frames show.

use serde::Serialize;

use super::baseline::Baseline;
use crate::import::synthetic::SplitMix64;

/// Resamples per interval.
pub const BOOTSTRAP_ROUNDS: usize = 1000;

/// A frame statistic must differ by at least this fraction of the frame budget to change.
pub const FRAME_FLOOR: f64 = 0.05;

/// A maximum must differ by at least this fraction of the frame budget to change.
pub const MAX_FLOOR: f64 = 0.10;

/// A load time must be at least this much worse (ms) to regress: one measurement of a few
/// milliseconds varies by more than any percentage.
pub const TIMING_FLOOR_MS: f64 = 20.0;

/// What a comparison says of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Better beyond the threshold and the noise.
    Improved,
    /// Within the threshold or the noise.
    Unchanged,
    /// Worse beyond the threshold and the noise.
    Regressed,
}

/// One metric of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricDelta {
    /// e.g. `frame_ms.p99`.
    pub name: String,
    /// `ms` or `bytes`.
    pub unit: String,
    /// The baseline's value.
    pub baseline: f64,
    /// This run's value.
    pub current: f64,
    /// `(current − baseline) / baseline`, percent.
    pub delta_pct: f64,
    /// This run's 95 % bootstrap interval of the value (frame statistics only).
    pub interval: Option<(f64, f64)>,
    /// The 95 % bootstrap interval of the difference from the baseline (frame statistics only).
    pub difference: Option<(f64, f64)>,
    /// A baseline of several runs: the statistic's lowest and highest value among them (the
    /// verdict holds this run to the highest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_runs: Option<(f64, f64)>,
    /// The verdict.
    pub verdict: Verdict,
}

/// A statistic of samples.
type Stat = fn(&mut [f64]) -> f64;

/// The nearest-rank percentile `p` (0..=1) of `v` (non-empty; sorted in place).
pub fn nearest_rank(v: &mut [f64], p: f64) -> f64 {
    v.sort_unstable_by(f64::total_cmp);
    let rank = (p * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

const STATS: [(&str, Stat); 4] = [
    ("p50", |v| nearest_rank(v, 0.50)),
    ("p95", |v| nearest_rank(v, 0.95)),
    ("p99", |v| nearest_rank(v, 0.99)),
    ("max", |v| nearest_rank(v, 1.0)),
];

/// The 95 % bootstrap interval of `stat` over `samples` (non-empty).
pub fn bootstrap(samples: &[f64], stat: Stat, rounds: usize, seed: u64) -> (f64, f64) {
    let mut rng = SplitMix64::new(seed);
    let n = samples.len();
    let mut resample = vec![0.0; n];
    let mut values: Vec<f64> = (0..rounds)
        .map(|_| {
            for x in resample.iter_mut() {
                *x = samples[(rng.next_u64() % n as u64) as usize];
            }
            stat(&mut resample)
        })
        .collect();
    values.sort_unstable_by(f64::total_cmp);
    let at = |q: f64| values[((q * (rounds - 1) as f64).round() as usize).min(rounds - 1)];
    (at(0.025), at(0.975))
}

/// The 95 % bootstrap interval of `stat(cur) − stat(base)`, both resampled (non-empty).
pub fn bootstrap_difference(
    base: &[f64],
    cur: &[f64],
    stat: Stat,
    rounds: usize,
    seed: u64,
) -> (f64, f64) {
    let mut rng = SplitMix64::new(seed);
    let mut draw = |samples: &[f64], into: &mut Vec<f64>| {
        into.clear();
        into.extend(
            (0..samples.len()).map(|_| samples[(rng.next_u64() % samples.len() as u64) as usize]),
        );
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut d: Vec<f64> = (0..rounds)
        .map(|_| {
            draw(cur, &mut a);
            draw(base, &mut b);
            stat(&mut a) - stat(&mut b)
        })
        .collect();
    d.sort_unstable_by(f64::total_cmp);
    let at = |q: f64| d[((q * (rounds - 1) as f64).round() as usize).min(rounds - 1)];
    (at(0.025), at(0.975))
}

/// The verdict for `base` → `cur` at a threshold (percent), given the difference's interval
/// (frame statistics) or an absolute floor the difference must exceed (single figures). `base`
/// is the range the baseline's runs gave (one value for a single run): worse means worse than
/// the worst of them, better than the best.
pub(crate) fn verdict(
    (best, worst): (f64, f64),
    cur: f64,
    threshold_pct: f64,
    difference: Option<(f64, f64)>,
    floor: f64,
) -> Verdict {
    let limit = threshold_pct / 100.0;
    let (lo, hi) = difference.unwrap_or((cur - worst, cur - best));
    if cur > worst * (1.0 + limit) && lo > 0.0 && cur - worst > floor {
        Verdict::Regressed
    } else if cur < best * (1.0 - limit) && hi < 0.0 && best - cur > floor {
        Verdict::Improved
    } else {
        Verdict::Unchanged
    }
}

/// One figure of a run: its value and, for frame statistics, its bootstrap interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    /// e.g. `frame_ms.p99`.
    pub name: String,
    /// `ms` or `bytes`.
    pub unit: String,
    /// The value.
    pub value: f64,
    /// Its 95 % bootstrap interval (frame statistics only).
    pub interval: Option<(f64, f64)>,
    /// What kind of figure it is (how it is compared).
    #[serde(skip)]
    kind: Kind,
}

/// How a figure is compared (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Statistic `stat` of frame series `series` (indices into the run's series and [`STATS`]).
    Frames { series: usize, stat: usize },
    /// A load time.
    Timing,
    /// Bytes that only change with the code.
    Bytes,
    /// Reported, never a verdict.
    Info,
}

/// The frame series a run is compared on.
fn series(run: &Baseline) -> [(&'static str, &[f64]); 3] {
    [
        ("frame_ms", &run.frame_ms),
        ("cpu_ms", &run.cpu_ms),
        ("gpu_ms", &run.gpu_ms),
    ]
}

/// Every figure a run is compared on (see the module docs).
pub fn metrics(run: &Baseline) -> Vec<Metric> {
    let mut out = Vec::new();
    for (k, (series, samples)) in series(run).into_iter().enumerate() {
        if samples.is_empty() {
            continue;
        }
        for (i, (stat_name, stat)) in STATS.iter().enumerate() {
            out.push(Metric {
                name: format!("{series}.{stat_name}"),
                unit: "ms".into(),
                value: stat(&mut samples.to_vec()),
                interval: Some(bootstrap(
                    samples,
                    *stat,
                    BOOTSTRAP_ROUNDS,
                    0x1A2B_3C4D ^ i as u64,
                )),
                kind: Kind::Frames { series: k, stat: i },
            });
        }
    }
    let mut single = |name: &str, value: Option<f64>, kind: Kind| {
        if let Some(value) = value {
            out.push(Metric {
                name: name.into(),
                unit: if kind == Kind::Timing { "ms" } else { "bytes" }.into(),
                value,
                interval: None,
                kind,
            });
        }
    };
    single("load.tessellate_ms", Some(run.tessellate_ms), Kind::Timing);
    single("load.upload_ms", Some(run.upload_ms), Kind::Timing);
    let bytes = |b: Option<u64>| b.map(|b| b as f64);
    single(
        "memory.gpu_geometry_bytes",
        Some(run.gpu_geometry_bytes as f64),
        Kind::Bytes,
    );
    single(
        "memory.heap_bytes_live",
        bytes(run.heap_bytes_live),
        Kind::Info,
    );
    single(
        "memory.heap_bytes_peak",
        bytes(run.heap_bytes_peak),
        Kind::Info,
    );
    single("memory.gpu_bytes", Some(run.gpu_bytes as f64), Kind::Info);
    out
}

/// Compare this run (`cur`) with `base`, metric by metric (see the module docs): the metrics
/// both have.
pub fn compare(base: &Baseline, cur: &Baseline, max_regression: f64) -> Vec<MetricDelta> {
    let before = metrics(base);
    metrics(cur)
        .into_iter()
        .filter_map(|m| {
            let b = before.iter().find(|b| b.name == m.name)?;
            let mut runs = None;
            let (difference, threshold, floor) = match m.kind {
                Kind::Frames { series: k, stat } => {
                    runs = run_range(base, k, stat);
                    let (bs, cs) = (series(base)[k].1, series(cur)[k].1);
                    let (threshold, floor) = if STATS[stat].0 == "max" {
                        (3.0 * max_regression, MAX_FLOOR)
                    } else {
                        (max_regression, FRAME_FLOOR)
                    };
                    let d = bootstrap_difference(
                        bs,
                        cs,
                        STATS[stat].1,
                        BOOTSTRAP_ROUNDS,
                        0x5EED ^ stat as u64,
                    );
                    (Some(d), threshold, floor * base.budget_ms)
                }
                Kind::Timing => {
                    runs = timing_range(base, &m.name);
                    (None, 3.0 * max_regression, TIMING_FLOOR_MS)
                }
                Kind::Bytes => (None, max_regression, 0.0),
                Kind::Info => (None, f64::INFINITY, f64::INFINITY),
            };
            let range = runs.unwrap_or((b.value, b.value));
            let mut verdict = verdict(range, m.value, threshold, difference, floor);
            if matches!(m.kind, Kind::Frames { stat, .. } if STATS[stat].0 == "max") {
                verdict = match verdict {
                    Verdict::Regressed if m.value <= base.budget_ms => Verdict::Unchanged,
                    Verdict::Improved if b.value <= base.budget_ms => Verdict::Unchanged,
                    v => v,
                };
            }
            Some(MetricDelta {
                delta_pct: if b.value != 0.0 {
                    (m.value - b.value) / b.value * 100.0
                } else {
                    0.0
                },
                verdict,
                baseline: b.value,
                current: m.value,
                interval: m.interval,
                difference,
                baseline_runs: runs,
                unit: m.unit,
                name: m.name,
            })
        })
        .collect()
}

/// A baseline of several runs: the lowest and highest of a load time among them.
fn timing_range(base: &Baseline, name: &str) -> Option<(f64, f64)> {
    let pick: fn(&super::baseline::Repeat) -> f64 = match name {
        "load.tessellate_ms" => |r| r.tessellate_ms,
        "load.upload_ms" => |r| r.upload_ms,
        _ => return None,
    };
    if base.repeats.len() < 2 {
        return None;
    }
    let values = base.repeats.iter().map(pick);
    let lo = values.clone().reduce(f64::min)?;
    let hi = values.reduce(f64::max)?;
    Some((lo, hi))
}

/// A baseline of several runs: the lowest and highest value of statistic `stat` of series `k`
/// among its runs (`None` for a single run, or a series a run lacks).
fn run_range(base: &Baseline, k: usize, stat: usize) -> Option<(f64, f64)> {
    if base.repeats.len() < 2 {
        return None;
    }
    let values: Vec<f64> = base
        .repeats
        .iter()
        .filter_map(|r| {
            let s = [&r.frame_ms, &r.cpu_ms, &r.gpu_ms][k];
            (!s.is_empty()).then(|| (STATS[stat].1)(&mut s.clone()))
        })
        .collect();
    let lo = values.iter().copied().reduce(f64::min)?;
    let hi = values.iter().copied().reduce(f64::max)?;
    Some((lo, hi))
}

#[cfg(test)]
#[path = "verdict_tests.rs"]
mod tests;
